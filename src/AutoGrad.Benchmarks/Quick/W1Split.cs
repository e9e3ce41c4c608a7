using System.Diagnostics;
using AutoGrad.Benchmarks.Workloads;

namespace AutoGrad.Benchmarks.Quick;

/// <summary>
/// --w1-split N: a W1 dynamic step timed in its parts (wall clock, median of N steps after N warm):
/// building the graph, then its backward pass, with zeroing and the update outside both.
/// </summary>
internal static class W1Split
{
    public static int Run(int steps, TextWriter output)
    {
        var run = new MlpStepWorkload.AutoGradStep(compiled: false);
        var build = new double[steps];
        var backward = new double[steps];
        for (int round = 0; round < 2; round++)
        {
            for (int s = 0; s < steps; s++)
            {
                long start = Stopwatch.GetTimestamp();
                Value loss = run.BuildLoss();
                long built = Stopwatch.GetTimestamp();
                loss.Backward();
                long done = Stopwatch.GetTimestamp();
                build[s] = Stopwatch.GetElapsedTime(start, built).TotalMicroseconds;
                backward[s] = Stopwatch.GetElapsedTime(built, done).TotalMicroseconds;
            }
        }

        Array.Sort(build);
        Array.Sort(backward);
        output.WriteLine(FormattableString.Invariant(
            $"w1-dynamic split, median of {steps} (µs): build {build[steps / 2]:F1} (p10 {build[steps / 10]:F1}), backward {backward[steps / 2]:F1} (p10 {backward[steps / 10]:F1})"));
        return 0;
    }
}
