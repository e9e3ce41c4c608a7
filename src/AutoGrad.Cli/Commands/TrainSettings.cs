using AutoGrad.Nn;
using AutoGrad.Training;

namespace AutoGrad.Cli.Commands;

/// <summary>Everything <c>autograd train</c> was asked to do; unset choices are made once the data is known.</summary>
internal sealed record TrainSettings
{
    /// <summary>A built-in dataset name (moons, circles, xor, spirals); ignored when <see cref="CsvPath"/> is set.</summary>
    public string Dataset { get; init; } = "moons";

    /// <summary>A CSV file of the user's, or null.</summary>
    public string? CsvPath { get; init; }

    /// <summary>Examples in a built-in dataset.</summary>
    public int Samples { get; init; } = 100;

    /// <summary>Noise of a built-in dataset.</summary>
    public double Noise { get; init; } = 0.1;

    /// <summary>Hidden layer sizes.</summary>
    public IReadOnlyList<int> HiddenLayers { get; init; } = [16, 16];

    /// <summary>The hidden activation.</summary>
    public Activation Activation { get; init; } = Activation.Relu;

    /// <summary>The loss; null picks hinge for two classes and softmax cross-entropy for more.</summary>
    public LossKind? Loss { get; init; }

    /// <summary>The optimizer.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Sgd;

    /// <summary>The base learning rate; null picks the optimizer's usual one.</summary>
    public double? LearningRate { get; init; }

    /// <summary>Training steps.</summary>
    public int Steps { get; init; } = 100;

    /// <summary>Examples per step; 0 for the whole dataset.</summary>
    public int BatchSize { get; init; }

    /// <summary>The seed of the data, the weights and the batches.</summary>
    public int Seed { get; init; }

    /// <summary>The folder the model and pictures are written to.</summary>
    public string OutputFolder { get; init; } = "out";

    /// <summary>The learning rate each optimizer starts well with on these problems.</summary>
    public static double DefaultLearningRate(OptimizerKind optimizer) => optimizer switch
    {
        OptimizerKind.Sgd => 1.0,  // micrograd's demo
        OptimizerKind.Adam => 0.02,
        _ => 0.1,
    };
}
