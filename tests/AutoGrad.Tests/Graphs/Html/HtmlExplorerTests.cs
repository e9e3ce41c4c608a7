using System.Text.Json;
using System.Text.RegularExpressions;
using AutoGrad.Graphs;
using AutoGrad.Graphs.Html;

namespace AutoGrad.Tests.Graphs.Html;

/// <summary>What <see cref="Diagram.SaveHtml"/> writes, read as text; <see cref="ExplorerBrowserTests"/> opens it in a browser.</summary>
public sealed partial class HtmlExplorerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("autograd-html-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Page(Value root)
    {
        Assert.True(Graphviz.IsInstalled, "Graphviz 'dot' is not installed (apt-get install graphviz; .ci/run installs it).");
        return HtmlExplorer.Page(root, new DotOptions()).Page;
    }

    [Fact]
    public void SaveHtml_WritesOnePage_ThatLoadsNothingFromOutside()
    {
        string path = Path.Combine(_folder, "sub", "graph.html");
        var log = new StringWriter();

        Diagram.SaveHtml(SampleGraphs.SquareOfSum(), path, log: log);

        string page = File.ReadAllText(path);
        Assert.Equal($"wrote {path}", log.ToString().Trim());
        Assert.StartsWith("<!DOCTYPE html>", page, StringComparison.Ordinal);
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<?xml", page, StringComparison.Ordinal);
        Assert.DoesNotMatch(ExternalReference(), page);
        Assert.Contains("default-src 'none'", page, StringComparison.Ordinal); // the browser refuses any load, too
        // The only URLs are the SVG namespace names, which nothing fetches.
        Assert.All(Url().Matches(page), url => Assert.StartsWith("http://www.w3.org/", url.Value, StringComparison.Ordinal));
    }

    [Fact]
    public void Page_IsTheSameBytes_ForTheSameGraph()
    {
        Assert.Equal(Page(SampleGraphs.ScopedNetwork()), Page(SampleGraphs.ScopedNetwork()));
    }

    [Fact]
    public void Data_HoldsEachValue_WithItsRecordedLocalDerivatives_AndTheirContributions()
    {
        Value z = SampleGraphs.SquareOfSum(); // z = s², s = x + y, at x = 2, y = 3
        IReadOnlyList<Value> order = z.TopologicalOrder();

        using JsonDocument data = ExplorerPages.Data(Page(z));

        JsonElement[] nodes = data.RootElement.GetProperty("nodes").EnumerateArray().ToArray();
        Assert.Equal(order.Count, nodes.Length);
        Assert.Equal("v3", data.RootElement.GetProperty("root").GetString());
        for (int i = 0; i < order.Count; i++)
        {
            JsonElement node = nodes[i];
            Assert.Equal(i, node.GetProperty("step").GetInt32());
            Assert.Equal(order[i].Label, node.GetProperty("label").GetString());
            Assert.Equal(order[i].Data, node.GetProperty("data").GetDouble());
            Assert.Equal(order[i].Grad, node.GetProperty("grad").GetDouble());
            JsonElement[] inputs = node.GetProperty("inputs").EnumerateArray().ToArray();
            Assert.Equal(order[i].InputCount, inputs.Length);
            for (int j = 0; j < inputs.Length; j++)
            {
                Assert.Equal(order[i].GetLocalGradient(j), inputs[j].GetProperty("local").GetDouble());
                Assert.Equal(order[i].Grad * order[i].GetLocalGradient(j), inputs[j].GetProperty("contribution").GetDouble());
            }
        }

        JsonElement square = nodes[3];
        Assert.Equal("Pow", square.GetProperty("op").GetString());
        Assert.Equal("^2", square.GetProperty("symbol").GetString());
        Assert.Equal(10, square.GetProperty("inputs")[0].GetProperty("local").GetDouble()); // d(s²)/ds = 2s
    }

    [Fact]
    public void Data_NamesEveryValue_AndEveryScope_AsTheSvgDoes()
    {
        Value network = SampleGraphs.ScopedNetwork();
        string page = Page(network);
        HashSet<string> titles = SvgTitles().Matches(page).Select(m => m.Groups["title"].Value).ToHashSet();

        using JsonDocument data = ExplorerPages.Data(page);

        Assert.All(data.RootElement.GetProperty("nodes").EnumerateArray(), node => Assert.Contains(node.GetProperty("id").GetString()!, titles));
        JsonElement[] clusters = data.RootElement.GetProperty("clusters").EnumerateArray().ToArray();
        Assert.Equal(3 + 4 + 4 + 1, clusters.Length); // 3 layers; 4, 4 and 1 neurons
        Assert.All(clusters, cluster =>
        {
            Assert.Contains(cluster.GetProperty("id").GetString()!, titles);
            Assert.All(cluster.GetProperty("nodes").EnumerateArray(), node => Assert.Contains(node.GetString()!, titles));
        });
        // A weight is made outside every scope but drawn, and placed, inside the neuron that uses it.
        JsonElement[] weights = data.RootElement.GetProperty("nodes").EnumerateArray().Where(n => n.GetProperty("label").GetString() == "w").ToArray();
        Assert.Equal((2 * 4) + (4 * 4) + 4, weights.Length);
        Assert.All(weights, w => Assert.Matches("^layer [123] / neuron [0-3]$", string.Join(" / ", w.GetProperty("scope").EnumerateArray().Select(s => s.GetString()))));
    }

    [Fact]
    public void HostileLabel_StaysText_AndNonFiniteNumbersSurvive()
    {
        string page = Page(ExplorerPages.Hostile());

        // Exactly the page's own two scripts: the label cannot open or close one.
        Assert.Equal(2, Regex.Count(page, "<script", RegexOptions.IgnoreCase));
        Assert.Equal(2, Regex.Count(page, "</script>", RegexOptions.IgnoreCase));
        Assert.Contains("explorer: plain JavaScript", page, StringComparison.Ordinal); // the script marker was filled once, by the script
        using JsonDocument data = ExplorerPages.Data(page);
        JsonElement[] nodes = data.RootElement.GetProperty("nodes").EnumerateArray().ToArray();
        Assert.Contains(nodes, n => n.GetProperty("label").GetString() == ExplorerPages.HostileLabel);
        JsonElement nan = nodes.Single(n => n.GetProperty("label").GetString() == "nan");
        JsonElement infinite = nodes.Single(n => n.GetProperty("label").GetString() == "infinite");
        Assert.Equal("NaN", nan.GetProperty("data").GetString());
        Assert.Equal("Infinity", infinite.GetProperty("data").GetString());
        Assert.True(double.IsNaN(ExplorerPages.Number(nodes.Single(n => n.GetProperty("label").GetString() == "y").GetProperty("data"))));
    }

    [Fact]
    public void WithoutGraphviz_Throws_TheInstallMessage_AndWritesNothing()
    {
        string path = Path.Combine(_folder, "graph.html");

        var error = Assert.Throws<GraphvizNotInstalledException>(() => HtmlExplorer.Write(SampleGraphs.SquareOfSum(), path, new DotOptions(), "autograd-test-no-such-dot"));

        Assert.Contains("sudo apt-get install graphviz", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void SaveHtml_NamesTheBadArgument()
    {
        Assert.Equal("root", Assert.Throws<ArgumentNullException>(() => Diagram.SaveHtml(null!, "x.html")).ParamName);
        Assert.Equal("path", Assert.Throws<ArgumentException>(() => Diagram.SaveHtml(SampleGraphs.SquareOfSum(), "")).ParamName);
    }

    [Fact]
    public void SaveHtml_RefusesAGraphOverTheNodeLimit()
    {
        string path = Path.Combine(_folder, "graph.html");

        Assert.Throws<GraphTooLargeException>(() => Diagram.SaveHtml(SampleGraphs.ScopedNetwork(), path, new DotOptions { MaxNodes = 5 }));
        Assert.False(File.Exists(path));
    }

    [GeneratedRegex("""<(link|img|iframe|object|embed)\b|\ssrc=|url\(|@import""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();

    [GeneratedRegex("""https?://[^\s"'<>)]+""")]
    private static partial Regex Url();

    [GeneratedRegex("<title>(?<title>[^<]*)</title>")]
    private static partial Regex SvgTitles();
}
