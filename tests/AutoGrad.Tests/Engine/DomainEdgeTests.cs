using AutoGrad.Compilation;

namespace AutoGrad.Tests;

/// <summary>
/// Every op at NaN, ±∞ and the edges of its domain: the value and the gradient each input receives.
/// The policy: NaN in gives NaN out, value and gradient alike, whichever operand it is; outside
/// the domain both are NaN; IEEE 754 infinities elsewhere.
/// </summary>
public class DomainEdgeTests
{
    private const double Inf = double.PositiveInfinity;
    private const double NaN = double.NaN;

    /// <summary>Name → (the op applied to the leaves, the leaves' values, the expected value, the expected gradient of each leaf).</summary>
    private static readonly Dictionary<string, (Func<Value[], Value> Op, double[] At, double Value, double[] Grads)> Edges = new()
    {
        ["relu NaN"] = (x => x[0].Relu(), [NaN], NaN, [NaN]),
        ["relu +inf"] = (x => x[0].Relu(), [Inf], Inf, [1]),
        ["relu -inf"] = (x => x[0].Relu(), [-Inf], 0, [0]),
        ["leaky relu -inf"] = (x => x[0].LeakyRelu(0.01), [-Inf], -Inf, [0.01]),
        ["elu -inf"] = (x => x[0].Elu(2), [-Inf], -2, [0]),
        ["prelu NaN slope"] = (x => x[0].Prelu(x[1]), [-1, NaN], NaN, [NaN, NaN]),
        ["max NaN first"] = (x => Value.Max(x[0], x[1]), [NaN, 1], NaN, [NaN, NaN]),
        ["max NaN second"] = (x => Value.Max(x[0], x[1]), [1, NaN], NaN, [NaN, NaN]),
        ["min NaN first"] = (x => Value.Min(x[0], x[1]), [NaN, 1], NaN, [NaN, NaN]),
        ["min NaN second"] = (x => Value.Min(x[0], x[1]), [1, NaN], NaN, [NaN, NaN]),
        ["max +inf"] = (x => Value.Max(x[0], x[1]), [Inf, 1], Inf, [1, 0]),
        ["log -1"] = (x => x[0].Log(), [-1], NaN, [NaN]),
        ["log 0"] = (x => x[0].Log(), [0], -Inf, [Inf]),
        ["log +inf"] = (x => x[0].Log(), [Inf], Inf, [0]),
        ["sqrt 0"] = (x => x[0].Sqrt(), [0], 0, [Inf]),
        ["sqrt -0"] = (x => x[0].Sqrt(), [-0.0], 0, [Inf]),
        ["log -0"] = (x => x[0].Log(), [-0.0], -Inf, [Inf]),
        ["pow 1 to NaN"] = (x => x[0].Pow(double.NaN), [1], NaN, [NaN]),
        ["leaky relu, NaN slope"] = (x => x[0].LeakyRelu(double.NaN), [-1], NaN, [NaN]),
        ["pow value, zero base, negative exponent"] = (x => x[0].Pow(x[1]), [0, -1], Inf, [-Inf, -Inf]),
        ["pow value, zero base, zero exponent"] = (x => x[0].Pow(x[1]), [0, 0], 1, [0, -Inf]),
        ["sqrt -1"] = (x => x[0].Sqrt(), [-1], NaN, [NaN]),
        ["div 1 by 0"] = (x => x[0] / x[1], [1, 0], Inf, [Inf, -Inf]),
        ["div 0 by 0"] = (x => x[0] / x[1], [0, 0], NaN, [NaN, NaN]),
        ["mul inf by 0"] = (x => x[0] * x[1], [Inf, 0], NaN, [NaN, NaN]),
        ["add NaN"] = (x => x[0] + x[1], [1, NaN], NaN, [NaN, NaN]),
        ["neg NaN"] = (x => -x[0], [NaN], NaN, [NaN]),
        ["pow -1 at 0"] = (x => x[0].Pow(-1), [0], Inf, [-Inf]),
        ["pow 1/3 of -8"] = (x => x[0].Pow(1.0 / 3), [-8], NaN, [NaN]),
        ["pow 0 of NaN"] = (x => x[0].Pow(0), [NaN], NaN, [NaN]),
        ["pow value, negative base"] = (x => x[0].Pow(x[1]), [-1, 0.5], NaN, [NaN, NaN]),
        ["pow value, zero base"] = (x => x[0].Pow(x[1]), [0, 2], 0, [0, 0]),
        ["exp +inf"] = (x => x[0].Exp(), [Inf], Inf, [Inf]),
        ["exp -inf"] = (x => x[0].Exp(), [-Inf], 0, [0]),
        ["tanh +inf"] = (x => x[0].Tanh(), [Inf], 1, [0]),
        ["tanh -inf"] = (x => x[0].Tanh(), [-Inf], -1, [0]),
        ["sigmoid +inf"] = (x => x[0].Sigmoid(), [Inf], 1, [0]),
        ["sigmoid -inf"] = (x => x[0].Sigmoid(), [-Inf], 0, [0]),
        ["sigmoid NaN"] = (x => x[0].Sigmoid(), [NaN], NaN, [NaN]),
        ["softplus +inf"] = (x => x[0].Softplus(), [Inf], Inf, [1]),
        ["softplus -inf"] = (x => x[0].Softplus(), [-Inf], 0, [0]),
        ["abs -inf"] = (x => x[0].Abs(), [-Inf], Inf, [-1]),
        ["abs NaN"] = (x => x[0].Abs(), [NaN], NaN, [NaN]),
        ["sin +inf"] = (x => x[0].Sin(), [Inf], NaN, [NaN]),
        ["cos -inf"] = (x => x[0].Cos(), [-Inf], NaN, [NaN]),
        ["atan +inf"] = (x => x[0].Atan(), [Inf], Math.PI / 2, [0]),
        ["atan -inf"] = (x => x[0].Atan(), [-Inf], -Math.PI / 2, [0]),
        ["sum inf - inf"] = (x => Value.Sum(x), [Inf, -Inf], NaN, [NaN, NaN]),
        ["sum NaN"] = (x => Value.Sum(x), [1, NaN, 2], NaN, [NaN, NaN, NaN]),
        ["dot NaN"] = (x => Value.Dot([x[0], x[1]], [x[2], x[3]]), [1, 2, NaN, 4], NaN, [NaN, NaN, NaN, NaN]),
        ["logsumexp +inf"] = (x => Value.LogSumExp(x), [Inf, 1], Inf, [1, 0]),
        ["logsumexp two +inf"] = (x => Value.LogSumExp(x), [Inf, 1, Inf], Inf, [0.5, 0, 0.5]),
        ["logsumexp all -inf"] = (x => Value.LogSumExp(x), [-Inf, -Inf], -Inf, [NaN, NaN]),
        ["logsumexp large"] = (x => Value.LogSumExp(x), [1000, 1000], 1000 + Math.Log(2), [0.5, 0.5]),
        ["logsumexp NaN"] = (x => Value.LogSumExp(x), [0, NaN], NaN, [NaN, NaN]),
    };

    public static TheoryData<string> EdgeNames => new(Edges.Keys);

    [Theory]
    [MemberData(nameof(EdgeNames))]
    public void Op_AtTheEdgeOfItsDomain_GivesTheDocumentedValueAndGradient(string name)
    {
        (Func<Value[], Value> op, double[] at, double expected, double[] expectedGrads) = Edges[name];
        Value[] leaves = at.Select((x, i) => new Value(x, $"x{i}")).ToArray();
        Value output = op(leaves);
        output.Backward();

        Assert.Equal(expected, output.Data);
        Assert.Equal(expectedGrads, leaves.Select(leaf => leaf.Grad));
    }

    [Theory]
    [MemberData(nameof(EdgeNames))]
    public void CompiledReplay_AtTheEdge_GivesWhatTheDynamicGraphGives(string name)
    {
        (Func<Value[], Value> op, double[] at, double expected, double[] expectedGrads) = Edges[name];
        Value[] leaves = at.Select(_ => new Value(0.5)).ToArray();
        var compiled = CompiledGraph.Compile(op(leaves));
        for (int i = 0; i < leaves.Length; i++)
        {
            leaves[i].Data = at[i];
        }

        Assert.Equal(expected, compiled.Evaluate());
        Assert.Equal(expectedGrads, leaves.Select(leaf => leaf.Grad));
    }

    [Fact]
    public void SqrtOfMinusZero_IsPlusZero()
    {
        Assert.True(double.IsPositive(new Value(-0.0).Sqrt().Data));
    }

    [Fact]
    public void LogSumExp_KeepsATinyRest_AndSoftplusIsExactFarLeft()
    {
        double e40 = Math.Exp(-40);
        Assert.Equal(e40, Value.LogSumExp([new Value(0), new Value(-40)]).Data, 1e-30);
        Assert.Equal(e40, new Value(-40).Softplus().Data, 1e-30);

        // ln(1 + e⁻²⁰) = e⁻²⁰ − e⁻⁴⁰/2 + …, to full relative precision.
        double expected = Math.Exp(-20) - Math.Exp(-40) / 2;
        Assert.True(Math.Abs(new Value(-20).Softplus().Data - expected) <= 4 * double.Epsilon + 1e-15 * expected);
    }

    [Theory]
    [InlineData(1e-20)]
    [InlineData(-1e-20)]
    [InlineData(1e-8)]
    [InlineData(0.5)]
    [InlineData(-0.5)]
    [InlineData(1e300)]
    public void Log1p_IsAccurateToAFewUlps(double x)
    {
        double expected = x switch
        {
            1e-20 => 1e-20,
            -1e-20 => -1e-20,
            1e-8 => 9.9999999500000003e-9,
            0.5 => Math.Log(1.5),
            -0.5 => Math.Log(0.5),
            _ => Math.Log(1e300),
        };
        Assert.Equal(expected, Precise.Log1p(x), Math.Abs(expected) * 4e-16);
    }

    [Fact]
    public void CustomOp_WithANaNInput_HasANaNValue()
    {
        Value y = Value.Custom("c", 1, [new Value(double.NaN)], [0.0]);
        Assert.True(double.IsNaN(y.Data));
    }

    [Fact]
    public void HingeOfNaN_IsNaN_NotZero()
    {
        var score = new Value(double.NaN);
        Value hinge = (1 - score).Relu();
        hinge.Backward();
        Assert.True(double.IsNaN(hinge.Data));
        Assert.True(double.IsNaN(score.Grad));
    }

    [Fact]
    public void CustomOp_WithANaNInput_RecordsNaNDerivatives()
    {
        var x = new Value(double.NaN);
        Value y = Value.Custom("twice", 2 * x.Data, [x], [2]);
        y.Backward();
        Assert.True(double.IsNaN(x.Grad));
    }
}
