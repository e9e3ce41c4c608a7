using System.Text.Json;

namespace AutoGrad.Graphs.Html;

/// <summary>
/// The numbers the explorer page shows, as JSON: per value its op, data, gradient, place in the
/// topological order, scope path, and per input edge the recorded local derivative and its
/// chain-rule contribution; per scope the diagram nodes it holds, and the drawing with every scope
/// open as DOT statements, so the page can collapse and expand any scope and lay the graph out again.
/// </summary>
/// <remarks>
/// Ids come from <see cref="DiagramGraph.ValueId"/>, the one scheme the drawing uses too (<c>v</c> +
/// index in the full topological order, <c>_op</c> for a separate op node, <c>cluster_k</c> for a
/// scope, <c>s</c>/<c>g</c> for a collapsed scope or group), so the page finds each value in the SVG by
/// its <c>&lt;title&gt;</c>; <c>shownBy</c> names the element that shows a value drawn inside another. NaN and ±∞ are written as the strings "NaN", "Infinity" and
/// "-Infinity", which JSON has no numbers for. The writer's default encoder escapes &lt;, &gt;, &amp;
/// and quotes, so no label can end the script element it is embedded in.
/// </remarks>
internal static class ExplorerData
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false };

    /// <summary>The page's JSON for <paramref name="root"/>'s graph, whose SVG is the layout of <paramref name="drawn"/>.</summary>
    public static string Write(Value root, DotOptions options, DiagramGraph drawn)
    {
        List<Value> order = root.CollectTopologicalOrder();

        // The page re-lays out the graph when a scope is collapsed or expanded, from the drawing with
        // every scope open: the same nodes, edges and clusters the exporter writes, in its own words.
        DiagramGraph open = drawn.CollapsedScopes.Count == 0 ? drawn : DiagramGraph.Build(root, options with { Collapse = [], MaxNodes = int.MaxValue });
        Dictionary<DiagramCluster, DiagramCluster?> parents = ParentOfEachCluster(drawn);
        Dictionary<DiagramCluster, DiagramCluster?> openParents = ParentOfEachCluster(open);
        var drawnClusters = new Dictionary<Scope, DiagramCluster>(ReferenceEqualityComparer.Instance);
        foreach (DiagramCluster cluster in parents.Keys)
        {
            drawnClusters.Add(cluster.Scope!, cluster);
        }

        var drawnBoxes = new Dictionary<Scope, DiagramNode>(ReferenceEqualityComparer.Instance);
        foreach (DiagramNode box in drawn.Nodes.Where(n => n.Kind == DiagramNodeKind.CollapsedScope))
        {
            drawnBoxes.Add(box.Scope!, box);
        }
        var ids = new Dictionary<Value, string>(order.Count, ReferenceEqualityComparer.Instance);
        for (int i = 0; i < order.Count; i++)
        {
            ids[order[i]] = DiagramGraph.ValueId(i);
        }

        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("root", ids[root]);
            json.WriteString("direction", options.Direction == RankDirection.TopToBottom ? "TB" : "LR");
            json.WriteStartArray("nodes");
            for (int i = 0; i < order.Count; i++)
            {
                WriteNode(json, order[i], i, ids, drawn.DrawnAs[order[i]], open.DrawnAs[order[i]], parents);
            }

            json.WriteEndArray();
            json.WriteStartArray("boxes");
            foreach (DiagramNode box in drawn.Nodes.Where(n => n.Kind is DiagramNodeKind.CollapsedScope or DiagramNodeKind.Group))
            {
                json.WriteStartObject();
                json.WriteString("id", box.Id);
                json.WriteString("name", box.Title);
                json.WriteString("kind", box.Kind == DiagramNodeKind.Group ? "group" : "scope");
                json.WriteEndObject();
            }

            json.WriteEndArray();

            // The clusters of the open drawing, with the ids the first picture gives them: its cluster
            // of the same scope, or its box when the scope was collapsed when the page was made.
            json.WriteStartArray("clusters");
            foreach ((DiagramCluster cluster, DiagramCluster? parent) in openParents)
            {
                json.WriteStartObject();
                json.WriteString("id", cluster.Id);
                json.WriteString("name", cluster.Name);
                if (parent is null)
                {
                    json.WriteNull("parent");
                }
                else
                {
                    json.WriteString("parent", parent.Id);
                }

                WriteIdOrNull(json, "drawnId", drawnClusters.GetValueOrDefault(cluster.Scope!)?.Id);
                WriteIdOrNull(json, "drawnBox", drawnBoxes.GetValueOrDefault(cluster.Scope!)?.Id);
                json.WriteString("dot", DotExporter.ClusterAttributes(cluster, options));
                (string before, string after) = DotExporter.CollapsedScopeAttributes(cluster.Name, options);
                json.WriteStartArray("box");
                json.WriteStringValue(before);
                json.WriteStringValue(after);
                json.WriteEndArray();
                json.WriteStartArray("nodes");
                foreach (DiagramNode node in cluster.Nodes)
                {
                    json.WriteStringValue(node.Id);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            WriteLayout(json, open, options);
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// The open drawing as DOT statements, so the page can write the DOT of any set of collapsed
    /// scopes: the header, each node's statement, each edge with its attributes, and the outermost clusters.
    /// </summary>
    private static void WriteLayout(Utf8JsonWriter json, DiagramGraph open, DotOptions options)
    {
        json.WriteStartObject("layout");
        json.WriteString("head", DotExporter.Header(options));
        json.WriteStartObject("statements");
        foreach (DiagramNode node in open.Nodes)
        {
            json.WriteString(node.Id, DotExporter.NodeStatement(node, options));
        }

        json.WriteEndObject();
        json.WriteStartArray("top");
        foreach (DiagramNode node in open.TopLevelNodes)
        {
            json.WriteStringValue(node.Id);
        }

        json.WriteEndArray();
        json.WriteStartArray("roots");
        foreach (DiagramCluster cluster in open.Clusters)
        {
            json.WriteStringValue(cluster.Id);
        }

        json.WriteEndArray();
        json.WriteStartArray("edges");
        foreach (DiagramEdge edge in open.Edges)
        {
            json.WriteStartArray();
            json.WriteStringValue(edge.From);
            json.WriteStringValue(edge.To);
            json.WriteStringValue(DotExporter.EdgeAttributes(edge, options));
            json.WriteEndArray();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteIdOrNull(Utf8JsonWriter json, string name, string? id)
    {
        if (id is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, id);
        }
    }

    private static void WriteNode(Utf8JsonWriter json, Value node, int index, Dictionary<Value, string> ids, DiagramNode shownBy, DiagramNode openBy, Dictionary<DiagramCluster, DiagramCluster?> parents)
    {
        // The page shows each edge's local derivative beside the node's value: both must be of one point.
        node.ThrowIfInputsChangedSinceComputed("the explorer");
        json.WriteStartObject();
        json.WriteString("id", ids[node]);

        // Where the first picture shows it: its own box, or the box, group or op it is drawn in; and
        // where the drawing with every scope open does (its own box, or the op a constant is written into).
        json.WriteString("shownBy", shownBy.Id);
        json.WriteString("openBy", openBy.Id);
        json.WriteString("label", node.Label ?? "");
        json.WriteString("op", node.Op.ToString());
        json.WriteString("symbol", node.IsLeaf ? "" : OpSymbols.For(node));
        WriteNumber(json, "data", node.Data);
        WriteNumber(json, "grad", node.Grad);
        json.WriteNumber("step", index);
        json.WriteStartArray("scope");
        foreach (string name in ScopePath(shownBy, parents))
        {
            json.WriteStringValue(name);
        }

        json.WriteEndArray();
        json.WriteStartArray("inputs");
        for (int i = 0; i < node.InputCount; i++)
        {
            // The number Backward multiplies by: the op's kernel at the inputs' data (checked above to be
            // the data the node was computed from).
            double local = node.GetLocalGradient(i);
            json.WriteStartObject();
            json.WriteString("id", ids[node.GetInput(i)]);
            WriteNumber(json, "local", local);
            WriteNumber(json, "contribution", node.Grad * local);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double x)
    {
        if (double.IsFinite(x))
        {
            json.WriteNumber(name, x);
        }
        else
        {
            json.WriteString(name, double.IsNaN(x) ? "NaN" : x > 0 ? "Infinity" : "-Infinity");
        }
    }

    /// <summary>The scope names from the outermost in, as the diagram draws the value (a parameter inside the neuron that uses it, a value inside its collapsed box).</summary>
    private static List<string> ScopePath(DiagramNode shownBy, Dictionary<DiagramCluster, DiagramCluster?> parents)
    {
        var path = new List<string>();
        if (shownBy.Kind == DiagramNodeKind.CollapsedScope)
        {
            path.Add(shownBy.Title);
        }

        for (DiagramCluster? c = shownBy.Cluster; c is not null; c = parents[c])
        {
            path.Add(c.Name);
        }

        path.Reverse();
        return path;
    }

    /// <summary>Every cluster with its parent, outer clusters before the ones they hold.</summary>
    private static Dictionary<DiagramCluster, DiagramCluster?> ParentOfEachCluster(DiagramGraph diagram)
    {
        var parents = new Dictionary<DiagramCluster, DiagramCluster?>(ReferenceEqualityComparer.Instance);
        var pending = new Queue<(DiagramCluster, DiagramCluster?)>(diagram.Clusters.Select(c => (c, (DiagramCluster?)null)));
        while (pending.TryDequeue(out (DiagramCluster Cluster, DiagramCluster? Parent) next))
        {
            parents.Add(next.Cluster, next.Parent);
            foreach (DiagramCluster child in next.Cluster.Children)
            {
                pending.Enqueue((child, next.Cluster));
            }
        }

        return parents;
    }
}
