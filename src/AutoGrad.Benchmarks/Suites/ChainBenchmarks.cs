using AutoGrad.Benchmarks.Workloads;
using BenchmarkDotNet.Attributes;

namespace AutoGrad.Benchmarks.Suites;

/// <summary>W2: a chain N deep.</summary>
public class ChainBenchmarks : WorkloadBenchmarks
{
    /// <summary>Chain length.</summary>
    [Params(10_000, 100_000, 1_000_000)]
    public int N { get; set; }

    internal override (IWorkloadRun, IWorkloadRun, IWorkloadRun) CreateRuns() =>
        (new ChainWorkload.Handwritten(N), new ChainWorkload.Dynamic(N), ChainWorkload.Compiled(N));
}
