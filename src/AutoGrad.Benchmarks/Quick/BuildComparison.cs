using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;

namespace AutoGrad.Benchmarks.Quick;

/// <summary>
/// One workload's step (W1's dynamic step unless told otherwise; W1–W3 compiled) in two builds of the
/// benchmark project (two commits of AutoGrad), in one process, taking turns: a round of steps in one
/// build, then a round in the other, timed by the thread's CPU clock. Whatever else the machine is
/// doing falls on both alike, so the ratio holds on a busy machine where two separate runs minutes
/// apart differ by more than the effect being measured.
/// </summary>
internal static class BuildComparison
{
    private const string Workloads = "AutoGrad.Benchmarks.Workloads.";

    /// <summary>The workloads a comparison can run, each made afresh in a build's own load context.</summary>
    public static IReadOnlyList<string> Names { get; } = ["w1-dynamic", "w1-compiled", "w2-compiled", "w3-compiled"];

    /// <summary>Runs <paramref name="rounds"/> rounds of <paramref name="steps"/> steps per build; the first build is the baseline.</summary>
    public static int Run(IReadOnlyList<string> buildFolders, int rounds, int steps, TextWriter output, string workload = "w1-dynamic")
    {
        if (!Names.Contains(workload))
        {
            Console.Error.WriteLine($"unknown workload '{workload}' for --compare-builds; expected one of {string.Join(", ", Names)}");
            return 2;
        }

        var builds = buildFolders.Select(folder => (Folder: folder, Step: LoadStep(folder, workload))).ToArray();
        var perStep = builds.Select(_ => new List<double>()).ToArray();
        var perRound = builds.Select(_ => new List<double>()).ToArray();
        const int WarmRounds = 3;
        for (int round = 0; round < rounds + WarmRounds; round++)
        {
            for (int turn = 0; turn < builds.Length; turn++)
            {
                int b = (turn + round) % builds.Length; // each build goes first in every other round
                TimeSpan roundStart = ThreadCpu.Now();
                for (int k = 0; k < steps; k++)
                {
                    TimeSpan start = ThreadCpu.Now();
                    builds[b].Step();
                    if (round >= WarmRounds)
                    {
                        perStep[b].Add((ThreadCpu.Now() - start).TotalMicroseconds);
                    }
                }

                if (round >= WarmRounds)
                {
                    perRound[b].Add((ThreadCpu.Now() - roundStart).TotalMicroseconds / steps);
                }
            }
        }

        // The median step leaves out the steps a collection landed in (the same allocations in both
        // builds); the mean of the rounds keeps them.
        double baselineStep = Median(perStep[0]);
        double baselineRound = perRound[0].Average();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# {workload} step, CPU µs: {rounds} rounds of {steps} steps per build, builds taking turns (first build = baseline)"));
        for (int b = 0; b < builds.Length; b++)
        {
            List<double> times = perStep[b];
            times.Sort();
            double median = Median(times);
            double mean = perRound[b].Average();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{builds[b].Folder}: median step {median:F0} (quartiles {times[times.Count / 4]:F0}–{times[3 * times.Count / 4]:F0}), {100 * (median / baselineStep - 1):+0.0;-0.0;0.0} %; mean with collections {mean:F0}, {100 * (mean / baselineRound - 1):+0.0;-0.0;0.0} %"));
        }

        return 0;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    /// <summary>A fresh run of <paramref name="workload"/> from the build in <paramref name="folder"/>, in a load context of its own.</summary>
    private static Action LoadStep(string folder, string workload)
    {
        string full = Path.GetFullPath(folder);
        if (!File.Exists(Path.Combine(full, "AutoGrad.Benchmarks.dll")))
        {
            throw new ArgumentException($"'{folder}' holds no AutoGrad.Benchmarks.dll; expected the output folder of 'dotnet build -c Release src/AutoGrad.Benchmarks -o FOLDER'.", nameof(folder));
        }

        var context = new BuildContext(full);
        Assembly benchmarks = context.LoadFromAssemblyPath(Path.Combine(full, "AutoGrad.Benchmarks.dll"));
        Type Find(string name) => benchmarks.GetType(Workloads + name)
            ?? throw new InvalidOperationException($"The build in '{folder}' has no {Workloads + name}.");

        // The compiled W2 and W3 runs come from their workloads' Compiled(n, …) with the replay's defaults.
        object StaticCompiled(string type, params object[] first)
        {
            MethodInfo compiled = Find(type).GetMethod("Compiled", BindingFlags.Public | BindingFlags.Static)!;
            object?[] arguments = compiled.GetParameters().Select((p, i) => i < first.Length ? first[i] : p.DefaultValue).ToArray();
            return compiled.Invoke(null, arguments)!;
        }

        object run;
        if (workload.StartsWith("w1-", StringComparison.Ordinal))
        {
            ConstructorInfo constructor = Find("MlpStepWorkload+AutoGradStep").GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance).Single();
            object?[] arguments = constructor.GetParameters().Select(p => p.Name == "compiled" ? workload == "w1-compiled" : p.DefaultValue).ToArray();
            run = constructor.Invoke(arguments);
        }
        else
        {
            run = workload == "w2-compiled" ? StaticCompiled("ChainWorkload", 100_000) : StaticCompiled("WideSumWorkload", 100_000, false);
        }

        return (Action)Delegate.CreateDelegate(typeof(Action), run, run.GetType().GetMethod("Step")!);
    }

    /// <summary>Loads that build's own AutoGrad assemblies; everything else (the runtime, packages) is shared.</summary>
    private sealed class BuildContext(string folder) : AssemblyLoadContext(name: folder)
    {
        private readonly string _folder = folder;

        protected override Assembly? Load(AssemblyName name)
        {
            string path = Path.Combine(_folder, name.Name + ".dll");
            return name.Name!.StartsWith("AutoGrad", StringComparison.Ordinal) && File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
