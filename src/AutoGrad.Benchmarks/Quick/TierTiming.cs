using System.Diagnostics;
using System.Globalization;
using AutoGrad.Benchmarks.Workloads;
using AutoGrad.Compilation;
using AutoGrad.Nn;

namespace AutoGrad.Benchmarks.Quick;

/// <summary>
/// <c>--tiers</c>: what a tiered compiled graph costs before it pays. First the time to the first
/// gradient on W1 (<see cref="CompiledGraph.Compile(Value)"/> plus the first <see cref="CompiledGraph.Evaluate"/>
/// of a fresh W1 graph) against a dynamic step in the same round; then, per graph size, the recording,
/// the first replay, the code generated in the background and when the graph switches to it. Every
/// figure is taken in a process whose library code the JIT has already compiled (W1 graphs and small
/// ones are compiled, replayed and switched first), as in a program's second and later graphs.
/// </summary>
internal static class TierTiming
{
    private const int Rounds = 21;

    public static int Run(TextWriter output)
    {
        WarmUp();
        FirstGradientOnW1(output);
        output.WriteLine("tiers,family,nodes,dynamic_step_ms,record_ms,gcs_in_10_records,compile_ms,compile_bytes_per_node,first_evaluate_ms,interpreted_replay_ms,generated_replay_ms,first_generated_replay_ms,codegen_ms,jit_warmup_ms,build_wall_ms,started_at_replay,switched_at_replay,switch_after_ms,break_even_replays");
        foreach (int size in (int[])[1_000, 10_000, 100_000, 1_000_000])
        {
            output.WriteLine(Row("mlp", MlpOfSize(size)));
            output.WriteLine(Row("chain", ChainOfSize(size)));
        }

        return 0;
    }

    /// <summary>Compiles, replays and switches W1 graphs and small graphs, so the library's own code is compiled by the JIT before anything is timed.</summary>
    private static void WarmUp()
    {
        var step = new MlpStepWorkload.AutoGradStep(compiled: false);
        for (int i = 0; i < 20; i++)
        {
            CompiledGraph.Compile(step.BuildLoss()).Evaluate();
            step.Step();
        }

        for (int i = 0; i < 3; i++)
        {
            (Func<Value> build, _) = MlpOfSize(2_000);
            CompiledGraph graph = CompiledGraph.Compile(build());
            graph.WaitForGeneratedCode(TimeSpan.FromMinutes(1));
            graph.Evaluate();
            CompiledGraph.Compile(build(), ReplayMode.Generated).Evaluate();
        }
    }

    private static void FirstGradientOnW1(TextWriter output)
    {
        var step = new MlpStepWorkload.AutoGradStep(compiled: false);
        var dynamic = new List<double>();
        var compile = new List<double>();
        var first = new List<double>();
        var steps = new List<double>();
        var generatedAtOnce = new List<double>();
        for (int round = 0; round < Rounds; round++)
        {
            GC.Collect();
            long start = Stopwatch.GetTimestamp();
            step.Step();
            double dynamicStep = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            dynamic.Add(dynamicStep);

            Value loss = step.BuildLoss();
            start = Stopwatch.GetTimestamp();
            CompiledGraph graph = CompiledGraph.Compile(loss);
            compile.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
            start = Stopwatch.GetTimestamp();
            graph.Evaluate();
            first.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
            steps.Add((compile[^1] + first[^1]) / dynamicStep);

            if (round % 4 == 0)
            {
                // The way every graph went before tiers: code generated on the caller's thread.
                start = Stopwatch.GetTimestamp();
                CompiledGraph.Compile(step.BuildLoss(), ReplayMode.Generated).Evaluate();
                generatedAtOnce.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
            }
        }

        output.WriteLine(Invariant($"# w1 ({step.BuildLoss().TopologicalOrder().Count} nodes) time to the first gradient ({Rounds} rounds, wall clock, library code JIT-warm): dynamic step median {Timing.Median(dynamic):F0} µs (min {dynamic.Min():F0}); Compile median {Timing.Median(compile):F0} µs (min {compile.Min():F0}) + first Evaluate median {Timing.Median(first):F0} µs (min {first.Min():F0})"));
        output.WriteLine(Invariant($"# w1 first gradient = {Timing.Median(steps):F2} dynamic steps (median of the rounds' ratios; range {steps.Min():F2} to {steps.Max():F2}); with code generated before the first step, as before tiers: median {Timing.Median(generatedAtOnce) / 1000:F1} ms = {Timing.Median(generatedAtOnce) / Timing.Median(dynamic):F0} dynamic steps"));
    }

    /// <summary>
    /// One graph: a dynamic step, then Compile and Evaluate, timed replay by replay until the graph runs
    /// generated code, then 20 more.
    /// </summary>
    private static string Row(string family, (Func<Value> Build, Action DynamicStep) graph)
    {
        var dynamic = new List<double>();
        for (int i = 0; i < 3; i++)
        {
            long t = Stopwatch.GetTimestamp();
            graph.DynamicStep();
            dynamic.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }

        // The walk alone, then Compile (the walk again, the instructions, the first forward) and the
        // first Evaluate, each on a graph just built, as a program compiles one, and each the median of
        // five: on a busy machine a single one is as likely to measure the wait for a core as the work.
        var records = new List<double>();
        var compiles = new List<double>();
        var firsts = new List<double>();
        int collections = 0, fullCollections = 0;
        long compileBytes = 0;
        Value output = graph.Build();
        for (int i = 0; i < 5; i++)
        {
            output = graph.Build();
            (int gen0, int gen2) = (GC.CollectionCount(0), GC.CollectionCount(2));
            long t = Stopwatch.GetTimestamp();
            output.Record();
            records.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            collections += GC.CollectionCount(0) - gen0;
            fullCollections += GC.CollectionCount(2) - gen2;

            output = graph.Build();
            (gen0, gen2) = (GC.CollectionCount(0), GC.CollectionCount(2));
            long bytes = GC.GetAllocatedBytesForCurrentThread();
            t = Stopwatch.GetTimestamp();
            CompiledGraph fresh = CompiledGraph.Compile(output);
            compiles.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            compileBytes = GC.GetAllocatedBytesForCurrentThread() - bytes;
            firsts.Add(Time(fresh));
            collections += GC.CollectionCount(0) - gen0;
            fullCollections += GC.CollectionCount(2) - gen2;
        }

        string gcs = Invariant($"{collections} (gen2 {fullCollections})");
        (double record, double compile, double first) = (Timing.Median(records), Timing.Median(compiles), Timing.Median(firsts));
        long start = Stopwatch.GetTimestamp();
        CompiledGraph compiled = CompiledGraph.Compile(output);
        compiled.Evaluate();
        var interpreted = new List<double>();
        double firstGenerated = double.NaN, switchedAfter = double.NaN;
        while (compiled.Mode == ReplayMode.Interpreted && Stopwatch.GetElapsedTime(start).TotalMinutes < 10)
        {
            double replay = Time(compiled);
            if (compiled.Mode == ReplayMode.Generated)
            {
                firstGenerated = replay;
                switchedAfter = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
            else
            {
                interpreted.Add(replay);
            }
        }

        double generated = Timing.Median(Enumerable.Range(0, 20).Select(_ => Time(compiled)).ToArray());
        CompiledGraph.TierUpReport tiers = compiled.Tiering!.Value;
        double interpretedReplay = Timing.Median(interpreted);
        double breakEven = (tiers.GenerationTime + tiers.WarmUpTime).TotalMilliseconds / (interpretedReplay - generated);
        return Invariant(
            $"tiers,{family},{compiled.NodeCount},{Timing.Median(dynamic):F3},{record:F3},{gcs},{compile:F3},{(double)compileBytes / compiled.NodeCount:F0},{first:F3},{interpretedReplay:F3},{generated:F3},{firstGenerated:F3},{tiers.GenerationTime.TotalMilliseconds:F1},{tiers.WarmUpTime.TotalMilliseconds:F1},{tiers.BuildTime.TotalMilliseconds:F1},{tiers.StartedAtReplay},{tiers.SwitchedAtReplay},{switchedAfter:F1},{breakEven:F0}");
    }

    private static double Time(CompiledGraph graph)
    {
        long start = Stopwatch.GetTimestamp();
        graph.Evaluate();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    /// <summary>W1's network and loss (MLP(2, [16, 16, 1]), hinge, L2 1e-4) over as many points as make about <paramref name="nodes"/> nodes (105 a point, each neuron one Dot node; 681 for the parameters and the regulariser).</summary>
    private static (Func<Value> Build, Action DynamicStep) MlpOfSize(int nodes)
    {
        var model = new Mlp(2, [16, 16, 1]);
        int points = Math.Max(1, (nodes - 681) / 105);
        Value[][] x = Enumerable.Range(0, points).Select(i => new[] { new Value(Math.Sin(i * 0.37)), new Value(Math.Cos(i * 0.91)) }).ToArray();
        Value Build()
        {
            var losses = new Value[points];
            for (int i = 0; i < points; i++)
            {
                losses[i] = Losses.Hinge(model.Forward(x[i])[0], i % 2 == 0 ? 1 : -1);
            }

            return (Value.Sum(losses) * (1.0 / points)) + Losses.L2Regularization(model.Parameters, 1e-4);
        }

        return (Build, () => Build().Backward());
    }

    /// <summary>W2's chain of <paramref name="nodes"/> ops.</summary>
    private static (Func<Value> Build, Action DynamicStep) ChainOfSize(int nodes)
    {
        var chain = new ChainWorkload.Dynamic(nodes);
        return (chain.Build, chain.Step);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
