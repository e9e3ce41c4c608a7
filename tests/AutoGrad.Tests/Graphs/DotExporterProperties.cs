using AutoGrad.Graphs;
using FsCheck;
using FsCheck.Fluent;

namespace AutoGrad.Tests.Graphs;

/// <summary>For generated graphs with labels drawn from nasty characters, the real Graphviz parses the output and lays out exactly the graph's nodes.</summary>
public class DotExporterProperties
{
    private static readonly string[] NastyPieces =
        ["\"", "\\", "{", "}", "|", "<", ">", "\n", "\t", "&", "&amp;", "]", "[", ";", "->", "--", "😀", "한국어", "é", "\r\n", "\u0001", " ", "x", "<BR/>", "</TD>", "}}\"];"];

    private static readonly Gen<string?> Labels =
        Gen.OneOf(
            Gen.Constant<string?>(null),
            Gen.ListOf(Gen.Elements(NastyPieces)).Select(pieces => (string?)string.Concat(pieces)));

    private static readonly Gen<(int Op, int A, int B)> Steps =
        from op in Gen.Choose(0, 5)
        from a in Gen.Choose(0, 1000)
        from b in Gen.Choose(0, 1000)
        select (op, a, b);

    /// <summary>A random graph: leaves, then ops on earlier nodes, every node with a maybe-nasty label, some inside scopes with nasty names.</summary>
    private static readonly Gen<(Value Root, int ValueCount, int OpCount)> Graphs =
        from leafCount in Gen.Choose(1, 4)
        from steps in Gen.ListOf(Steps).Select(l => l.Take(15).ToArray())
        from labels in Gen.ArrayOf(Labels, leafCount + steps.Length)
        from scopeName in Gen.Elements(NastyPieces).Select(p => "scope " + p)
        select Build(leafCount, steps, labels, scopeName);

    [Fact]
    public void Graphviz_ParsesEveryExport_AndLaysOutEveryNode()
    {
        PropertyRunner.Check(Prop.ForAll(Graphs.ToArbitrary(), graph =>
        {
            string dot = DotExporter.Export(graph.Root);
            try
            {
                int laidOut = GraphvizCheck.NodeCount(dot);
                return (laidOut == graph.ValueCount + graph.OpCount).Label($"laid out {laidOut}, expected {graph.ValueCount} values + {graph.OpCount} ops:\n{dot}");
            }
            catch (GraphvizException e)
            {
                return false.Label($"{e.Message}\n{dot}");
            }
        }));
    }

    [Fact]
    public void Mermaid_NeverLetsLabelTextCloseALabel()
    {
        PropertyRunner.Check(Prop.ForAll(Graphs.ToArbitrary(), graph =>
        {
            string mermaid = MermaidExporter.Export(graph.Root);
            // Every line is a node, an edge, a subgraph start or end: quotes only ever open and close a label.
            return mermaid.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .All(line => line.Count(c => c == '"') is 0 or 2 && !line.Contains('\t') && !line.Contains('\r'));
        }));
    }

    private static (Value, int, int) Build(int leafCount, (int Op, int A, int B)[] steps, string?[] labels, string scopeName)
    {
        var nodes = new List<Value>();
        for (int i = 0; i < leafCount; i++)
        {
            nodes.Add(new Value(i + 0.5, labels[i]));
        }

        int ops = 0;
        for (int s = 0; s < steps.Length; s++)
        {
            (int op, int a, int b) = steps[s];
            Value x = nodes[a % nodes.Count];
            Value y = nodes[b % nodes.Count];
            using Scope? scope = s % 3 == 1 ? Scope.Enter(scopeName) : null;
            Value result = op switch
            {
                0 => x + y,
                1 => x * y,
                2 => x.Tanh(),
                3 => Value.Sum([x, y, x]),
                4 => Value.Custom(labels[leafCount + s] is { } name && !string.IsNullOrWhiteSpace(name) ? name : "f", x.Data, [x], [1.0]),
                _ => x.LeakyRelu(0.1),
            };
            result.Label = labels[leafCount + s];
            nodes.Add(result);
            ops++;
        }

        Value root = nodes[^1];
        root.Backward();
        int reachable = root.TopologicalOrder().Count;
        int reachableOps = root.TopologicalOrder().Count(v => !v.IsLeaf);
        return (root, reachable, reachableOps);
    }
}
