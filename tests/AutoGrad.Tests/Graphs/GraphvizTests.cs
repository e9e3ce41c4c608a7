using System.Text;
using AutoGrad.Graphs;

namespace AutoGrad.Tests.Graphs;

public sealed class GraphvizTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("autograd-graphviz-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(GraphvizFormat.Svg, "<?xml")]
    [InlineData(GraphvizFormat.Png, "\u0089PNG")]
    [InlineData(GraphvizFormat.Pdf, "%PDF")]
    public void Render_WritesTheFormat(GraphvizFormat format, string magic)
    {
        string path = Path.Combine(_folder, "nested", "z." + format.ToString().ToLowerInvariant());

        string warnings = Graphviz.Render(DotExporter.Export(SampleGraphs.SquareOfSum()), format, path);

        Assert.Equal("", warnings);
        byte[] head = File.ReadAllBytes(path)[..magic.Length];
        Assert.Equal(magic, Encoding.Latin1.GetString(head));
    }

    [Fact]
    public void Render_OfBadDot_ThrowsWithGraphvizsOwnMessage_AndKeepsTheOldFile()
    {
        string path = Path.Combine(_folder, "keep.svg");
        File.WriteAllText(path, "old picture");

        var error = Assert.Throws<GraphvizException>(() => Graphviz.Render("digraph { a -> }", GraphvizFormat.Svg, path));

        Assert.Contains("syntax error", error.Message);
        Assert.Contains("syntax error", error.GraphvizOutput);
        Assert.Equal("old picture", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_folder)); // no temporary file left behind
    }

    [Fact]
    public void Render_WithoutGraphviz_SaysHowToInstallIt()
    {
        var error = Assert.Throws<GraphvizNotInstalledException>(
            () => Graphviz.RenderWith("no-such-dot-program", "digraph { a }", GraphvizFormat.Svg, Path.Combine(_folder, "x.svg"), null));

        Assert.Contains("'no-such-dot-program' program was not found", error.Message);
        Assert.Contains("apt-get install graphviz", error.Message);
        Assert.Contains("does not need Graphviz", error.Message);
        Assert.Empty(Directory.GetFiles(_folder));
    }
}
