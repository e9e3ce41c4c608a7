using AutoGrad.Benchmarks.Workloads;
using BenchmarkDotNet.Attributes;

namespace AutoGrad.Benchmarks.Suites;

/// <summary>
/// Round three's batched replay against the scalar generated replay on one graph at many points
/// (see <see cref="BatchWorkload"/>): W1's per-sample graph at the 100 moons points and a check
/// formula at 200 points, forward and forward+backward. Each benchmark is one pass over all the
/// points; divide by the points (100 or 200) for the figure per point. The scalar forward+backward
/// is the baseline of its graph.
/// </summary>
[MemoryDiagnoser]
public class BatchedReplayBenchmarks
{
    private BatchWorkload _workload = null!;

    /// <summary>Which graph: mlp-per-sample or check-formula.</summary>
    [Params("mlp-per-sample", "check-formula")]
    public string Graph { get; set; } = "";

    /// <summary>Builds and compiles the graph.</summary>
    [GlobalSetup]
    public void Setup() => _workload = Graph == "mlp-per-sample" ? BatchWorkload.MlpPerSample() : BatchWorkload.CheckFormula();

    /// <summary>Every point through the scalar replay, values only.</summary>
    [Benchmark]
    public double ScalarForward() => _workload.ScalarForward();

    /// <summary>Every point in one batched call, values only.</summary>
    [Benchmark]
    public double BatchedForward() => _workload.BatchedForward();

    /// <summary>Every point through the scalar replay, values and the inputs' gradients.</summary>
    [Benchmark(Baseline = true)]
    public double ScalarForwardBackward() => _workload.ScalarForwardBackward();

    /// <summary>Every point in one batched call, values and the inputs' gradients.</summary>
    [Benchmark]
    public double BatchedForwardBackward() => _workload.BatchedForwardBackward();
}
