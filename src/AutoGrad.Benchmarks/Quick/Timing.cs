using System.Diagnostics;
using AutoGrad.Benchmarks.Workloads;

namespace AutoGrad.Benchmarks.Quick;

/// <summary>Wall-clock timing of workload steps with a monotonic clock, after warm-up.</summary>
internal static class Timing
{
    /// <summary>Runs steps until tiered compilation has settled: at least <paramref name="minSteps"/> and 0.3 s.</summary>
    public static void WarmUp(IWorkloadRun run, int minSteps)
    {
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < minSteps || clock.Elapsed.TotalSeconds < 0.3; i++)
        {
            run.Step();
        }
    }

    /// <summary>Mean nanoseconds per step over enough steps to fill about <paramref name="targetSeconds"/> (at least <paramref name="minSteps"/>).</summary>
    public static double NanosecondsPerStep(IWorkloadRun run, double targetSeconds, int minSteps)
    {
        int steps = 0;
        long start = Stopwatch.GetTimestamp();
        double elapsed;
        do
        {
            run.Step();
            steps++;
            elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        while (steps < minSteps || elapsed < targetSeconds);

        return elapsed * 1e9 / steps;
    }

    /// <summary>Bytes allocated on this thread by one step.</summary>
    public static long BytesPerStep(IWorkloadRun run)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        run.Step();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    public static double Median(IReadOnlyList<double> values)
    {
        double[] sorted = values.Order().ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
