using AutoGrad.Cli.Experiments;
using AutoGrad.Nn;

namespace AutoGrad.Tests.Experiments;

public sealed class ActivationsExperimentTests
{
    private static readonly Lazy<ActivationsExperiment.Measurements> Measured = Quick.Activations;

    private static ActivationsExperiment.ActivationResult Of(Activation activation) => Measured.Value.Find(activation);

    [Fact]
    public void EveryActivation_TrainsFromTheSameStart_AndLowersTheLoss()
    {
        Assert.Equal(ActivationsExperiment.Compared, Measured.Value.Activations.Select(a => a.Activation));
        Assert.All(Measured.Value.Activations, a => Assert.True(double.IsFinite(a.Loss[^1]) && a.Loss[^1] < a.Loss[0], $"{a.Activation}: loss {a.Loss[0]} → {a.Loss[^1]}"));
    }

    [Fact]
    public void SomeReluUnitsNeverFire_AndEluAndPreluLoseFewer()
    {
        ActivationsExperiment.ActivationResult relu = Of(Activation.Relu);
        Assert.True(relu.SilentAfterTraining > 0, "no ReLU unit died");
        Assert.True(relu.SilentAfterTraining >= relu.SilentAtStart, $"dead ReLU units came back: {relu.SilentAtStart} → {relu.SilentAfterTraining}");
        Assert.True(Of(Activation.Elu).SilentAfterTraining < relu.SilentAfterTraining, $"ELU {Of(Activation.Elu).SilentAfterTraining}, ReLU {relu.SilentAfterTraining}");
        Assert.True(Of(Activation.Prelu).SilentAfterTraining < relu.SilentAfterTraining, $"PReLU {Of(Activation.Prelu).SilentAfterTraining}, ReLU {relu.SilentAfterTraining}");
    }

    [Fact]
    public void Maxout_TrainsAsWellAsRelu_AndFewerOfItsUnitsNeverFire()
    {
        ActivationsExperiment.ActivationResult maxout = Of(Activation.Maxout);
        ActivationsExperiment.ActivationResult relu = Of(Activation.Relu);
        Assert.True(maxout.FinalAccuracy >= relu.FinalAccuracy - 0.02, $"maxout {maxout.FinalAccuracy}, relu {relu.FinalAccuracy}");
        Assert.True(maxout.SilentAfterTraining <= relu.SilentAfterTraining, $"maxout {maxout.SilentAfterTraining}, relu {relu.SilentAfterTraining} units never fire");
    }

    [Fact]
    public void AFiveLayerLinearNetwork_IsOneLinearMap_WithASingleLinearLayersAccuracy()
    {
        ActivationsExperiment.LinearResult deep = Measured.Value.DeepLinear;
        ActivationsExperiment.LinearResult single = Measured.Value.SingleLinear;
        Assert.Equal(5, deep.Trainer.Model.Layers.Count);
        Assert.True(deep.MidpointDeviation < 1e-9, $"f(midpoint) differs from the mean of f by {deep.MidpointDeviation}");
        Assert.True(Math.Abs(deep.Accuracy - single.Accuracy) <= 0.05, $"5 layers {deep.Accuracy}, 1 layer {single.Accuracy}");
        double best = Measured.Value.Activations.Max(a => a.FinalAccuracy);
        Assert.True(deep.Accuracy < best, $"the linear network ({deep.Accuracy}) did as well as the best nonlinear one ({best})");
    }
}
