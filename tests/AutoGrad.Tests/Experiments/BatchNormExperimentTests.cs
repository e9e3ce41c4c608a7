using AutoGrad.Cli.Experiments;

namespace AutoGrad.Tests.Experiments;

public sealed class BatchNormExperimentTests
{
    private static readonly Lazy<BatchNormExperiment.Measurements> Measured = Quick.BatchNorm;

    [Fact]
    public void WithBatchNorm_TheFinalLossDependsLessOnTheInitialScale()
    {
        double with = Measured.Value.Spread(batchNorm: true);
        double without = Measured.Value.Spread(batchNorm: false);
        Assert.True(with < without / 2, $"spread of the final loss over the scales: with batch norm {with}, without {without}");
    }

    [Fact]
    public void FromSmallInitialWeights_BatchNormLearnsFaster()
    {
        double smallest = Measured.Value.Scales.Min();
        double with = Measured.Value.Of(smallest, true).FinalLoss;
        double without = Measured.Value.Of(smallest, false).FinalLoss;
        Assert.True(with < without - 0.5, $"final loss at ×{smallest}: with batch norm {with}, without {without}");
    }

    [Fact]
    public void AtTheXavierScale_BatchNormIsNoFaster()
    {
        // Where the initial scale is already right, the measurement shows no gain: within 20 %.
        BatchNormExperiment.RunResult with = Measured.Value.Of(1, true);
        BatchNormExperiment.RunResult without = Measured.Value.Of(1, false);
        Assert.InRange(with.FinalLoss / without.FinalLoss, 0.8, 1.2);
    }

    [Fact]
    public void EveryRun_EndsWithAFiniteLoss() =>
        Assert.All(Measured.Value.Runs, run => Assert.True(double.IsFinite(run.FinalLoss), $"×{run.Scale} batch norm {run.BatchNorm}: final loss {run.FinalLoss}"));
}
