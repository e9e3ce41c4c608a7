using AutoGrad.Graphs;
using Snapshooter.Xunit;

namespace AutoGrad.Tests.Graphs;

public class DotExporterTests
{
    [Fact]
    public void SquareOfSum_MatchesSnapshot_AndGraphvizAcceptsIt()
    {
        string dot = DotExporter.Export(SampleGraphs.SquareOfSum());

        Snapshot.Match(dot);
        Assert.Equal(6, GraphvizCheck.NodeCount(dot)); // 4 values + 2 op nodes
        Assert.Equal(5, GraphvizCheck.EdgeCount(dot));
    }

    [Fact]
    public void Neuron_InAScope_IsDrawnInACluster_WithThePathHighlighted()
    {
        (Value o, Value w1) = SampleGraphs.Neuron();

        string dot = DotExporter.Export(o, new DotOptions { Highlight = GraphPaths.Between(w1, o) });

        Snapshot.Match(dot);
        Assert.Contains("subgraph cluster_0 {", dot);
        Assert.Contains("label=<neuron>", dot);
        Assert.Equal(11, GraphvizCheck.NodeCount(dot));
    }

    [Fact]
    public void FoldedOps_TopToBottom_WithoutGradients_MatchSnapshot()
    {
        string dot = DotExporter.Export(
            SampleGraphs.SquareOfSum(),
            new DotOptions { OpNodes = OpNodeStyle.Folded, Direction = RankDirection.TopToBottom, ShowGradients = false, NumberFormat = "0.0" });

        Snapshot.Match(dot);
        Assert.DoesNotContain("grad", dot);
        Assert.Contains("rankdir=TB", dot);
        Assert.Equal(4, GraphvizCheck.NodeCount(dot));
    }

    [Fact]
    public void Export_IsByteIdentical_ForTheSameGraph()
    {
        string first = DotExporter.Export(SampleGraphs.ScopedNetwork());

        Assert.Equal(first, DotExporter.Export(SampleGraphs.ScopedNetwork()));
        GraphvizCheck.Layout(first);
    }

    [Fact]
    public void NestedScopes_BecomeNestedClusters()
    {
        string dot = DotExporter.Export(SampleGraphs.ScopedNetwork(hidden: 2));

        Assert.Contains("label=<layer 1>", dot);
        Assert.Contains("label=<neuron 1>", dot);
        GraphvizCheck.Layout(dot);
    }

    [Fact]
    public void ParametersMadeOutsideScopes_AreDrawnInTheOneScopeThatUsesThem_SharedInputsStayOutside()
    {
        var x = new Value(1, "shared input");
        var w0 = new Value(2, "weight 0");
        var w1 = new Value(3, "weight 1");
        Value a, b;
        using (Scope.Enter("neuron A"))
        {
            a = (x * w0).Tanh();
        }

        using (Scope.Enter("neuron B"))
        {
            b = (x * w1).Tanh();
        }

        string dot = DotExporter.Export(a + b);

        string ClusterOf(string label)
        {
            string[] lines = dot.Split('\n');
            int line = Array.FindIndex(lines, l => l.Contains($"<TD>{label}</TD>", StringComparison.Ordinal));
            int depth = 0;
            for (int i = line; i >= 0; i--)
            {
                depth += lines[i].Trim() == "}" ? 1 : 0;
                if (lines[i].Contains("subgraph", StringComparison.Ordinal) && depth-- == 0)
                {
                    return lines[i + 1];
                }
            }

            return "none";
        }

        Assert.Contains("neuron A", ClusterOf("weight 0"));
        Assert.Contains("neuron B", ClusterOf("weight 1"));
        Assert.Equal("none", ClusterOf("shared input"));
        GraphvizCheck.Layout(dot);
    }

    [Fact]
    public void OversizedGraph_IsRefused_WithTheCountAndTheWayOut()
    {
        var error = Assert.Throws<GraphTooLargeException>(
            () => DotExporter.Export(SampleGraphs.ScopedNetwork(), new DotOptions { MaxNodes = 20 }));

        Assert.Equal(20, error.MaxNodes);
        Assert.Contains("more than MaxNodes = 20", error.Message);
        Assert.Contains("CollapseScopes", error.Message);
    }

    [Fact]
    public void OversizedGraph_CollapsesScopesInnermostFirst_UntilItFits()
    {
        Value network = SampleGraphs.ScopedNetwork();

        string byNeuron = DotExporter.Export(network, new DotOptions { MaxNodes = 40, Oversize = OversizeBehavior.CollapseScopes });
        string byLayer = DotExporter.Export(network, new DotOptions { MaxNodes = 6, Oversize = OversizeBehavior.CollapseScopes });

        Assert.InRange(GraphvizCheck.NodeCount(byNeuron), 1, 40);
        Assert.Contains("neuron 3", byNeuron); // neurons became boxes inside layer clusters
        Assert.Contains("shape=box3d", byNeuron);
        Assert.InRange(GraphvizCheck.NodeCount(byLayer), 1, 6); // 2 inputs + 3 layer boxes
        Assert.Contains("layer 3", byLayer);
        Assert.DoesNotContain("neuron 0", byLayer);
    }

    [Fact]
    public void CollapsingStillTooLarge_IsRefused()
    {
        Assert.Throws<GraphTooLargeException>(
            () => DotExporter.Export(SampleGraphs.ScopedNetwork(), new DotOptions { MaxNodes = 2, Oversize = OversizeBehavior.CollapseScopes }));
    }

    [Fact]
    public void NastyLabels_AreShownLiterally_InTheRenderedSvg()
    {
        const string Nasty = "q\"uote \\ {brace} |bar| <tag> & ]] 😀 한국어";
        var x = new Value(1, Nasty);
        Value y = x.Tanh();
        y.Label = "line one\nline two";

        string dot = DotExporter.Export(y);
        GraphvizCheck.Layout(dot);
        string svg = RenderSvg(dot);

        var texts = System.Xml.Linq.XDocument.Parse(svg).Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value).ToList();
        Assert.Contains(Nasty, texts);
        Assert.Contains("line one", texts);
        Assert.Contains("line two", texts);
    }

    [Theory]
    [InlineData("]")]   // found by the property: Graphviz's HTML lexer fails on a label ending in ']'
    [InlineData("]]>")]
    [InlineData("<![CDATA[x]]>")]
    [InlineData("&#93;")]
    public void LabelsThatTripGraphviz_AreAccepted(string label)
    {
        var x = new Value(1, label);

        string dot = DotExporter.Export(x.Tanh());

        Assert.Equal(2 + 1, GraphvizCheck.NodeCount(dot));
    }

    [Fact]
    public void GraphPathsBetween_HoldsExactlyTheRouteFromSourceToOutput()
    {
        var a = new Value(1, "a");
        var b = new Value(2, "b");
        Value ab = a * b;
        Value bb = b * b;
        Value output = ab + bb;

        IReadOnlySet<Value> path = GraphPaths.Between(a, output);

        Assert.Equal(3, path.Count);
        Assert.Contains(a, path);
        Assert.Contains(ab, path);
        Assert.Contains(output, path);
        Assert.Empty(GraphPaths.Between(new Value(0), output));
    }

    private static string RenderSvg(string dot)
    {
        string path = Path.Combine(Path.GetTempPath(), $"autograd-{Guid.NewGuid():N}.svg");
        try
        {
            Assert.Equal("", Graphviz.Render(dot, GraphvizFormat.Svg, path));
            return File.ReadAllText(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
