using System.Globalization;

namespace AutoGrad.Checking;

/// <summary>
/// What a gradient check needs to be the same in every graph the function builds: each node's op,
/// constant and inputs (by position in topological order), and for a leaf either which checked input
/// it is or, for any other leaf, its value. A function whose graph differs a step away (an op added a
/// data-dependent number of times, an input's data copied into a constant) has a gradient that is
/// not the slope the central difference measures, so the check must not pass it.
/// </summary>
internal sealed class GraphShape
{
    private readonly long[] _tokens;
    private readonly int[] _starts;

    private GraphShape(List<Value> nodes, long[] tokens, int[] starts)
    {
        Nodes = nodes;
        _tokens = tokens;
        _starts = starts;
    }

    /// <summary>The graph's nodes in topological order (inputs first).</summary>
    public List<Value> Nodes { get; }

    /// <summary>The shape of the graph of <paramref name="output"/>; <paramref name="inputIndex"/> gives the position of a checked input leaf, or −1.</summary>
    public static GraphShape Of(Value output, Func<Value, int> inputIndex)
    {
        List<Value> nodes = output.CollectTopologicalOrder();
        var position = new Dictionary<Value, int>(nodes.Count, ReferenceEqualityComparer.Instance);
        var tokens = new List<long>(nodes.Count * 4);
        var starts = new int[nodes.Count + 1];
        for (int k = 0; k < nodes.Count; k++)
        {
            Value node = nodes[k];
            position[node] = k;
            starts[k] = tokens.Count;
            tokens.Add((long)node.Op);
            if (node.IsLeaf)
            {
                int input = inputIndex(node);
                // A checked input is known by its index; any other leaf by its value, which must not move with the point.
                tokens.Add(input >= 0 ? input : -1);
                tokens.Add(input >= 0 ? 0 : BitConverter.DoubleToInt64Bits(node.Data));
                continue;
            }

            tokens.Add(node.Parameter is { } parameter ? BitConverter.DoubleToInt64Bits(parameter) : 0);
            int count = node.InputCount;
            tokens.Add(count);
            for (int i = 0; i < count; i++)
            {
                tokens.Add(position[node.GetInput(i)]);
            }
        }

        starts[nodes.Count] = tokens.Count;
        return new GraphShape(nodes, [.. tokens], starts);
    }

    /// <summary>
    /// Null when <paramref name="other"/> has the same shape; otherwise what differs, in words, with
    /// <paramref name="here"/> and <paramref name="there"/> naming the two points (as "x0 = 0.7" and "x0 + h").
    /// </summary>
    public string? DifferenceFrom(GraphShape other, string here, string there)
    {
        if (other.Nodes.Count != Nodes.Count)
        {
            return Invariant($"the function built {Nodes.Count} nodes at {here} but {other.Nodes.Count} at {there} (a data-dependent number of ops)");
        }

        for (int k = 0; k < Nodes.Count; k++)
        {
            Value a = Nodes[k], b = other.Nodes[k];
            ReadOnlySpan<long> mine = _tokens.AsSpan(_starts[k], _starts[k + 1] - _starts[k]);
            ReadOnlySpan<long> theirs = other._tokens.AsSpan(other._starts[k], other._starts[k + 1] - other._starts[k]);
            if (a.Op != b.Op || !string.Equals(a.CustomName, b.CustomName, StringComparison.Ordinal))
            {
                return Invariant($"node {k} is {Describe(a)} at {here} but {Describe(b)} at {there}");
            }

            if (mine.SequenceEqual(theirs))
            {
                continue;
            }

            if (a.IsLeaf)
            {
                return mine[1] >= 0 || theirs[1] >= 0
                    ? Invariant($"node {k} is a different leaf at {here} than at {there}")
                    : Invariant($"the leaf at node {k}{LabelOf(a)} is {a.Data:R} at {here} but {b.Data:R} at {there}: an input's data was copied into a constant, through which no gradient flows");
            }

            return a.Parameter != b.Parameter
                ? Invariant($"the constant of {Describe(a)} at node {k} is {a.Parameter:R} at {here} but {b.Parameter:R} at {there}: an input's data was copied into it, and no gradient flows through it")
                : Invariant($"node {k} ({Describe(a)}) reads different nodes at {here} than at {there}");
        }

        return null;
    }

    private static string Describe(Value node) => (node.Op == Op.Custom ? node.CustomName! : node.Op.ToString()) + LabelOf(node);

    private static string LabelOf(Value node) => node.Label is { } label ? $" '{label}'" : "";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
