using System.Globalization;
using System.Text.Json.Nodes;
using AutoGrad.Data;
using AutoGrad.Interactive;
using AutoGrad.Plots;
using AutoGrad.Tests.Packaging;
using AutoGrad.Training;
using Microsoft.DotNet.Interactive.Formatting;
using Xunit.Abstractions;

namespace AutoGrad.Tests.Interactive;

/// <summary>
/// The notebooks of docs/notebooks, run headless by dotnet-repl against freshly packed packages: every cell
/// succeeds, the graph cells show the graph drawn with the numbers of the math, and the committed copies
/// keep their outputs (so GitHub shows them).
/// </summary>
[Collection(nameof(PackedFeedCollection))]
public sealed class NotebookTests(PackedFeed feed, ITestOutputHelper log)
{
    public static TheoryData<string> Notebooks => new(NotebookRuns.Names);

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task Notebook_RunsHeadless_AndEveryCellSucceeds(string name)
    {
        NotebookRun run = await Run(name);

        Assert.True(run.Process.ExitCode == 0 && run.Notebook is not null, $"dotnet-repl failed on {name}: {run.Process}");
        Assert.NotEmpty(run.CodeCells);
        foreach (JsonNode cell in run.CodeCells)
        {
            JsonArray outputs = cell["outputs"]!.AsArray();
            string[] errors = outputs.Where(o => (string?)o!["output_type"] == "error").Select(o => $"{o!["ename"]}: {o["evalue"]}").ToArray();
            Assert.True(errors.Length == 0, $"{name}: the cell\n{NotebookRun.Source(cell)}\nfailed: {string.Join("\n", errors)}");
            Assert.True(outputs.Count > 0, $"{name}: the cell\n{NotebookRun.Source(cell)}\nshowed nothing");
        }
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void CommittedNotebook_KeepsItsOutputs_AndLoadsThePackagesFromTheFeed(string name)
    {
        JsonNode notebook = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "docs", "notebooks", name)))!;
        JsonNode[] code = notebook["cells"]!.AsArray().Where(c => (string?)c!["cell_type"] == "code").Select(c => c!).ToArray();

        Assert.All(code, cell => Assert.True(cell["outputs"]!.AsArray().Count > 0, $"{name}: a committed cell has no output:\n{NotebookRun.Source(cell)}"));
        Assert.All(code, cell => Assert.DoesNotContain(cell["outputs"]!.AsArray(), o => (string?)o!["output_type"] == "error"));
        string sources = string.Join("\n", code.Select(NotebookRun.Source));
        Assert.Contains("#i \\\"nuget: {feed}\\\"", sources, StringComparison.Ordinal);
        Assert.Contains("#r \"nuget: AutoGrad, 1.0.0\"", sources, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChainRule_GraphCell_DrawsZ9_AndGradients6()
    {
        NotebookRun run = await Run("chain-rule.ipynb");

        string[][] boxes = GraphSvg.Boxes(GraphOutput(run, "z.Backward();"));
        Assert.Equal(4, boxes.Length);
        Assert.Contains(["z", "data 9", "grad 1"], boxes);
        Assert.Contains(["s", "data 3", "grad 6"], boxes);
        Assert.Contains(["x", "data 1", "grad 6"], boxes);
        Assert.Contains(["y", "data 2", "grad 6"], boxes);
    }

    [Fact]
    public async Task MicrogradDemo_NeuronGraph_HasMicrogradsNumbers_AndTheMoonsAreLearned()
    {
        NotebookRun run = await Run("micrograd-demo.ipynb");

        string[][] boxes = GraphSvg.Boxes(GraphOutput(run, "o.Backward();"));
        // micrograd's README neuron: o = tanh(n) = 0.7071 with n = 0.8814; do/dn = 1 - o² = 0.5.
        Assert.Contains(["o", "data 0.7071", "grad 1"], boxes);
        Assert.Contains(["n", "data 0.8814", "grad 0.5"], boxes);
        Assert.Contains(["x1", "data 2", "grad -1.5"], boxes);
        Assert.Contains(["w1", "data -3", "grad 1"], boxes);
        Assert.Contains(["x2", "data 0", "grad 0.5"], boxes);
        Assert.Contains(["w2", "data 1", "grad 0"], boxes);

        JsonNode last = run.CodeCells[^1];
        Assert.Contains("accuracy: 1.00", string.Concat(NotebookRun.Outputs(last, "text/plain").Concat(NotebookRun.Outputs(last, "text/html"))), StringComparison.Ordinal);

        // The pictures are those of the same run made here: the training curves and the decision boundary.
        NotebookFormatters.Register();
        Dataset moons = Datasets.Moons(100, noise: 0.1, seed: 0);
        var trainer = new Trainer(moons, new TrainingOptions { Steps = 100 });
        var recorder = new TrainingRecorder(trainer, moons);
        trainer.Run(recorder.Hooks);
        JsonNode training = run.CodeCells.Single(c => NotebookRun.Source(c).Contains("trainer.Run(run.Hooks)", StringComparison.Ordinal));
        InlineImage.AssertSamePicture(
            InlineImage.Png(recorder.ToDisplayString(HtmlFormatter.MimeType)),
            InlineImage.Png(string.Concat(NotebookRun.Outputs(training, "text/html"))),
            "the notebook's training curves");
        InlineImage.AssertSamePicture(
            InlineImage.Png(DecisionBoundaryPlot.Draw(trainer.ToClassifier(), moons).ToDisplayString(HtmlFormatter.MimeType)),
            InlineImage.Png(string.Concat(NotebookRun.Outputs(last, "text/html"))),
            "the notebook's decision boundary");
    }

    [Fact]
    public async Task SoftmaxCrossEntropy_LossGraph_IsDrawn_AndTheLogitGradientsArePMinusT()
    {
        NotebookRun run = await Run("softmax-cross-entropy.ipynb");

        string[][] boxes = GraphSvg.Boxes(GraphOutput(run, "loss.Backward();"));
        double[] p = Softmax([2.0, 1.0, 0.1]);
        Assert.Contains(boxes, box => box[0] == "loss" && box[1] == "data " + (-Math.Log(p[0])).ToString("G4", CultureInfo.InvariantCulture));
        Assert.Contains(boxes, box => box[0] == "z0" && box[2] == "grad " + (p[0] - 1).ToString("G4", CultureInfo.InvariantCulture));
        Assert.Contains(boxes, box => box[0] == "z1" && box[2] == "grad " + p[1].ToString("G4", CultureInfo.InvariantCulture));
    }

    private async Task<NotebookRun> Run(string name)
    {
        NotebookRuns runs = await NotebookRuns.Get(feed);
        NotebookRun run = runs.Runs[name];
        log.WriteLine($"{name}: {run.Process.Elapsed.TotalSeconds:0.0} s (dotnet-repl installed in {runs.InstallTime.TotalSeconds:0.0} s; packages packed in {feed.PackTime.TotalSeconds:0.0} s)");
        Assert.True(run.Notebook is not null, $"dotnet-repl wrote no notebook for {name}: {run.Process}");
        return run;
    }

    /// <summary>The graph HTML shown by the cell whose source contains <paramref name="marker"/>.</summary>
    private static string GraphOutput(NotebookRun run, string marker)
    {
        JsonNode cell = run.CodeCells.Single(c => NotebookRun.Source(c).Contains(marker, StringComparison.Ordinal));
        string html = string.Concat(NotebookRun.Outputs(cell, "text/html"));
        Assert.Contains("autograd-graph", html, StringComparison.Ordinal);
        return html;
    }

    private static double[] Softmax(double[] z)
    {
        double[] e = z.Select(Math.Exp).ToArray();
        return e.Select(v => v / e.Sum()).ToArray();
    }
}
