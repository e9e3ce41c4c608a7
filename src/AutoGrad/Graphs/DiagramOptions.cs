namespace AutoGrad.Graphs;

/// <summary>How <see cref="DotExporter"/> and <see cref="MermaidExporter"/> draw a graph.</summary>
public record DiagramOptions
{
    /// <summary>Which way the diagram flows; left to right by default.</summary>
    public RankDirection Direction { get; init; } = RankDirection.LeftToRight;

    /// <summary>
    /// A .NET numeric format for data and gradients; "G4" (four significant digits) by default, so a
    /// small gradient reads 3.2E-05, not 0.0000, and a negative one never rounds to -0.0000.
    /// </summary>
    public string NumberFormat { get; init; } = "G4";

    /// <summary>Show each value's gradient beside its data; true by default.</summary>
    public bool ShowGradients { get; init; } = true;

    /// <summary>Op nodes drawn apart (the default) or folded into the value they produce.</summary>
    public OpNodeStyle OpNodes { get; init; } = OpNodeStyle.Separate;

    /// <summary>Values to draw highlighted, for example <see cref="GraphPaths.Between"/> a parameter and the loss; none by default.</summary>
    public IReadOnlySet<Value>? Highlight { get; init; }

    /// <summary>An extra line of text per value, drawn in its box (for example analytic vs numerical gradient); none by default.</summary>
    public IReadOnlyDictionary<Value, string>? Notes { get; init; }

    /// <summary>
    /// Draw constants (see <see cref="Value.IsConstant"/>) as nodes of their own; false by default,
    /// when an unnamed constant read by an op of two inputs is written into the op's label instead
    /// (<c>× 2</c>, <c>+ 1</c>, <c>− 1</c>). A constant that is named, highlighted, noted, or read by an
    /// op of one or many inputs (Σ, dot, a custom op) is always drawn.
    /// </summary>
    public bool ShowConstants { get; init; }

    /// <summary>
    /// Scopes to draw as one box each, with the edges into and out of it, so a network over a batch
    /// reads as layers; none by default. A pattern names a scope by its drawn name (<c>sample 3</c>),
    /// the name it was entered with (<c>layer 2</c>, in every sample), or its path
    /// (<c>sample 3 / layer 2</c>); a trailing <c>*</c> matches names that start with the rest
    /// (<c>layer*</c>). Leaves with qualified names (<c>layer1.neuron0.w0</c>) that only boxes read are
    /// drawn as one node per first name part (<c>layer1.*</c>).
    /// </summary>
    /// <remarks>A pattern that matches no scope of the graph is an error, so a typo cannot go unnoticed.</remarks>
    public IReadOnlyList<string> Collapse { get; init; } = [];

    /// <summary>
    /// Scopes to keep open, as patterns like those of <see cref="Collapse"/>: they and the scopes
    /// around them are never drawn as boxes, whether by <see cref="Collapse"/> or to fit
    /// <see cref="MaxNodes"/>; none by default.
    /// </summary>
    public IReadOnlyList<string> Expand { get; init; } = [];

    /// <summary>The most diagram nodes (values plus op nodes) to draw; 1,000 by default.</summary>
    public int MaxNodes { get; init; } = 1000;

    /// <summary>
    /// What to do with a larger graph; refuse by default. Collapsing says what it did in a note drawn
    /// on the diagram (see <see cref="Diagram.Describe"/> to read it in code).
    /// </summary>
    public OversizeBehavior Oversize { get; init; } = OversizeBehavior.Refuse;
}
