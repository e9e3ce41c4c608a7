namespace AutoGrad.Graphs;

/// <summary>Options for <see cref="DotExporter"/>: the common <see cref="DiagramOptions"/> plus Graphviz styling.</summary>
public sealed record DotOptions : DiagramOptions
{
    /// <summary>The font Graphviz uses; "Helvetica" by default (fontconfig substitutes an installed sans-serif).</summary>
    public string FontName { get; init; } = "Helvetica";

    /// <summary>The fill colour of highlighted nodes, any Graphviz colour; "#ffe08a" by default.</summary>
    public string HighlightColor { get; init; } = "#ffe08a";
}
