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

        foreach (DiagramCluster cluster in graph.Clusters)
        {
            AppendCluster(dot, cluster, options, "  ");
        }

        foreach (DiagramEdge edge in graph.Edges)
        {
            var attributes = new List<string>();
            if (edge.Label is not null)
            {
                attributes.Add($"label=<{Html(edge.Label)}>, fontsize=9, fontcolor=\"#555555\"");
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
            dot.Append($"  label=<{Html(graph.Note)}>; labelloc=\"t\"; labeljust=\"l\"; fontsize=10; fontcolor=\"#8a5a00\";\n");
        }

        dot.Append("}\n");
        return dot.ToString();
    }

    private static void AppendCluster(StringBuilder dot, DiagramCluster cluster, DotOptions options, string indent)
    {
        dot.Append($"{indent}subgraph {cluster.Id} {{\n");
        dot.Append($"{indent}  label=<{Html(cluster.Name)}>; style=\"rounded\"; color=\"#9a9a9a\"; fontcolor=\"#555555\"; fontsize=10;\n");
        foreach (DiagramNode node in cluster.Nodes)
        {
            AppendNode(dot, node, options, indent + "  ");
        }

        foreach (DiagramCluster child in cluster.Children)
        {
            AppendCluster(dot, child, options, indent + "  ");
        }

        dot.Append($"{indent}}}\n");
    }

    private static void AppendNode(StringBuilder dot, DiagramNode node, DotOptions options, string indent)
    {
        string fill = Quoted(node.Highlighted ? options.HighlightColor : "#ffffff");
        switch (node.Kind)
        {
            case DiagramNodeKind.Op:
                dot.Append($"{indent}{node.Id} [shape=ellipse, style=filled, fillcolor={(node.Highlighted ? fill : "\"#eeeeee\"")}, margin=\"0.05,0.02\", height=0.3, label=<{Html(node.Title)}>];\n");
                break;
            case DiagramNodeKind.CollapsedScope:
                dot.Append($"{indent}{node.Id} [shape=box3d, label=<{Html(node.Title)}<BR/><FONT POINT-SIZE=\"9\">{node.CollapsedCount} values</FONT>>];\n");
                break;
            case DiagramNodeKind.Group:
                dot.Append($"{indent}{node.Id} [shape=box, style=\"dashed\", label=<{Html(node.Title)}<BR/><FONT POINT-SIZE=\"9\">{node.CollapsedCount} values</FONT>>];\n");
                break;
            default:
                var cells = new StringBuilder();
                if (node.Op is not null)
                {
                    cells.Append($"<TD><B>{Html(node.Op)}</B></TD>");
                }

                if (node.Title.Length > 0)
                {
                    cells.Append($"<TD>{Html(node.Title)}</TD>");
                }

                cells.Append($"<TD>data {Html(node.Data!)}</TD>");
                if (node.Grad is not null)
                {
                    cells.Append($"<TD>grad {Html(node.Grad)}</TD>");
                }

                if (node.Note is not null)
                {
                    cells.Append($"<TD><I>{Html(node.Note)}</I></TD>");
                }

                dot.Append($"{indent}{node.Id} [shape=plaintext, label=<<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"4\" BGCOLOR={fill}><TR>{cells}</TR></TABLE>>];\n");
                break;
        }
    }

    /// <summary>Text for a Graphviz HTML-like label: markup characters become entities, so text can never become structure.</summary>
    internal static string Html(string text)
    {
        var html = new StringBuilder(text.Length);
        foreach (Rune rune in text.EnumerateRunes()) // invalid UTF-16 arrives as U+FFFD
        {
            switch (rune.Value)
            {
                case '&': html.Append("&amp;"); break;
                case '<': html.Append("&lt;"); break;
                case '>': html.Append("&gt;"); break;
                case '"': html.Append("&quot;"); break;
                case '\'': html.Append("&#39;"); break;
                case ']': html.Append("&#93;"); break; // Graphviz's HTML lexer fails on a label ending in ']'
                case '\n': html.Append("<BR/>"); break;
                case '\r': break;
                case '\t': html.Append("&#160;&#160;&#160;&#160;"); break;
                case < 0x20 or 0x7F:
                    html.Append($"\\u{rune.Value:X4}"); // XML forbids control characters even as entities: show their code
                    break;
                default: html.Append(rune.ToString()); break;
            }
        }

        return html.ToString();
    }

    /// <summary>A DOT double-quoted string.</summary>
    private static string Quoted(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
