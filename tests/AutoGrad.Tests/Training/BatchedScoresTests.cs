using AutoGrad.Compilation;
using AutoGrad.Data;
using AutoGrad.Nn;
using AutoGrad.Training;

namespace AutoGrad.Tests.Training;

/// <summary>
/// <see cref="TrainedModel.Scores"/> evaluates every row through one <see cref="BatchedReplay"/> (predict,
/// eval, a training run's validation and test parts, the experiments' accuracies): each row's scores must
/// be, bit for bit, those the network gives that row alone — through a fresh graph and through a replay of one row.
/// </summary>
public sealed class BatchedScoresTests
{
    private static Trainer Trained(Dataset data, TrainingOptions options)
    {
        var trainer = new Trainer(data, options);
        for (int i = 0; i < options.Steps; i++)
        {
            trainer.Step();
        }

        return trainer;
    }

    /// <summary>The network's outputs for one row, a graph built for it alone.</summary>
    private static double[] DynamicScores(TrainedModel model, double[] row)
    {
        model.Model.Training = false;
        return model.Model.Forward(model.Standardizer?.Transform(row) ?? row).Select(o => o.Data).ToArray();
    }

    /// <summary>The network recorded once and replayed one row at a time, as Scores did before it batched the rows.</summary>
    private static double[][] ScalarReplayScores(TrainedModel model, IReadOnlyList<double[]> rows)
    {
        model.Model.Training = false;
        Value[] inputs = Enumerable.Range(0, model.FeatureCount).Select(_ => new Value(0)).ToArray();
        Value[] outputs = model.Model.Forward(inputs);
        var graph = CompiledGraph.Compile(outputs.Length == 1 ? outputs[0] : Value.Sum(outputs));
        int[] slots = inputs.Select(graph.LeafIndex).ToArray();
        return rows.Select(row =>
        {
            double[] features = model.Standardizer?.Transform(row) ?? row;
            for (int f = 0; f < slots.Length; f++)
            {
                graph.LeafValues[slots[f]] = features[f];
            }

            graph.Forward();
            return outputs.Select(graph.ValueOf).ToArray();
        }).ToArray();
    }

    private static void AssertBitIdentical(double[][] expected, double[][] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int r = 0; r < expected.Length; r++)
        {
            Assert.Equal(expected[r].Length, actual[r].Length);
            for (int k = 0; k < expected[r].Length; k++)
            {
                if (BitConverter.DoubleToInt64Bits(expected[r][k]) != BitConverter.DoubleToInt64Bits(actual[r][k]))
                {
                    Assert.Fail($"row {r}, output {k}: {what} gives {expected[r][k]:R}, the batched scores {actual[r][k]:R}");
                }
            }
        }
    }

    [Fact]
    public void Scores_OfEveryDigitsRow_AreTheDynamicGraphsAndTheScalarReplays_BitForBit()
    {
        // 1,797 rows: more than one call of the batched replay (1,024 rows each), so the seam is crossed.
        Dataset digits = Datasets.Digits();
        Classifier classifier = Trained(digits, new TrainingOptions { HiddenLayers = [16], Steps = 5, BatchSize = 32, Optimizer = OptimizerKind.Adam, Standardize = true }).ToClassifier();
        double[][] rows = [.. digits.Features];

        double[][] batched = classifier.Scores(rows);

        AssertBitIdentical(rows.Select(row => DynamicScores(classifier, row)).ToArray(), batched, "a fresh graph");
        AssertBitIdentical(ScalarReplayScores(classifier, rows), batched, "a replay of one row");
        Assert.Equal(rows.Select(row => classifier.Predict(row)).ToArray(), classifier.Predict(rows));
    }

    [Fact]
    public void Scores_OfANetworkWithKinks_AreDecidedRowByRow_BitForBit()
    {
        // ReLU and maxout units switch from row to row: each row's branches are its own.
        Dataset spirals = Datasets.Spirals(200, 3, seed: 4);
        foreach (Activation activation in new[] { Activation.Relu, Activation.LeakyRelu, Activation.Maxout })
        {
            Classifier classifier = Trained(spirals, new TrainingOptions { HiddenLayers = [12, 12], Activation = activation, Steps = 10, Optimizer = OptimizerKind.Adam }).ToClassifier();
            double[][] rows = [.. spirals.Features];

            AssertBitIdentical(rows.Select(row => DynamicScores(classifier, row)).ToArray(), classifier.Scores(rows), $"a fresh graph ({activation})");
        }
    }

    [Fact]
    public void RegressorPredictions_AndMeanLoss_AreTheRowByRowOnes_BitForBit()
    {
        Dataset wave = Datasets.Wave(300, 0.1, seed: 5);
        Regressor regressor = Trained(wave, new TrainingOptions { HiddenLayers = [8, 8], Steps = 20, Standardize = true }).ToRegressor();
        double[][] rows = [.. wave.Features];

        double[] batched = regressor.Predict(rows);

        double[] alone = rows.Select(row => regressor.Predict(row)).ToArray(); // one row: a fresh graph
        Assert.Equal(alone.Select(BitConverter.DoubleToInt64Bits), batched.Select(BitConverter.DoubleToInt64Bits));
        AssertBitIdentical(rows.Select(row => DynamicScores(regressor, row)).ToArray(), regressor.Scores(rows), "a fresh graph");
    }

    [Fact]
    public void AnEmptyListOfRows_HasNoScores_AndABadRow_IsNamedAsBefore()
    {
        Classifier classifier = Trained(Datasets.Moons(40), new TrainingOptions { Steps = 2 }).ToClassifier();

        Assert.Empty(classifier.Scores([]));
        var error = Assert.Throws<ArgumentException>(() => classifier.Scores([[0.1, 0.2], [0.3, 0.4], [0.5]]));
        Assert.StartsWith("Row 2 has 1 features; the classifier takes 2.", error.Message, StringComparison.Ordinal);
    }
}
