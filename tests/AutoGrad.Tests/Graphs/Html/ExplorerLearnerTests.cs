using System.Globalization;
using System.Text.Json;
using AutoGrad.Graphs;
using Microsoft.Playwright;

namespace AutoGrad.Tests.Graphs.Html;

/// <summary>
/// What a learner sees in the explorer, checked against the numbers behind it: gradients appear only
/// once the backward pass reaches them, each backward step shows its arithmetic, collapsed scopes stay
/// alive and re-lay out the graph, and the opening view, zoom and pan keep text readable.
/// </summary>
public sealed partial class ExplorerBrowserTests
{
    /// <summary>Where the tests leave the pictures of each view, for docs/images and for a reviewer to look at.</summary>
    private static string Picture(string name) => Path.Combine(AppContext.BaseDirectory, "explorer-views", name);

    [SkippableFact]
    public async Task Stepping_ShowsNoGradient_UntilTheBackwardPassReachesIt_AndDoneReadsApartFromPending()
    {
        Value f = ExplorerPages.Formula(); // (2x + 1)^2 / 3 + y: three folded constants
        List<Value> order = f.TopologicalOrder().ToList();
        var options = new DotOptions();

        await using Explorer explorer = await Open(f, options, width: 1400, height: 900);
        IPage page = explorer.Page;

        for (int step = 0; step < 2 * order.Count; step++)
        {
            await page.Keyboard.PressAsync("ArrowRight");
            int reachedFrom = step < order.Count ? int.MaxValue : 2 * order.Count - 1 - step; // values at or after this index have their gradient
            string[][] boxes = await page.EvaluateAsync<string[][]>("""
                () => Array.from(document.querySelectorAll('g.node[data-value]'))
                  .filter(g => !g.querySelector('title').textContent.endsWith('_op'))
                  .map(g => [g.dataset.value, Array.from(g.querySelectorAll('text')).map(t => t.textContent).find(t => t.startsWith('grad ')) || ''])
                """);
            Assert.NotEmpty(boxes);
            foreach (string[] box in boxes)
            {
                int index = int.Parse(box[0][1..], CultureInfo.InvariantCulture);
                string expected = index >= reachedFrom ? "grad " + DiagramGraph.FormatNumber(order[index].Grad, options.NumberFormat) : "grad ?";
                Assert.True(expected == box[1], $"Step {step + 1}: {box[0]} ({order[index].Label}) shows '{box[1]}', expected '{expected}'.");
            }

            // The panel shows the current value's gradient only once it is known.
            string? exactGrad = await page.Locator("#details-grad").GetAttributeAsync("data-exact");
            int current = step < order.Count ? step : reachedFrom;
            if (step < order.Count)
            {
                Assert.Null(exactGrad);
                Assert.Contains("not yet", await page.TextContentAsync("#details-grad"), StringComparison.Ordinal);
            }
            else
            {
                Assert.Equal(order[current].Grad, double.Parse(exactGrad!, CultureInfo.InvariantCulture));
            }

            if (step == order.Count + 4)
            {
                // Half-way through the backward pass: done boxes are filled, pending ones are not, and the two read apart.
                string[] fills = await page.EvaluateAsync<string[]>("""
                    () => ['done', 'pending'].map(c => {
                      const g = document.querySelector('g.node.' + c + '[data-value]');
                      const shape = g.querySelector('polygon, ellipse');
                      return getComputedStyle(shape).fill + '|' + getComputedStyle(g).opacity;
                    })
                    """);
                (double doneLight, double doneOpacity) = Light(fills[0]);
                (double pendingLight, double pendingOpacity) = Light(fills[1]);
                Assert.True(doneLight < 0.85, $"A done box is filled {fills[0]}, too close to white.");
                Assert.True(pendingOpacity < 0.5 && doneOpacity == 1, $"Pending {fills[1]} and done {fills[0]} must read apart.");
                Assert.True(pendingLight - doneLight > 0.1 || pendingOpacity < 0.5);
                Directory.CreateDirectory(Path.GetDirectoryName(Picture("x"))!);
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Picture("backward-step.png") });
            }
        }

        await explorer.AssertCleanAsync();
    }

    [SkippableFact]
    public async Task BackwardStatus_ShowsTheArithmeticOfEachStep_EachTermNamedAsThePictureNamesItsSource()
    {
        Value loss = ExplorerPages.MlpBatch();
        List<Value> order = loss.TopologicalOrder().ToList();
        var options = new DotOptions { Collapse = ["layer 3"] };
        DiagramGraph drawing = DiagramGraph.Build(loss, options);
        Dictionary<string, string> ops = drawing.Nodes.Where(n => n.Kind == DiagramNodeKind.Op).ToDictionary(n => n.Id[..^3], n => n.Title);

        await using Explorer explorer = await Open(loss, options, width: 1400, height: 900);
        IPage page = explorer.Page;
        string[][] lines = await page.EvaluateAsync<string[][]>("""
            () => {
              const next = document.getElementById('step-next'), seen = [];
              while (!next.disabled) {
                next.click();
                if (document.getElementById('step-value').dataset.phase !== 'backward') { continue; }
                const text = document.getElementById('step-text');
                seen.push([document.getElementById('step-phase').textContent, text.textContent, document.getElementById('step-value').textContent,
                  JSON.stringify(Array.from(text.querySelectorAll('.term')).map(t => [t.dataset.from, t.dataset.upstream, t.dataset.local]))]);
              }
              return seen;
            }
            """);

        Assert.Equal(order.Count, lines.Length);
        for (int k = 0; k < order.Count; k++)
        {
            int index = order.Count - 1 - k;
            Value value = order[index];
            Assert.Equal($"Backward {k + 1}/{order.Count}:", lines[k][0]);
            string[][] terms = JsonSerializer.Deserialize<string[][]>(lines[k][3])!;
            List<(Value Reader, int Input)> uses = order.SelectMany(r => Enumerable.Range(0, r.InputCount).Where(i => ReferenceEquals(r.GetInput(i), value)).Select(i => (r, i))).ToList();
            if (index == order.Count - 1)
            {
                Assert.Empty(terms);
                Assert.Contains("∂out/∂out", lines[k][1], StringComparison.Ordinal);
                continue;
            }

            Assert.Equal(Math.Min(uses.Count, 6), terms.Length);
            double sum = 0;
            for (int t = 0; t < terms.Length; t++)
            {
                (Value reader, int input) = uses[t];
                int readerIndex = order.IndexOf(reader);
                Assert.Equal(DiagramGraph.ValueId(readerIndex), terms[t][0]);
                Assert.Equal(reader.Grad, double.Parse(terms[t][1], CultureInfo.InvariantCulture));
                Assert.Equal(reader.GetLocalGradient(input), double.Parse(terms[t][2], CultureInfo.InvariantCulture));
                sum += reader.Grad * reader.GetLocalGradient(input);

                // The source as the picture names it: its label, or the op its box is drawn from.
                string name = reader.Label ?? "[" + ops.GetValueOrDefault(DiagramGraph.ValueId(readerIndex), OpSymbolsOf(reader)) + "]";
                Assert.Contains(" from " + name, lines[k][1], StringComparison.Ordinal);
            }

            if (uses.Count <= 6)
            {
                Assert.True(Math.Abs(sum - value.Grad) <= 1e-9 * (1 + Math.Abs(value.Grad)), $"Backward {k + 1}: the terms add to {sum}, the gradient is {value.Grad}.");
            }

            Assert.StartsWith($"grad({value.Label ?? ""}", lines[k][1], StringComparison.Ordinal);
            Assert.EndsWith(" = ", lines[k][1], StringComparison.Ordinal);
            AssertShows(value.Grad, lines[k][2]);
        }

        await explorer.AssertCleanAsync();
    }

    private static string OpSymbolsOf(Value reader) => OpSymbols.For(reader);

    [SkippableFact]
    public async Task ScopesDrawnAsBoxes_WhenThePageIsMade_LightUpWhenSteppedOn_AndSayWhatTheyHold()
    {
        Value loss = ExplorerPages.MlpBatch();
        List<Value> order = loss.TopologicalOrder().ToList();
        var options = new DotOptions { Collapse = ["layer*"] };
        DiagramGraph drawing = DiagramGraph.Build(loss, options);
        int step = order.FindIndex(v => drawing.DrawnAs[v].Kind == DiagramNodeKind.CollapsedScope);
        Assert.True(step >= 0);

        await using Explorer explorer = await Open(loss, options, width: 1400, height: 900);
        IPage page = explorer.Page;
        await page.EvaluateAsync("n => { const next = document.getElementById('step-next'); for (let i = 0; i <= n; i++) { next.click(); } }", step);
        ILocator lit = page.Locator("g.node.current");
        Assert.Equal(1, await lit.CountAsync());
        Assert.Matches("^s[0-9]+$", await lit.Locator("title").TextContentAsync());
        await lit.HoverAsync();
        Assert.StartsWith("▸ layer", await page.TextContentAsync("#details-title"), StringComparison.Ordinal);
        Assert.Matches("^[0-9]+ values$", await page.TextContentAsync("#details-holds") ?? "");
        await explorer.AssertCleanAsync();
    }

    [SkippableFact]
    public async Task OpeningView_ShowsTheOutputAndItsInputs_Readable_AndFitNeverShrinksTextBelow11Px()
    {
        foreach ((string name, Value root) in new[] { ("formula", ExplorerPages.Formula()), ("mlp", ExplorerPages.Mlp()) })
        {
            List<Value> order = root.TopologicalOrder().ToList();
            string[] shownIds = [DiagramGraph.ValueId(order.Count - 1), .. Enumerable.Range(0, root.InputCount).Select(i => DiagramGraph.ValueId(order.IndexOf(root.GetInput(i))))];

            await using Explorer explorer = await Open(root, title: name == "formula" ? "(2*x + 1)^2 / 3 + y at x = 1, y = 2" : null, width: 1400, height: 900);
            IPage page = explorer.Page;
            if (name == "formula")
            {
                Assert.Contains("(2*x + 1)^2 / 3 + y", await page.TextContentAsync("h1"), StringComparison.Ordinal);
                Assert.StartsWith("(2*x + 1)^2 / 3 + y", await page.TitleAsync(), StringComparison.Ordinal);
            }

            for (int round = 0; round < 2; round++)
            {
                // Each text of the output and of its inputs (folded constants are written into the output's op) is on screen and at least 11 px.
                string problems = await page.EvaluateAsync<string>("""
                    ids => {
                      const frame = document.getElementById('graph').getBoundingClientRect(), problems = [];
                      ids.forEach(id => document.querySelectorAll(`g.node[data-value='${id}'] text`).forEach(t => {
                        const r = t.getBoundingClientRect();
                        const px = parseFloat(t.getAttribute('font-size')) * t.getScreenCTM().a;
                        if (px < 11) { problems.push(`${id} '${t.textContent}' is ${px.toFixed(1)} px`); }
                        if (r.left < frame.left || r.right > frame.right || r.top < frame.top || r.bottom > frame.bottom) { problems.push(`${id} '${t.textContent}' is out of view`); }
                      }));
                      return problems.join('; ');
                    }
                    """, shownIds.Where(id => id != "").ToArray());
                Assert.True(problems == "", $"{name}, {(round == 0 ? "opening view" : "after Fit")}: {problems}");
                if (round == 0)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(Picture("x"))!);
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = Picture($"opening-{name}.png") });
                }

                await page.ClickAsync("#zoom-fit");
            }

            if (name == "mlp")
            {
                Assert.StartsWith("Showing a region", await page.TextContentAsync("#zoom-note"), StringComparison.Ordinal);
            }

            await explorer.AssertCleanAsync();
        }
    }

    [SkippableFact]
    public async Task Wheel_ZoomsAroundTheCursor_AndDrag_Pans()
    {
        Value loss = ExplorerPages.Mlp();
        string root = DiagramGraph.ValueId(loss.TopologicalOrder().Count - 1);

        await using Explorer explorer = await Open(loss, width: 1400, height: 900);
        IPage page = explorer.Page;
        const string Centre = "id => { const r = document.querySelector(`g.node[data-value='${id}']`).getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2, parseFloat(document.getElementById('graph').dataset.scale)]; }";
        double[] at = await page.EvaluateAsync<double[]>(Centre, root);

        await page.Mouse.MoveAsync((float)at[0], (float)at[1]);
        await page.Mouse.WheelAsync(0, -400);
        await page.WaitForFunctionAsync($"() => parseFloat(document.getElementById('graph').dataset.scale) > {at[2].ToString(CultureInfo.InvariantCulture)}");
        double[] zoomed = await page.EvaluateAsync<double[]>(Centre, root);
        Assert.True(zoomed[2] > at[2] * 1.3, $"The wheel zoomed from {at[2]} to {zoomed[2]}.");
        Assert.True(Math.Abs(zoomed[0] - at[0]) < 3 && Math.Abs(zoomed[1] - at[1]) < 3, $"The node under the cursor moved from ({at[0]}, {at[1]}) to ({zoomed[0]}, {zoomed[1]}).");

        int[] scroll = await page.EvaluateAsync<int[]>("() => [document.getElementById('graph').scrollLeft, document.getElementById('graph').scrollTop]");
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync((float)at[0] + 120, (float)at[1] + 60, new() { Steps = 5 });
        await page.Mouse.UpAsync();
        int[] panned = await page.EvaluateAsync<int[]>("() => [document.getElementById('graph').scrollLeft, document.getElementById('graph').scrollTop]");
        Assert.InRange(panned[0], scroll[0] - 122, scroll[0] - 118);
        Assert.InRange(panned[1], scroll[1] - 62, scroll[1] - 58);
        Assert.Equal(0, await page.Locator("g.node.selected").CountAsync()); // a drag is no click
        await explorer.AssertCleanAsync();
    }

    [SkippableFact]
    public async Task TableHeaders_AndQualifiedNames_NeverBreakInsideAWord()
    {
        Value loss = ExplorerPages.Mlp();
        List<Value> order = loss.TopologicalOrder().ToList();
        int neuron = order.FindIndex(v => v.InputCount > 2 && v.Inputs.Any(i => i.Label?.StartsWith("layer2.neuron11.", StringComparison.Ordinal) == true));
        Assert.True(neuron >= 0);

        await using Explorer explorer = await Open(loss, width: 1400, height: 900);
        IPage page = explorer.Page;
        await page.EvaluateAsync("n => { const next = document.getElementById('step-next'); for (let i = 0; i <= n; i++) { next.click(); } }", neuron);

        // Each line break inside a cell falls after a dot, a slash or a space: read the line of each character.
        string breaks = await page.EvaluateAsync<string>("""
            () => {
              const bad = [];
              document.querySelectorAll('#details th, #details td, #details dd').forEach(cell => {
                const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
                let previous = null, top = null;
                for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                  for (let i = 0; i < node.length; i++) {
                    const range = document.createRange(); range.setStart(node, i); range.setEnd(node, i + 1);
                    const rect = range.getClientRects()[0];
                    if (!rect) { continue; }
                    if (top !== null && rect.top > top + 2 && previous !== null && !/[./\s]/.test(previous) && !/\s/.test(node.data[i])) {
                      bad.push(cell.textContent + ' breaks after ' + previous);
                    }
                    top = rect.top; previous = node.data[i];
                  }
                }
              });
              return bad.join('; ');
            }
            """);
        Assert.True(breaks == "", breaks);
        await explorer.AssertCleanAsync();
    }

    /// <summary>The lightness (0 black … 1 white) and opacity of a computed "rgb(r, g, b)|opacity".</summary>
    private static (double Lightness, double Opacity) Light(string fillAndOpacity)
    {
        string[] parts = fillAndOpacity.Split('|');
        double[] rgb = parts[0][(parts[0].IndexOf('(') + 1)..parts[0].IndexOf(')')].Split(',').Take(3).Select(p => double.Parse(p, CultureInfo.InvariantCulture) / 255).ToArray();
        return ((rgb.Max() + rgb.Min()) / 2, double.Parse(parts[1], CultureInfo.InvariantCulture));
    }
}
