using System.Globalization;
using AutoGrad.Compilation;

namespace AutoGrad.Benchmarks.Workloads;

/// <summary>
/// The one-time cost of a compiled replay, reported beside its speed: recording the graph and the first
/// step on the caller's thread and, for a tiered graph (<see cref="CompiledGraph.Compile(Value)"/>), the
/// code generated in the background and the replay at which the graph switched to it; for a graph
/// compiled to generated code from the start, the code generation inside the first step.
/// </summary>
/// <param name="Graph">The compiled graph.</param>
/// <param name="FirstStep">Compile plus the first step, on the caller's thread.</param>
internal sealed record CompileTime(CompiledGraph Graph, TimeSpan FirstStep)
{
    /// <summary>
    /// Compiles <paramref name="output"/> the way <paramref name="mode"/> says (null: as a user gets it,
    /// tiered), runs the first step and, for a tiered graph, steps until it has switched to generated code.
    /// </summary>
    public static (CompiledGraph Graph, CompileTime Time) Compile(Value output, ReplayMode? mode, Action<CompiledGraph> step)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        CompiledGraph graph = mode is { } forced ? CompiledGraph.Compile(output, forced) : CompiledGraph.Compile(output);
        step(graph); // the JIT compiles generated code on its first run: part of the one-time cost
        TimeSpan firstStep = clock.Elapsed;
        if (mode is null)
        {
            if (!graph.WaitForGeneratedCode(TimeSpan.FromMinutes(10)))
            {
                throw new InvalidOperationException($"The tiered graph did not get generated code: {graph.Tiering}");
            }

            step(graph); // the switch
        }

        return (graph, new CompileTime(graph, firstStep));
    }

    /// <summary>The implementation's name in the CSV rows: the generated replay keeps the name it always had.</summary>
    public static string ImplementationName(ReplayMode mode) => mode == ReplayMode.Generated ? "autograd-compiled" : "autograd-interpreted";

    public string Describe(string workload) => string.Create(
        CultureInfo.InvariantCulture,
        $"{workload} {ImplementationName(Graph.Mode)}: compile and first step {FirstStep.TotalMilliseconds:F1} ms for {Graph.NodeCount} nodes{Tiers()}{(Graph.CodeShape is { } shape ? $"; {shape}" : "")}");

    private string Tiers() => Graph.Tiering is { } tiers
        ? string.Create(CultureInfo.InvariantCulture, $"; tiered: code generated in the background ({tiers.GenerationTime.TotalMilliseconds:F1} ms, JIT warm-up {tiers.WarmUpTime.TotalMilliseconds:F1} ms), switched at replay {tiers.SwitchedAtReplay}")
        : Graph.Mode == ReplayMode.Generated ? string.Create(CultureInfo.InvariantCulture, $" (code generation {Graph.CodeGenerationTime.TotalMilliseconds:F1} ms of it)") : "";
}
