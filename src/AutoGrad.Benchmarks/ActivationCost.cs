using System.Diagnostics;
using System.Globalization;
using AutoGrad.Benchmarks.Quick;

namespace AutoGrad.Benchmarks;

/// <summary>
/// What exp costs: ReLU, exp, sigmoid and tanh per call on doubles and per node on <see cref="Value"/>s.
/// Shared by <see cref="Suites.ActivationCostBenchmarks"/> (BenchmarkDotNet) and the quick mode
/// (<c>--activations</c>): rows <c>activation-cost,name,ns_per_call</c>, medians of rounds.
/// </summary>
internal static class ActivationCost
{
    /// <summary>Each activation on a double and as a node on a new leaf.</summary>
    public static IReadOnlyList<(string Name, Func<double, double> OnDouble, Func<double, double> OnValue)> Functions { get; } =
    [
        ("relu", x => x > 0 ? x : 0, x => new Value(x).Relu().Data),
        ("exp", Math.Exp, x => new Value(x).Exp().Data),
        ("sigmoid", x => Value.SigmoidRule.Forward(x, 0), x => new Value(x).Sigmoid().Data),
        ("tanh", Math.Tanh, x => new Value(x).Tanh().Data),
    ];

    /// <summary><paramref name="count"/> inputs spread over [−4, 4], the same every run.</summary>
    public static double[] Inputs(int count)
    {
        var random = new Random(1);
        return Enumerable.Range(0, count).Select(_ => 8 * random.NextDouble() - 4).ToArray();
    }

    /// <summary>Σ f(x) over the inputs (returned so the calls cannot be dropped).</summary>
    public static double Sum(double[] inputs, Func<double, double> f)
    {
        double sum = 0;
        foreach (double x in inputs)
        {
            sum += f(x);
        }

        return sum;
    }

    /// <summary>Times every function on doubles and on nodes: the median of <paramref name="rounds"/> rounds of about 0.2 s each.</summary>
    public static void Run(TextWriter output, int rounds = 7)
    {
        double[] inputs = Inputs(1024);
        output.WriteLine("workload,impl,ns_per_call");
        foreach ((string name, Func<double, double> onDouble, Func<double, double> onValue) in Functions)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"activation-cost,{name}-double,{Time(inputs, onDouble, rounds):F2}"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"activation-cost,{name}-node,{Time(inputs, onValue, rounds):F2}"));
        }
    }

    private static double Time(double[] inputs, Func<double, double> f, int rounds)
    {
        double sink = 0;
        for (int i = 0; i < 2000; i++)
        {
            sink += Sum(inputs, f); // warm-up: let tiered compilation settle
        }

        var perCall = new List<double>();
        for (int r = 0; r < rounds; r++)
        {
            long calls = 0;
            long start = Stopwatch.GetTimestamp();
            do
            {
                sink += Sum(inputs, f);
                calls += inputs.Length;
            }
            while (Stopwatch.GetElapsedTime(start).TotalSeconds < 0.2);

            perCall.Add(Stopwatch.GetElapsedTime(start).TotalNanoseconds / calls);
        }

        GC.KeepAlive(sink);
        return Timing.Median(perCall);
    }
}
