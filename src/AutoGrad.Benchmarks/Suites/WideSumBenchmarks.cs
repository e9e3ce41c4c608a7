using AutoGrad.Benchmarks.Workloads;
using BenchmarkDotNet.Attributes;

namespace AutoGrad.Benchmarks.Suites;

/// <summary>W3 and W3t: N products summed by a left fold or a pairwise tree.</summary>
public class WideSumBenchmarks : WorkloadBenchmarks
{
    /// <summary>Number of products.</summary>
    [Params(10_000, 100_000, 1_000_000)]
    public int N { get; set; }

    /// <summary>Pairwise tree (W3t) instead of a left fold (W3).</summary>
    [Params(false, true)]
    public bool Tree { get; set; }

    internal override (IWorkloadRun, IWorkloadRun, IWorkloadRun) CreateRuns() =>
        (new WideSumWorkload.Handwritten(N, Tree), new WideSumWorkload.Dynamic(N, Tree), WideSumWorkload.Compiled(N, Tree));
}
