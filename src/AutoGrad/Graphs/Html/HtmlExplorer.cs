using System.Net;
using System.Reflection;
using System.Text;
using AutoGrad.IO;

namespace AutoGrad.Graphs.Html;

/// <summary>
/// Writes the interactive explorer: one self-contained HTML page holding the graph laid out by
/// Graphviz as SVG, the numbers behind it as JSON, and a small inline script that shows each node's
/// local derivatives and steps through the forward and backward passes. The page loads nothing
/// from the network, so it opens from a file, offline.
/// </summary>
internal static class HtmlExplorer
{
    private const string DataMarker = "/*GRAPH-DATA*/";
    private const string SvgMarker = "<!--GRAPH-SVG-->";
    private const string StyleMarker = "/*EXPLORER-STYLE*/";
    private const string ScriptMarker = "/*EXPLORER-SCRIPT*/";
    private const string LayoutEngineMarker = "<!--LAYOUT-ENGINE-->";
    private const string TitleMarker = "GRAPH-HEADING";
    private const string PageTitleMarker = "GRAPH-TITLE";

    /// <summary>Renders the page for <paramref name="root"/>'s graph and writes it atomically; returns Graphviz's warnings.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled; nothing was written.</exception>
    public static string Write(Value root, string path, DotOptions options, string graphvizProgram, string? title = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        (string page, string warnings) = Page(root, options, graphvizProgram, title, cancellation);
        AtomicFile.WriteAllText(path, page);
        return warnings;
    }

    /// <summary>
    /// The page's text and Graphviz's warnings. The same graph always gives the same bytes. The page's
    /// title and header are <paramref name="title"/> (the formula typed, or the caller's words), else
    /// the output's label.
    /// </summary>
    public static (string Page, string Warnings) Page(Value root, DotOptions options, string graphvizProgram = "dot", string? title = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(options);
        DiagramGraph drawn = DiagramGraph.Build(root, options); // once, for the picture and the data behind it
        string dot = DotExporter.ExportDrawing(drawn, options);
        string data = ExplorerData.Write(root, options, drawn);
        GraphvizRun run = Graphviz.Run(dot, ["-Tsvg"], Graphviz.DefaultTimeout, graphvizProgram, cancellation);
        string svg = InlineSvg(Encoding.UTF8.GetString(run.Output));
        string heading = title is { Length: > 0 } ? title : root.Label is { Length: > 0 } label ? label : "the graph of one output";

        string page = Fill(Resource("explorer.html"), new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [PageTitleMarker] = WebUtility.HtmlEncode(heading + " — AutoGrad explorer"),
            [TitleMarker] = WebUtility.HtmlEncode(heading),
            [StyleMarker] = Resource("explorer.css"),
            [SvgMarker] = svg,
            [DataMarker] = data,
            [ScriptMarker] = Resource("explorer.js"),

            // Graphviz in WebAssembly, 1.3 MB, only where there is a scope to collapse: it lays the graph out again in the page.
            [LayoutEngineMarker] = drawn.Clusters.Count > 0 || drawn.CollapsedScopes.Count > 0 ? "<script>" + Resource("viz-global.js", keepLineEndings: true) + "</script>" : "",
        });
        return (page, run.Warnings);
    }

    /// <summary>
    /// The template with each marker replaced, in one pass over the template: a label that happens to
    /// spell a marker stays text, because what is put in is never searched again.
    /// </summary>
    private static string Fill(string template, Dictionary<string, string> values)
    {
        var page = new StringBuilder(template.Length + values.Values.Sum(v => v.Length));
        int at = 0;
        while (true)
        {
            int index = -1;
            string? marker = null;
            foreach (string candidate in values.Keys)
            {
                int found = template.IndexOf(candidate, at, StringComparison.Ordinal);
                if (found >= 0 && (index < 0 || found < index))
                {
                    (index, marker) = (found, candidate);
                }
            }

            if (marker is null)
            {
                return page.Append(template, at, template.Length - at).ToString();
            }

            page.Append(template, at, index - at).Append(values[marker]);
            at = index + marker.Length;
        }
    }

    /// <summary>The <c>&lt;svg&gt;</c> element alone: the XML declaration, doctype and generator comment go.</summary>
    private static string InlineSvg(string document)
    {
        int start = document.IndexOf("<svg", StringComparison.Ordinal);
        if (start < 0)
        {
            throw new GraphvizException("Graphviz wrote no <svg> element for the explorer.", document);
        }

        return document[start..].TrimEnd();
    }

    /// <summary>A resource's text; line endings become \n unless it holds data that must stay byte for byte (viz.js carries WebAssembly in a string).</summary>
    private static string Resource(string name, bool keepLineEndings = false)
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("AutoGrad.Graphs.Html." + name)
            ?? throw new InvalidOperationException($"The explorer's resource '{name}' is missing from the AutoGrad assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        string text = reader.ReadToEnd();
        return keepLineEndings ? text : text.ReplaceLineEndings("\n");
    }
}
