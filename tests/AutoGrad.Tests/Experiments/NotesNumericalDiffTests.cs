using AutoGrad.Cli.Experiments;

namespace AutoGrad.Tests.Experiments;

/// <summary>The notes' numercial_diff as written, fixed, and against AutoGrad's scaled step (the numerical-diff lesson's notes-code.csv).</summary>
public sealed class NotesNumericalDiffTests
{
    private static readonly IReadOnlyList<NotesNumericalDiff.Row> Rows = NotesNumericalDiff.Measure();

    [Fact]
    public void AtFive_TheNotesCodePrintsTwoTimesTenToTheMinusNine_TheFixedFormulaAndTheGraphGiveTheAnalyticPointTwo()
    {
        NotesNumericalDiff.Row five = Rows[0];

        Assert.Equal(5, five.X);
        Assert.Equal(1.9999999999908982e-09, five.AsWritten); // the notes print 1.999999999998982e-09: / 2*h is (… / 2) · h
        Assert.Equal(0.2, five.Analytic, 1e-15);
        Assert.Equal(0.2, five.FixedStep, 1e-11);
        Assert.Equal(0.2, five.Scaled, 1e-9);
        Assert.Equal(five.FixedStep * 1e-4 * 1e-4, five.AsWritten, 1e-22); // 10⁸ times too small
    }

    [Fact]
    public void AFixedStepFailsForLargeX_TheStepScaledByXDoesNot()
    {
        NotesNumericalDiff.Row trillion = Rows.Single(r => r.X == 1e12), huge = Rows.Single(r => r.X == 1e15);

        Assert.True(trillion.FixedStepError > 0.01, $"h = 1e-4 at x = 1e12 is off by only {trillion.FixedStepError:P}");
        Assert.Equal(1.0, huge.FixedStepError); // x ± 1e-4 round to x: the difference is 0
        Assert.All(Rows, r => Assert.True(r.ScaledError < 1e-8, $"the scaled step is off by {r.ScaledError} at x = {r.X}"));
    }
}
