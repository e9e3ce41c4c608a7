namespace AutoGrad.Graphs;

/// <summary>How <see cref="DotExporter"/> and <see cref="MermaidExporter"/> draw a graph.</summary>
public record DiagramOptions
{
    /// <summary>Which way the diagram flows; left to right by default.</summary>
    public RankDirection Direction { get; init; } = RankDirection.LeftToRight;

    /// <summary>A .NET numeric format for data and gradients; "0.0000" (four decimals, as micrograd) by default.</summary>
    public string NumberFormat { get; init; } = "0.0000";

    /// <summary>Show each value's gradient beside its data; true by default.</summary>
    public bool ShowGradients { get; init; } = true;

    /// <summary>Op nodes drawn apart (the default) or folded into the value they produce.</summary>
    public OpNodeStyle OpNodes { get; init; } = OpNodeStyle.Separate;

    /// <summary>Values to draw highlighted, for example <see cref="GraphPaths.Between"/> a parameter and the loss; none by default.</summary>
    public IReadOnlySet<Value>? Highlight { get; init; }

    /// <summary>An extra line of text per value, drawn in its box (for example analytic vs numerical gradient); none by default.</summary>
    public IReadOnlyDictionary<Value, string>? Notes { get; init; }

    /// <summary>The most diagram nodes (values plus op nodes) to draw; 1,000 by default.</summary>
    public int MaxNodes { get; init; } = 1000;

    /// <summary>What to do with a larger graph; refuse by default.</summary>
    public OversizeBehavior Oversize { get; init; } = OversizeBehavior.Refuse;
}
