using AutoGrad.Checking;
using FsCheck;
using FsCheck.Fluent;
using static AutoGrad.Tests.Generators;

namespace AutoGrad.Tests;

/// <summary>
/// Every op's analytic derivative against central differences, at generated points inside the
/// op's domain and clear of its kinks.
/// </summary>
public class OpDerivativeProperties
{
    private static readonly Gen<double> Anywhere = Between(-5, 5);
    private static readonly Gen<double> Positive = Between(0.05, 10);
    private static readonly Gen<double> OffKink = AwayFromZero(0.01, 5);

    /// <summary>Op name → (points inside the domain, the function of leaves it builds).</summary>
    private static readonly Dictionary<string, (Gen<double[]> Points, Func<IReadOnlyList<Value>, Value> Function)> Cases = new()
    {
        ["add"] = (Point(2, Anywhere), x => x[0] + x[1]),
        ["add a constant"] = (Point(1, Anywhere), x => x[0] + 1.5),
        ["sub"] = (Point(2, Anywhere), x => x[0] - x[1]),
        ["sub from a constant"] = (Point(1, Anywhere), x => 2.0 - x[0]),
        ["mul"] = (Point(2, Anywhere), x => x[0] * x[1]),
        ["mul by itself"] = (Point(1, Anywhere), x => x[0] * x[0]),
        ["div"] = (Point(Anywhere, AwayFromZero(0.2, 5)), x => x[0] / x[1]),
        ["constant div"] = (Point(AwayFromZero(0.2, 5)), x => 10.0 / x[0]),
        ["neg"] = (Point(1, Anywhere), x => -x[0]),
        ["pow 2"] = (Point(1, Anywhere), x => x[0].Pow(2)),
        ["pow 3"] = (Point(1, Anywhere), x => x[0].Pow(3)),
        ["pow -1.5"] = (Point(1, Positive), x => x[0].Pow(-1.5)),
        ["pow 0.5"] = (Point(1, Positive), x => x[0].Pow(0.5)),
        ["pow value"] = (Point(Between(0.1, 3), Between(-2, 2)), x => x[0].Pow(x[1])),
        ["exp"] = (Point(1, Anywhere), x => x[0].Exp()),
        ["log"] = (Point(1, Positive), x => x[0].Log()),
        ["sqrt"] = (Point(1, Positive), x => x[0].Sqrt()),
        ["tanh"] = (Point(1, Anywhere), x => x[0].Tanh()),
        ["sigmoid"] = (Point(1, Between(-10, 10)), x => x[0].Sigmoid()),
        ["relu"] = (Point(1, OffKink), x => x[0].Relu()),
        ["leaky relu"] = (Point(1, OffKink), x => x[0].LeakyRelu(0.1)),
        ["elu"] = (Point(1, OffKink), x => x[0].Elu(1.5)),
        ["prelu"] = (Point(OffKink, Between(-1, 1)), x => x[0].Prelu(x[1])),
        ["softplus"] = (Point(1, Between(-10, 10)), x => x[0].Softplus()),
        ["abs"] = (Point(1, OffKink), x => x[0].Abs()),
        ["sin"] = (Point(1, Between(-7, 7)), x => x[0].Sin()),
        ["cos"] = (Point(1, Between(-7, 7)), x => x[0].Cos()),
        ["max"] = (ApartBy(0.01), x => Value.Max(x[0], x[1])),
        ["min"] = (ApartBy(0.01), x => Value.Min(x[0], x[1])),
        ["sum"] = (Point(5, Anywhere), x => Value.Sum([x[0], x[1], x[2], x[3], x[4], x[0]])),
        ["dot"] = (Point(6, Anywhere), x => Value.Dot([x[0], x[1], x[2]], [x[3], x[4], x[0]])),
        ["logsumexp"] = (Point(4, Between(-20, 20)), x => Value.LogSumExp([x[0], x[1], x[2], x[3], x[0]])),
        ["custom softsign"] = (Point(1, Anywhere), x => Softsign(x[0])),
    };

    public static TheoryData<string> OpNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(OpNames))]
    public void Derivative_MatchesCentralDifference(string op)
    {
        (Gen<double[]> points, Func<IReadOnlyList<Value>, Value> function) = Cases[op];
        Check(Prop.ForAll(points.ToArbitrary(), point =>
        {
            GradCheckReport report = GradCheck.Check(function, point);
            return report.Passed.Label(report.ToString());
        }));
    }

    [Fact]
    public void EveryOp_HasADerivativeProperty()
    {
        // A new op must get a case above: each op kind must be exercised by at least one case.
        var covered = new HashSet<Op>();
        foreach ((Gen<double[]> _, Func<IReadOnlyList<Value>, Value> function) in Cases.Values)
        {
            Value output = function([new Value(0.5), new Value(0.7), new Value(0.9), new Value(1.1), new Value(1.3), new Value(1.5)]);
            foreach (Value node in output.TopologicalOrder())
            {
                covered.Add(node.Op);
            }
        }

        Assert.Equal(Enum.GetValues<Op>().Order(), covered.Order());
    }

    /// <summary>softsign(x) = x / (1 + |x|), d/dx = 1 / (1 + |x|)², as a user would add it.</summary>
    internal static Value Softsign(Value x)
    {
        double d = 1 + Math.Abs(x.Data);
        return Value.Custom("softsign", x.Data / d, [x], [1 / (d * d)]);
    }

    /// <summary>Two coordinates at least <paramref name="gap"/> apart, so max and min are clear of their tie.</summary>
    private static Gen<double[]> ApartBy(double gap) =>
        from a in Anywhere
        from offset in AwayFromZero(gap, 3)
        select new[] { a, a + offset };
}
