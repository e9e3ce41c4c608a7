using AutoGrad.Nn;

namespace AutoGrad.Training;

/// <summary>What and how a <see cref="Trainer"/> trains. The defaults are micrograd's moons demo.</summary>
public sealed record TrainingOptions
{
    /// <summary>Hidden layer sizes (the output layer is added to fit the loss); [16, 16] by default.</summary>
    public IReadOnlyList<int> HiddenLayers { get; init; } = [16, 16];

    /// <summary>The hidden activation; ReLU by default.</summary>
    public Activation Activation { get; init; } = Activation.Relu;

    /// <summary>How weights are drawn; uniform(−1, 1) by default.</summary>
    public Initialization Initialization { get; init; } = Initialization.Uniform;

    /// <summary>The loss; hinge by default.</summary>
    public LossKind Loss { get; init; } = LossKind.Hinge;

    /// <summary>The L2 regularisation strength α; 1e-4 by default.</summary>
    public double L2 { get; init; } = 1e-4;

    /// <summary>The optimizer; SGD by default.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Sgd;

    /// <summary>The base learning rate; 1.0 by default (micrograd's SGD demo).</summary>
    public double LearningRate { get; init; } = 1.0;

    /// <summary>Decay the rate linearly to a tenth over the run, as micrograd's demo; true by default.</summary>
    public bool DecayLearningRate { get; init; } = true;

    /// <summary>Training steps; 100 by default.</summary>
    public int Steps { get; init; } = 100;

    /// <summary>Examples per step; 0 (the default) means the whole dataset every step.</summary>
    public int BatchSize { get; init; }

    /// <summary>
    /// Record the loss graph once and replay it (<see cref="Compilation.CompiledGraph"/>) when every
    /// step sees the same examples (full batch), instead of rebuilding it each step; true by default.
    /// Both ways give bit-identical results; the replay is several times faster.
    /// </summary>
    public bool UseCompiledGraph { get; init; } = true;

    /// <summary>The seed of the initial weights and of batch sampling; 0 by default.</summary>
    public int Seed { get; init; }
}
