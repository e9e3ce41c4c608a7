using AutoGrad.Benchmarks.Workloads;

namespace AutoGrad.Benchmarks.Suites;

/// <summary>W1: one full-batch SGD step of micrograd's MLP(2, [16, 16, 1]) on 100 moons points.</summary>
public class MlpStepBenchmarks : WorkloadBenchmarks
{
    internal override (IWorkloadRun, IWorkloadRun, IWorkloadRun) CreateRuns() =>
        (new MlpStepWorkload.Handwritten(), new MlpStepWorkload.AutoGradStep(compiled: false), new MlpStepWorkload.AutoGradStep(compiled: true));
}
