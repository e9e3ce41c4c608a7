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
        DiagramGraph graph = DiagramGraph.Build(root, options);
        var dot = new StringBuilder();
        string font = Quoted(options.FontName);
        dot.Append("digraph G {\n");
        dot.Append($"  graph [rankdir={(options.Direction == RankDirection.TopToBottom ? "TB" : "LR")}, fontname={font}, nodesep=0.3, ranksep=0.45];\n");
        dot.Append($"  node [fontname={font}, fontsize=11];\n");
        dot.Append("  edge [arrowsize=0.7, color=\"#555555\"];\n");
        foreach (DiagramNode node in graph.TopLevelNodes)
        {
            AppendNode(dot, node, options, "  ");
        }

        ClusterWalk.Visit(
            graph.Clusters,
            (cluster, level) =>
            {
                string indent = ClusterWalk.Indent(level);
                dot.Append($"{indent}subgraph {cluster.Id} {{\n");
                dot.Append($"{indent}  label=<{Html(cluster.Name, options.MaxLabelLength)}>; style=\"rounded\"; color=\"#9a9a9a\"; fontcolor=\"#555555\"; fontsize=10;\n");
                foreach (DiagramNode node in cluster.Nodes)
                {
                    AppendNode(dot, node, options, ClusterWalk.Indent(level + 1));
                }
            },
            (cluster, level) => dot.Append($"{ClusterWalk.Indent(level)}}}\n"));

        foreach (DiagramEdge edge in graph.Edges)
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

            dot.Append($"  {edge.From} -> {edge.To}{(attributes.Count > 0 ? $" [{string.Join(", ", attributes)}]" : "")};\n");
        }

        if (graph.Note is not null)
        {
            // After the clusters, so they do not inherit the note's placement.
            dot.Append($"  label=<{Html(graph.Note, options.MaxLabelLength)}>; labelloc=\"t\"; labeljust=\"l\"; fontsize=10; fontcolor=\"#8a5a00\";\n");
        }

        dot.Append("}\n");
        return dot.ToString();
    }

    private static void AppendNode(StringBuilder dot, DiagramNode node, DotOptions options, string indent)
    {
        string fill = Quoted(node.Highlighted ? options.HighlightColor : "#ffffff");
        switch (node.Kind)
        {
            case DiagramNodeKind.Op:
                dot.Append($"{indent}{node.Id} [shape=ellipse, style=filled, fillcolor={(node.Highlighted ? fill : "\"#eeeeee\"")}, margin=\"0.05,0.02\", height=0.3, label=<{Html(node.Title, options.MaxLabelLength)}>];\n");
                break;
            case DiagramNodeKind.CollapsedScope:
                dot.Append($"{indent}{node.Id} [shape=box3d, label=<{Html(node.Title, options.MaxLabelLength)}<BR/><FONT POINT-SIZE=\"9\">{node.CollapsedCount} values</FONT>>];\n");
                break;
            case DiagramNodeKind.Group:
                dot.Append($"{indent}{node.Id} [shape=box, style=\"dashed\", label=<{Html(node.Title, options.MaxLabelLength)}<BR/><FONT POINT-SIZE=\"9\">{node.CollapsedCount} values</FONT>>];\n");
                break;
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

                dot.Append($"{indent}{node.Id} [shape=plaintext, label=<<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"4\" BGCOLOR={fill}><TR>{cells}</TR></TABLE>>];\n");
                break;
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
