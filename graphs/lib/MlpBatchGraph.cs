using AutoGrad.Nn;

namespace AutoGrad.Examples;

/// <summary>
/// The network learners actually meet, defined once: Mlp(2, [4, 4, 1]) over a batch of 4 points, one
/// scope per sample, the mean squared error; 273 values, with its numbers written into their ops.
/// graphs/mlp-batch.cs draws it (through <c>#:include</c>); the explorer's tests and the benchmark
/// project's explorer timing compile this same file.
/// </summary>
internal static class MlpBatchGraph
{
    /// <summary>Builds the loss, labelled "loss", and runs its backward pass.</summary>
    /// <param name="model">The network, seeded, so every run draws the same picture.</param>
    public static Value Loss(out Mlp model)
    {
        model = new Mlp(2, [4, 4, 1], new MlpOptions { HiddenActivation = Activation.Tanh, Initialization = Initialization.Xavier, Seed = 3 });
        double[][] points = [[2, 3], [3, -1], [0.5, 1], [1, 1]];
        double[] targets = [1, -1, -1, 1];

        // One scope per sample: the diagram numbers them "sample 1" to "sample 4", in the order entered.
        var errors = new List<Value>();
        for (int i = 0; i < points.Length; i++)
        {
            using Scope sample = Scope.Enter("sample");
            Value[] x = [new(points[i][0], "x0"), new(points[i][1], "x1")];
            Value prediction = model.Forward(x)[0];
            errors.Add((prediction - targets[i]).Pow(2));
        }

        Value loss = Value.Sum(errors) / points.Length;
        loss.Label = "loss";
        loss.Backward();
        return loss;
    }

    /// <summary>Builds the loss, labelled "loss", and runs its backward pass.</summary>
    public static Value Loss() => Loss(out _);
}
