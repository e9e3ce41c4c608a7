using AutoGrad.Cli.Experiments;

namespace AutoGrad.Tests.Experiments;

public sealed class ZeroCentringExperimentTests
{
    private static readonly Lazy<ZeroCentringExperiment.Measurements> Measured = Quick.ZeroCentring;

    [Fact]
    public void FromTheSameWeights_TanhEndsFarBelowSigmoid()
    {
        double sigmoid = Measured.Value["sigmoid"].FinalLoss, tanh = Measured.Value["tanh"].FinalLoss;

        Assert.True(tanh < 0.5 * sigmoid, $"tanh ends at {tanh:F3}, sigmoid at {sigmoid:F3}");
    }

    [Fact]
    public void SigmoidOutputsAreCentredOnAHalf_TheCentredOnesOnZero_AndOnlyUncentredUnitsFeedOneSignedGradients()
    {
        Assert.InRange(Measured.Value["sigmoid"].MeanHiddenOutput.Average(), 0.4, 0.6);
        Assert.InRange(Measured.Value["sigmoid - 0.5"].MeanHiddenOutput.Average(), -0.05, 0.05);
        Assert.InRange(Measured.Value["tanh"].MeanHiddenOutput.Average(), -0.05, 0.05);

        // Fed only positive inputs, a unit's weight gradients often all share one sign; fed centred ones, never.
        Assert.True(Measured.Value["sigmoid"].OneSignedShare.Average() > 0.15);
        Assert.True(Measured.Value["2 sigmoid(2x)"].OneSignedShare.Average() > 0.15);
        Assert.True(Measured.Value["sigmoid - 0.5"].OneSignedShare.Average() < 0.01);
        Assert.True(Measured.Value["tanh"].OneSignedShare.Average() < 0.01);
    }

    [Fact]
    public void TheCentringAloneHelpsLittle_TheSlopeMakesTheDifference()
    {
        ZeroCentringExperiment.Measurements m = Measured.Value;

        // Same slope, centred or not: the centred one ahead, by less than a quarter.
        Assert.True(m["sigmoid - 0.5"].FinalLoss <= m["sigmoid"].FinalLoss);
        Assert.True(m["sigmoid - 0.5"].FinalLoss > 0.75 * m["sigmoid"].FinalLoss);
        Assert.True(m["tanh"].FinalLoss <= m["2 sigmoid(2x)"].FinalLoss);
        Assert.True(m["tanh"].FinalLoss > 0.75 * m["2 sigmoid(2x)"].FinalLoss);

        // Four times the slope, centred or not: far ahead.
        Assert.True(m["2 sigmoid(2x)"].FinalLoss < 0.5 * m["sigmoid"].FinalLoss);
    }
}
