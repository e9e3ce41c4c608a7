using System.Globalization;
using AutoGrad.Benchmarks.Workloads;
using AutoGrad.Compilation;

namespace AutoGrad.Benchmarks.Quick;

/// <summary>
/// The quick mode: CSV rows <c>workload,impl,ns_per_step,nodes</c> as docs/workloads.md
/// specifies, each a median over rounds in which the implementations run alternately, then '#'
/// lines with the checks, the ratios to the hand-written code, and the scaling and memory figures.
/// </summary>
internal static class QuickRunner
{
    private const int Rounds = 5;
    private const int Size = 100_000;

    /// <param name="includeScaling">Also time 10⁴ to 10⁶ nodes.</param>
    /// <param name="includeTenMillion">Also time 10⁷ nodes.</param>
    /// <param name="compiledOnly">Only the hand-written code and the two compiled replays (a quicker look on a busy machine).</param>
    /// <param name="onlyMlp">Only W1, with three times the rounds (comparing two builds of the dynamic graph).</param>
    /// <param name="output">Where the rows go.</param>
    public static void Run(bool includeScaling, bool includeTenMillion, bool compiledOnly, bool onlyMlp, TextWriter output)
    {
        var ratios = new List<string>();
        IEnumerable<Func<IWorkloadRun[]>> groups = Groups(Size, includeMlp: true, includeDynamic: !compiledOnly);
        foreach (Func<IWorkloadRun[]> group in onlyMlp ? groups.Take(1) : groups)
        {
            IWorkloadRun[] runs = group();
            Measure(runs, output, ratios, onlyMlp ? 3 * Rounds : Rounds);
        }

        if (!compiledOnly && !onlyMlp)
        {
            Measure([new HessianWorkload.Handwritten(100), new HessianWorkload.AutoGradHessian(100)], output, ratios, Rounds);
        }

        output.WriteLine("# ratio to handwritten-cs (median of paired rounds; lower is better)");
        foreach (string line in ratios)
        {
            output.WriteLine(line);
        }

        if (includeScaling)
        {
            int[] sizes = includeTenMillion ? [10_000, 100_000, 1_000_000, 10_000_000] : [10_000, 100_000, 1_000_000];
            Scaling(sizes, output);
        }
    }

    /// <summary>
    /// The workloads at size n, each as its implementations: hand-written first (the reference), the
    /// dynamic graph, the compiled replay as generated code, and the interpreter it falls back to.
    /// </summary>
    private static IEnumerable<Func<IWorkloadRun[]>> Groups(int n, bool includeMlp, bool includeDynamic)
    {
        if (includeMlp)
        {
            yield return () => Without(
                [new MlpStepWorkload.Handwritten(), new MlpStepWorkload.AutoGradStep(compiled: false), new MlpStepWorkload.AutoGradStep(compiled: true), new MlpStepWorkload.AutoGradStep(compiled: true, ReplayMode.Interpreted)]);
        }

        yield return () => Without([new ChainWorkload.Handwritten(n), new ChainWorkload.Dynamic(n), ChainWorkload.Compiled(n), ChainWorkload.Compiled(n, ReplayMode.Interpreted)]);
        yield return () => Without(
            [new WideSumWorkload.Handwritten(n, tree: false), new WideSumWorkload.Dynamic(n, tree: false), WideSumWorkload.Compiled(n, tree: false), WideSumWorkload.Compiled(n, tree: false, ReplayMode.Interpreted)]);
        yield return () => Without(
            [new WideSumWorkload.Handwritten(n, tree: true), new WideSumWorkload.Dynamic(n, tree: true), WideSumWorkload.Compiled(n, tree: true), WideSumWorkload.Compiled(n, tree: true, ReplayMode.Interpreted)]);

        IWorkloadRun[] Without(IWorkloadRun[] runs) => includeDynamic ? runs : runs.Where(run => run.Implementation != "autograd-dynamic").ToArray();
    }

    private static void Measure(IWorkloadRun[] runs, TextWriter output, List<string> ratios, int rounds)
    {
        foreach (IWorkloadRun run in runs)
        {
            Timing.WarmUp(run, minSteps: 3);
        }

        // Alternate implementations inside each round, so drift on a shared machine hits all alike.
        var times = runs.Select(_ => new List<double>()).ToArray();
        for (int round = 0; round < rounds; round++)
        {
            for (int i = 0; i < runs.Length; i++)
            {
                times[i].Add(Timing.NanosecondsPerStep(runs[i], targetSeconds: 0.15, minSteps: 3));
            }
        }

        for (int i = 0; i < runs.Length; i++)
        {
            IWorkloadRun run = runs[i];
            output.WriteLine(Invariant($"{run.Workload},{run.Implementation},{Timing.Median(times[i]):F0},{run.Nodes}"));
        }

        foreach (IWorkloadRun run in runs)
        {
            foreach (string check in run.Checks())
            {
                output.WriteLine($"# {check}");
            }
        }

        for (int i = 1; i < runs.Length; i++)
        {
            double[] paired = times[i].Zip(times[0], (t, reference) => t / reference).ToArray();
            ratios.Add(Invariant(
                $"#   {runs[i].Workload,-18} {runs[i].Implementation,-18} {Timing.Median(paired),6:F2}x (range {paired.Min():F2}x to {paired.Max():F2}x; {Timing.Median(times[i]) / runs[i].OpNodes:F2} ns per op node)"));
        }
    }

    private static void Scaling(int[] sizes, TextWriter output)
    {
        output.WriteLine("# scaling: workload, impl, N, ns per op node, bytes allocated per op node");
        foreach (int n in sizes)
        {
            foreach (Func<IWorkloadRun[]> group in Groups(n, includeMlp: false, includeDynamic: true))
            {
                foreach (IWorkloadRun run in group())
                {
                    Timing.WarmUp(run, minSteps: 2);
                    double ns = Timing.Median(Enumerable.Range(0, 3).Select(_ => Timing.NanosecondsPerStep(run, 0.2, 2)).ToArray());
                    long bytes = Timing.BytesPerStep(run);
                    output.WriteLine(Invariant(
                        $"# scale {run.Workload,-18} {run.Implementation,-18} N={n,-9} {ns / run.OpNodes,8:F2} ns/node {(double)bytes / run.OpNodes,8:F1} B/node"));
                }

                GC.Collect();
            }
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
