using System.Text;

namespace AutoGrad.Graphs;

/// <summary>
/// Writes a graph in Graphviz's DOT language: one box per value with its label, data and gradient,
/// one small node per operation, edges input → op → result (named a/b, base/exp where the operand
/// order matters), and a cluster per <see cref="Scope"/>, or a single box for a collapsed one.
/// Render the text with <see cref="Graphviz.Render"/> or any Graphviz tool.
/// </summary>
/// <example>
/// <code>
/// Value z = (x + y).Pow(2);
/// z.Backward();
/// File.WriteAllText("z.dot", DotExporter.Export(z));
/// </code>
/// </example>
public static class DotExporter
{
    /// <summary>
    /// The DOT text for the graph that produces <paramref name="root"/>. The same graph always gives
    /// byte-identical text: node ids follow the topological order. Any label text is shown literally.
    /// </summary>
    /// <param name="root">The output whose graph to draw.</param>
    /// <param name="options">Look and limits; defaults if null.</param>
    /// <returns>A complete <c>digraph</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="root"/> is null.</exception>
    /// <exception cref="ArgumentException">A pattern in <see cref="DiagramOptions.Collapse"/> or <see cref="DiagramOptions.Expand"/> is empty or matches no scope.</exception>
    /// <exception cref="GraphTooLargeException">The graph exceeds <see cref="DiagramOptions.MaxNodes"/> and cannot be collapsed to fit.</exception>
    public static string Export(Value root, DotOptions? options = null)
    {
        options ??= new DotOptions();
        return ExportDrawing(DiagramGraph.Build(root, options), options);
    }

    /// <summary>The DOT text of a diagram already built (the explorer builds it once for the picture and its data).</summary>
    internal static string ExportDrawing(DiagramGraph graph, DotOptions options)
    {
        var dot = new StringBuilder();
        dot.Append(Header(options));
        foreach (DiagramNode node in graph.TopLevelNodes)
        {
            dot.Append("  ").Append(NodeStatement(node, options)).Append('\n');
        }

        ClusterWalk.Visit(
            graph.Clusters,
            (cluster, level) =>
            {
                string indent = ClusterWalk.Indent(level);
                dot.Append($"{indent}subgraph {cluster.Id} {{\n");
                dot.Append($"{indent}  {ClusterAttributes(cluster, options)}\n");
                foreach (DiagramNode node in cluster.Nodes)
                {
                    dot.Append(ClusterWalk.Indent(level + 1)).Append(NodeStatement(node, options)).Append('\n');
                }
            },
            (cluster, level) => dot.Append($"{ClusterWalk.Indent(level)}}}\n"));

        foreach (DiagramEdge edge in graph.Edges)
        {
            dot.Append($"  {edge.From} -> {edge.To}{EdgeAttributes(edge, options)};\n");
        }

        if (graph.Note is not null)
        {
            // After the clusters, so they do not inherit the note's placement.
            dot.Append($"  label=<{Html(graph.Note, options.MaxLabelLength)}>; labelloc=\"t\"; labeljust=\"l\"; fontsize=10; fontcolor=\"#8a5a00\";\n");
        }

        dot.Append("}\n");
        return dot.ToString();
    }

    /// <summary>The graph's opening line and its default graph, node and edge attributes.</summary>
    internal static string Header(DotOptions options)
    {
        string font = Quoted(options.FontName);
        return "digraph G {\n"
            + $"  graph [rankdir={(options.Direction == RankDirection.TopToBottom ? "TB" : "LR")}, fontname={font}, nodesep=0.3, ranksep=0.45];\n"
            + $"  node [fontname={font}, fontsize=11];\n"
            + "  edge [arrowsize=0.7, color=\"#555555\"];\n";
    }

    /// <summary>A cluster's label and style, written first inside its <c>subgraph</c>.</summary>
    internal static string ClusterAttributes(DiagramCluster cluster, DotOptions options) =>
        $"label=<{Html(cluster.Name, options.MaxLabelLength)}>; style=\"rounded\"; color=\"#9a9a9a\"; fontcolor=\"#555555\"; fontsize=10;";

    /// <summary>An edge's attribute list with its leading space (operand name, highlight), or empty.</summary>
    internal static string EdgeAttributes(DiagramEdge edge, DotOptions options)
    {
        var attributes = new List<string>();
        if (edge.Label is not null)
        {
            attributes.Add($"label=<{Html(edge.Label, options.MaxLabelLength)}>, fontsize=9, fontcolor=\"#555555\"");
        }

        if (edge.Highlighted)
        {
            attributes.Add("color=\"#b8860b\", penwidth=2");
        }

        return attributes.Count > 0 ? $" [{string.Join(", ", attributes)}]" : "";
    }

    /// <summary>
    /// The attributes of a scope drawn as one box, around its count: the text before the count and
    /// the text after it, so the explorer page can draw a box for any scope with the exporter's own words.
    /// </summary>
    internal static (string Before, string After) CollapsedScopeAttributes(string title, DotOptions options) =>
        ($"[shape=box3d, label=<{Html(title, options.MaxLabelLength)}<BR/><FONT POINT-SIZE=\"9\">", " values</FONT>>]");

    /// <summary>One node's statement, <c>id [attributes];</c>, without indentation.</summary>
    internal static string NodeStatement(DiagramNode node, DotOptions options)
    {
        string fill = Quoted(node.Highlighted ? options.HighlightColor : "#ffffff");
        switch (node.Kind)
        {
            case DiagramNodeKind.Op:
                return $"{node.Id} [shape=ellipse, style=filled, fillcolor={(node.Highlighted ? fill : "\"#eeeeee\"")}, margin=\"0.05,0.02\", height=0.3, label=<{Html(node.Title, options.MaxLabelLength)}>];";
            case DiagramNodeKind.CollapsedScope:
                (string before, string after) = CollapsedScopeAttributes(node.Title, options);
                return $"{node.Id} {before}{node.CollapsedCount}{after};";
            case DiagramNodeKind.Group:
                return $"{node.Id} [shape=box, style=\"dashed\", label=<{Html(node.Title, options.MaxLabelLength)}<BR/><FONT POINT-SIZE=\"9\">{node.CollapsedCount} values</FONT>>];";
            default:
                var cells = new StringBuilder();
                if (node.Op is not null)
                {
                    cells.Append($"<TD><B>{Html(node.Op, options.MaxLabelLength)}</B></TD>");
                }

                if (node.Title.Length > 0)
                {
                    cells.Append($"<TD>{Html(node.Title, options.MaxLabelLength)}</TD>");
                }

                cells.Append($"<TD>data {Html(node.Data!, options.MaxLabelLength)}</TD>");
                if (node.Grad is not null)
                {
                    cells.Append($"<TD>grad {Html(node.Grad, options.MaxLabelLength)}</TD>");
                }

                if (node.Note is not null)
                {
                    cells.Append($"<TD><I>{Html(node.Note, options.MaxLabelLength)}</I></TD>");
                }

                return $"{node.Id} [shape=plaintext, label=<<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"4\" BGCOLOR={fill}><TR>{cells}</TR></TABLE>>];";
        }
    }

    /// <summary>
    /// Text for a Graphviz HTML-like label: markup characters become entities, so text can never become
    /// structure. Cut with "…" where the escaped text would pass <paramref name="maxLength"/> characters
    /// (<see cref="DiagramOptions.MaxLabelLength"/>), never inside an entity, so a label stays far
    /// below Graphviz's 16 KB limit for HTML-like labels.
    /// </summary>
    internal static string Html(string text, int maxLength = int.MaxValue)
    {
        var html = new StringBuilder(Math.Min(text.Length, maxLength) + 1);
        foreach (Rune rune in text.EnumerateRunes()) // invalid UTF-16 arrives as U+FFFD
        {
            string piece = rune.Value switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                ']' => "&#93;", // Graphviz's HTML lexer fails on a label ending in ']'
                '\n' => "<BR/>",
                '\r' => "",
                '\t' => "&#160;&#160;&#160;&#160;",
                < 0x20 or 0x7F => $"\\u{rune.Value:X4}", // XML forbids control characters even as entities: show their code
                _ => rune.ToString(),
            };
            if (html.Length + piece.Length > maxLength)
            {
                return html.Append('…').ToString();
            }

            html.Append(piece);
        }

        return html.ToString();
    }

    /// <summary>A DOT double-quoted string.</summary>
    private static string Quoted(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
