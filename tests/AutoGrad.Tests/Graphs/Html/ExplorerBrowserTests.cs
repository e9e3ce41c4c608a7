using System.Globalization;
using AutoGrad.Graphs;
using Microsoft.Playwright;

namespace AutoGrad.Tests.Graphs.Html;

/// <summary>
/// The explorer page in a real browser: each test writes a page with <see cref="Diagram.SaveHtml"/>,
/// opens it from its file, drives it with the mouse and keyboard as a learner would, and reads what
/// it shows. Every test also checks that the page logged no error and asked for nothing but itself.
/// </summary>
public sealed partial class ExplorerBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>, IDisposable
{
    /// <summary>Set to <c>1</c> to refresh <c>docs/images/explorer.png</c> (otherwise only the test output gets the new one).</summary>
    public const string UpdateScreenshotVariable = "AUTOGRAD_UPDATE_SCREENSHOT";

    private readonly string _folder = Directory.CreateTempSubdirectory("autograd-explorer-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [SkippableFact]
    public async Task Hover_ShowsEachInputsLocalDerivative_AndItsChainRuleContribution()
    {
        Value z = SampleGraphs.SquareOfSum(); // z = s², s = x + y at x = 2, y = 3

        await using Explorer explorer = await Open(z);
        IPage page = explorer.Page;

        await page.Locator("g.node[data-value='v3']").First.HoverAsync(); // z
        Assert.Equal("z", await page.TextContentAsync("#details-title"));
        ILocator s = page.Locator("#details-inputs tr[data-input='v2']");
        Assert.Equal("10", await s.Locator("td.local").TextContentAsync());        // d(s²)/ds = 2s
        Assert.Equal("1", await s.Locator("td.upstream").TextContentAsync());      // dz/dz
        Assert.Equal("10", await s.Locator("td.contribution").TextContentAsync());

        await page.Locator("g.node[data-value='v2']").Last.HoverAsync(); // s, the value box
        Assert.Equal("s", await page.TextContentAsync("#details-title"));
        Assert.Equal("10", await page.TextContentAsync("#details-grad"));
        ILocator x = page.Locator("#details-inputs tr[data-input='v0']");
        Assert.Equal("1", await x.Locator("td.local").TextContentAsync());         // d(x + y)/dx
        Assert.Equal("10", await x.Locator("td.contribution").TextContentAsync());
        await explorer.AssertCleanAsync();
    }

    [SkippableFact]
    public async Task Keys_StepTheForwardPass_ThenTheBackwardPass_ShowingWhatEachStepComputed()
    {
        (Value o, _) = SampleGraphs.Neuron(); // micrograd's neuron, as in the gallery
        IReadOnlyList<Value> order = o.TopologicalOrder();

        await using Explorer explorer = await Open(o);
        IPage page = explorer.Page;

        for (int step = 0; step < 2 * order.Count; step++)
        {
            await page.Keyboard.PressAsync("ArrowRight");
            bool forward = step < order.Count;
            int index = forward ? step : 2 * order.Count - 1 - step;
            Value expected = order[index];
            string[] shown = await page.EvaluateAsync<string[]>("""
                () => {
                  const value = document.getElementById('step-value');
                  return [value.dataset.phase, value.dataset.node, value.dataset.exact, value.textContent,
                          String(document.querySelectorAll('g.node.current').length)];
                }
                """);
            Assert.Equal([forward ? "forward" : "backward", $"v{index}"], shown[..2]);
            double number = forward ? expected.Data : expected.Grad;
            Assert.Equal(number, double.Parse(shown[2], CultureInfo.InvariantCulture));
            AssertShows(number, shown[3]);
            Assert.Equal(expected.IsLeaf ? "1" : "2", shown[4]); // the value's box, and its op oval
        }

        Assert.True(await page.Locator("#step-next").IsDisabledAsync());
        await page.Keyboard.PressAsync("ArrowLeft");
        Assert.Equal("v1", await page.Locator("#step-value").GetAttributeAsync("data-node"));
        await page.Keyboard.PressAsync("Home");
        Assert.Equal("", await page.TextContentAsync("#step-value"));
        await explorer.AssertCleanAsync();
    }

    [SkippableFact]
    public async Task Mlp_Of300Values_StepsTheWholeBackwardPass_SearchesAndCollapsesScopes()
    {
        Value loss = ExplorerPages.Mlp();
        IReadOnlyList<Value> order = loss.TopologicalOrder();
        Assert.True(order.Count >= 300, $"The MLP has {order.Count} values; the test needs at least 300.");

        await using Explorer explorer = await Open(loss);
        IPage page = explorer.Page;

        // Every step through the buttons, read after each click (in the page, so 650 steps take no time).
        string[][] steps = await page.EvaluateAsync<string[][]>("""
            () => {
              const next = document.getElementById('step-next'), value = document.getElementById('step-value'), seen = [];
              while (!next.disabled) { next.click(); seen.push([value.dataset.phase, value.dataset.node, value.dataset.exact, value.textContent]); }
              return seen;
            }
            """);
        Assert.Equal(2 * order.Count, steps.Length);
        for (int k = 0; k < order.Count; k++)
        {
            string[] backward = steps[order.Count + k];
            int index = order.Count - 1 - k;
            Assert.Equal(["backward", $"v{index}"], backward[..2]);
            Assert.Equal(order[index].Grad, double.Parse(backward[2], CultureInfo.InvariantCulture));
            AssertShows(order[index].Grad, backward[3]);
            Assert.Equal(order[k].Data, double.Parse(steps[k][2], CultureInfo.InvariantCulture));
        }

        // Search: every value whose label holds the text, and nothing else, is marked.
        await page.FillAsync("#search", "neuron3.W2");
        int expectedMatches = order.Count(v => v.Label?.Contains("neuron3.w2", StringComparison.OrdinalIgnoreCase) == true);
        Assert.Equal(2, expectedMatches); // layer1.neuron3.w2 and layer2.neuron3.w2
        Assert.Equal("2 matches", await page.TextContentAsync("#search-count"));
        Assert.Equal(expectedMatches, await page.Locator("g.node.match").CountAsync());
        await page.FillAsync("#search", "");
        Assert.Equal(0, await page.Locator("g.node.match").CountAsync());

        // Collapse "layer 1" to a box, then expand it from the box.
        string weight = Id(order, v => v.Label == "layer1.neuron0.w0");
        string outer = Id(order, v => v.Label == "layer2.neuron0.w0");
        int layerOneValues = order.Count(v => v.Label?.StartsWith("layer1.", StringComparison.Ordinal) == true || v.Scope?.ToString().StartsWith("mlp / layer 1", StringComparison.Ordinal) == true);
        await page.Locator("#scope-list button", new() { HasText = "layer 1" }).ClickAsync();
        await WaitForLayout(page);
        Assert.Equal(0, await page.Locator($"g.node[data-value='{weight}']").CountAsync());
        Assert.True(await page.Locator($"g.node[data-value='{outer}']").First.IsVisibleAsync());
        ILocator box = page.Locator("g.node.collapsed-box");
        Assert.Equal(1, await box.CountAsync());
        Assert.Equal(["layer 1", $"{layerOneValues} values"], await box.Locator("text").AllTextContentsAsync());
        await box.ClickAsync();
        await WaitForLayout(page);
        Assert.Equal(0, await box.CountAsync());
        Assert.True(await page.Locator($"g.node[data-value='{weight}']").IsVisibleAsync());
        await explorer.AssertCleanAsync();
    }

    [SkippableFact]
    public async Task HostileLabel_IsShownAsText_AndNonFiniteNumbersAsSuch()
    {
        Value y = ExplorerPages.Hostile();
        IReadOnlyList<Value> order = y.TopologicalOrder();

        await using Explorer explorer = await Open(y);
        IPage page = explorer.Page;

        await page.Locator($"g.node[data-value='{Id(order, v => v.Label == ExplorerPages.HostileLabel)}']").HoverAsync();
        Assert.Equal(ExplorerPages.HostileLabel, await page.TextContentAsync("#details-title"));
        await page.Locator($"g.node[data-value='{Id(order, v => v.Label == "nan")}']").Last.HoverAsync();
        Assert.Equal("NaN", await page.TextContentAsync("#details-data"));
        await page.Locator($"g.node[data-value='{Id(order, v => v.Label == "infinite")}']").Last.HoverAsync();
        Assert.Equal("∞", await page.TextContentAsync("#details-data"));
        Assert.Equal("Infinity", await page.Locator("#details-data").GetAttributeAsync("data-exact"));
        Assert.Equal(2, await page.Locator("script").CountAsync());
        await explorer.AssertCleanAsync();
    }

    /// <summary>
    /// Takes the README's picture: the gallery's neuron, stepped to the backward pass at n = w·x + b, at
    /// a fixed viewport. The new picture always goes to the test output folder; it replaces
    /// <c>docs/images/explorer.png</c> only when <see cref="UpdateScreenshotVariable"/> is 1, because
    /// fonts and anti-aliasing differ between machines and a CI run must not dirty the tree. Without
    /// the variable the test checks that the committed picture exists and has the same size.
    /// </summary>
    [SkippableFact]
    public async Task Screenshot_ForTheReadme()
    {
        (Value o, _) = SampleGraphs.Neuron();
        int count = o.TopologicalOrder().Count;

        await using Explorer explorer = await Open(o);
        IPage page = explorer.Page;
        for (int step = 0; step < count + 2; step++)
        {
            await page.Keyboard.PressAsync("ArrowRight");
        }

        Assert.Equal("n", await page.TextContentAsync("#details-title"));
        string fresh = Path.Combine(AppContext.BaseDirectory, "explorer.png");
        byte[] picture = await page.ScreenshotAsync(new PageScreenshotOptions { Path = fresh });
        string committed = Path.Combine(Repository.Root, "docs", "images", "explorer.png");
        if (Environment.GetEnvironmentVariable(UpdateScreenshotVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(committed)!);
            File.WriteAllBytes(committed, picture);
        }

        Assert.True(File.Exists(committed), $"docs/images/explorer.png is missing; run this test with {UpdateScreenshotVariable}=1 to take it.");
        Assert.Equal(PngSize(picture), PngSize(File.ReadAllBytes(committed)));
        await explorer.AssertCleanAsync();
    }

    private static (int Width, int Height) PngSize(byte[] png) =>
        (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));

    private static string Id(IReadOnlyList<Value> order, Func<Value, bool> which) => "v" + order.ToList().FindIndex(v => which(v)).ToString(CultureInfo.InvariantCulture);

    /// <summary>The page shows six significant digits; the exact number is in its data-exact attribute.</summary>
    private static void AssertShows(double expected, string shown)
    {
        double value = double.Parse(shown.Replace('−', '-'), CultureInfo.InvariantCulture);
        Assert.True(Math.Abs(value - expected) <= 5e-6 * Math.Abs(expected) + 1e-300, $"The page shows {shown} for {expected:R}.");
    }

    private async Task<Explorer> Open(Value root, DotOptions? options = null, string? title = null, int width = 1280, int height = 720)
    {
        Skip.If(fixture.Browser is null, fixture.Unavailable);
        string path = Path.Combine(_folder, "graph.html");
        Diagram.SaveHtml(root, path, options, title: title);
        return await Explorer.OpenAsync(fixture.Browser!, path, width, height);
    }

    /// <summary>A page open on an explorer file, recording console errors and every request it makes.</summary>
    private sealed class Explorer : IAsyncDisposable
    {
        private readonly List<string> _errors = [];
        private readonly List<string> _requests = [];
        private readonly string _url;

        private Explorer(IPage page, string url)
        {
            Page = page;
            _url = url;
            page.Console += (_, message) =>
            {
                if (message.Type is "error" or "warning")
                {
                    _errors.Add($"console {message.Type}: {message.Text}");
                }
            };
            page.PageError += (_, error) => _errors.Add("page error: " + error);
            page.Request += (_, request) => _requests.Add(request.Url);
            page.Dialog += (_, dialog) => _errors.Add("dialog: " + dialog.Message);
        }

        public IPage Page { get; }

        public static async Task<Explorer> OpenAsync(IBrowser browser, string path, int width, int height)
        {
            IPage page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
            page.SetDefaultTimeout(10_000);
            string url = new Uri(path).AbsoluteUri;
            var explorer = new Explorer(page, url);
            await page.GotoAsync(url);
            return explorer;
        }

        /// <summary>No console error, no script error, no dialog, and no request but the page's own file.</summary>
        public async Task AssertCleanAsync()
        {
            await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            Assert.Empty(_errors);
            Assert.Equal([_url], _requests.Distinct());
        }

        public async ValueTask DisposeAsync() => await Page.CloseAsync();
    }
}
