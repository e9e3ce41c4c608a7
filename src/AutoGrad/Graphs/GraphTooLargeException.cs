namespace AutoGrad.Graphs;

/// <summary>Thrown when a graph would make a diagram with more nodes than the options allow.</summary>
public sealed class GraphTooLargeException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="nodeCount">How many diagram nodes the graph needs (after any collapsing).</param>
    /// <param name="maxNodes">The limit in force.</param>
    public GraphTooLargeException(int nodeCount, int maxNodes)
        : base($"The graph needs {nodeCount} diagram nodes, more than MaxNodes = {maxNodes}. " +
               "Raise DiagramOptions.MaxNodes, fold op nodes (OpNodes = OpNodeStyle.Folded), or build the graph inside " +
               "scopes (Scope.Enter) and set Oversize = OversizeBehavior.CollapseScopes, or name them in DiagramOptions.Collapse, to draw each scope as one box.")
    {
        NodeCount = nodeCount;
        MaxNodes = maxNodes;
    }

    /// <summary>How many diagram nodes the graph needs.</summary>
    public int NodeCount { get; }

    /// <summary>The limit in force.</summary>
    public int MaxNodes { get; }
}
