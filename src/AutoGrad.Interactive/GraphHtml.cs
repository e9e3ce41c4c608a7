using System.Globalization;
using AutoGrad.Graphs;
using Microsoft.DotNet.Interactive.Formatting;
using static Microsoft.DotNet.Interactive.Formatting.PocketViewTags;

namespace AutoGrad.Interactive;

/// <summary>A value's graph as HTML: Graphviz's SVG where <c>dot</c> is installed, else the Mermaid text and a table of the nodes.</summary>
internal static class GraphHtml
{
    /// <summary>The graph that ends at <paramref name="root"/>, drawn with data and grad per node.</summary>
    public static string Of(Value root)
    {
        if (Graphviz.IsInstalled)
        {
            return $"<div class=\"autograd-graph\">{Svg(DotExporter.Export(root))}</div>";
        }

        // Without Graphviz: the same graph as Mermaid text (which Mermaid-aware viewers draw) and every node's numbers.
        PocketView mermaid = pre[@class: "mermaid"](MermaidExporter.Export(root));
        PocketView note = p("Graphviz (dot) is not installed, so the graph is given as Mermaid text; install Graphviz to see it drawn.");
        PocketView view = div[@class: "autograd-graph"](note, mermaid, Tables.ValuesView(root.TopologicalOrder()));
        return view.ToDisplayString(HtmlFormatter.MimeType);
    }

    /// <summary>Graphviz's SVG for <paramref name="dot"/>, without the XML declaration and DOCTYPE that may not sit inside HTML.</summary>
    private static string Svg(string dot)
    {
        string path = Path.Combine(Path.GetTempPath(), "autograd-" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture) + ".svg");
        try
        {
            Graphviz.Render(dot, GraphvizFormat.Svg, path);
            string svg = File.ReadAllText(path);
            int start = svg.IndexOf("<svg", StringComparison.Ordinal);
            return start >= 0 ? svg[start..] : svg;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
