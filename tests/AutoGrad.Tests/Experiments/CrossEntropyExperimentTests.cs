using AutoGrad.Cli.Experiments;

namespace AutoGrad.Tests.Experiments;

public sealed class CrossEntropyExperimentTests
{
    private static readonly Lazy<CrossEntropyExperiment.Measurements> Measured = Quick.CrossEntropy;

    [Fact]
    public void FromTheSameStart_CrossEntropyReaches90PercentInAThirdOfTheStepsSumOfSquaresNeeds()
    {
        CrossEntropyExperiment.LossRun sse = Measured.Value.Of("sse");
        CrossEntropyExperiment.LossRun ce = Measured.Value.Of("cross-entropy");
        Assert.Equal(sse.Evaluations[0], ce.Evaluations[0] with { }); // the same weights at step 0
        Assert.NotNull(ce.StepsTo(0.9));
        Assert.True(sse.StepsTo(0.9) is null || sse.StepsTo(0.9) >= 3 * ce.StepsTo(0.9), $"steps to 90 %: SSE {sse.StepsTo(0.9)}, cross-entropy {ce.StepsTo(0.9)}");
        Assert.True(ce.Evaluations[^1].TestAccuracy >= sse.Evaluations[^1].TestAccuracy, $"final test accuracy: SSE {sse.Evaluations[^1].TestAccuracy}, cross-entropy {ce.Evaluations[^1].TestAccuracy}");
    }

    [Fact]
    public void MinimisingCrossEntropy_MakesThePredictionCertain_ItsEntropyFallsWithIt()
    {
        IReadOnlyList<CrossEntropyExperiment.Evaluation> e = Measured.Value.Of("cross-entropy").Evaluations;
        Assert.True(e[^1].TestEntropy < 0.2 * e[0].TestEntropy, $"entropy {e[0].TestEntropy} → {e[^1].TestEntropy}");
        Assert.True(e[^1].TestCrossEntropy < 0.2 * e[0].TestCrossEntropy, $"cross-entropy {e[0].TestCrossEntropy} → {e[^1].TestCrossEntropy}");
        Assert.True(Measured.Value.EntropyCorrelation > 0.85, $"correlation {Measured.Value.EntropyCorrelation}");
    }
}
