using AutoGrad.Checking;
using AutoGrad.Graphs;

namespace AutoGrad.Tests.Graphs;

/// <summary>Tests that change the process's PATH run alone, after every parallel test.</summary>
[CollectionDefinition(nameof(ProcessEnvironment), DisableParallelization = true)]
public sealed class ProcessEnvironment;

[Collection(nameof(ProcessEnvironment))]
public sealed class DiagramTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("autograd-diagram-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void SaveGradCheck_DrawsAnalyticVsNumerical_AndHighlightsTheCulpritsPath()
    {
        // A custom op with its derivative off by a factor of 2, inside tanh(·) · x1.
        static Value F(IReadOnlyList<Value> x) =>
            Value.Custom("square", [x[0]], v => v[0] * v[0], (v, i) => v[0]).Tanh() * x[1];
        GradCheckReport report = GradCheck.Check(F, [0.7, 1.3]);
        Assert.True(report.Failed);

        IReadOnlyList<string> files = Diagram.SaveGradCheck(report, Path.Combine(_folder, "check"));
        string dot = File.ReadAllText(files[0]);

        Assert.Contains("<I>analytic 0.722256 vs numerical 1.44451: failed</I>", dot);
        Assert.Contains("<I>analytic 0.454216 vs numerical 0.454216: passed</I>", dot);
        Assert.Contains("culprit: ∂/∂input 0 recorded 0.7, numerical 1.4", dot);
        Assert.Contains("#ffe08a", dot); // the culprit's path to the output is highlighted
        Assert.NotEmpty(GraphvizCheck.Layout(dot));
    }

    [Fact]
    public void Save_WritesDotAndSvg_WhereGraphvizIsInstalled()
    {
        var log = new StringWriter();

        IReadOnlyList<string> written = Diagram.Save(SampleGraphs.SquareOfSum(), Path.Combine(_folder, "z"), log: log);

        Assert.Equal([Path.Combine(_folder, "z.dot"), Path.Combine(_folder, "z.svg")], written);
        Assert.StartsWith("<?xml", File.ReadAllText(written[1]));
        Assert.Contains("wrote", log.ToString());
    }

    [Fact]
    public void Save_WithoutGraphviz_StillWritesTheDot_AndSaysHowToGetThePicture()
    {
        string? path = Environment.GetEnvironmentVariable("PATH");
        Environment.SetEnvironmentVariable("PATH", _folder); // a PATH with no 'dot' on it
        try
        {
            var log = new StringWriter();

            IReadOnlyList<string> written = Diagram.Save(SampleGraphs.SquareOfSum(), Path.Combine(_folder, "z"), log: log);

            Assert.False(Graphviz.IsInstalled);
            Assert.Equal([Path.Combine(_folder, "z.dot")], written);
            Assert.Equal(DotExporter.Export(SampleGraphs.SquareOfSum()), File.ReadAllText(written[0]));
            Assert.Contains("Graphviz is not installed, so no SVG was drawn (Debian/Ubuntu: sudo apt-get install graphviz).", log.ToString());
            Assert.False(File.Exists(Path.Combine(_folder, "z.svg")));
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", path);
        }
    }
}
