using AutoGrad.Cli.Experiments;
using AutoGrad.Nn;

namespace AutoGrad.Tests.Experiments;

public sealed class InitExperimentTests
{
    private static readonly Lazy<InitExperiment.Measurements> Measured = Quick.Init;

    private static InitExperiment.SetupResult Of(Activation activation, string init) => Measured.Value.Find(activation, init);

    [Fact]
    public void Sigmoid_WithWeightsOfStd1_SaturatesAtZeroAndOne_WhereXavierDoesNot()
    {
        Assert.True(Of(Activation.Sigmoid, "std 1").SaturatedShare > 0.4, $"std 1: {Of(Activation.Sigmoid, "std 1").SaturatedShare:P1} within 0.02 of 0 or 1");
        Assert.True(Of(Activation.Sigmoid, "Xavier").SaturatedShare < 0.01, $"Xavier: {Of(Activation.Sigmoid, "Xavier").SaturatedShare:P1} within 0.02 of 0 or 1");
    }

    [Fact]
    public void Sigmoid_WithWeightsOfStd1_HasAVanishingLocalDerivative()
    {
        // σ′ is at most 1/4; saturated units pass almost none of it back.
        Assert.True(Of(Activation.Sigmoid, "std 1").MeanLocalDerivative < 0.1, $"std 1: mean σ′ {Of(Activation.Sigmoid, "std 1").MeanLocalDerivative}");
        Assert.True(Of(Activation.Sigmoid, "Xavier").MeanLocalDerivative > 0.2, $"Xavier: mean σ′ {Of(Activation.Sigmoid, "Xavier").MeanLocalDerivative}");
    }

    [Fact]
    public void Sigmoid_WithASmallStd_MakesEveryUnitOutputNearlyTheSame()
    {
        double small = Of(Activation.Sigmoid, "std 0.01").Layers[^1].UnitSpread;
        double xavier = Of(Activation.Sigmoid, "Xavier").Layers[^1].UnitSpread;
        Assert.True(small < 0.02 && small < xavier / 5, $"units of one input differ by {small} at std 0.01 and {xavier} with Xavier");
    }

    [Fact]
    public void Sigmoid_LayerOneGradient_ShrinksWithXavier_ButNotAtStd1()
    {
        // Measured, against the notes' reading: at std 1 the large weights re-amplify what σ′ takes
        // away, so the weight gradient keeps its size from layer 5 to layer 1; with Xavier it shrinks.
        Assert.True(Of(Activation.Sigmoid, "Xavier").GradientRatio < 0.05, $"Xavier: layer 1/layer 5 gradient {Of(Activation.Sigmoid, "Xavier").GradientRatio}");
        Assert.True(Of(Activation.Sigmoid, "std 1").GradientRatio > 0.5, $"std 1: layer 1/layer 5 gradient {Of(Activation.Sigmoid, "std 1").GradientRatio}");
    }

    [Fact]
    public void Relu_KeepsItsScaleThroughTheLayersWithHe_AndLosesItWithXavierOrASmallStd()
    {
        Assert.True(Of(Activation.Relu, "He").StdRatio > 0.6, $"He: layer 5/layer 1 std {Of(Activation.Relu, "He").StdRatio}");
        Assert.True(Of(Activation.Relu, "Xavier").StdRatio < 0.4, $"Xavier: layer 5/layer 1 std {Of(Activation.Relu, "Xavier").StdRatio}");
        Assert.True(Of(Activation.Relu, "std 0.01").Layers[^1].Std < 1e-4, $"std 0.01: layer 5 std {Of(Activation.Relu, "std 0.01").Layers[^1].Std}");
    }

    [Fact]
    public void Histograms_CountEveryActivationInRange()
    {
        InitExperiment.LayerResult sigmoid = Of(Activation.Sigmoid, "Xavier").Layers[0];
        Assert.Equal(50 * InitExperiment.Units, sigmoid.Counts.Sum()); // 50 inputs at the quick size, every output in [0, 1]
        Assert.Equal(31, sigmoid.BinEdges.Length);
    }
}
