namespace AutoGrad.Graphs;

/// <summary>Questions about the paths in a graph, for highlighting in diagrams.</summary>
public static class GraphPaths
{
    /// <summary>
    /// Every value on some path from <paramref name="source"/> to <paramref name="output"/>, both
    /// included: the route by which <paramref name="source"/>'s gradient is computed. Empty if the
    /// output does not depend on the source.
    /// </summary>
    /// <param name="source">A value the output may depend on, for example a parameter.</param>
    /// <param name="output">The output, for example the loss.</param>
    /// <exception cref="ArgumentNullException">Either value is null.</exception>
    public static IReadOnlySet<Value> Between(Value source, Value output)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(output);
        var onPath = new HashSet<Value>(ReferenceEqualityComparer.Instance);
        foreach (Value node in output.TopologicalOrder())
        {
            // Inputs come first, so a node depends on the source exactly when one of its inputs does.
            if (ReferenceEquals(node, source) || node.Inputs.Any(onPath.Contains))
            {
                onPath.Add(node);
            }
        }

        return onPath;
    }
}
