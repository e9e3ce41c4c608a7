namespace AutoGrad.Nn;

/// <summary>How an <see cref="Mlp"/> is built. The defaults are micrograd's: ReLU hidden layers, a linear output, uniform(−1, 1) weights.</summary>
public sealed record MlpOptions
{
    /// <summary>The hidden layers' nonlinearity; ReLU by default.</summary>
    public Activation HiddenActivation { get; init; } = Activation.Relu;

    /// <summary>The last layer's nonlinearity; linear by default (losses take logits or scores).</summary>
    public Activation OutputActivation { get; init; } = Activation.Linear;

    /// <summary>How weights are drawn; uniform(−1, 1) by default.</summary>
    public Initialization Initialization { get; init; } = Initialization.Uniform;

    /// <summary>The seed of every random choice, so the same options give the same network; 0 by default.</summary>
    public int Seed { get; init; }
}
