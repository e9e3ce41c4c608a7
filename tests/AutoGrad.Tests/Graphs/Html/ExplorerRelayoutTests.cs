using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using AutoGrad.Graphs;
using Microsoft.Playwright;

namespace AutoGrad.Tests.Graphs.Html;

/// <summary>
/// Collapsing and expanding scopes in the page lays the graph out again (Graphviz in WebAssembly):
/// every picture the page shows is checked box by box against the graph behind it, the drawing
/// shrinks and the rest moves closer when a scope becomes a box, and expanding brings back the
/// first layout exactly.
/// </summary>
public sealed partial class ExplorerBrowserTests
{
    /// <summary>The drawing's size and each node's centre, in the drawing's own units (points from its top left), whatever the zoom.</summary>
    private const string Positions = """
        () => {
          const svg = document.querySelector('#graph svg'), box = svg.getAttribute('viewBox').split(' ').map(Number);
          const m = svg.querySelector('g.graph').transform.baseVal.consolidate().matrix;
          const at = {};
          svg.querySelectorAll('g.node').forEach(g => {
            const b = g.getBBox();
            at[g.querySelector('title').textContent] = [b.x + b.width / 2 + m.e, b.y + b.height / 2 + m.f];
          });
          return JSON.stringify({ width: box[2], height: box[3], at: at });
        }
        """;

    [SkippableFact]
    public async Task CollapsingAScope_RelaysOutTheGraph_KeepsItAlive_AndExpandingBringsItBack()
    {
        Value loss = ExplorerPages.Mlp();
        List<Value> order = loss.TopologicalOrder().ToList();
        var options = new DotOptions();
        string root = DiagramGraph.ValueId(order.Count - 1);
        string input = DiagramGraph.ValueId(order.FindIndex(v => v.Label == "x0"));

        await using Explorer explorer = await Open(loss, options, width: 1400, height: 900);
        IPage page = explorer.Page;
        Drawing first = await ReadPicture(page);
        await AssertPictureShowsTheGraph(page, loss, options, []);

        await page.Locator("#scope-list button", new() { HasText = "layer 1" }).ClickAsync();
        await WaitForLayout(page);
        Drawing collapsed = await ReadPicture(page);

        // The box takes the place of the layer: one box, named and counted, and nothing inside it is drawn.
        await AssertPictureShowsTheGraph(page, loss, options, ["mlp / layer 1"]);
        ILocator box = page.Locator("g.node.collapsed-box");
        Assert.Equal(1, await box.CountAsync());

        // The rest moves closer: Graphviz laid it out again without the layer's ranks.
        Assert.True(collapsed.Width * collapsed.Height < 0.85 * first.Width * first.Height, $"The drawing went from {first.Width}×{first.Height} to {collapsed.Width}×{collapsed.Height} pt.");
        double spanBefore = first.At[root][0] - first.At[input][0], spanAfter = collapsed.At[root][0] - collapsed.At[input][0];
        Assert.True(spanAfter < 0.8 * spanBefore, $"From x0 to the loss was {spanBefore:F0} pt, and is {spanAfter:F0} pt with layer 1 collapsed.");
        string overlaps = await page.EvaluateAsync<string>("""
            () => {
              const box = document.querySelector('g.node.collapsed-box').getBoundingClientRect();
              return Array.from(document.querySelectorAll('g.node')).filter(g => !g.classList.contains('collapsed-box'))
                .filter(g => { const r = g.getBoundingClientRect(); return r.left < box.right - 1 && r.right > box.left + 1 && r.top < box.bottom - 1 && r.bottom > box.top + 1; })
                .map(g => g.querySelector('title').textContent).join(',');
            }
            """);
        Assert.Equal("", overlaps);
        await ShowBox(page);
        Directory.CreateDirectory(Path.GetDirectoryName(Picture("x"))!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Picture("collapsed-layer.png") });

        // Hovering the box says what it holds.
        await box.HoverAsync();
        Assert.Equal("▸ layer 1", await page.TextContentAsync("#details-title"));
        string count = (await box.Locator("text").Last.TextContentAsync())!;
        Assert.StartsWith(count, await page.TextContentAsync("#details-holds"), StringComparison.Ordinal);

        // Stepping onto a value inside lights the box, and only it.
        int stepOfInside = order.FindIndex(v => v.Label == "layer1.neuron0.w0");
        await page.EvaluateAsync("n => { const next = document.getElementById('step-next'); for (let i = 0; i <= n; i++) { next.click(); } }", stepOfInside);
        Assert.Equal(DiagramGraph.ValueId(stepOfInside), await page.Locator("#step-value").GetAttributeAsync("data-node"));
        Assert.Contains("current", await box.GetAttributeAsync("class") ?? "", StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("g.node.current").CountAsync());
        await page.Keyboard.PressAsync("Home");

        // Search finds the weight inside the box, says so, and Enter opens the box: the first layout again.
        await page.FillAsync("#search", "layer1.neuron0.w0");
        Assert.Contains("inside collapsed boxes", await page.TextContentAsync("#search-count"), StringComparison.Ordinal);
        Assert.Contains("match", await box.GetAttributeAsync("class") ?? "", StringComparison.Ordinal);
        await page.PressAsync("#search", "Enter");
        await WaitForLayout(page);
        Assert.Equal(0, await page.Locator("g.node.collapsed-box").CountAsync());
        Assert.True(await page.Locator($"g.node[data-value='{DiagramGraph.ValueId(stepOfInside)}']").First.IsVisibleAsync());
        Drawing back = await ReadPicture(page);
        Assert.Equal(first.Width, back.Width);
        Assert.Equal(first.Height, back.Height);
        Assert.Equal(first.At.Keys.Order(StringComparer.Ordinal), back.At.Keys.Order(StringComparer.Ordinal));
        foreach ((string title, double[] at) in first.At)
        {
            Assert.True(Math.Abs(at[0] - back.At[title][0]) < 0.01 && Math.Abs(at[1] - back.At[title][1]) < 0.01, $"{title} was at ({at[0]}, {at[1]}) and is at ({back.At[title][0]}, {back.At[title][1]}) after expanding.");
        }

        await AssertPictureShowsTheGraph(page, loss, options, []);

        // A scope under a collapsed one is not shown as open, and is not drawn: one box for the whole model.
        await page.FillAsync("#search", "");
        await page.Locator("#scope-list button", new() { HasText = "mlp" }).ClickAsync();
        await WaitForLayout(page);
        Assert.Equal("false", await page.Locator("#scope-list button", new() { HasText = "layer 2" }).GetAttributeAsync("aria-expanded"));
        Assert.Equal(0, await page.Locator("g.cluster").CountAsync());
        await AssertPictureShowsTheGraph(page, loss, options, ["mlp"]);

        // The page writes the exporter's own DOT for the open graph: one description, two layouts of it.
        Assert.Equal(DotExporter.Export(loss, options), await page.EvaluateAsync<string>("() => document.getElementById('graph').dotFor([])"));
        await explorer.AssertCleanAsync();
    }

    [SkippableFact]
    public async Task BoxesDrawnWhenThePageWasMade_OpenInThePage_AndCloseBackToTheFirstPicture()
    {
        Value loss = ExplorerPages.MlpBatch();
        var options = new DotOptions { Collapse = ["layer*"] };
        DiagramGraph open = DiagramGraph.Build(loss, options with { Collapse = [] });
        string[] layers = ClusterPaths(open).Keys.Where(p => p.Split(" / ")[^1].StartsWith("layer", StringComparison.Ordinal)).ToArray();
        Assert.Equal(12, layers.Length); // 4 samples × 3 layers

        await using Explorer explorer = await Open(loss, options, width: 1400, height: 900);
        IPage page = explorer.Page;
        Drawing first = await ReadPicture(page);
        const string Boxes = "() => Array.from(document.querySelectorAll('#graph svg g.node')).map(g => g.querySelector('title').textContent).filter(t => /^(s[0-9]+|box_.*)$/.test(t)).length";
        Assert.Equal(12, await page.EvaluateAsync<int>(Boxes));

        // Click the box of sample 1's layer 2: it opens, the other eleven stay boxes.
        DiagramNode layer2 = DiagramGraph.Build(loss, options).Nodes.First(n => n.Kind == DiagramNodeKind.CollapsedScope && n.Title == "layer 2");
        string path = new ScopeNames(loss.TopologicalOrder().Select(v => v.Scope)).PathOf(layer2.Scope!);  // the box's scope, as the page names it
        Assert.Equal("sample 1 / layer 2", path);
        string cluster = ClusterPaths(open)[path].Id;
        await page.Locator("g.node").Filter(new() { Has = page.Locator("title", new() { HasTextRegex = new Regex($"^{layer2.Id}$") }) }).ClickAsync();
        await WaitForLayout(page);
        Assert.Equal(11, await page.EvaluateAsync<int>(Boxes));
        Assert.Equal("true", await page.Locator($"#scope-list button[data-cluster='{cluster}']").GetAttributeAsync("aria-expanded"));
        await AssertPictureShowsTheGraph(page, loss, options, layers.Where(p => p != path).ToArray());

        // What was inside is alive: hovering a value of the opened layer describes that value.
        List<Value> order = loss.TopologicalOrder().ToList();
        var names = new ScopeNames(order.Select(v => v.Scope));
        int inside = order.FindIndex(v => !v.IsLeaf && v.Scope is { } scope && names.PathOf(scope).StartsWith(path + " / ", StringComparison.Ordinal));
        Assert.True(inside >= 0);
        await page.Locator($"g.node[data-value='{DiagramGraph.ValueId(inside)}']").Last.HoverAsync();
        Assert.Equal(DiagramGraph.ValueId(inside), await page.Locator("#details-title").GetAttributeAsync("data-node"));
        Assert.Equal(order[inside].Data, double.Parse((await page.Locator("#details-data").GetAttributeAsync("data-exact"))!, CultureInfo.InvariantCulture));
        Drawing opened = await ReadPicture(page);
        Assert.True(opened.Width * opened.Height > first.Width * first.Height, "Opening a layer drew nothing more.");

        // Collapsing it again brings back the picture the page was made with.
        await page.Locator($"#scope-list button[data-cluster='{cluster}']").ClickAsync();
        await WaitForLayout(page);
        Drawing back = await ReadPicture(page);
        Assert.Equal(first.At.Keys.Order(StringComparer.Ordinal), back.At.Keys.Order(StringComparer.Ordinal));
        Assert.All(first.At, p => Assert.Equal(p.Value, back.At[p.Key]));
        await explorer.AssertCleanAsync();
    }

    private sealed record Drawing(double Width, double Height, Dictionary<string, double[]> At);

    private static async Task<Drawing> ReadPicture(IPage page)
    {
        using JsonDocument json = JsonDocument.Parse(await page.EvaluateAsync<string>(Positions));
        JsonElement r = json.RootElement;
        return new Drawing(
            r.GetProperty("width").GetDouble(),
            r.GetProperty("height").GetDouble(),
            r.GetProperty("at").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(x => Math.Round(x.GetDouble(), 3)).ToArray()));
    }

    private static Task WaitForLayout(IPage page) =>
        page.WaitForFunctionAsync("() => document.getElementById('graph').dataset.layout !== 'busy'", null, new() { Timeout = 30_000 });

    /// <summary>Zooms out two steps and scrolls the box to the top left: the inputs, the box and the layer after it in one view.</summary>
    private static Task ShowBox(IPage page) => page.EvaluateAsync("""
        () => {
          const c = document.getElementById('graph'), zoomOut = document.getElementById('zoom-out');
          for (let i = 0; i < 2; i++) { zoomOut.click(); }
          const r = document.querySelector('g.node.collapsed-box').getBoundingClientRect(), f = c.getBoundingClientRect();
          c.scrollLeft += r.left - f.left - 330;
          c.scrollTop += r.top - f.top - 80;
        }
        """);

    /// <summary>The clusters of a drawing by path ("sample 1 / layer 2"), outer ones first.</summary>
    private static Dictionary<string, DiagramCluster> ClusterPaths(DiagramGraph drawing)
    {
        var paths = new Dictionary<string, DiagramCluster>(StringComparer.Ordinal);
        var pending = new Queue<(DiagramCluster, string?)>(drawing.Clusters.Select(c => (c, (string?)null)));
        while (pending.TryDequeue(out (DiagramCluster Cluster, string? Parent) next))
        {
            string path = next.Parent is null ? next.Cluster.Name : next.Parent + " / " + next.Cluster.Name;
            paths.Add(path, next.Cluster);
            foreach (DiagramCluster child in next.Cluster.Children)
            {
                pending.Enqueue((child, path));
            }
        }

        return paths;
    }

    /// <summary>
    /// Every node the page draws now, against the graph: with the scopes at <paramref name="boxedPaths"/>
    /// drawn as boxes (and nothing else collapsed), exactly the values outside them have a box, each
    /// showing its own label, data and gradient and bound to its own id; each op oval shows its op; each
    /// scope box its scope's name and the number of values inside; and nothing inside a box is drawn.
    /// </summary>
    private static async Task AssertPictureShowsTheGraph(IPage page, Value root, DotOptions options, IReadOnlyCollection<string> boxedPaths)
    {
        List<Value> order = root.TopologicalOrder().ToList();
        DiagramGraph open = DiagramGraph.Build(root, options with { Collapse = [], MaxNodes = int.MaxValue });
        Dictionary<string, DiagramCluster> paths = ClusterPaths(open);
        var clusterOf = new Dictionary<DiagramNode, string>(ReferenceEqualityComparer.Instance);
        foreach ((string path, DiagramCluster cluster) in paths)
        {
            foreach (DiagramNode node in cluster.Nodes)
            {
                clusterOf[node] = path;
            }
        }

        string? BoxAround(DiagramNode node) => clusterOf.TryGetValue(node, out string? path)
            ? boxedPaths.FirstOrDefault(b => path == b || path.StartsWith(b + " / ", StringComparison.Ordinal))
            : null;

        string[][] drawn = await page.EvaluateAsync<string[][]>("""
            () => Array.from(document.querySelectorAll('#graph svg g.node')).map(g => [
              g.querySelector('title').textContent, g.dataset.value || '', g.dataset.cluster || '',
              Array.from(g.querySelectorAll('text')).map(t => t.textContent).join('\u0001')])
            """);
        var titles = drawn.Select(d => d[0]).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(drawn.Length, titles.Count);

        // The values that must have their own box now, and the boxes with their counts.
        var expected = new HashSet<string>(StringComparer.Ordinal);
        var counts = boxedPaths.ToDictionary(p => p, _ => 0, StringComparer.Ordinal);
        for (int i = 0; i < order.Count; i++)
        {
            DiagramNode shownBy = open.DrawnAs[order[i]];
            if (BoxAround(shownBy) is { } box)
            {
                counts[box]++;
            }
            else if (shownBy.Id == DiagramGraph.ValueId(i))
            {
                expected.Add(shownBy.Id);
            }
        }

        Assert.Equal(expected.Order(StringComparer.Ordinal), titles.Where(t => ValueTitle().IsMatch(t)).Order(StringComparer.Ordinal));
        foreach (string[] node in drawn)
        {
            string title = node[0];
            string[] texts = node[3].Split('\u0001');
            if (ValueTitle().IsMatch(title))
            {
                Value value = order[int.Parse(title[1..], CultureInfo.InvariantCulture)];
                Assert.Equal(title, node[1]);
                Assert.Contains($"data {DiagramGraph.FormatNumber(value.Data, options.NumberFormat)}", texts);
                Assert.Contains($"grad {DiagramGraph.FormatNumber(value.Grad, options.NumberFormat)}", texts);
                if (value.Label is { Length: > 0 } label)
                {
                    Assert.Contains(label, texts);
                }
            }
            else if (title.EndsWith("_op", StringComparison.Ordinal))
            {
                Assert.Equal(title[..^3], node[1]);
                Assert.True(expected.Contains(title[..^3]), $"The op oval {title} is drawn but its value is inside a box.");
                Assert.Equal(open.Nodes.Single(n => n.Id == title).Title, string.Join(" ", texts));
            }
            else
            {
                string path = paths.Single(p => p.Value.Id == node[2]).Key;
                Assert.Contains(path, boxedPaths);
                Assert.Equal(paths[path].Name, texts[0]);
                Assert.Equal($"{counts[path]} values", texts[^1]);
            }
        }

        Assert.Equal(boxedPaths.Count, drawn.Count(d => d[2] != "" && !ValueTitle().IsMatch(d[0]) && !d[0].EndsWith("_op", StringComparison.Ordinal)));
        foreach (string[] edge in await page.EvaluateAsync<string[][]>("() => Array.from(document.querySelectorAll('#graph svg g.edge')).map(g => g.querySelector('title').textContent.split('->'))"))
        {
            Assert.True(titles.Contains(edge[0]) && titles.Contains(edge[1]), $"The edge {edge[0]} -> {edge[1]} has an end that is not drawn.");
        }
    }

    [GeneratedRegex("^v[0-9]+$")]
    private static partial Regex ValueTitle();
}
