using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;

namespace AutoGrad.Benchmarks.Quick;

/// <summary>
/// W1's dynamic step in two builds of the benchmark project (two commits of AutoGrad), in one process,
/// taking turns: a round of steps in one build, then a round in the other, timed by the thread's CPU
/// clock. Whatever else the machine is doing falls on both alike, so the ratio holds on a busy machine
/// where two separate runs minutes apart differ by more than the effect being measured.
/// </summary>
internal static class BuildComparison
{
    private const string StepType = "AutoGrad.Benchmarks.Workloads.MlpStepWorkload+AutoGradStep";

    /// <summary>Runs <paramref name="rounds"/> rounds of <paramref name="steps"/> steps per build; the first build is the baseline.</summary>
    public static int Run(IReadOnlyList<string> buildFolders, int rounds, int steps, TextWriter output)
    {
        var builds = buildFolders.Select(folder => (Folder: folder, Step: LoadStep(folder))).ToArray();
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
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# W1 dynamic step, CPU µs: {rounds} rounds of {steps} steps per build, builds taking turns (first build = baseline)"));
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

    /// <summary>A fresh W1 dynamic run from the build in <paramref name="folder"/>, in a load context of its own.</summary>
    private static Action LoadStep(string folder)
    {
        string full = Path.GetFullPath(folder);
        if (!File.Exists(Path.Combine(full, "AutoGrad.Benchmarks.dll")))
        {
            throw new ArgumentException($"'{folder}' holds no AutoGrad.Benchmarks.dll; expected the output folder of 'dotnet build -c Release src/AutoGrad.Benchmarks -o FOLDER'.", nameof(folder));
        }

        var context = new BuildContext(full);
        Assembly benchmarks = context.LoadFromAssemblyPath(Path.Combine(full, "AutoGrad.Benchmarks.dll"));
        Type type = benchmarks.GetType(StepType)
            ?? throw new InvalidOperationException($"The build in '{folder}' has no {StepType}.");
        ConstructorInfo constructor = type.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance).Single();
        object?[] arguments = constructor.GetParameters().Select(p => p.Name == "compiled" ? false : p.DefaultValue).ToArray();
        object run = constructor.Invoke(arguments);
        return (Action)Delegate.CreateDelegate(typeof(Action), run, type.GetMethod("Step")!);
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
