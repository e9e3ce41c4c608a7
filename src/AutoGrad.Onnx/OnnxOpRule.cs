namespace AutoGrad.Onnx;

/// <summary>Writes the ONNX nodes of one op node, given the tensor names of its inputs; returns its output's tensor name.</summary>
/// <param name="graph">The graph being built.</param>
/// <param name="node">The op node (its <see cref="Value.Parameter"/> holds a constant such as an exponent or slope).</param>
/// <param name="inputs">The tensor names of <paramref name="node"/>'s inputs, in order.</param>
internal delegate string OnnxEmitter(OnnxGraphBuilder graph, Value node, IReadOnlyList<string> inputs);

/// <summary>How one <see cref="Op"/> leaves for ONNX: the operators it becomes, or why it cannot.</summary>
/// <param name="Op">The op.</param>
/// <param name="Operators">The ONNX operators it is written as (for the docs' mapping table), or how a leaf is written.</param>
/// <param name="Emit">Writes a node's operators; null for a leaf and for a refused op.</param>
/// <param name="Refusal">Why the op cannot be exported; null when it can.</param>
internal sealed record OnnxOpRule(Op Op, string Operators, OnnxEmitter? Emit, string? Refusal)
{
    public static OnnxOpRule Mapped(Op op, string operators, OnnxEmitter emit) => new(op, operators, emit, null);

    public static OnnxOpRule Refused(Op op, string refusal) => new(op, "—", null, refusal);
}
