using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics;
using AutoGrad.Compilation;

namespace AutoGrad.Benchmarks.Quick;

/// <summary>
/// --elementary [points]: AutoGrad's own exp, log, sin and cos (<see cref="Elementary"/>) against
/// <see cref="Math"/>: the largest and mean difference in ulps over a seeded sample per range, whether
/// the widest vector instance gives the same bits, and nanoseconds per scalar call, each taking turns
/// with the Math call it replaces.
/// </summary>
internal static class ElementaryAccuracy
{
    private delegate double Function(double x);

    public static int Run(int points, TextWriter output)
    {
        output.WriteLine($"# {Environment.ProcessorCount} cores, .NET {Environment.Version}; Vector512 accelerated: {Vector512.IsHardwareAccelerated}; {points:N0} points per range, seed 20261202");
        (string Name, Function Ours, Function Platform, Func<Vector512<double>, Vector512<double>> Wide, (double Low, double High)[] Ranges)[] functions =
        [
            ("exp", Elementary.Exp, Math.Exp, LaneMath<Vector512<double>, Lanes512>.Exp, [(-1, 1), (-708, 709), (-745, 710)]),
            ("log", Elementary.Log, Math.Log, LaneMath<Vector512<double>, Lanes512>.Log, [(0.5, 2), (1e-300, 1e300), (double.Epsilon, 1e-3)]),
            ("sin", Elementary.Sin, Math.Sin, LaneMath<Vector512<double>, Lanes512>.Sin, [(-Math.PI / 4, Math.PI / 4), (-100, 100), (-2e6, 2e6)]),
            ("cos", Elementary.Cos, Math.Cos, LaneMath<Vector512<double>, Lanes512>.Cos, [(-Math.PI / 4, Math.PI / 4), (-100, 100), (-2e6, 2e6)]),
        ];

        foreach (var function in functions)
        {
            foreach ((double low, double high) in function.Ranges)
            {
                var random = new Random(20261202);
                bool logScale = function.Name == "log" && high / Math.Max(low, 1e-308) > 1e6;
                long maxUlps = 0, sumUlps = 0, differing = 0, vectorMismatches = 0;
                double worstAt = 0;
                var lanes = new double[8];
                for (int i = 0; i < points; i++)
                {
                    double x = logScale
                        ? Math.Exp(Math.Log(low) + (random.NextDouble() * (Math.Log(high) - Math.Log(low))))
                        : low + (random.NextDouble() * (high - low));
                    double ours = function.Ours(x), platform = function.Platform(x);
                    long ulps = Ulps.Between(ours, platform);
                    sumUlps += ulps;
                    differing += ulps > 0 ? 1 : 0;
                    if (ulps > maxUlps)
                    {
                        maxUlps = ulps;
                        worstAt = x;
                    }

                    lanes[i % 8] = x;
                    if (i % 8 == 7)
                    {
                        Vector512<double> wide = function.Wide(Vector512.Create(lanes));
                        for (int l = 0; l < 8; l++)
                        {
                            vectorMismatches += BitConverter.DoubleToInt64Bits(wide[l]) == BitConverter.DoubleToInt64Bits(function.Ours(lanes[l])) ? 0 : 1;
                        }
                    }
                }

                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{function.Name} on [{low:G4}, {high:G4}]: max {maxUlps} ulp (at {worstAt:R}), mean {(double)sumUlps / points:F5} ulp, {100.0 * differing / points:F3} % differ; Vector512 lanes unlike scalar: {vectorMismatches}"));
            }
        }

        // Nanoseconds per scalar call on [−10, 10] (log on (0, 20]), ours and Math's taking turns.
        var sample = new double[4096];
        var rng = new Random(7);
        for (int i = 0; i < sample.Length; i++)
        {
            sample[i] = (rng.NextDouble() * 20) - 10;
        }

        var positive = sample.Select(Math.Abs).ToArray();
        foreach (var function in functions)
        {
            double[] inputs = function.Name == "log" ? positive : sample;
            var ours = new List<double>();
            var platform = new List<double>();
            Time(function.Ours, inputs);
            Time(function.Platform, inputs);
            for (int round = 0; round < 15; round++)
            {
                ours.Add(Time(function.Ours, inputs));
                platform.Add(Time(function.Platform, inputs));
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{function.Name}: AutoGrad {Median(ours):F2} ns/call, Math {Median(platform):F2} ns/call (medians of 15)"));
        }

        return 0;
    }

    private static double Time(Function function, double[] inputs)
    {
        double sink = 0;
        long start = Stopwatch.GetTimestamp();
        int calls = 0;
        do
        {
            foreach (double x in inputs)
            {
                sink += function(x);
            }

            calls += inputs.Length;
        }
        while (Stopwatch.GetElapsedTime(start).TotalSeconds < 0.05);

        GC.KeepAlive(sink);
        return Stopwatch.GetElapsedTime(start).TotalSeconds * 1e9 / calls;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted[sorted.Count / 2];
    }
}
