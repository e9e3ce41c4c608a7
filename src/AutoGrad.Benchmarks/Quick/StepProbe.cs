using System.Globalization;
using AutoGrad.Benchmarks.Workloads;

namespace AutoGrad.Benchmarks.Quick;

/// <summary>
/// One implementation of one workload alone: N steps to warm up, then N measured by the thread's own
/// CPU clock, so a busy machine (waiting for a core) does not count, with the bytes allocated, the
/// collections of each generation and the GC pause per step. For comparing two builds of the engine
/// when wall-clock timing is too noisy, and for seeing what the GC does under each setting.
/// </summary>
internal static class StepProbe
{
    private static readonly Dictionary<string, Func<IWorkloadRun>> Runs = new()
    {
        ["w1-handwritten"] = () => new MlpStepWorkload.Handwritten(),
        ["w1-dynamic"] = () => new MlpStepWorkload.AutoGradStep(compiled: false),
        ["w1-compiled"] = () => new MlpStepWorkload.AutoGradStep(compiled: true),
        ["w2-handwritten"] = () => new ChainWorkload.Handwritten(100_000),
        ["w2-dynamic"] = () => new ChainWorkload.Dynamic(100_000),
        ["w3-handwritten"] = () => new WideSumWorkload.Handwritten(100_000, tree: false),
        ["w3-dynamic"] = () => new WideSumWorkload.Dynamic(100_000, tree: false),
        ["w2-dynamic-10m"] = () => new ChainWorkload.Dynamic(10_000_000), // the 10⁷-node chain: bytes per step / 2²⁰ is its MiB
    };

    /// <summary>The runs this probe knows, by name.</summary>
    public static IEnumerable<string> Names => Runs.Keys;

    /// <summary>The maker of the run called <paramref name="name"/>, if there is one.</summary>
    public static bool TryMake(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Func<IWorkloadRun>? make) => Runs.TryGetValue(name, out make);

    public static int Run(string name, string stepsText, TextWriter output)
    {
        if (!Runs.TryGetValue(name, out Func<IWorkloadRun>? make) || !int.TryParse(stepsText, CultureInfo.InvariantCulture, out int steps) || steps < 1)
        {
            Console.Error.WriteLine($"usage: --steps <{string.Join("|", Runs.Keys)}> <steps ≥ 1>; got '{name}' '{stepsText}'");
            return 2;
        }

        IWorkloadRun run = make();
        for (int i = 0; i < steps; i++)
        {
            run.Step();
        }

        long bytes = GC.GetAllocatedBytesForCurrentThread();
        int[] collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        TimeSpan pause = GC.GetTotalPauseDuration();
        TimeSpan cpu = ThreadCpu.Now();
        for (int i = 0; i < steps; i++)
        {
            run.Step();
        }

        cpu = ThreadCpu.Now() - cpu;
        double PerStep(double total) => total / steps;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name} {PerStep(cpu.TotalNanoseconds):F0} ns CPU per step, {PerStep(GC.GetAllocatedBytesForCurrentThread() - bytes):F0} bytes per step; " +
            $"collections per 100 steps gen0 {100 * PerStep(GC.CollectionCount(0) - collections[0]):F0}, gen1 {100 * PerStep(GC.CollectionCount(1) - collections[1]):F0}, " +
            $"gen2 {100 * PerStep(GC.CollectionCount(2) - collections[2]):F0}; GC pause {PerStep((GC.GetTotalPauseDuration() - pause).TotalNanoseconds):F0} ns per step; gc: {GcSettings.Describe()}"));
        return 0;
    }
}
