using AutoGrad.Graphs;
using Snapshooter.Xunit;

namespace AutoGrad.Tests.Graphs;

/// <summary>
/// The diagrams learners meet past ten nodes, pinned: an MLP 2→[4, 4]→1 over three samples drawn as
/// layers and with one layer open, and softmax cross-entropy; every DOT text laid out by Graphviz.
/// </summary>
public class MediumDiagramSnapshotTests
{
    private static readonly DotOptions Layers = new() { Collapse = ["layer*"], NumberFormat = "0.00" };

    private static readonly DotOptions OneLayerOpen = Layers with { Expand = ["sample 2 / layer 2"] };

    [Fact]
    public void MlpOverSamples_AsLayers_Dot()
    {
        string dot = DotExporter.Export(SampleGraphs.MlpOverSamples(), Layers);

        Snapshot.Match(dot);
        GraphvizCheck.Layout(dot);
    }

    [Fact]
    public void MlpOverSamples_AsLayers_Mermaid() => Snapshot.Match(MermaidExporter.Export(SampleGraphs.MlpOverSamples(), Layers));

    [Fact]
    public void MlpOverSamples_WithOneLayerOpen_Dot()
    {
        string dot = DotExporter.Export(SampleGraphs.MlpOverSamples(), OneLayerOpen);

        Snapshot.Match(dot);
        GraphvizCheck.Layout(dot);
    }

    [Fact]
    public void MlpOverSamples_WithOneLayerOpen_Mermaid() => Snapshot.Match(MermaidExporter.Export(SampleGraphs.MlpOverSamples(), OneLayerOpen));

    [Fact]
    public void SoftmaxCrossEntropy_Dot()
    {
        string dot = DotExporter.Export(SampleGraphs.SoftmaxCrossEntropy());

        Snapshot.Match(dot);
        GraphvizCheck.Layout(dot);
    }

    [Fact]
    public void SoftmaxCrossEntropy_Mermaid() => Snapshot.Match(MermaidExporter.Export(SampleGraphs.SoftmaxCrossEntropy()));
}
