using AutoGrad.Graphs;

namespace AutoGrad.Tests.Graphs;

/// <summary>
/// Scopes past ten nodes: repeated scopes are numbered, chosen scopes drawn as one box each (with
/// the parameters only boxes read as one node per layer), one can be kept open, and a size budget
/// collapses what it must and says so.
/// </summary>
public class ScopeCollapseTests
{
    private static readonly Value Network = SampleGraphs.MlpOverSamples(3);

    [Fact]
    public void RepeatedScopes_AreNumbered_InTheOrderTheyWereEntered()
    {
        string dot = DotExporter.Export(Network);

        Assert.Contains("label=<sample 1>", dot);
        Assert.Contains("label=<sample 3>", dot);
        Assert.DoesNotContain("label=<sample>", dot);
        Assert.Contains("label=<layer 2>", dot); // one per sample: no number added
        Assert.DoesNotContain("label=<layer 2 1>", dot);
        Assert.Contains("<TD>layer2.neuron3.w1</TD>", dot); // qualified names from the modules
        Assert.True(dot.IndexOf("label=<sample 1>", StringComparison.Ordinal) < dot.IndexOf("label=<sample 2>", StringComparison.Ordinal));
    }

    [Fact]
    public void NumbersFollowTheOrderOfEntering_NotOfTheGraph()
    {
        Value late, early;
        using (Scope.Enter("step"))
        {
            early = new Value(1, "early").Tanh();
        }

        using (Scope.Enter("step"))
        {
            late = new Value(2, "late").Tanh();
        }

        string dot = DotExporter.Export(late + early); // the graph meets 'late' first

        string[] lines = dot.Split('\n');
        int first = Array.FindIndex(lines, l => l.Contains("label=<step 1>", StringComparison.Ordinal));
        Assert.Contains("<TD>early</TD>", lines[first + 1] + lines[first + 2] + lines[first + 3]);
    }

    [Fact]
    public void CollapsingLayers_DrawsEachAsOneBox_AndTheirParametersAsOneNodePerLayer()
    {
        var options = new DotOptions { Collapse = ["layer*"] };

        string dot = DotExporter.Export(Network, options);
        DiagramSummary summary = Diagram.Describe(Network, options);

        Assert.Equal(9, summary.CollapsedScopes.Count);
        Assert.Equal("sample 1 / layer 1", summary.CollapsedScopes[0]);
        Assert.Equal(9, dot.Split("shape=box3d").Length - 1);
        Assert.Contains("label=<layer1.*<BR/><FONT POINT-SIZE=\"9\">12 values</FONT>>", dot); // 4 neurons × (2 weights + bias)
        Assert.Contains("label=<layer2.*<BR/><FONT POINT-SIZE=\"9\">20 values</FONT>>", dot);
        Assert.Contains("label=<layer3.*<BR/><FONT POINT-SIZE=\"9\">5 values</FONT>>", dot);
        Assert.DoesNotContain("neuron", dot);
        Assert.Equal(summary.NodeCount, GraphvizCheck.NodeCount(dot));
        Assert.InRange(summary.NodeCount, 20, 40);
        Assert.Null(summary.Note); // asked for, so nothing to explain
    }

    [Fact]
    public void ExpandingOneLayer_OpensItAndTheScopesAroundIt_Only()
    {
        var options = new DotOptions { Collapse = ["layer*"], Expand = ["sample 2 / layer 2"] };

        string dot = DotExporter.Export(Network, options);
        DiagramSummary summary = Diagram.Describe(Network, options);

        Assert.Equal(8, summary.CollapsedScopes.Count);
        Assert.DoesNotContain("sample 2 / layer 2", summary.CollapsedScopes);
        Assert.Contains("<TD>layer2.neuron0.w3</TD>", dot); // drawn inside its neuron, for the open layer
        Assert.Contains("label=<layer2.*<BR/><FONT POINT-SIZE=\"9\">20 values</FONT>>", dot); // and as one node for the boxes
        Assert.Equal(4, dot.Split("label=<neuron ").Length - 1);
        Assert.Equal(summary.NodeCount, GraphvizCheck.NodeCount(dot));
    }

    [Fact]
    public void Patterns_NameScopesByDrawnName_EnteredName_Path_OrPrefix()
    {
        static int Boxes(params string[] collapse) => Diagram.Describe(Network, new DiagramOptions { Collapse = collapse }).CollapsedScopes.Count;

        Assert.Equal(1, Boxes("sample 2"));
        Assert.Equal(3, Boxes("sample"));                 // entered as "sample", in every sample
        Assert.Equal(3, Boxes("layer 2"));
        Assert.Equal(1, Boxes("sample 3 / layer 2"));
        Assert.Equal(3, Boxes("sample*"));
        Assert.Equal(3, Boxes("sample 1", "sample 2 / layer 1", "sample 3"));
        Assert.Equal(1, Boxes("sample 1", "sample 1 / layer 1")); // the outer box holds the inner one
    }

    [Fact]
    public void ABudget_CollapsesInnermostScopesFirst_AndSaysSo()
    {
        var options = new DotOptions { MaxNodes = 60, Oversize = OversizeBehavior.CollapseScopes };

        string dot = DotExporter.Export(Network, options);
        string mermaid = MermaidExporter.Export(Network, options);
        DiagramSummary summary = Diagram.Describe(Network, options);
        int full = Diagram.Describe(Network).NodeCount;

        Assert.InRange(summary.NodeCount, 1, 60);
        Assert.All(summary.CollapsedScopes, path => Assert.Contains("/ neuron ", path, StringComparison.Ordinal)); // the innermost were enough
        Assert.Equal($"{full} nodes are more than MaxNodes = 60: drew 27 scopes (neuron) as boxes, {summary.NodeCount} nodes.", summary.Note);
        Assert.Contains($"label=<{summary.Note}>; labelloc=\"t\"", dot);
        Assert.Contains($"note[\"{full} nodes are more than MaxNodes = 60", mermaid);
        Assert.Equal(summary.NodeCount, GraphvizCheck.NodeCount(dot));
        DiagramSummary tighter = Diagram.Describe(Network, options with { MaxNodes = 40 });
        Assert.Equal(9, tighter.CollapsedScopes.Count); // then the layers around them
        Assert.Contains("drew 9 scopes (layer) as boxes", tighter.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void ABudget_NeverCollapsesAnExpandedScope_OrTheScopesAroundIt()
    {
        var options = new DiagramOptions { MaxNodes = 40, Oversize = OversizeBehavior.CollapseScopes, Expand = ["sample 1 / layer 3"] };

        DiagramSummary summary = Diagram.Describe(Network, options);

        Assert.DoesNotContain("sample 1 / layer 3", summary.CollapsedScopes);
        Assert.DoesNotContain("sample 1", summary.CollapsedScopes);
        Assert.Contains("sample 2 / layer 3", summary.CollapsedScopes);
        Assert.NotNull(summary.Note);
    }

    [Fact]
    public void ABudget_ThatCannotBeMet_IsRefused_AndByDefault_NothingIsCollapsed()
    {
        Assert.Throws<GraphTooLargeException>(() => Diagram.Describe(Network, new DiagramOptions { MaxNodes = 5, Oversize = OversizeBehavior.CollapseScopes }));
        GraphTooLargeException refused = Assert.Throws<GraphTooLargeException>(() => Diagram.Describe(Network, new DiagramOptions { MaxNodes = 60 }));
        Assert.Equal(Diagram.Describe(Network).NodeCount, refused.NodeCount);
        Assert.Equal(60, refused.MaxNodes);
    }

    [Theory]
    [InlineData("", "DiagramOptions.Collapse[0] is ''; expected a scope name such as 'layer 2', 'sample 3 / layer 2' or 'layer*'.")]
    [InlineData("  ", "DiagramOptions.Collapse[0] is '  '")]
    [InlineData("*", "DiagramOptions.Collapse[0] is '*'")]
    [InlineData("layer 9", "DiagramOptions.Collapse names 'layer 9', which matches no scope of the graph; its scopes are sample 1, sample 1 / layer 1, sample 1 / layer 1 / neuron 0,")]
    public void BadCollapsePatterns_AreRefused_NamingTheOptionAndTheValue(string pattern, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => DotExporter.Export(Network, new DotOptions { Collapse = [pattern] }));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadExpandPatterns_AndNullLists_AreRefused()
    {
        var graphWithoutScopes = new Value(1, "x").Tanh();

        var unknown = Assert.Throws<ArgumentException>(() => MermaidExporter.Export(graphWithoutScopes, new DiagramOptions { Expand = ["layer 1"] }));
        var nullList = Assert.Throws<ArgumentException>(() => DotExporter.Export(Network, new DotOptions { Expand = null! }));

        Assert.Contains("DiagramOptions.Expand names 'layer 1', which matches no scope of the graph; the graph has no scopes (build it inside Scope.Enter).", unknown.Message);
        Assert.Contains("DiagramOptions.Expand is null", nullList.Message);
    }
}
