using AutoGrad.Graphs;
using Snapshooter.Xunit;

namespace AutoGrad.Tests.Graphs;

public class MermaidExporterTests
{
    [Fact]
    public void SquareOfSum_MatchesSnapshot()
    {
        Snapshot.Match(MermaidExporter.Export(SampleGraphs.SquareOfSum()));
    }

    [Fact]
    public void Neuron_DrawsItsScopeAsASubgraph_AndHighlights()
    {
        (Value o, Value w1) = SampleGraphs.Neuron();

        string mermaid = MermaidExporter.Export(o, new DiagramOptions { Highlight = GraphPaths.Between(w1, o) });

        Snapshot.Match(mermaid);
        Assert.Contains("subgraph cluster_0[\"neuron\"]", mermaid);
        Assert.Contains("class v0,v4_op,v4,v6_op,v6,v7_op,v7 highlight", mermaid);
    }

    [Fact]
    public void Escape_TurnsMarkupIntoEntities()
    {
        Assert.Equal("a#34;b#93; #60;br#62;<br>#128512;", MermaidExporter.Escape("a\"b] <br>\n😀"));
    }
}
