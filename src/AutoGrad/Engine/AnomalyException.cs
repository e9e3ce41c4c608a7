namespace AutoGrad;

/// <summary>
/// Thrown inside <see cref="Anomaly.Detect"/> by the first operation whose value or gradient is NaN
/// or ±∞. The message names the op, its input values and the labelled values back to the leaves.
/// </summary>
public sealed class AnomalyException : ArithmeticException
{
    /// <summary>Creates the exception for <paramref name="node"/>.</summary>
    /// <param name="node">The node whose value, or whose gradient to an input, is not finite.</param>
    /// <param name="inBackward">True when found in the backward pass.</param>
    /// <param name="message">What happened, where, and the path back to the leaves.</param>
    public AnomalyException(Value node, bool inBackward, string message)
        : base(message)
    {
        Node = node;
        InBackward = inBackward;
    }

    /// <summary>The node at which the anomaly appeared.</summary>
    public Value Node { get; }

    /// <summary>True when found in the backward pass, false in the forward pass.</summary>
    public bool InBackward { get; }
}
