using AutoGrad.Graphs;

namespace AutoGrad.Tests.Graphs;

/// <summary>
/// Label text is cut at <see cref="DiagramOptions.MaxLabelLength"/> with an ellipsis, never inside an
/// escape, so Graphviz's 16 KB limit for HTML-like labels is never reached; and dot's own message
/// survives a large invalid file.
/// </summary>
public class LongLabelTests
{
    private static string DotLabelOf(string dot, string id)
    {
        string line = dot.Split('\n').Single(l => l.TrimStart().StartsWith(id + " [shape=plaintext", StringComparison.Ordinal));
        int start = line.IndexOf("<TD>", StringComparison.Ordinal) + 4;
        return line[start..line.IndexOf("</TD>", start, StringComparison.Ordinal)];
    }

    [Fact]
    public void LabelOf20KB_IsCutWithAnEllipsis_AndDotAcceptsTheFile()
    {
        var x = new Value(1.5, new string('a', 20_000));

        string dot = DotExporter.Export(x.Tanh());

        Assert.Equal(new string('a', DiagramOptions.DefaultMaxLabelLength) + "…", DotLabelOf(dot, "v0"));
        Assert.Equal(3, GraphvizCheck.NodeCount(dot)); // dot lays it out without an error or a warning
    }

    [Fact]
    public void LabelIsCutBetweenEscapes_NeverInsideOne()
    {
        var x = new Value(1.5, string.Concat(Enumerable.Repeat("<&\"", 3000)));

        string dot = DotExporter.Export(x.Tanh(), new DotOptions { MaxLabelLength = 14 });

        Assert.Equal("&lt;&amp;…", DotLabelOf(dot, "v0")); // 9 characters; with "&quot;" it would be 15
        Assert.Equal(3, GraphvizCheck.NodeCount(dot));
    }

    [Fact]
    public void ShortLabels_AreNotCut()
    {
        var x = new Value(1.5, new string('b', 1000));

        string dot = DotExporter.Export(x.Tanh());

        Assert.Equal(new string('b', 1000), DotLabelOf(dot, "v0"));
    }

    [Fact]
    public void ScopeNamesAndNotes_AreCutToo()
    {
        Value y;
        var x = new Value(1.5, "x");
        using (Scope.Enter(new string('s', 30_000)))
        {
            y = x.Tanh();
        }

        var options = new DotOptions { Notes = new Dictionary<Value, string> { [x] = new string('n', 30_000) } };
        string dot = DotExporter.Export(y, options);

        Assert.Contains("label=<" + new string('s', 1000) + "…>;", dot, StringComparison.Ordinal);
        Assert.Contains("<I>" + new string('n', 1000) + "…</I>", dot, StringComparison.Ordinal);
        Assert.Equal(3, GraphvizCheck.NodeCount(dot));
    }

    [Fact]
    public void Mermaid_CutsLabelsWithAnEscapedEllipsis()
    {
        var x = new Value(1.5, new string('a', 20_000));

        string mermaid = MermaidExporter.Export(x.Tanh(), new DiagramOptions { MaxLabelLength = 50 });

        Assert.Contains("v0[\"" + new string('a', 50) + "#8230; | data 1.5", mermaid, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void MaxLabelLength_BelowOne_IsRefused(int length)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => DotExporter.Export(new Value(1).Tanh(), new DotOptions { MaxLabelLength = length }));

        Assert.Contains("DiagramOptions.MaxLabelLength must be at least 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidDotOfAMegabyte_ThrowsGraphvizException_WithDotsMessage_NotABrokenPipe()
    {
        // The syntax error is on the first line: dot stops reading there, long before the rest is written.
        string dot = "digraph G { a -> ; }\n" + string.Concat(Enumerable.Repeat("// padding that dot never reads\n", 32_000));
        Assert.True(dot.Length > 1_000_000);
        string path = Path.Combine(Path.GetTempPath(), $"autograd-long-{Guid.NewGuid():N}.svg");

        var error = Assert.Throws<GraphvizException>(() => Graphviz.Render(dot, GraphvizFormat.Svg, path));

        Assert.Contains("syntax error", error.Message, StringComparison.Ordinal);
        Assert.Contains("syntax error", error.GraphvizOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }
}
