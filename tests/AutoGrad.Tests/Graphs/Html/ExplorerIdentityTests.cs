using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using AutoGrad.Graphs;
using AutoGrad.Graphs.Html;

namespace AutoGrad.Tests.Graphs.Html;

/// <summary>
/// Every box of an explorer page against the node the page's data says it is, and that node against
/// the value behind it: one id scheme for the picture and the data, on graphs with folded constants,
/// collapsed scopes and a node budget.
/// </summary>
public sealed partial class ExplorerIdentityTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public static TheoryData<string> Pages => ["formula", "mlp", "mlp-batch collapsed", "mlp-batch budget"];

    [Theory]
    [MemberData(nameof(Pages))]
    public void EveryBox_ShowsTheValueItsIdNames_AndTheDataDescribesThatValue(string name)
    {
        Assert.True(Graphviz.IsInstalled, "Graphviz 'dot' is not installed (apt-get install graphviz; .ci/run installs it).");
        (Value root, DotOptions options) = Graph(name);
        List<Value> order = root.TopologicalOrder().ToList();
        string page = HtmlExplorer.Page(root, options).Page;
        using JsonDocument data = ExplorerPages.Data(page);
        JsonElement[] nodes = data.RootElement.GetProperty("nodes").EnumerateArray().ToArray();
        Dictionary<string, string> boxNames = data.RootElement.GetProperty("boxes").EnumerateArray()
            .ToDictionary(b => b.GetProperty("id").GetString()!, b => b.GetProperty("name").GetString()!);
        Dictionary<string, string[]> shown = SvgNodes(page);
        var names = new ScopeNames(order.Select(v => v.Scope));

        Assert.Equal(order.Count, nodes.Length);
        int checkedBoxes = 0;
        for (int i = 0; i < order.Count; i++)
        {
            Value value = order[i];
            JsonElement node = nodes[i];
            string id = DiagramGraph.ValueId(i);
            Assert.Equal(id, node.GetProperty("id").GetString());
            Assert.Equal(value.Label ?? "", node.GetProperty("label").GetString());
            Assert.Equal(value.Data, ExplorerPages.Number(node.GetProperty("data")));
            Assert.Equal(value.Grad, ExplorerPages.Number(node.GetProperty("grad")));
            string shownBy = node.GetProperty("shownBy").GetString()!;
            Assert.True(shown.ContainsKey(shownBy), $"{id} ({value.Label}) is shown by '{shownBy}', which the SVG does not have.");
            string[] scope = node.GetProperty("scope").EnumerateArray().Select(s => s.GetString()!).ToArray();
            string drawnPath = string.Join(" / ", scope);
            if (shownBy == id)
            {
                // Its own box: the label and numbers on it are this value's.
                string[] texts = shown[id];
                Assert.Contains($"data {Format(value.Data, options)}", texts);
                Assert.Contains($"grad {Format(value.Grad, options)}", texts);
                if (value.Label is { Length: > 0 } label)
                {
                    Assert.Contains(label, texts);
                }

                if (!value.IsLeaf && value.Scope is { } own)
                {
                    Assert.Equal(names.PathOf(own), drawnPath);
                }

                checkedBoxes++;
            }
            else if (shownBy.StartsWith('s'))
            {
                // Inside a collapsed scope: the box's name ends the value's drawn path, and its own scope lies within.
                Assert.Equal(boxNames[shownBy], scope[^1]);
                Assert.NotNull(value.Scope);
                Assert.StartsWith(drawnPath, names.PathOf(value.Scope!), StringComparison.Ordinal);
            }
            else if (shownBy == id + "_op" || Regex.IsMatch(shownBy, "^v[0-9]+(_op)?$"))
            {
                Assert.True(value.IsConstant || shownBy == id + "_op", $"{id} ({value.Label}) is shown by another value's box '{shownBy}' but is no folded constant.");
                if (value.IsConstant)
                {
                    // A folded constant is written into the op of a value that reads it.
                    string reader = shownBy.Replace("_op", "", StringComparison.Ordinal);
                    Value readerValue = order[int.Parse(reader[1..], CultureInfo.InvariantCulture)];
                    Assert.Contains(value, readerValue.Inputs);
                    Assert.Contains(shown[shownBy], text => text.Contains(Math.Abs(value.Data).ToString("G", CultureInfo.InvariantCulture), StringComparison.Ordinal));
                }
            }

            if (shown.TryGetValue(id + "_op", out string[]? op))
            {
                Assert.Contains(op, text => text.Contains(node.GetProperty("symbol").GetString()!, StringComparison.Ordinal));
            }
        }

        // Every value box drawn is a value of the graph, and a box counts the values the data puts in it.
        foreach ((string title, string[] texts) in shown)
        {
            Assert.Matches("^(v[0-9]+(_op)?|s[0-9]+|g[0-9]+)$", title);
            if (title.StartsWith('s'))
            {
                int inside = nodes.Count(n => n.GetProperty("shownBy").GetString() == title);
                Assert.Equal(boxNames[title], texts[0]);
                Assert.Equal($"{inside} values", texts[^1]);
            }
        }

        Assert.True(checkedBoxes > 0);
    }

    private static (Value Root, DotOptions Options) Graph(string name) => name switch
    {
        "formula" => (ExplorerPages.Formula(), new DotOptions()),
        "mlp" => (ExplorerPages.Mlp(), new DotOptions()),
        "mlp-batch collapsed" => (ExplorerPages.MlpBatch(), new DotOptions { Collapse = ["layer*"] }),
        "mlp-batch budget" => (ExplorerPages.MlpBatch(), new DotOptions { MaxNodes = 200, Oversize = OversizeBehavior.CollapseScopes }),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such page"),
    };

    private static string Format(double x, DotOptions options) => DiagramGraph.FormatNumber(x, options.NumberFormat);

    /// <summary>Each SVG node group's title and the texts drawn in it, in order.</summary>
    private static Dictionary<string, string[]> SvgNodes(string page)
    {
        int start = page.IndexOf("<svg", StringComparison.Ordinal);
        int end = page.IndexOf("</svg>", start, StringComparison.Ordinal) + "</svg>".Length;
        XElement svg = XElement.Parse(page[start..end]);
        return svg.Descendants(Svg + "g")
            .Where(g => (string?)g.Attribute("class") == "node")
            .ToDictionary(
                g => g.Element(Svg + "title")!.Value,
                g => g.Descendants(Svg + "text").Select(t => t.Value).ToArray());
    }
}
