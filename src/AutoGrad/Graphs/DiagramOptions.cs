namespace AutoGrad.Graphs;

/// <summary>How <see cref="DotExporter"/> and <see cref="MermaidExporter"/> draw a graph.</summary>
public record DiagramOptions
{
    // Checked as they are set, so an exporter never meets a null or an undefined member (each
    // exception names the option).
    private readonly RankDirection _direction = RankDirection.LeftToRight;
    private readonly string _numberFormat = "G4";
    private readonly OpNodeStyle _opNodes = OpNodeStyle.Separate;
    private readonly IReadOnlyList<string> _collapse = [];
    private readonly IReadOnlyList<string> _expand = [];
    private readonly OversizeBehavior _oversize = OversizeBehavior.Refuse;

    /// <summary>Which way the diagram flows; left to right by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a value that is not a named member.</exception>
    public RankDirection Direction { get => _direction; init => _direction = OptionChecks.Defined(value, nameof(Direction)); }

    /// <summary>
    /// A .NET numeric format for data and gradients; "G4" (four significant digits) by default, so a
    /// small gradient reads 3.2E-05, not 0.0000, and a negative one never rounds to -0.0000.
    /// </summary>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    /// <exception cref="ArgumentException">Set to a format .NET cannot apply to a number (such as "X").</exception>
    public string NumberFormat { get => _numberFormat; init => _numberFormat = OptionChecks.NumberFormat(value, nameof(NumberFormat)); }

    /// <summary>Show each value's gradient beside its data; true by default.</summary>
    public bool ShowGradients { get; init; } = true;

    /// <summary>Op nodes drawn apart (the default) or folded into the value they produce.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a value that is not a named member.</exception>
    public OpNodeStyle OpNodes { get => _opNodes; init => _opNodes = OptionChecks.Defined(value, nameof(OpNodes)); }

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
    /// <exception cref="ArgumentException">Set to null, or a pattern is null.</exception>
    public IReadOnlyList<string> Collapse { get => _collapse; init => _collapse = OptionChecks.NoNulls(value, nameof(Collapse)); }

    /// <summary>
    /// Scopes to keep open, as patterns like those of <see cref="Collapse"/>: they and the scopes
    /// around them are never drawn as boxes, whether by <see cref="Collapse"/> or to fit
    /// <see cref="MaxNodes"/>; none by default.
    /// </summary>
    /// <exception cref="ArgumentException">Set to null, or a pattern is null.</exception>
    public IReadOnlyList<string> Expand { get => _expand; init => _expand = OptionChecks.NoNulls(value, nameof(Expand)); }

    /// <summary>
    /// The longest text of one label field — a value's label, data, gradient or note, an op's symbol,
    /// a scope's name, an edge's operand name, the diagram's note — in characters as written to the
    /// file, escapes counted at their escaped length (<c>&lt;</c> is 4 in DOT); 1,000 by default, at
    /// least 1. Longer text is cut and ends with an ellipsis (…), never inside an escape. The default
    /// keeps every DOT label far below Graphviz's 16 KB limit for HTML-like labels, which makes
    /// <c>dot</c> reject the whole file.
    /// </summary>
    public int MaxLabelLength { get; init; } = DefaultMaxLabelLength;

    /// <summary>The default of <see cref="MaxLabelLength"/>: 1,000 characters.</summary>
    public const int DefaultMaxLabelLength = 1000;

    /// <summary>The most diagram nodes (values plus op nodes) to draw; 1,000 by default.</summary>
    public int MaxNodes { get; init; } = 1000;

    /// <summary>
    /// What to do with a larger graph; refuse by default. Collapsing says what it did in a note drawn
    /// on the diagram (see <see cref="Diagram.Describe"/> to read it in code).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a value that is not a named member.</exception>
    public OversizeBehavior Oversize { get => _oversize; init => _oversize = OptionChecks.Defined(value, nameof(Oversize)); }
}
