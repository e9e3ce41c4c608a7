using System.Diagnostics;
using System.Globalization;
using AutoGrad.Graphs;
using Microsoft.Playwright;

namespace AutoGrad.Benchmarks.Quick;

/// <summary>
/// How long the explorer page of graphs/mlp-batch.cs (273 values) takes in headless Chromium: to write,
/// to open, to collapse one scope (Graphviz in WebAssembly lays the graph out again) and to expand it
/// back; and, for the page made with every layer collapsed, to open one layer. Medians of several
/// fresh pages; Debian's <c>chromium</c> on PATH, driven by Playwright as the browser tests do.
/// </summary>
/// <remarks><c>dotnet run -c Release --project src/AutoGrad.Benchmarks -- --explorer [runs]</c></remarks>
internal static class ExplorerTiming
{
    private const string WaitForLayout = """
        async () => {
          const graph = document.getElementById('graph');
          while (graph.dataset.layout === 'busy') { await new Promise(r => setTimeout(r, 1)); }
          await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))); // painted
        }
        """;

    public static async Task<int> Run(int runs, TextWriter output)
    {
        string? chromium = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, "chromium")).FirstOrDefault(File.Exists);
        if (chromium is null)
        {
            output.WriteLine("no 'chromium' on PATH (Debian: apt-get install -y chromium)");
            return 1;
        }

        string folder = Directory.CreateTempSubdirectory("autograd-explorer-timing-").FullName;
        try
        {
            using IPlaywright playwright = await Playwright.CreateAsync();
            await using IBrowser browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox"] });
            output.WriteLine($"# explorer page of graphs/mlp-batch.cs in headless {browser.Version}, 1400×900, {Environment.ProcessorCount} cores, medians of {runs} fresh pages");
            await Measure(browser, folder, "open", new DotOptions(), "sample 1", "sample 2", runs, output);
            await Measure(browser, folder, "layers collapsed", new DotOptions { Collapse = ["layer*"] }, "layer 2", "layer 3", runs, output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        return 0;
    }

    private static async Task Measure(IBrowser browser, string folder, string name, DotOptions options, string scope, string another, int runs, TextWriter output)
    {
        var write = new List<double>();
        var open = new List<double>();
        var firstChange = new List<double>();
        var warmChange = new List<double>();
        var back = new List<double>();
        string path = Path.Combine(folder, "mlp-batch.html");
        for (int run = 0; run < runs; run++)
        {
            Value loss = AutoGrad.Examples.MlpBatchGraph.Loss(); // graphs/mlp-batch.cs's graph
            var clock = Stopwatch.StartNew();
            Diagram.SaveHtml(loss, path, options);
            write.Add(clock.Elapsed.TotalMilliseconds);

            IPage page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
            clock.Restart();
            await page.GotoAsync(new Uri(path).AbsoluteUri);
            await page.EvaluateAsync(WaitForLayout);
            open.Add(clock.Elapsed.TotalMilliseconds);

            // The first change right after opening: the WebAssembly may still be compiling.
            ILocator button = page.Locator("#scope-list button", new() { HasText = scope }).First;
            firstChange.Add(await Time(page, button));
            back.Add(await Time(page, button)); // back to the first picture, kept
            await page.WaitForFunctionAsync("() => !window.Viz || document.getElementById('graph').dataset.engine === 'ready'");

            // A scope never laid out before, the engine warm.
            ILocator other = page.Locator("#scope-list button", new() { HasText = another }).First;
            warmChange.Add(await Time(page, other));
            await page.CloseAsync();
        }

        long bytes = new FileInfo(path).Length;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-17} page {bytes / 1024.0:F0} KiB: write {Median(write),6:F0} ms, open {Median(open),6:F0} ms, first change ('{scope}') {Median(firstChange),6:F0} ms, '{another}' (engine warm) {Median(warmChange),6:F0} ms, back to the first picture {Median(back),5:F0} ms"));
    }

    private static async Task<double> Time(IPage page, ILocator button)
    {
        await button.ScrollIntoViewIfNeededAsync();
        var clock = Stopwatch.StartNew();
        await button.ClickAsync();
        await page.EvaluateAsync(WaitForLayout);
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
