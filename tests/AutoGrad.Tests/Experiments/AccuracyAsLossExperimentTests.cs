using AutoGrad.Cli.Experiments;

namespace AutoGrad.Tests.Experiments;

public sealed class AccuracyAsLossExperimentTests
{
    private static readonly Lazy<AccuracyAsLossExperiment.Measurements> Measured = Quick.AccuracyAsLoss;

    [Fact]
    public void AccuracysDerivative_IsZeroForAlmostEveryWeight_TheLossesAlmostNever()
    {
        Assert.True(Measured.Value.ZeroAccuracyShare >= 0.9, $"accuracy's derivative is 0 for {Measured.Value.ZeroAccuracyShare:P1} of the weights");
        Assert.True(Measured.Value.ZeroLossShare <= 0.1, $"the loss's derivative is 0 for {Measured.Value.ZeroLossShare:P1} of the weights");
    }

    [Fact]
    public void SweepingOneWeight_AccuracyIsAStaircase_TheLossACurve()
    {
        AccuracyAsLossExperiment.SweepResult sweep = Measured.Value.Sweep;
        Assert.True(sweep.DistinctAccuracies <= sweep.Weights.Count / 10, $"accuracy took {sweep.DistinctAccuracies} values over {sweep.Weights.Count} points");
        Assert.True(sweep.DistinctLosses >= sweep.Weights.Count * 0.99, $"the loss took {sweep.DistinctLosses} values over {sweep.Weights.Count} points");
        Assert.True(sweep.DistinctAccuracies > 1, "accuracy never changed: the sweep is too narrow to show the steps");
    }
}
