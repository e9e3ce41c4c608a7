using AutoGrad.Benchmarks.Workloads;
using BenchmarkDotNet.Attributes;

namespace AutoGrad.Benchmarks.Suites;

/// <summary>W3 and W3t: N products summed by a left fold or a pairwise tree.</summary>
[MemoryDiagnoser]
[Config(typeof(GcConfig))]
public class WideSumBenchmarks
{
    private IWorkloadRun _dynamic = null!;
    private IWorkloadRun _handwritten = null!;
    private IWorkloadRun _compiled = null!;

    /// <summary>Number of products.</summary>
    [Params(10_000, 100_000, 1_000_000)]
    public int N { get; set; }

    /// <summary>Pairwise tree (W3t) instead of a left fold (W3).</summary>
    [Params(false, true)]
    public bool Tree { get; set; }

    /// <summary>Creates the 2N leaves outside the measurement.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _dynamic = new WideSumWorkload.Dynamic(N, Tree);
        _handwritten = new WideSumWorkload.Handwritten(N, Tree);
        _compiled = WideSumWorkload.Compiled(N, Tree);
    }

    /// <summary>Hand-written forward and backward on double[].</summary>
    [Benchmark(Baseline = true)]
    public void Handwritten() => _handwritten.Step();

    /// <summary>Build the Value graph and backpropagate.</summary>
    [Benchmark]
    public void Dynamic() => _dynamic.Step();

    /// <summary>Replay the recorded graph at the same leaves.</summary>
    [Benchmark]
    public void Compiled() => _compiled.Step();
}
