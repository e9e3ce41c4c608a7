namespace AutoGrad.Graphs;

/// <summary>What an exporter does with a graph that has more nodes than <see cref="DiagramOptions.MaxNodes"/>.</summary>
public enum OversizeBehavior
{
    /// <summary>Throw a <see cref="GraphTooLargeException"/> that says how large the graph is (the default).</summary>
    Refuse,

    /// <summary>
    /// Draw whole scopes as single boxes, innermost first, until the diagram fits; refuse if even the
    /// outermost scopes collapsed are too many.
    /// </summary>
    CollapseScopes,
}
