using System.Text;

namespace AutoGrad.Graphs;

/// <summary>
/// Writes a graph as a Mermaid flowchart, which GitHub renders inside Markdown (a <c>```mermaid</c>
/// block), so READMEs and notes can show live diagrams without image files. It draws what
/// <see cref="DotExporter"/> draws: values, op nodes, edges (named where operand order matters) and scopes as subgraphs.
/// </summary>
public static class MermaidExporter
{
    /// <summary>The Mermaid text for the graph that produces <paramref name="root"/>; deterministic, and any label text is shown literally.</summary>
    /// <param name="root">The output whose graph to draw.</param>
    /// <param name="options">Look and limits; defaults if null.</param>
    /// <returns>A <c>flowchart</c> definition, without the Markdown fence.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="root"/> is null.</exception>
    /// <exception cref="ArgumentException">A pattern in <see cref="DiagramOptions.Collapse"/> or <see cref="DiagramOptions.Expand"/> is empty or matches no scope.</exception>
    /// <exception cref="GraphTooLargeException">The graph exceeds <see cref="DiagramOptions.MaxNodes"/> and cannot be collapsed to fit.</exception>
    public static string Export(Value root, DiagramOptions? options = null)
    {
        options ??= new DiagramOptions();
        DiagramGraph graph = DiagramGraph.Build(root, options);
        var text = new StringBuilder();
        text.Append($"flowchart {(options.Direction == RankDirection.TopToBottom ? "TB" : "LR")}\n");
        foreach (DiagramNode node in graph.TopLevelNodes)
        {
            AppendNode(text, node, options, "  ");
        }

        ClusterWalk.Visit(
            graph.Clusters,
            (cluster, level) =>
            {
                text.Append($"{ClusterWalk.Indent(level)}subgraph {cluster.Id}[\"{Escape(cluster.Name, options.MaxLabelLength)}\"]\n");
                foreach (DiagramNode node in cluster.Nodes)
                {
                    AppendNode(text, node, options, ClusterWalk.Indent(level + 1));
                }
            },
            (cluster, level) => text.Append($"{ClusterWalk.Indent(level)}end\n"));

        foreach (DiagramEdge edge in graph.Edges)
        {
            text.Append(edge.Label is null ? $"  {edge.From} --> {edge.To}\n" : $"  {edge.From} -->|\"{Escape(edge.Label, options.MaxLabelLength)}\"| {edge.To}\n");
        }

        if (graph.Note is not null)
        {
            text.Append($"  note[\"{Escape(graph.Note, options.MaxLabelLength)}\"]\n");
            text.Append("  style note fill:#fff4d6,stroke:#8a5a00\n");
        }

        string[] highlighted = graph.Nodes.Where(n => n.Highlighted).Select(n => n.Id).ToArray();
        if (highlighted.Length > 0)
        {
            text.Append("  classDef highlight fill:#ffe08a,stroke:#b8860b\n");
            text.Append($"  class {string.Join(",", highlighted)} highlight\n");
        }

        return text.ToString();
    }

    private static void AppendNode(StringBuilder text, DiagramNode node, DiagramOptions options, string indent)
    {
        switch (node.Kind)
        {
            case DiagramNodeKind.Op:
                text.Append($"{indent}{node.Id}((\"{Escape(node.Title, options.MaxLabelLength)}\"))\n");
                break;
            case DiagramNodeKind.CollapsedScope:
                text.Append($"{indent}{node.Id}[[\"{Escape(node.Title, options.MaxLabelLength)}<br>{node.CollapsedCount} values\"]]\n");
                break;
            case DiagramNodeKind.Group:
                text.Append($"{indent}{node.Id}[/\"{Escape(node.Title, options.MaxLabelLength)}<br>{node.CollapsedCount} values\"/]\n");
                break;
            default:
                var parts = new List<string>();
                if (node.Op is not null)
                {
                    parts.Add(Escape(node.Op, options.MaxLabelLength));
                }

                if (node.Title.Length > 0)
                {
                    parts.Add(Escape(node.Title, options.MaxLabelLength));
                }

                parts.Add("data " + Escape(node.Data!, options.MaxLabelLength));
                if (node.Grad is not null)
                {
                    parts.Add("grad " + Escape(node.Grad, options.MaxLabelLength));
                }

                if (node.Note is not null)
                {
                    parts.Add(Escape(node.Note, options.MaxLabelLength));
                }

                text.Append($"{indent}{node.Id}[\"{string.Join(" | ", parts)}\"]\n");
                break;
        }
    }

    /// <summary>
    /// Text inside a quoted Mermaid label: everything but plain letters, digits and harmless
    /// punctuation becomes a numeric entity (<c>#60;</c>), so no text can close the label or add markup.
    /// Cut with an ellipsis (<c>#8230;</c>) where the escaped text would pass <paramref name="maxLength"/>
    /// characters (<see cref="DiagramOptions.MaxLabelLength"/>), never inside an entity.
    /// </summary>
    internal static string Escape(string text, int maxLength = int.MaxValue)
    {
        const string ellipsis = "#8230;";
        var escaped = new StringBuilder(Math.Min(text.Length, maxLength) + ellipsis.Length);
        foreach (Rune rune in text.EnumerateRunes())
        {
            int c = rune.Value;
            string piece = c == '\n' ? "<br>"
                : c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or ' ' or '.' or ',' or '-' or '+' or '_' or '=' or ':' ? ((char)c).ToString()
                : "#" + c.ToString(System.Globalization.CultureInfo.InvariantCulture) + ";";
            if (escaped.Length + piece.Length > maxLength)
            {
                return escaped.Append(ellipsis).ToString();
            }

            escaped.Append(piece);
        }

        return escaped.ToString();
    }
}
