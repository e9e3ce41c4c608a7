using BenchmarkDotNet.Attributes;

namespace AutoGrad.Benchmarks.Suites;

/// <summary>
/// The cost of exp (the notes: "exp is expensive", of sigmoid, tanh and ELU against ReLU): each
/// activation per call on doubles, and per node built on <see cref="Value"/>s, over 1,024 inputs in [−4, 4].
/// </summary>
[MemoryDiagnoser]
public class ActivationCostBenchmarks
{
    private const int Count = 1024;
    private readonly double[] _inputs = ActivationCost.Inputs(Count);

    /// <summary>ReLU on doubles: a compare, no exp.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Count)]
    public double Relu() => ActivationCost.Sum(_inputs, ActivationCost.Functions[0].OnDouble);

    /// <summary>Math.Exp.</summary>
    [Benchmark(OperationsPerInvoke = Count)]
    public double Exp() => ActivationCost.Sum(_inputs, ActivationCost.Functions[1].OnDouble);

    /// <summary>The library's sigmoid forward (one exp).</summary>
    [Benchmark(OperationsPerInvoke = Count)]
    public double Sigmoid() => ActivationCost.Sum(_inputs, ActivationCost.Functions[2].OnDouble);

    /// <summary>Math.Tanh.</summary>
    [Benchmark(OperationsPerInvoke = Count)]
    public double Tanh() => ActivationCost.Sum(_inputs, ActivationCost.Functions[3].OnDouble);

    /// <summary>A ReLU node on a new leaf.</summary>
    [Benchmark(OperationsPerInvoke = Count)]
    public double ReluNode() => ActivationCost.Sum(_inputs, ActivationCost.Functions[0].OnValue);

    /// <summary>An exp node on a new leaf.</summary>
    [Benchmark(OperationsPerInvoke = Count)]
    public double ExpNode() => ActivationCost.Sum(_inputs, ActivationCost.Functions[1].OnValue);

    /// <summary>A sigmoid node on a new leaf.</summary>
    [Benchmark(OperationsPerInvoke = Count)]
    public double SigmoidNode() => ActivationCost.Sum(_inputs, ActivationCost.Functions[2].OnValue);

    /// <summary>A tanh node on a new leaf.</summary>
    [Benchmark(OperationsPerInvoke = Count)]
    public double TanhNode() => ActivationCost.Sum(_inputs, ActivationCost.Functions[3].OnValue);
}
