namespace AutoGrad.Nn;

/// <summary>The nonlinearity a neuron applies to its weighted sum.</summary>
public enum Activation
{
    /// <summary>None: the neuron is linear (the usual output layer).</summary>
    Linear,

    /// <summary>tanh.</summary>
    Tanh,

    /// <summary>The logistic sigmoid σ.</summary>
    Sigmoid,

    /// <summary>ReLU, max(0, x) (micrograd's hidden activation).</summary>
    Relu,

    /// <summary>Leaky ReLU with slope 0.01.</summary>
    LeakyRelu,

    /// <summary>PReLU: leaky ReLU whose slope is a parameter of each neuron, learned with the weights (starts at 0.25).</summary>
    Prelu,

    /// <summary>ELU with α = 1.</summary>
    Elu,

    /// <summary>
    /// Maxout: each unit has k linear pieces of its inputs and outputs the largest,
    /// max(w₁ · x + b₁, …, wₖ · x + bₖ) (<see cref="MlpOptions.MaxoutPieces"/>; k = 2 by default).
    /// ReLU is the maxout of z and 0; with learned pieces it can fit any convex piecewise-linear function.
    /// </summary>
    Maxout,
}
