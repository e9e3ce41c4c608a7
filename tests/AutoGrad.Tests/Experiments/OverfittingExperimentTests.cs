using static AutoGrad.Cli.Experiments.OverfittingExperiment;

namespace AutoGrad.Tests.Experiments;

public sealed class OverfittingExperimentTests
{
    private static readonly Lazy<Measurements> Measured = Quick.Overfitting;

    [Fact]
    public void WithoutRegularisation_TheLargeNetworkFitsTheSmallTrainingSetFarBetterThanNewData()
    {
        RunResult none = Measured.Value.Of(Regularisation.None);
        Assert.True(none.FinalTrainAccuracy >= 0.99, $"train accuracy {none.FinalTrainAccuracy}");
        Assert.True(none.FinalGap >= 0.05, $"train − test accuracy {none.FinalGap}");
    }

    [Fact]
    public void WeightDecay_KeepsTheWeightsSmaller()
    {
        double none = Measured.Value.Of(Regularisation.None).WeightNorm;
        double decayed = Measured.Value.Of(Regularisation.WeightDecay).WeightNorm;
        Assert.True(decayed < 0.95 * none, $"√Σw² with weight decay {decayed}, without {none}");
    }

    [Fact]
    public void Dropout_TrainsOtherwise_ItsTrainAccuracyIsNotTheSame() =>
        Assert.NotEqual(Measured.Value.Of(Regularisation.None).TrainAccuracy, Measured.Value.Of(Regularisation.Dropout).TrainAccuracy);

    [Fact]
    public void BatchNorm_TrainsOtherwise_AndFitsTheTrainingSetAsWell()
    {
        RunResult batchNorm = Measured.Value.Of(Regularisation.BatchNorm);
        Assert.NotEqual(Measured.Value.Of(Regularisation.None).TestAccuracy, batchNorm.TestAccuracy);
        Assert.True(batchNorm.FinalTrainAccuracy >= 0.99, $"train accuracy with batch norm {batchNorm.FinalTrainAccuracy}");
    }

    [Fact]
    public void AtThisSize_NeitherRegularisationClosesTheGap_ItMovesByLessThanThreePoints()
    {
        // Where the measurement disagrees with the claim: on digits the gap stays (see docs/lessons.md).
        double none = Measured.Value.Of(Regularisation.None).FinalGap;
        Assert.All(new[] { Regularisation.WeightDecay, Regularisation.Dropout, Regularisation.BatchNorm }, regularisation =>
        {
            double regularised = Measured.Value.Of(regularisation).FinalGap;
            Assert.True(Math.Abs(regularised - none) < 0.03, $"gap with {regularisation} {regularised}, without {none}");
            Assert.True(regularised > none / 2, $"gap with {regularisation} {regularised}, without {none}");
        });
    }
}
