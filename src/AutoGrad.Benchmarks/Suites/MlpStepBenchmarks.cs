using AutoGrad.Benchmarks.Workloads;
using BenchmarkDotNet.Attributes;

namespace AutoGrad.Benchmarks.Suites;

/// <summary>W1: one full-batch SGD step of micrograd's MLP(2, [16, 16, 1]) on 100 moons points.</summary>
[MemoryDiagnoser]
[Config(typeof(GcConfig))]
public class MlpStepBenchmarks
{
    private IWorkloadRun _handwritten = null!;
    private IWorkloadRun _dynamic = null!;
    private IWorkloadRun _compiled = null!;

    /// <summary>Loads the data and parameters and records the compiled graph, outside the measurement.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _handwritten = new MlpStepWorkload.Handwritten();
        _dynamic = new MlpStepWorkload.AutoGradStep(compiled: false);
        _compiled = new MlpStepWorkload.AutoGradStep(compiled: true);
    }

    /// <summary>Hand-written forward and backward on double[].</summary>
    [Benchmark(Baseline = true)]
    public void Handwritten() => _handwritten.Step();

    /// <summary>Rebuild the Value graph, backpropagate, update.</summary>
    [Benchmark]
    public void Dynamic() => _dynamic.Step();

    /// <summary>Replay the recorded graph, update.</summary>
    [Benchmark]
    public void Compiled() => _compiled.Step();
}
