using AutoGrad.Benchmarks.Workloads;
using BenchmarkDotNet.Attributes;

namespace AutoGrad.Benchmarks.Suites;

/// <summary>One workload's three implementations side by side, with allocation figures, under both GC settings.</summary>
[MemoryDiagnoser]
[Config(typeof(GcConfig))]
public abstract class WorkloadBenchmarks
{
    private IWorkloadRun _handwritten = null!;
    private IWorkloadRun _dynamic = null!;
    private IWorkloadRun _compiled = null!;

    /// <summary>Creates the runs (data, leaves, the recorded graph) outside the measurement.</summary>
    [GlobalSetup]
    public void Setup() => (_handwritten, _dynamic, _compiled) = CreateRuns();

    /// <summary>Hand-written forward and backward on double[].</summary>
    [Benchmark(Baseline = true)]
    public void Handwritten() => _handwritten.Step();

    /// <summary>Rebuild the Value graph and backpropagate.</summary>
    [Benchmark]
    public void Dynamic() => _dynamic.Step();

    /// <summary>Replay the recorded graph.</summary>
    [Benchmark]
    public void Compiled() => _compiled.Step();

    /// <summary>The hand-written, dynamic and compiled runs of the workload.</summary>
    internal abstract (IWorkloadRun Handwritten, IWorkloadRun Dynamic, IWorkloadRun Compiled) CreateRuns();
}
