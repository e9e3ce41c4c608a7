using AutoGrad.Checking;
using AutoGrad.FsCheck;
using FsCheck;
using FsCheck.Fluent;
using static AutoGrad.Tests.PropertyRunner;

namespace AutoGrad.Tests;

public class HigherOrderTests
{
    [Fact]
    public void ThirdDerivativeOfAPolynomial_IsExact()
    {
        // p(x) = x⁴ − 3x³ + 2x: p' = 4x³ − 9x² + 2, p'' = 12x² − 18x, p''' = 24x − 18.
        var x = new Value(1.5, "x");
        Value p = x.Pow(4) - 3 * x.Pow(3) + 2 * x;
        Value d1 = Value.Gradients(p, [x], createGraph: true)[0];
        Value d2 = Value.Gradients(d1, [x], createGraph: true)[0];
        Value d3 = Value.Gradients(d2, [x], createGraph: true)[0];
        Value d4 = Value.Gradients(d3, [x])[0];

        Assert.Equal(4 * 3.375 - 9 * 2.25 + 2, d1.Data);
        Assert.Equal(12 * 2.25 - 18 * 1.5, d2.Data);
        Assert.Equal(24 * 1.5 - 18, d3.Data);
        Assert.Equal(24, d4.Data);
    }

    [Fact]
    public void Gradients_LeaveEveryGradAsItWas()
    {
        var x = new Value(2, "x") { Grad = 5 };
        var y = new Value(3, "y") { Grad = -1 };
        Value s = x + y;
        s.Grad = 7;
        Value z = s.Pow(2);

        Value[] numbers = Value.Gradients(z, [x, y, s]);
        Value[] graphs = Value.Gradients(z, [x, y], createGraph: true);

        Assert.Equal([10.0, 10.0, 10.0], numbers.Select(g => g.Data));
        Assert.Equal([10.0, 10.0], graphs.Select(g => g.Data));
        Assert.Equal((5.0, -1.0, 7.0), (x.Grad, y.Grad, s.Grad));
    }

    [Fact]
    public void Gradients_OfAnInputTheOutputDoesNotUse_IsZero()
    {
        var x = new Value(2);
        var unused = new Value(3);
        Assert.Equal([4.0, 0.0], Value.Gradients(x * x, [x, unused]).Select(g => g.Data));
        Assert.Equal([4.0, 0.0], Value.Gradients(x * x, [x, unused], createGraph: true).Select(g => g.Data));
    }

    [Fact]
    public void Hessian_OfRosenbrock_IsTheTextbookMatrix()
    {
        double[,] h = Derivatives.Hessian(v => (1 - v[0]).Pow(2) + 100 * (v[1] - v[0].Pow(2)).Pow(2), [1.0, 1.0]);
        Assert.Equal(new double[,] { { 802, -400 }, { -400, 200 } }, h);
    }

    [Fact]
    public void Hessians_OfRandomGraphs_AreSymmetric()
    {
        Check(Prop.ForAll(RandomGraphProperties.AtPoints(RandomGraphProperties.BuiltInRecipes).ToArbitrary(), c =>
        {
            double[,] h = Derivatives.Hessian(c.Recipe.Build, c.Point);
            int n = c.Point.Length;
            var asymmetric = Enumerable.Range(0, n).SelectMany(i => Enumerable.Range(0, n).Select(j => (i, j)))
                .Where(p => !(Math.Abs(h[p.i, p.j] - h[p.j, p.i]) <= 1e-9 * (1 + Math.Abs(h[p.i, p.j])))
                            && !(double.IsNaN(h[p.i, p.j]) && double.IsNaN(h[p.j, p.i])))
                .ToArray();
            return (asymmetric.Length == 0).Label($"H[i,j] ≠ H[j,i] at {string.Join(", ", asymmetric)}");
        }));
    }

    [Fact]
    public void ForwardMode_EqualsReverseMode_OnRandomGraphs()
    {
        Gen<(RandomGraphProperties.GraphAtPoint, double[])> cases =
            from graph in RandomGraphProperties.AtPoints(RandomGraphProperties.BuiltInRecipes)
            from tangent in Points.Of(graph.Point.Length, Domains.Between(-2, 2))
            select (graph, tangent);
        Check(Prop.ForAll(cases.ToArbitrary(), c =>
        {
            (RandomGraphProperties.GraphAtPoint graph, double[] tangent) = c;
            Value[] leaves = graph.Point.Select(x => new Value(x)).ToArray();
            Value output = graph.Recipe.Build(leaves);
            Dual forward = Derivatives.Jvp(output, leaves, tangent);
            output.Backward();
            double reverse = leaves.Select((leaf, i) => leaf.Grad * tangent[i]).Sum();
            bool same = forward.Primal.Equals(output.Data)
                && (Math.Abs(forward.Tangent - reverse) <= 1e-10 * (1 + Math.Abs(reverse)) || (double.IsNaN(forward.Tangent) && double.IsNaN(reverse)));
            return same.Label($"forward {forward} vs reverse {reverse:R}");
        }));
    }

    [Fact]
    public void HessianVectorProduct_EqualsTheHessianTimesTheVector()
    {
        static Value F(IReadOnlyList<Value> v) => (v[0] * v[1]).Sin() + v[2].Exp() * v[0].Pow(2) + Value.LogSumExp([v[0], v[1], v[2]]);
        double[] point = [0.3, -0.7, 1.1];
        double[] vector = [2, -1, 0.5];
        double[,] h = Derivatives.Hessian(F, point);
        double[] expected = Enumerable.Range(0, 3).Select(i => Enumerable.Range(0, 3).Sum(j => h[i, j] * vector[j])).ToArray();
        double[] hv = Derivatives.HessianVectorProduct(F, point, vector);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(expected[i], hv[i], 1e-12);
        }
    }

    [Fact]
    public void Jacobian_OfSoftmax_IsDiagMinusOuter()
    {
        double[] z = [1.0, 2.0, 0.5];
        double[,] j = Derivatives.Jacobian(
            x =>
            {
                Value lse = Value.LogSumExp(x);
                return x.Select(xi => (xi - lse).Exp()).ToArray();
            },
            z);
        double[] s = z.Select(v => Math.Exp(v)).ToArray();
        double total = s.Sum();
        s = s.Select(v => v / total).ToArray();
        for (int r = 0; r < 3; r++)
        {
            for (int c = 0; c < 3; c++)
            {
                Assert.Equal((r == c ? s[r] : 0) - s[r] * s[c], j[r, c], 1e-15);
            }
        }
    }

    [Fact]
    public void Dual_FollowsTheChainRule_AndTheSameNaNPolicy()
    {
        var x = new Dual(2, 1);
        Dual y = (x * x).Sin();
        Assert.Equal(Math.Sin(4), y.Primal);
        Assert.Equal(4 * Math.Cos(4), y.Tangent, 1e-15);
        Assert.True(double.IsNaN(new Dual(double.NaN, 1).Relu().Tangent));
        Assert.Equal(new Dual(0, 0), Dual.Sum([]));
        Assert.Throws<ArgumentException>(() => Dual.Apply(Op.Tanh, [x, x]));
        Assert.Throws<ArgumentException>(() => Dual.Apply(Op.Custom, [x]));
        Assert.Throws<ArgumentException>(() => Dual.LogSumExp([]));
    }

    [Fact]
    public void SecondOrderCheck_CatchesADerivativeWrittenAsAConstant()
    {
        // d/dx x² written as a constant: right first derivative, wrong second (0 instead of 2).
        static Value Square(IReadOnlyList<Value> x) => Value.Custom("square", x[0].Data * x[0].Data, [x[0]], [2 * x[0].Data]);
        Assert.True(GradCheck.Check(Square, [1.5]).Passed);
        Assert.Throws<NotSupportedException>(() => GradCheck.CheckSecondOrder(Square, [1.5]));

        // A graph with a value frozen into a constant: its second derivative is wrong, and the check names the entry.
        static Value Frozen(IReadOnlyList<Value> x) => x[0] * new Value(x[0].Data);
        GradCheckReport report = GradCheck.CheckSecondOrder(Frozen, [1.5]);
        Assert.False(report.Passed);
        Assert.Contains("∂²f/∂x0∂x0", report.ToString());
    }

    [Fact]
    public void Gradients_WithCreateGraph_RefusesEachFormOfCustomOp_SayingWhatItsFormLacks()
    {
        var x = new Value(0.5);
        Value numbers = Value.Custom("square", x.Data * x.Data, [x], [2 * x.Data]);
        Value functions = Value.Custom("cube", [x], v => v[0] * v[0] * v[0], (v, i) => 3 * v[0] * v[0]);

        string ofNumbers = Assert.Throws<NotSupportedException>(() => Value.Gradients(numbers, [x], createGraph: true)).Message;
        string ofFunctions = Assert.Throws<NotSupportedException>(() => Value.Gradients(functions, [x], createGraph: true)).Message;

        Assert.Contains("'square', which recorded its derivative at one point only", ofNumbers);
        // A function-form op can be evaluated anywhere: "one point only" would be false of it.
        Assert.DoesNotContain("one point", ofFunctions);
        Assert.Contains("'cube', whose derivative is a function on numbers", ofFunctions);
        Assert.All(new[] { ofNumbers, ofFunctions }, message => Assert.Contains("createGraph: false", message));
    }

    [Fact]
    public void DualDot_IsTheDotProduct_WithTheProductRulesTangent_AndRefusesUnequalLengths()
    {
        Dual dot = Dual.Dot([new Dual(2, 1), new Dual(3)], [new Dual(5), new Dual(7, 1)]);

        Assert.Equal(new Dual((2 * 5) + (3 * 7), (1 * 5) + (3 * 1)), dot);
        Assert.Contains("'a' has 1 values and 'b' has 2", Assert.Throws<ArgumentException>(() => Dual.Dot([new Dual(1)], [new Dual(1), new Dual(2)])).Message);
    }

    [Fact]
    public void ForwardMode_RunsACustomOpGivenAsFunctions()
    {
        var x = new Value(0.5);
        Value y = Value.Custom("cube", [x], v => v[0] * v[0] * v[0], (v, i) => 3 * v[0] * v[0]) * 2;
        Dual forward = Derivatives.Jvp(y, [x], [1.0]);
        y.Backward();
        Assert.Equal(x.Grad, forward.Tangent);
        Assert.Equal(1.5, forward.Tangent);
    }

    [Fact]
    public void Backward_Twice_AddsTheGradientTwice_AndNothingIsFreed()
    {
        var x = new Value(3);
        Value y = x * x;
        y.Backward();
        y.Backward();
        Assert.Equal(12, x.Grad);
        Assert.Equal(6, Value.Gradients(y, [x])[0].Data);
    }
}
