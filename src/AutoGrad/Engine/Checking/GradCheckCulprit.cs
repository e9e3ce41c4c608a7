using System.Globalization;

namespace AutoGrad.Checking;

/// <summary>
/// The first op, counting from the leaves, whose own local derivative disagrees with a central
/// difference of its own forward function: where a wrong gradient comes from.
/// </summary>
/// <param name="Node">The node the op made (in the graph the check built at its point).</param>
/// <param name="InputIndex">Which input's local derivative is wrong.</param>
/// <param name="Inputs">The op's input values.</param>
/// <param name="Analytic">The local derivative ∂node/∂input the op recorded.</param>
/// <param name="Numerical">The same by central difference of the op's forward function.</param>
public sealed record GradCheckCulprit(Value Node, int InputIndex, IReadOnlyList<double> Inputs, double Analytic, double Numerical)
{
    /// <summary>The op's name as a reader knows it: "Tanh", or the name given to <see cref="Value.Custom(string, IReadOnlyList{Value}, Func{ReadOnlySpan{double}, double}, Func{ReadOnlySpan{double}, int, double})"/>.</summary>
    public string OpName => Node.Op == Op.Custom ? Node.CustomName! : Node.Op.ToString();

    /// <summary>One line naming the op, its label, inputs and both local derivatives.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"op {OpName}{(Node.Label is { } label ? $" '{label}'" : "")} at inputs [{string.Join(", ", Inputs.Select(x => x.ToString("R", CultureInfo.InvariantCulture)))}]: ∂/∂input {InputIndex} analytic {Analytic:R}, numerical {Numerical:R}");
}
