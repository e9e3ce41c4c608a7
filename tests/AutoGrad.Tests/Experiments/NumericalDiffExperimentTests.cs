using AutoGrad.Checking;
using AutoGrad.Cli.Experiments;

namespace AutoGrad.Tests.Experiments;

public sealed class NumericalDiffExperimentTests
{
    private static readonly Lazy<NumericalDiffExperiment.Measurements> Measured = Quick.NumericalDiff;

    [Fact]
    public void WhereTruncationDominates_TheForwardErrorHasSlope1_TheCentralSlope2()
    {
        Assert.All(Measured.Value.Functions, f =>
        {
            Assert.InRange(f.ForwardSlope, 0.9, 1.1);
            Assert.InRange(f.CentralSlope, 1.9, 2.1);
        });
    }

    [Fact]
    public void WhereRoundingDominates_TheErrorRisesAgain()
    {
        Assert.All(Measured.Value.Functions.Where(f => f.Name != "x³"), f =>
        {
            Assert.True(f.AtSmallestStep.Forward > 100 * f.BestForward.Error, $"{f.Name}: forward {f.AtSmallestStep.Forward} at the smallest h, best {f.BestForward.Error}");
            Assert.True(f.AtSmallestStep.Central > 100 * f.BestCentral.Error, $"{f.Name}: central {f.AtSmallestStep.Central} at the smallest h, best {f.BestCentral.Error}");
        });
    }

    [Fact]
    public void TheCentralDifference_AtGradChecksStep_BeatsTheBestForwardDifference()
    {
        Assert.All(Measured.Value.Functions, f =>
            Assert.True(f.CentralErrorAt(NumericalDerivative.DefaultStep) < f.BestForward.Error, $"{f.Name}: central at 1e-6 {f.CentralErrorAt(1e-6)}, best forward {f.BestForward.Error}"));
    }
}
