using System.Diagnostics;
using System.Globalization;
using AutoGrad.Benchmarks.Workloads;
using AutoGrad.Compilation;

namespace AutoGrad.Benchmarks.Quick;

/// <summary>Scratch: where Compile's time goes on W1 (before the tiered replay).</summary>
internal static class RecordingProbe
{
    public static int Run(TextWriter output)
    {
        var step = new MlpStepWorkload.AutoGradStep(compiled: false);
        // Warm the library's code: compile and evaluate W1 graphs and small ones.
        for (int i = 0; i < 20; i++)
        {
            var g = CompiledGraph.Compile(step.BuildLoss());
            g.Evaluate();
            step.Step();
        }

        var names = new[] { "dynamic step", "topo order", "where×2", "dictionary", "lookups", "compile interp", "first evaluate", "compile generated", "first gen evaluate" };
        var times = names.Select(_ => new List<double>()).ToArray();
        for (int round = 0; round < 15; round++)
        {
            GC.Collect();
            long t0 = Stopwatch.GetTimestamp();
            step.Step();
            times[0].Add(Stopwatch.GetElapsedTime(t0).TotalMicroseconds);

            Value loss = step.BuildLoss();
            t0 = Stopwatch.GetTimestamp();
            var recorded = loss.Record();
            List<Value> order = recorded.Nodes.ToList();
            times[1].Add(Stopwatch.GetElapsedTime(t0).TotalMicroseconds);
            t0 = Stopwatch.GetTimestamp();
            Value[] leaves = order.Where(v => v.IsLeaf).ToArray();
            Value[] ops = order.Where(v => !v.IsLeaf).ToArray();
            times[2].Add(Stopwatch.GetElapsedTime(t0).TotalMicroseconds);
            t0 = Stopwatch.GetTimestamp();
            var index = new Dictionary<Value, int>(order.Count, ReferenceEqualityComparer.Instance);
            for (int i = 0; i < leaves.Length; i++) index.Add(leaves[i], i);
            for (int k = 0; k < ops.Length; k++) index.Add(ops[k], leaves.Length + k);
            times[3].Add(Stopwatch.GetElapsedTime(t0).TotalMicroseconds);
            t0 = Stopwatch.GetTimestamp();
            long sum = 0;
            foreach (Value op in ops)
            {
                for (int j = 0; j < op.InputCount; j++) sum += index[op.GetInput(j)];
            }
            times[4].Add(Stopwatch.GetElapsedTime(t0).TotalMicroseconds);
            GC.KeepAlive(sum);

            t0 = Stopwatch.GetTimestamp();
            var compiled = CompiledGraph.Compile(loss);
            times[5].Add(Stopwatch.GetElapsedTime(t0).TotalMicroseconds);
            t0 = Stopwatch.GetTimestamp();
            compiled.Evaluate();
            times[6].Add(Stopwatch.GetElapsedTime(t0).TotalMicroseconds);
            if (round % 3 == 0)
            {
                t0 = Stopwatch.GetTimestamp();
                var generated = CompiledGraph.Compile(loss, ReplayMode.Generated);
                times[7].Add(Stopwatch.GetElapsedTime(t0).TotalMicroseconds);
                t0 = Stopwatch.GetTimestamp();
                generated.Evaluate();
                times[8].Add(Stopwatch.GetElapsedTime(t0).TotalMicroseconds);
            }
        }

        for (int i = 0; i < names.Length; i++)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{names[i],-20} median {Timing.Median(times[i]),9:F0} µs  min {times[i].Min(),9:F0} µs"));
        }

        return 0;
    }
}
