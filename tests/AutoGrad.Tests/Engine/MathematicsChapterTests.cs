using AutoGrad.Nn;

namespace AutoGrad.Tests.Engine;

/// <summary>
/// The notes' basic mathematics (docs/mathematics.md), computed by AutoGrad: e as a limit, the laws of
/// logarithms and where the notes state one wrongly, extrema from the sign of f′, convex functions and
/// gradient descent, distances and a similarity made from them.
/// </summary>
public sealed class MathematicsChapterTests
{
    [Theory]
    [InlineData(1, 2.0)]
    [InlineData(10, 2.5937424601000023)]
    [InlineData(1_000_000, 2.7182804690957534)]
    public void E_IsTheLimitOfOnePlusOneOverNToTheN_ApproachedAsEOverTwoN(int n, double expected)
    {
        double value = (1 + 1.0 / new Value(n)).Pow(n).Data;

        Assert.Equal(expected, value, 1e-12);
        Assert.InRange(Math.E - value, 0, Math.E / (2 * n) * 1.001); // e − (1 + 1/n)ⁿ ≈ e/(2n)
    }

    [Fact]
    public void ExpIsItsOwnDerivative_AndLnHasDerivativeOneOverX()
    {
        var x = new Value(1.7);
        x.Exp().Backward();
        Assert.Equal(Math.Exp(1.7), x.Grad, 1e-15);

        var y = new Value(1.7);
        y.Log().Backward();
        Assert.Equal(1 / 1.7, y.Grad, 1e-15);
    }

    [Theory]
    [InlineData(8.0, 0.5, 2.0)]
    [InlineData(3.0, 7.0, 10.0)]
    [InlineData(0.2, 5.0, 1.5)]
    public void TheLawsOfLogarithms_HoldForValueLog(double x, double y, double b)
    {
        static double Ln(double v) => new Value(v).Log().Data;
        static double LogBase(double baseOf, double v) => Ln(v) / Ln(baseOf); // change of base: log_b x = ln x / ln b

        Assert.Equal(0, Ln(1));                                                   // log_a 1 = 0
        Assert.Equal(1, LogBase(b, b), 1e-15);                                    // log_a a = 1
        Assert.Equal(Ln(x) + Ln(y), Ln(x * y), 1e-14);                            // log xy = log x + log y
        Assert.Equal(Ln(x) - Ln(y), Ln(x / y), 1e-14);                            // log x/y = log x − log y
        Assert.Equal(b * Ln(x), new Value(x).Pow(b).Log().Data, 1e-14);           // log xᵇ = b log x
        Assert.Equal(1 / LogBase(x, b), LogBase(b, x), 1e-13);                    // log_b x = 1 / log_x b
        Assert.Equal(Math.Log10(x), LogBase(10, x), 1e-15);                       // log₁₀ x = lg x
    }

    [Fact]
    public void LogBaseTwo_IsNotLn_AsTheNotesWrite_ButLnOverLnTwo()
    {
        double log2Of8 = new Value(8).Log().Data / new Value(2).Log().Data;

        Assert.Equal(3, log2Of8, 1e-15);
        Assert.Equal(2.0794415416798357, new Value(8).Log().Data, 1e-15); // ln 8: the notes' "log₂ x = ln x" gives this
        Assert.Equal(1 / Math.Log(2), log2Of8 / new Value(8).Log().Data, 1e-15); // log₂ x = 1.4427 ln x, equal only at x = 1
    }

    /// <summary>The cubic with the notes' extremum table's signs and extrema: f′(x) = −a(x − 1)(x − 15), f(1) = 4, f(15) = 90.</summary>
    private static Value NotesExtremaCubic(Value x)
    {
        const double a = 129.0 / 686, c = 1845.0 / 343;
        return -a * (x.Pow(3) / 3 - 8 * x.Pow(2) + 15 * x) + c;
    }

    [Fact]
    public void TheNotesExtremumTable_SignsOfTheDerivative_GiveTheMinimumAtOneAndTheMaximumAtFifteen()
    {
        double[] xs = [-3, 1, 10, 15, 23];
        var slopes = new double[xs.Length];
        var values = new double[xs.Length];
        for (int i = 0; i < xs.Length; i++)
        {
            var x = new Value(xs[i]);
            Value f = NotesExtremaCubic(x);
            f.Backward();
            slopes[i] = x.Grad;
            values[i] = f.Data;
        }

        // the notes' row f′(x): −, 0, +, 0, −
        Assert.Equal([-1, 0, 1, 0, -1], slopes.Select(s => Math.Abs(s) < 1e-12 ? 0 : Math.Sign(s)));
        Assert.Equal(4, values[1], 1e-12);   // the notes' local minimum f(1) = 4
        Assert.Equal(90, values[3], 1e-12);  // the notes' local maximum f(15) = 90

        // the notes' other values (20, 85, 73) fit no cubic with these extrema: this one gives 29.07, 64.93, −26.34
        Assert.Equal(29.072886297376094, values[0], 1e-12);
        Assert.Equal(64.92711370262391, values[2], 1e-12);
        Assert.Equal(-26.338192419825074, values[4], 1e-12);
    }

    private static double Descend(Func<Value, Value> f, double start, double rate = 0.05, int steps = 500)
    {
        double x = start;
        for (int i = 0; i < steps; i++)
        {
            var v = new Value(x);
            f(v).Backward();
            x -= rate * v.Grad;
        }

        return x;
    }

    [Fact]
    public void OnAConvexFunction_GradientDescentFromAnyStartReachesTheOneMinimum_OnANonConvexOneItDependsOnTheStart()
    {
        static Value Convex(Value x) => (x - 3).Pow(2) + 1;
        static Value NonConvex(Value x) => x.Pow(4) - 3 * x.Pow(2) + x;

        // convex: f'' ≥ 0 everywhere (here 2), so every chord lies above the curve
        Assert.All([-10.0, 0, 3, 10], at => Assert.Equal(2, Derivatives.Hessian(x => Convex(x[0]), [at])[0, 0], 1e-12));
        Assert.All([-10.0, -1, 0, 5, 10], start => Assert.Equal(3, Descend(Convex, start), 1e-9));

        // not convex: f''(0) = −6 < 0, and two starts end in two different minima
        Assert.Equal(-6, Derivatives.Hessian(x => NonConvex(x[0]), [0.0])[0, 0], 1e-12);
        double left = Descend(NonConvex, -2, rate: 0.01), right = Descend(NonConvex, 2, rate: 0.01);
        Assert.Equal(-1.3008, left, 1e-4);
        Assert.Equal(1.1309, right, 1e-4);
        Assert.True(NonConvex(new Value(right)).Data > NonConvex(new Value(left)).Data + 1, "the right start is stuck in the worse minimum");
    }

    [Fact]
    public void Distances_L1L2AndMinkowski_AndTheSimilarityOneOverOnePlusD_IsNearOneForClosePoints()
    {
        Value[] p = [new(1), new(2)], q = [new(4), new(6)];

        Assert.Equal(7, Distances.L1(p, q).Data);                      // |1 − 4| + |2 − 6|
        Assert.Equal(5, Distances.L2(p, q).Data);                      // √(9 + 16)
        Assert.Equal(7, Distances.Minkowski(p, q, 1).Data, 1e-12);     // m = 1 is Manhattan
        Assert.Equal(5, Distances.Minkowski(p, q, 2).Data, 1e-12);     // m = 2 is Euclidean
        Assert.Equal(Math.Cbrt(27 + 64), Distances.Minkowski(p, q, 3).Data, 1e-12); // (Σ|aᵢ − bᵢ|ᵐ)^(1/m), not the notes' ∫

        Value[] near = [new(1.01), new(2.01)];
        Assert.Equal(1, Distances.Similarity(Distances.L2(p, p)).Data);
        Assert.InRange(Distances.Similarity(Distances.L2(p, near)).Data, 0.98, 1);
        Assert.Equal(1 / 6.0, Distances.Similarity(Distances.L2(p, q)).Data, 1e-15);
        Assert.InRange(Distances.Similarity(new Value(1e6)).Data, 0, 1e-6);

        var d = new Value(2);
        Distances.Similarity(d).Backward();
        Assert.Equal(-1 / 9.0, d.Grad, 1e-15);                          // ∂/∂d 1/(1 + d) = −1/(1 + d)²
        Assert.Throws<ArgumentNullException>(() => Distances.Similarity(null!));
    }
}
