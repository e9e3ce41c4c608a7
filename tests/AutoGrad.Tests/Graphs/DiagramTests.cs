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
