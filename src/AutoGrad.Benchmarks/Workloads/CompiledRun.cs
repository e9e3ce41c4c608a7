using AutoGrad.Compilation;

namespace AutoGrad.Benchmarks.Workloads;

/// <summary>
/// Any W2/W3 workload as a compiled replay: the graph is recorded once (set-up, not timed); each
/// repetition writes the leaf values, runs forward and backward, and leaves ∂output/∂leaf in
/// <see cref="CompiledGraph.LeafGradients"/>. Tiered (the default, timed once it runs generated code), generated code from the start, or the interpreter.
/// </summary>
internal sealed class CompiledRun : IWorkloadRun
{
    private readonly CompiledGraph _graph;
    private readonly double[] _leafData;
    private readonly Func<CompiledGraph, string> _check;

    /// <param name="workload">The workload's name.</param>
    /// <param name="opNodes">Its canonical op-node count.</param>
    /// <param name="output">The output of one dynamic build, to record.</param>
    /// <param name="check">Describes the results after the steps run so far.</param>
    /// <param name="mode">Generated code or the interpreter from the start; null, tiered (as a user gets it), measured after the switch.</param>
    public CompiledRun(string workload, long opNodes, Value output, Func<CompiledGraph, string> check, ReplayMode? mode)
    {
        Workload = workload;
        OpNodes = opNodes;
        _check = check;
        double[]? leafData = null;
        (_graph, CompileTime) = CompileTime.Compile(output, mode, graph =>
        {
            // New inputs every repetition, as a caller would give.
            leafData ??= graph.LeafValues.ToArray();
            leafData.CopyTo(graph.LeafValues);
            graph.Forward();
            graph.Backward();
        });
        _leafData = leafData!;
    }

    public CompileTime CompileTime { get; }

    public string Workload { get; }

    public string Implementation => CompileTime.ImplementationName(_graph.Mode);

    public long OpNodes { get; }

    public long Nodes => _graph.NodeCount;

    public void Step()
    {
        _leafData.CopyTo(_graph.LeafValues); // new inputs every repetition, as a caller would give
        _graph.Forward();
        _graph.Backward();
    }

    public IEnumerable<string> Checks()
    {
        yield return _check(_graph);
        yield return CompileTime.Describe(Workload);
    }
}
