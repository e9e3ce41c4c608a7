namespace AutoGrad.Graphs;

/// <summary>The file formats <see cref="Graphviz.Render"/> writes.</summary>
public enum GraphvizFormat
{
    /// <summary>Scalable vector graphics: sharp at any size, for web pages and slides.</summary>
    Svg,

    /// <summary>A bitmap image.</summary>
    Png,

    /// <summary>A PDF page, for documents and print.</summary>
    Pdf,
}
