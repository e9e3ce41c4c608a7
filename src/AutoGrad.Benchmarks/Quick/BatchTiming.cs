using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics;
using AutoGrad.Benchmarks.Workloads;

namespace AutoGrad.Benchmarks.Quick;

/// <summary>
/// --batch [rounds]: the batched replay against the scalar generated replay, nanoseconds per point,
/// on W1's per-sample graph and a check formula (see <see cref="BatchWorkload"/>), rounds taking turns
/// in one process so a busy machine weighs on both alike; then the block width swept.
/// </summary>
internal static class BatchTiming
{
    public static int Run(int rounds, TextWriter output)
    {
        output.WriteLine($"# {Environment.ProcessorCount} cores, .NET {Environment.Version}; Vector512 accelerated: {Vector512.IsHardwareAccelerated}, Vector256: {Vector256.IsHardwareAccelerated}");
        foreach (BatchWorkload workload in (BatchWorkload[])[BatchWorkload.MlpPerSample(), BatchWorkload.CheckFormula()])
        {
            output.WriteLine($"# {workload.Name}: {workload.Nodes} nodes, {workload.Points} points; {workload.Batch.InstructionSet}, {workload.Batch.VectorLanes} lanes, blocks of {workload.Batch.BlockPoints}; batch = scalar bit for bit: {workload.BatchEqualsScalar()}");
            Func<double>[] ways = [workload.ScalarForward, workload.BatchedForward, workload.ScalarForwardBackward, workload.BatchedForwardBackward];
            string[] names = ["scalar forward", "batched forward", "scalar forward+backward", "batched forward+backward"];
            var best = Enumerable.Repeat(double.MaxValue, ways.Length).ToArray();
            var all = ways.Select(_ => new List<double>()).ToArray();
            foreach (Func<double> way in ways)
            {
                Time(way, 0.2); // warm-up: the JIT's tiers settle
            }

            for (int round = 0; round < rounds; round++)
            {
                for (int w = 0; w < ways.Length; w++)
                {
                    double perPoint = Time(ways[w], 0.05) / workload.Points;
                    all[w].Add(perPoint);
                    best[w] = Math.Min(best[w], perPoint);
                }
            }

            for (int w = 0; w < ways.Length; w++)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{workload.Name,-16} {names[w],-26} median {Median(all[w]),9:F1} ns/point  best {best[w],9:F1}"));
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{workload.Name,-16} ratio scalar/batched: forward {Median(all[0]) / Median(all[1]):F2}x, forward+backward {Median(all[2]) / Median(all[3]):F2}x (medians)"));
            if (workload.Name == "check-formula")
            {
                Time(workload.FormulaLibraryCallsAlone, 0.1);
                var calls = Enumerable.Range(0, rounds).Select(_ => Time(workload.FormulaLibraryCallsAlone, 0.05) / workload.Points).ToList();
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{workload.Name,-16} its library calls alone (pow, log, sin, exp kernels with their derivatives) median {Median(calls),6:F1} ns/point"));
            }

            // Narrower vectors at the default block: what AVX-512 gives over AVX2 and SSE2 on this machine.
            int lanesFound = workload.Batch.VectorLanes, blockFound = workload.Batch.BlockPoints;
            foreach (int lanes in (int[])[8, 4, 2])
            {
                workload.UseShape(lanes, blockFound);

                // A width not run yet starts in the JIT's first tier (40-150x slower for its first 0.3-0.5 s):
                // warm it as long as the first width was warmed, so the sweep compares steady states.
                Time(workload.BatchedForwardBackward, 1.0);
                var times = Enumerable.Range(0, Math.Max(3, rounds / 2)).Select(_ => Time(workload.BatchedForwardBackward, 0.05) / workload.Points).ToList();
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{workload.Name,-16} {lanes} lanes, blocks of {blockFound}: batched forward+backward median {Median(times),8:F1} ns/point"));
            }

            // Few points per call: where the block's fixed cost (each instruction decoded once) is not yet shared out.
            workload.UseShape(lanesFound, blockFound);
            foreach (int few in (int[])[1, 4, 16, 64])
            {
                Time(() => workload.BatchedForwardBackwardOn(few), 0.1);
                var batched = Enumerable.Range(0, Math.Max(3, rounds / 2)).Select(_ => Time(() => workload.BatchedForwardBackwardOn(few), 0.05) / few).ToList();
                var scalar = Enumerable.Range(0, Math.Max(3, rounds / 2)).Select(_ => Time(() => workload.ScalarForwardBackwardOn(few), 0.05) / few).ToList();
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{workload.Name,-16} {few,3} points per call: batched {Median(batched),8:F1} ns/point, scalar {Median(scalar),8:F1} ns/point"));
            }

            foreach (int block in (int[])[8, 16, 32, 64, 128, 256])
            {
                if (block % workload.Batch.VectorLanes != 0)
                {
                    continue;
                }

                workload.UseBlock(block);
                Time(workload.BatchedForwardBackward, 0.1);
                var times = Enumerable.Range(0, Math.Max(3, rounds / 2)).Select(_ => Time(workload.BatchedForwardBackward, 0.05) / workload.Points).ToList();
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{workload.Name,-16} blocks of {block,3}: batched forward+backward median {Median(times),8:F1} ns/point"));
            }
        }

        return 0;
    }

    /// <summary>Mean nanoseconds per call over about <paramref name="seconds"/>.</summary>
    private static double Time(Func<double> call, double seconds)
    {
        int calls = 0;
        double sink = 0;
        long start = Stopwatch.GetTimestamp();
        double elapsed;
        do
        {
            sink += call();
            calls++;
            elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        while (elapsed < seconds);

        GC.KeepAlive(sink);
        return elapsed * 1e9 / calls;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted[sorted.Count / 2];
    }
}
