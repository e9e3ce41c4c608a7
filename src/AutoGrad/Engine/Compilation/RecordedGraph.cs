namespace AutoGrad.Compilation;

/// <summary>
/// A graph laid out for a replay (see <see cref="Value.Record"/>): <see cref="Nodes"/> holds the leaves
/// first, then the ops, each in topological order; op k is node <see cref="LeafCount"/> + k and reads
/// its inputs at the positions Inputs[Starts[k] .. Starts[k + 1]), in input order.
/// </summary>
/// <param name="Nodes">Every node, leaves first.</param>
/// <param name="LeafCount">How many of <paramref name="Nodes"/> are leaves.</param>
/// <param name="Starts">Per op, where its inputs' positions start in <paramref name="Inputs"/>; one more entry closes the last op.</param>
/// <param name="Inputs">Every op's inputs' positions in <paramref name="Nodes"/>, op after op.</param>
internal readonly record struct RecordedGraph(Value[] Nodes, int LeafCount, int[] Starts, int[] Inputs)
{
    /// <summary>How many ops there are.</summary>
    public int OpCount => Nodes.Length - LeafCount;
}
