using System.Xml.Linq;

namespace AutoGrad.Tests.Interactive;

/// <summary>Reads the value boxes out of the graph HTML the notebook formatter writes (Graphviz's SVG inside a div).</summary>
internal static class GraphSvg
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>Each value box's texts (label, "data …", "grad …"), in the order drawn; op circles are left out.</summary>
    public static string[][] Boxes(string html)
    {
        int start = html.IndexOf("<svg", StringComparison.Ordinal);
        int end = html.LastIndexOf("</svg>", StringComparison.Ordinal) + "</svg>".Length;
        XElement svg = XElement.Parse(html[start..end]);
        return svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "node")
            .Select(g => g.Descendants(Svg + "text").Select(t => t.Value).ToArray())
            .Where(texts => texts.Any(t => t.StartsWith("data ", StringComparison.Ordinal)))
            .ToArray();
    }
}
