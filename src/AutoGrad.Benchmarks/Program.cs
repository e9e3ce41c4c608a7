using AutoGrad.Benchmarks;
using AutoGrad.Benchmarks.Quick;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project src/AutoGrad.Benchmarks -- --batch [rounds]   (batched vs scalar replay per point)
// dotnet run -c Release --project src/AutoGrad.Benchmarks -- --uses [rounds]   (the batched replay's uses, before/after)
// dotnet run -c Release --project src/AutoGrad.Benchmarks -- --quick [--scale] [--ten-million] [--default-gc] [--compiled-only] [--w1 (W1 alone, more rounds)]
// dotnet run -c Release --project src/AutoGrad.Benchmarks -- --quick --tiers [--default-gc]: time to the first gradient on W1, and
//   per graph size (10³..10⁶ nodes) the recording, first replay, background code generation and switch of a tiered graph (Quick/TierTiming.cs).
// dotnet run -c Release --project src/AutoGrad.Benchmarks -- --filter '*'     (BenchmarkDotNet)
//
// A dynamic graph stays alive until its backward pass ends, so with the default gen0 budget (a few
// MiB) every node of a large graph is copied into older generations before it dies. The runtime
// only takes a larger budget from the environment, so the quick mode starts itself again with one
// (see docs/performance.md); --default-gc measures the default instead.
// --w1-split N: a W1 dynamic step's build and backward timed apart (Quick/W1Split.cs).
// --steps <workload-impl> N: that one run alone, N steps warm then N timed by the thread's CPU
// clock, with bytes allocated and GC counts per step (see Quick/StepProbe.cs).
// --explorer [runs]: the explorer page of graphs/mlp-batch.cs in headless Chromium: open, collapse a scope, expand it (Quick/ExplorerTiming.cs).
if (args.Length >= 1 && args[0] == "--explorer")
{
    return await ExplorerTiming.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5, Console.Out);
}

// --compare-builds DIR_A DIR_B [rounds] [steps] [w1-dynamic|w1-compiled|w2-compiled|w3-compiled]: one
// workload's step (W1 dynamic by default) in two builds (two commits), taking turns in one process, so a
// busy machine weighs on both alike (Quick/BuildComparison.cs).
if (args.Length >= 3 && args[0] == "--compare-builds")
{
    int rounds = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 60;
    int steps = args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 40;
    return BuildComparison.Run([args[1], args[2]], rounds, steps, Console.Out, args.Length > 5 ? args[5] : "w1-dynamic");
}

// --alloc-types <run> N: that run's bytes per step by type, from the runtime's AllocationTick events (Quick/AllocationByType.cs).
if (args.Length == 3 && args[0] == "--alloc-types")
{
    return AllocationByType.Run(args[1], args[2], Console.Out);
}

if (args.Length == 2 && args[0] == "--w1-split")
{
    return AutoGrad.Benchmarks.Quick.W1Split.Run(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), Console.Out);
}

if (args.Length == 3 && args[0] == "--steps")
{
    return StepProbe.Run(args[1], args[2], Console.Out);
}

// --onnx [rounds]: the digits classifier exported to ONNX, in ONNX Runtime vs autograd predict's path, per row (Quick/OnnxTiming.cs).
if (args.Length >= 1 && args[0] == "--onnx")
{
    return OnnxTiming.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20, Console.Out);
}

// --batch [rounds]: the batched replay against the scalar generated replay, per point, on W1's per-sample graph and a check formula (Quick/BatchTiming.cs).
if (args.Length >= 1 && args[0] == "--batch")
{
    return BatchTiming.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 15, Console.Out);
}

// --elementary [points]: AutoGrad's own exp, log, sin, cos against Math: ulps over seeded samples, vector = scalar, ns per call (Quick/ElementaryAccuracy.cs).
if (args.Length >= 1 && args[0] == "--elementary")
{
    return ElementaryAccuracy.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000, Console.Out);
}

// --uses [rounds]: each use of the batched replay (predict/eval on digits, check at 200 points, the search
// experiment's evaluation) before (one point per replay) and after (BatchedReplay), taking turns (Quick/BatchedUses.cs).
if (args.Length >= 1 && args[0] == "--uses")
{
    return BatchedUses.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 15, Console.Out);
}

// --activations: what exp costs, ReLU, exp, sigmoid and tanh per call on doubles and per node (ActivationCost.cs).
if (args.Contains("--activations"))
{
    Console.WriteLine($"# {Environment.ProcessorCount} cores, .NET {Environment.Version}");
    ActivationCost.Run(Console.Out);
    return 0;
}

if (args.Contains("--quick"))
{
    if (!args.Contains("--default-gc") && Environment.GetEnvironmentVariable(GcSettings.Gen0SizeVariable) is null)
    {
        return GcSettings.RunAgainWithLargeGen0(args);
    }

    Console.WriteLine($"# gc: {GcSettings.Describe()}; {Environment.ProcessorCount} cores, .NET {Environment.Version}");
    if (args.Contains("--tiers"))
    {
        return TierTiming.Run(Console.Out);
    }

    QuickRunner.Run(includeScaling: args.Contains("--scale"), includeTenMillion: args.Contains("--ten-million"), compiledOnly: args.Contains("--compiled-only"), onlyMlp: args.Contains("--w1"), Console.Out);
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
