namespace AutoGrad;

/// <summary>
/// The operation that produced a <see cref="Value"/>. Together with a node's inputs it is the whole
/// structure of the graph, which the exporters, the compiled replay, forward mode and derivatives of
/// derivatives (<see cref="Value.Gradients"/> with <c>createGraph</c>) all walk.
/// </summary>
public enum Op : byte
{
    /// <summary>A leaf: an input, a parameter or a constant. It has no inputs.</summary>
    Leaf,

    /// <summary>a + b.</summary>
    Add,

    /// <summary>a − b.</summary>
    Sub,

    /// <summary>a · b.</summary>
    Mul,

    /// <summary>a / b.</summary>
    Div,

    /// <summary>−a.</summary>
    Neg,

    /// <summary>a raised to a constant exponent (see <see cref="Value.Parameter"/>).</summary>
    Pow,

    /// <summary>a raised to the power of another value, b.</summary>
    PowValue,

    /// <summary>eᵃ.</summary>
    Exp,

    /// <summary>ln a.</summary>
    Log,

    /// <summary>√a.</summary>
    Sqrt,

    /// <summary>tanh a.</summary>
    Tanh,

    /// <summary>σ(a) = 1 / (1 + e⁻ᵃ).</summary>
    Sigmoid,

    /// <summary>max(0, a).</summary>
    Relu,


    /// <summary>a if a &gt; 0, else slope · a, with a constant slope (see <see cref="Value.Parameter"/>).</summary>
    LeakyRelu,

    /// <summary>a if a &gt; 0, else α(eᵃ − 1), with a constant α (see <see cref="Value.Parameter"/>).</summary>
    Elu,

    /// <summary>a if a &gt; 0, else slope · a, where the slope b is itself a value that learns.</summary>
    Prelu,

    /// <summary>ln(1 + eᵃ).</summary>
    Softplus,

    /// <summary>|a|.</summary>
    Abs,

    /// <summary>sin a.</summary>
    Sin,

    /// <summary>cos a.</summary>
    Cos,

    /// <summary>arctan a, in (−π/2, π/2).</summary>
    Atan,

    /// <summary>max(a, b).</summary>
    Max,

    /// <summary>min(a, b).</summary>
    Min,

    /// <summary>Σ aᵢ over any number of inputs, as one node.</summary>
    Sum,

    /// <summary>Σ aᵢ·bᵢ over two equally long lists, as one node; inputs are a₀…aₙ₋₁ then b₀…bₙ₋₁.</summary>
    Dot,

    /// <summary>log Σ exp(aᵢ) over any number of inputs, as one node that subtracts the max at every evaluation.</summary>
    LogSumExp,

    /// <summary>A user-defined operation made with <see cref="O:AutoGrad.Value.Custom"/>; its name is <see cref="Value.CustomName"/>.</summary>
    Custom,

    // New ops go last, so the numbers of the members above stay what they were.

    /// <summary>The step function: 1 if a &gt; 0, else 0 (the perceptron's activation).</summary>
    Step,

    /// <summary>softsign(a) = a / (1 + |a|), in (−1, 1).</summary>
    Softsign,
}
