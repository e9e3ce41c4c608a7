using AutoGrad.Data;
using AutoGrad.Nn;
using AutoGrad.Training;

namespace AutoGrad.Tests.Nn;

/// <summary>Maxout as an activation of <see cref="Neuron"/>, <see cref="Mlp"/> and <see cref="Trainer"/>: k linear pieces, the largest wins.</summary>
public sealed class MaxoutTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("autograd-maxout-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void MaxoutNeuron_OutputsItsLargestPiece_AndOnlyThatPieceLearns()
    {
        var neuron = new Neuron(2, Activation.Maxout, 1, new Random(4), maxoutPieces: 3);
        IReadOnlyList<Value> p = neuron.Parameters; // piece0.w0, piece0.w1, piece0.b, piece1.w0, ...
        double[] x = [0.5, -2];
        double[] pieces = Enumerable.Range(0, 3).Select(k => p[3 * k].Data * x[0] + p[3 * k + 1].Data * x[1] + p[3 * k + 2].Data).ToArray();
        int largest = Array.IndexOf(pieces, pieces.Max());

        Value output = neuron.Forward([new Value(x[0]), new Value(x[1])]);
        output.Backward();

        Assert.Equal(9, p.Count);
        Assert.Equal(["piece0.w0", "piece0.w1", "piece0.b", "piece1.w0", "piece1.w1", "piece1.b", "piece2.w0", "piece2.w1", "piece2.b"], p.Select(v => v.Label));
        Assert.Equal(pieces.Max(), output.Data, 12);
        for (int k = 0; k < 3; k++)
        {
            double[] expected = k == largest ? [x[0], x[1], 1] : [0, 0, 0];
            Assert.Equal(expected, p.Skip(3 * k).Take(3).Select(v => v.Grad));
        }
    }

    [Fact]
    public void MaxoutMlp_HasKTimesTheWeights_AndRefusesBadPiecesOrBatchNorm()
    {
        var model = new Mlp(2, [4, 1], new MlpOptions { HiddenActivation = Activation.Maxout, MaxoutPieces = 3 });

        Assert.Equal(3 * (2 + 1) * 4 + (4 + 1), model.Parameters.Count);
        Assert.Equal("MLP(2, [4, 1], maxout of 3 pieces)", model.ToString());
        var pieces = Assert.Throws<ArgumentOutOfRangeException>(() => new Mlp(2, [4, 1], new MlpOptions { HiddenActivation = Activation.Maxout, MaxoutPieces = 1 }));
        Assert.Contains("options.MaxoutPieces is 1; expected 2 to 16", pieces.Message, StringComparison.Ordinal);
        var batchNorm = Assert.Throws<ArgumentException>(() => new Mlp(2, [4, 1], new MlpOptions { HiddenActivation = Activation.Maxout, BatchNorm = true }));
        Assert.Contains("options.BatchNorm with a maxout hidden activation", batchNorm.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MaxoutModel_SavesAndLoads_WithItsPieces()
    {
        var model = new Mlp(2, [3, 2], new MlpOptions { HiddenActivation = Activation.Maxout, MaxoutPieces = 4, Seed = 2 });
        string path = Path.Combine(_folder, "maxout.json");

        ModelFile.Save(model, path);
        Mlp loaded = ModelFile.Load(path);

        Assert.Contains("\"maxoutPieces\": 4", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Equal(model.ToString(), loaded.ToString());
        Assert.Equal(model.Parameters.Select(p => p.Data), loaded.Parameters.Select(p => p.Data));
        Assert.Equal(model.Forward([0.3, -0.7]).Select(v => v.Data), loaded.Forward([0.3, -0.7]).Select(v => v.Data));
    }

    [Fact]
    public void Trainer_WithMaxout_LearnsMoons_FromXavierWeights()
    {
        var trainer = new Trainer(Datasets.Moons(60, seed: 1), new TrainingOptions { Activation = Activation.Maxout, MaxoutPieces = 3, HiddenLayers = [8], Optimizer = OptimizerKind.Adam, Steps = 150 });

        trainer.Run();

        Assert.Equal(Initialization.Xavier, trainer.Options.ResolvedInitialization);
        Assert.True(trainer.Accuracy(Datasets.Moons(60, seed: 1)) >= 0.9, $"accuracy {trainer.Accuracy(Datasets.Moons(60, seed: 1))}");
    }
}
