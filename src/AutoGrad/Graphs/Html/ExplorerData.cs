using System.Text.Json;

namespace AutoGrad.Graphs.Html;

/// <summary>
/// The numbers the explorer page shows, as JSON: per value its op, data, gradient, place in the
/// topological order, scope path, and per input edge the recorded local derivative and its
/// chain-rule contribution; per scope the diagram nodes it holds, so the page can collapse it.
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

    public static string Write(Value root, DiagramOptions options)
    {
        List<Value> order = root.CollectTopologicalOrder();
        DiagramGraph diagram = DiagramGraph.Build(root, options);
        Dictionary<DiagramCluster, DiagramCluster?> parents = ParentOfEachCluster(diagram);
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
                WriteNode(json, order[i], i, ids, diagram.DrawnAs[order[i]], parents);
            }

            json.WriteEndArray();
            json.WriteStartArray("boxes");
            foreach (DiagramNode box in diagram.Nodes.Where(n => n.Kind is DiagramNodeKind.CollapsedScope or DiagramNodeKind.Group))
            {
                json.WriteStartObject();
                json.WriteString("id", box.Id);
                json.WriteString("name", box.Title);
                json.WriteString("kind", box.Kind == DiagramNodeKind.Group ? "group" : "scope");
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("clusters");
            foreach ((DiagramCluster cluster, DiagramCluster? parent) in parents)
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

                json.WriteStartArray("nodes");
                foreach (DiagramNode node in cluster.Nodes)
                {
                    json.WriteStringValue(node.Id);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteNode(Utf8JsonWriter json, Value node, int index, Dictionary<Value, string> ids, DiagramNode shownBy, Dictionary<DiagramCluster, DiagramCluster?> parents)
    {
        json.WriteStartObject();
        json.WriteString("id", ids[node]);

        // Where the picture shows it: its own box, or the box, group or op it is drawn in.
        json.WriteString("shownBy", shownBy.Id);
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
            // The number Backward multiplies by: recorded from the op's own declaration when the node was made.
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
