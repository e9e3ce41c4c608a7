using System.Globalization;
using AutoGrad.Compilation;

namespace AutoGrad.Benchmarks.Workloads;

/// <summary>
/// The one-time cost of a compiled replay, reported beside its speed: recording the graph and
/// generating code (<see cref="CompiledGraph.Compile(Value)"/>), then the first run, in which the
/// JIT compiles the generated methods.
/// </summary>
/// <param name="Graph">The compiled graph.</param>
/// <param name="Total">Compile plus the first step.</param>
internal sealed record CompileTime(CompiledGraph Graph, TimeSpan Total)
{
    /// <summary>The implementation's name in the CSV rows: the generated replay keeps the name it always had.</summary>
    public static string ImplementationName(ReplayMode mode) => mode == ReplayMode.Generated ? "autograd-compiled" : "autograd-interpreted";

    public string Describe(string workload) => string.Create(
        CultureInfo.InvariantCulture,
        $"{workload} {ImplementationName(Graph.Mode)}: compile {Total.TotalMilliseconds:F1} ms (of which code generation {Graph.CodeGenerationTime.TotalMilliseconds:F1} ms) for {Graph.NodeCount} nodes, first step included{(Graph.CodeShape is { } shape ? $"; {shape}" : "")}");
}
