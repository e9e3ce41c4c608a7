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

    /// <summary>
    /// The pieces k of each <see cref="Activation.Maxout"/> unit, 2 to <see cref="Neuron.MaxMaxoutPieces"/>; 2 by default.
    /// Ignored by the other activations.
    /// </summary>
    public int MaxoutPieces { get; init; } = 2;

    /// <summary>
    /// Batch normalisation after every hidden layer's weighted sums and before its nonlinearity
    /// (Affine → BatchNorm → activation); false by default. A network with it is trained on batches
    /// (<see cref="Mlp.ForwardBatch"/>) and predicts with <see cref="Mlp.Training"/> off.
    /// </summary>
    public bool BatchNorm { get; init; }

    /// <summary>
    /// The chance p, in [0, 1), of dropping each hidden unit while <see cref="Mlp.Training"/> is on
    /// (inverted dropout after every hidden layer's nonlinearity); 0, none, by default.
    /// </summary>
    public double Dropout { get; init; }

    /// <summary>The seed of every random choice, so the same options give the same network; 0 by default.</summary>
    public int Seed { get; init; }
}
