using AutoGrad.Nn;

namespace AutoGrad.Tests.Nn;

/// <summary>
/// Every public Nn method that takes a list checks it itself: a null list, a null item (with its
/// index), an empty list where one value is needed, and lengths that differ (with both counts),
/// always naming the caller's own parameter rather than one inside the engine.
/// </summary>
public class ListArgumentTests
{
    private static readonly Value X = new(1);
    private static readonly Value Y = new(2);

    /// <summary>A bad call, the parameter its exception must name, and what the message must say.</summary>
    private static readonly Dictionary<string, (Action Call, string Parameter, string Message)> Cases = new()
    {
        ["LogSumExp null list"] = (() => Functions.LogSumExp(null!), "logits", "logits"),
        ["LogSumExp null item"] = (() => Functions.LogSumExp([X, null!]), "logits", "Item 1 of 'logits' is null"),
        ["LogSumExp empty"] = (() => Functions.LogSumExp([]), "logits", "empty"),
        ["Softmax null list"] = (() => Functions.Softmax(null!), "logits", "logits"),
        ["Softmax null item"] = (() => Functions.Softmax([X, null!]), "logits", "Item 1 of 'logits' is null"),
        ["Softmax empty"] = (() => Functions.Softmax([]), "logits", "empty"),
        ["LogSoftmax null list"] = (() => Functions.LogSoftmax(null!), "logits", "logits"),
        ["LogSoftmax null item"] = (() => Functions.LogSoftmax([null!, X]), "logits", "Item 0 of 'logits' is null"),
        ["LogSoftmax empty"] = (() => Functions.LogSoftmax([]), "logits", "empty"),
        ["Argmax null list"] = (() => Functions.Argmax(null!), "values", "values"),
        ["Argmax null item"] = (() => Functions.Argmax([X, null!]), "values", "Item 1 of 'values' is null"),
        ["Argmax empty"] = (() => Functions.Argmax([]), "values", "empty"),
        ["Maxout null list"] = (() => Functions.Maxout(null!), "pieces", "pieces"),
        ["Maxout null item"] = (() => Functions.Maxout([X, Y, null!]), "pieces", "Item 2 of 'pieces' is null"),
        ["Maxout empty"] = (() => Functions.Maxout([]), "pieces", "empty"),
        ["SumSquaredError null predictions"] = (() => Losses.SumSquaredError(null!, [1.0]), "predictions", "predictions"),
        ["SumSquaredError null targets"] = (() => Losses.SumSquaredError([X], null!), "targets", "targets"),
        ["SumSquaredError null item"] = (() => Losses.SumSquaredError([null!], [1.0]), "predictions", "Item 0 of 'predictions' is null"),
        ["SumSquaredError lengths"] = (() => Losses.SumSquaredError([X, Y], [1.0]), "targets", "Got 2 predictions but 1 targets"),
        ["MeanSquaredError null item"] = (() => Losses.MeanSquaredError([X, null!], [1.0, 2.0]), "predictions", "Item 1 of 'predictions' is null"),
        ["MeanSquaredError lengths"] = (() => Losses.MeanSquaredError([X], [1.0, 2.0]), "targets", "Got 1 predictions but 2 targets"),
        ["MeanSquaredError empty"] = (() => Losses.MeanSquaredError([], Array.Empty<double>()), "predictions", "at least one prediction"),
        ["SoftmaxCrossEntropy null list"] = (() => Losses.SoftmaxCrossEntropy(null!, 0), "logits", "logits"),
        ["SoftmaxCrossEntropy null item"] = (() => Losses.SoftmaxCrossEntropy([X, null!], 0), "logits", "Item 1 of 'logits' is null"),
        ["SoftmaxCrossEntropy empty"] = (() => Losses.SoftmaxCrossEntropy([], 0), "logits", "empty"),
        ["L2Regularization null list"] = (() => Losses.L2Regularization(null!, 1), "parameters", "parameters"),
        ["L2Regularization null item"] = (() => Losses.L2Regularization([X, null!], 1), "parameters", "Item 1 of 'parameters' is null"),
        ["L1 null a"] = (() => Distances.L1(null!, [X]), "a", "'a'"),
        ["L1 null b"] = (() => Distances.L1([X], null!), "b", "'b'"),
        ["L1 null item of a"] = (() => Distances.L1([null!], [X]), "a", "Item 0 of 'a' is null"),
        ["L1 null item of b"] = (() => Distances.L1([X, Y], [X, null!]), "b", "Item 1 of 'b' is null"),
        ["L1 lengths"] = (() => Distances.L1([X, Y], [X]), "b", "'a' has 2 values and 'b' has 1"),
        ["L2 null item of a"] = (() => Distances.L2([X, null!], [X, Y]), "a", "Item 1 of 'a' is null"),
        ["L2 lengths"] = (() => Distances.L2([X], [X, Y]), "b", "'a' has 1 values and 'b' has 2"),
        ["Minkowski null item of b"] = (() => Distances.Minkowski([X], [null!], 3), "b", "Item 0 of 'b' is null"),
        ["Minkowski lengths"] = (() => Distances.Minkowski([X, Y], [X], 3), "b", "'a' has 2 values and 'b' has 1"),
        ["Neuron null list"] = (() => new Neuron(2, Activation.Tanh, 1, new Random(0)).Forward(null!), "inputs", "inputs"),
        ["Neuron null item"] = (() => new Neuron(2, Activation.Tanh, 1, new Random(0)).Forward([null!, X]), "inputs", "Item 0 of 'inputs' is null"),
        ["Neuron count"] = (() => new Neuron(2, Activation.Tanh, 1, new Random(0)).Forward([X]), "inputs", "Neuron expects 2 inputs but got 1"),
        ["Layer null item"] = (() => new Layer(2, 3, Activation.Relu, Initialization.He, new Random(0)).Forward([X, null!]), "inputs", "Item 1 of 'inputs' is null"),
        ["Mlp null item"] = (() => new Mlp(2, [3, 1]).Forward([null!, X]), "inputs", "Item 0 of 'inputs' is null"),
        ["Mlp null numbers"] = (() => new Mlp(2, [3, 1]).Forward((IReadOnlyList<double>)null!), "inputs", "inputs"),
        ["Mlp null layer sizes"] = (() => new Mlp(2, null!), "layerSizes", "layerSizes"),
        ["Dropout null list"] = (() => new Dropout(0.5).Forward(null!), "inputs", "inputs"),
        ["Dropout null item"] = (() => new Dropout(0.5).Forward([X, null!]), "inputs", "Item 1 of 'inputs' is null"),
        ["Dropout null item in evaluation"] = (() => new Dropout(0.5) { Training = false }.Forward([null!]), "inputs", "Item 0 of 'inputs' is null"),
        ["BatchNorm null list"] = (() => new BatchNorm(2).Forward(null!), "batch", "batch"),
        ["BatchNorm null example"] = (() => new BatchNorm(2).Forward([[X, Y], null!]), "batch", "Example 1 of 'batch' is null"),
        ["BatchNorm null value"] = (() => new BatchNorm(2).Forward([[X, Y], [X, null!]]), "batch", "Item 1 of example 1 of 'batch' is null"),
        ["BatchNorm null value in evaluation"] = (() => new BatchNorm(2) { Training = false }.Forward([[null!, Y]]), "batch", "Item 0 of example 0 of 'batch' is null"),
        ["BatchNorm features"] = (() => new BatchNorm(2).Forward([[X, Y], [X]]), "batch", "Example 1 has 1 features; BatchNorm expects 2"),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void ListTakingMethod_WithABadList_ThrowsArgumentException_NamingItsOwnParameter(string name)
    {
        (Action call, string parameter, string message) = Cases[name];

        var error = Assert.ThrowsAny<ArgumentException>(call);

        Assert.Equal(parameter, error.ParamName);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
