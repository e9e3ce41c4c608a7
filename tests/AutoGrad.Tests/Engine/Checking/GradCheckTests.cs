using AutoGrad.Checking;

namespace AutoGrad.Tests.Checking;

public class GradCheckTests
{
    [Fact]
    public void Check_Passes_ForACorrectGradient()
    {
        GradCheckReport report = GradCheck.Check(x => (x[0] * x[1]).Tanh() + x[0].Exp(), [0.3, -0.7]);

        Assert.True(report.Passed, report.ToString());
        Assert.Equal(2, report.Entries.Count);
        Assert.Equal(Math.Tanh(0.3 * -0.7) + Math.Exp(0.3), report.Output, 1e-15);
    }

    [Fact]
    public void Check_Fails_AndNamesTheWorstInput_ForAWrongGradient()
    {
        // A custom op that claims d/dx₁ of x₀·x₁ is x₁ (it is x₀).
        static Value WrongProduct(IReadOnlyList<Value> x) =>
            Value.Custom("wrong", x[0].Data * x[1].Data, [x[0], x[1]], [x[1].Data, x[1].Data]);

        GradCheckReport report = GradCheck.Check(WrongProduct, [2.0, 5.0]);

        Assert.False(report.Passed);
        Assert.Equal(1, report.Worst!.Index);
        Assert.Equal(5.0, report.Worst.Analytic);
        Assert.Equal(2.0, report.Worst.Numerical, 1e-6);
        Assert.Contains("FAILED for 1 of 2 inputs", report.ToString());
        Assert.Contains("input 1 at 5", report.ToString());
    }

    [Fact]
    public void Assert_Throws_WithTheReport_WhenAGradientIsWrong()
    {
        var error = Assert.Throws<GradCheckFailedException>(
            () => GradCheck.Assert(x => Value.Custom("bad", x[0].Data * x[0].Data, [x[0]], [1.0]), [3.0]));

        Assert.False(error.Report.Passed);
        Assert.Contains("analytic 1, numerical 6", error.Message);
    }

    [Fact]
    public void Check_RejectsANonFinitePoint_NamingTheCoordinate()
    {
        var error = Assert.Throws<ArgumentException>(() => GradCheck.Check(x => x[0] + x[1], [1.0, double.NaN]));

        Assert.Contains("Coordinate 1 of the point is NaN", error.Message);
    }

    [Fact]
    public void Check_UsesTheTolerancesItIsGiven()
    {
        // A gradient off by 1e-4: accepted by a loose absolute tolerance, refused by a strict one.
        static Value SlightlyOff(IReadOnlyList<Value> x) => Value.Custom("off", 2 * x[0].Data, [x[0]], [2.0001]);

        Assert.True(GradCheck.Check(SlightlyOff, [1.0], new GradCheckOptions { AbsoluteTolerance = 1e-3 }).Passed);
        Assert.False(GradCheck.Check(SlightlyOff, [1.0], new GradCheckOptions { AbsoluteTolerance = 1e-7, RelativeTolerance = 1e-7 }).Passed);
    }
}
