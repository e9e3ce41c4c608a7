using AutoGrad.Benchmarks.Workloads;
using BenchmarkDotNet.Attributes;

namespace AutoGrad.Benchmarks.Suites;

/// <summary>W2: a chain N deep, dynamic graph against the hand-written loop.</summary>
[MemoryDiagnoser]
[Config(typeof(GcConfig))]
public class ChainBenchmarks
{
    private IWorkloadRun _dynamic = null!;
    private IWorkloadRun _handwritten = null!;
    private IWorkloadRun _compiled = null!;

    /// <summary>Chain length.</summary>
    [Params(10_000, 100_000, 1_000_000)]
    public int N { get; set; }

    /// <summary>Creates the leaves outside the measurement.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _dynamic = new ChainWorkload.Dynamic(N);
        _handwritten = new ChainWorkload.Handwritten(N);
        _compiled = ChainWorkload.Compiled(N);
    }

    /// <summary>Hand-written forward and backward on double[].</summary>
    [Benchmark(Baseline = true)]
    public void Handwritten() => _handwritten.Step();

    /// <summary>Build the Value chain and backpropagate.</summary>
    [Benchmark]
    public void Dynamic() => _dynamic.Step();

    /// <summary>Replay the recorded graph at the same leaves.</summary>
    [Benchmark]
    public void Compiled() => _compiled.Step();
}
