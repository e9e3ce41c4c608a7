namespace AutoGrad.Graphs;

/// <summary>Options for <see cref="DotExporter"/>: the common <see cref="DiagramOptions"/> plus Graphviz styling.</summary>
public sealed record DotOptions : DiagramOptions
{
    private readonly string _fontName = "Helvetica";
    private readonly string _highlightColor = "#ffe08a";

    /// <summary>The font Graphviz uses; "Helvetica" by default (fontconfig substitutes an installed sans-serif).</summary>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    public string FontName { get => _fontName; init => _fontName = value ?? throw new ArgumentNullException(nameof(FontName), "DotOptions.FontName is null; expected a font name."); }

    /// <summary>The fill colour of highlighted nodes, any Graphviz colour; "#ffe08a" by default.</summary>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    public string HighlightColor { get => _highlightColor; init => _highlightColor = value ?? throw new ArgumentNullException(nameof(HighlightColor), "DotOptions.HighlightColor is null; expected a Graphviz colour."); }
}
