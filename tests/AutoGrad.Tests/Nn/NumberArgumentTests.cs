using AutoGrad.Nn;

namespace AutoGrad.Tests.Nn;

/// <summary>
/// Numbers and enum values outside their documented range are refused when they are given, with an
/// <see cref="ArgumentOutOfRangeException"/> naming the parameter and the value, never accepted
/// silently or left to fail later.
/// </summary>
public class NumberArgumentTests
{
    private static readonly Value X = new(0.5);

    /// <summary>A bad call, the parameter its exception must name, and what the message must say.</summary>
    private static readonly Dictionary<string, (Action Call, string Parameter, string Message)> Cases = new()
    {
        ["BatchNorm momentum NaN"] = (() => _ = new BatchNorm(2, momentum: double.NaN), "momentum", "NaN"),
        ["BatchNorm momentum negative"] = (() => _ = new BatchNorm(2, momentum: -0.1), "momentum", "-0.1"),
        ["BatchNorm momentum above 1"] = (() => _ = new BatchNorm(2, momentum: 1.5), "momentum", "[0, 1]"),
        ["BatchNorm epsilon negative"] = (() => _ = new BatchNorm(2, epsilon: -1), "epsilon", "-1"),
        ["BatchNorm epsilon zero"] = (() => _ = new BatchNorm(2, epsilon: 0), "epsilon", "finite and greater than 0"),
        ["BatchNorm epsilon NaN"] = (() => _ = new BatchNorm(2, epsilon: double.NaN), "epsilon", "NaN"),
        ["BatchNorm epsilon infinite"] = (() => _ = new BatchNorm(2, epsilon: double.PositiveInfinity), "epsilon", "Got Infinity"),
        ["BatchNorm features"] = (() => _ = new BatchNorm(0), "features", "0"),
        ["Neuron activation"] = (() => _ = new Neuron(2, (Activation)99, 1, new Random(0)), "activation", "99"),
        ["Neuron activation lists the names"] = (() => _ = new Neuron(2, (Activation)(-1), 1, new Random(0)), "activation", "Linear, Tanh, Sigmoid, Relu, LeakyRelu, Prelu, Elu"),
        ["Neuron weight limit NaN"] = (() => _ = new Neuron(2, Activation.Tanh, double.NaN, new Random(0)), "weightLimit", "NaN"),
        ["Neuron weight limit infinite"] = (() => _ = new Neuron(2, Activation.Tanh, double.PositiveInfinity, new Random(0)), "weightLimit", "finite and greater than 0"),
        ["Neuron weight limit zero"] = (() => _ = new Neuron(2, Activation.Tanh, 0, new Random(0)), "weightLimit", "0"),
        ["Neuron weight limit negative"] = (() => _ = new Neuron(2, Activation.Tanh, -1, new Random(0)), "weightLimit", "-1"),
        ["Layer initialization"] = (() => _ = new Layer(2, 2, Activation.Tanh, (Initialization)99, new Random(0)), "initialization", "Uniform, Xavier, He"),
        ["Layer activation"] = (() => _ = new Layer(2, 2, (Activation)99, Initialization.He, new Random(0)), "activation", "99"),
        ["Mlp hidden activation"] = (() => _ = new Mlp(2, [3, 1], new MlpOptions { HiddenActivation = (Activation)99 }), "options", "HiddenActivation is 99"),
        ["Mlp output activation"] = (() => _ = new Mlp(2, [1], new MlpOptions { OutputActivation = (Activation)99 }), "options", "OutputActivation is 99"),
        ["Mlp initialization"] = (() => _ = new Mlp(2, [3, 1], new MlpOptions { Initialization = (Initialization)99 }), "options", "Initialization is 99"),
        ["Dropout probability NaN"] = (() => _ = new Dropout(double.NaN), "probability", "NaN"),
        ["Dropout probability 1"] = (() => _ = new Dropout(1), "probability", "[0, 1)"),
        ["Dropout probability negative"] = (() => _ = new Dropout(-0.5), "probability", "-0.5"),
        ["L2Regularization alpha NaN"] = (() => Losses.L2Regularization([X], double.NaN), "alpha", "NaN"),
        ["L2Regularization alpha negative"] = (() => Losses.L2Regularization([X], -1), "alpha", "-1"),
        ["L2Regularization alpha infinite"] = (() => Losses.L2Regularization([X], double.PositiveInfinity), "alpha", "finite and at least 0"),
        ["BinaryCrossEntropy target NaN"] = (() => Losses.BinaryCrossEntropy(X, double.NaN), "target", "NaN"),
        ["BinaryCrossEntropy target 2"] = (() => Losses.BinaryCrossEntropy(X, 2), "target", "[0, 1]"),
        ["BinaryCrossEntropyWithLogits target -1"] = (() => Losses.BinaryCrossEntropyWithLogits(X, -1), "target", "-1"),
        ["Hinge label NaN"] = (() => Losses.Hinge(X, double.NaN), "label", "NaN"),
        ["Minkowski p NaN"] = (() => Distances.Minkowski([X], [X], double.NaN), "p", "NaN"),
        ["Minkowski p below 1"] = (() => Distances.Minkowski([X], [X], 0.5), "p", "0.5"),
        ["Minkowski p minus infinity"] = (() => Distances.Minkowski([X], [X], double.NegativeInfinity), "p", "-Infinity"),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void OutOfRangeArgument_IsRefusedWhenGiven_NamingTheParameterAndTheValue(string name)
    {
        (Action call, string parameter, string message) = Cases[name];

        var error = Assert.Throws<ArgumentOutOfRangeException>(call);

        Assert.Equal(parameter, error.ParamName);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
