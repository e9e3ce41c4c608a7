using System.Globalization;
using AutoGrad.Compilation;
using AutoGrad.Nn;
using ScottPlot;

namespace AutoGrad.Cli.Experiments;

/// <summary>
/// Softmax, naive and stable: exp(zᵢ)/Σ exp(zⱼ) overflows for logits near 1000, while subtracting the
/// largest logit first (the library's <see cref="Functions.Softmax"/>) does not; and softmax keeps
/// the order of the logits, so the predicted class can be read from the logits alone.
/// </summary>
internal sealed class SoftmaxExperiment : IExperiment
{
    /// <summary>Logits that overflow the naive formula (AutoGrad's choice: the notes subtract the max without showing why).</summary>
    public static IReadOnlyList<double> LargeLogits { get; } = [1000, 1001, 1002];

    /// <summary>The notes' example, one row of logits per example.</summary>
    public static IReadOnlyList<double[]> NotesLogits { get; } = [[1, 2, 0], [-1, 0, 1], [-10, 0, 10]];

    /// <summary>Classes in each random row of logits.</summary>
    public const int Classes = 10;

    /// <summary>The spread of the random logits: Gaussian with this standard deviation.</summary>
    public const double LogitScale = 10;

    public string Name => "softmax";

    public string Claim =>
        "The naive softmax overflows to NaN at logits like [1000, 1001, 1002] while the max-subtracted one does not, " +
        "and one-hot(argmax(o)) equals one-hot(argmax(softmax(o))), which is why inference skips the softmax.";

    /// <summary>softmax as written in the textbook: exp(zᵢ) / Σⱼ exp(zⱼ), with nothing against overflow.</summary>
    public static Value[] NaiveSoftmax(IReadOnlyList<Value> logits)
    {
        Value[] exponentials = logits.Select(z => z.Exp()).ToArray();
        Value total = Value.Sum(exponentials);
        return exponentials.Select(e => e / total).ToArray();
    }

    public ExperimentResult Run(ExperimentOptions options, IProgress<ExperimentStatus> progress) => Present(Measure(options, progress));

    /// <summary>The figures, the numbers and the one-line result of a measurement.</summary>
    public static ExperimentResult Present(Measurements measured)
    {
        var rows = new CsvTable("logits", "naive", "stable");
        rows.Add(Format(LargeLogits), Format(measured.NaiveLarge), Format(measured.StableLarge));
        for (int r = 0; r < NotesLogits.Count; r++)
        {
            rows.Add(Format(NotesLogits[r]), Format(measured.NaiveNotes[r]), Format(measured.StableNotes[r]));
        }

        var overflow = new CsvTable("offset", "naive_top", "stable_top");
        for (int i = 0; i < measured.Offsets.Count; i++)
        {
            overflow.Add(measured.Offsets[i], measured.NaiveTop[i], measured.StableTop[i]);
        }

        return new ExperimentResult(
            $"softmax: of [1000, 1001, 1002] the naive formula gives [{Format(measured.NaiveLarge, ", ")}], the max-subtracted one [{Format(measured.StableLarge, ", ", "F4")}]; " +
            string.Create(CultureInfo.InvariantCulture, $"the naive one first fails at an offset of {measured.FirstNaiveFailure:F0} (exp overflows past 709.78); ") +
            string.Create(CultureInfo.InvariantCulture, $"argmax of the logits and of their softmax differ in {measured.ArgmaxMismatches} of {measured.RandomRows} random rows."),
            [
                ExperimentFile.Png("overflow.png", OverflowFigure(measured)),
                rows.ToFile("softmax.csv"),
                overflow.ToFile("overflow.csv"),
            ]);
    }

    /// <summary>Measures the claim at the size and seed of <paramref name="options"/>.</summary>
    public static Measurements Measure(ExperimentOptions options, IProgress<ExperimentStatus> progress)
    {
        progress.Report(new ExperimentStatus("the notes' examples", 0));
        double[] Naive(IReadOnlyList<double> z) => NaiveSoftmax(z.Select(v => new Value(v)).ToArray()).Select(p => p.Data).ToArray();
        double[] Stable(IReadOnlyList<double> z) => Functions.Softmax(z.Select(v => new Value(v)).ToArray()).Select(p => p.Data).ToArray();

        // [c, c + 1, c + 2] for offsets c from 0 to 1000: the naive formula holds until exp(c + 2) overflows.
        progress.Report(new ExperimentStatus("shifting the logits", 0.2));
        double[] offsets = Enumerable.Range(0, options.Size(1001, 101)).Select(i => 1000.0 * i / (options.Size(1001, 101) - 1)).ToArray();
        // Both softmaxes of three logits recorded once; every offset in one call of the batched replay.
        Value[] z = [new Value(0), new Value(0), new Value(0)];
        Value naive = NaiveSoftmax(z)[2], stable = Functions.Softmax(z)[2];
        var tops = new double[offsets.Length * 2];
        CompiledGraph.Compile(naive + stable).Batch(z, [naive, stable]).Forward([.. offsets.SelectMany(c => new[] { c, c + 1, c + 2 })], tops);
        double[] naiveTop = [.. Enumerable.Range(0, offsets.Length).Select(i => tops[2 * i])];
        double[] stableTop = [.. Enumerable.Range(0, offsets.Length).Select(i => tops[(2 * i) + 1])];

        progress.Report(new ExperimentStatus("argmax of random logits", 0.4));
        var random = new Random(options.Seed);
        int rows = options.Size(10_000, 1000);
        // The softmax of ten logits recorded once; every row's probabilities in one call of the batched replay.
        double[] drawn = [.. Enumerable.Range(0, rows * Classes).Select(_ => LogitScale * Gaussian.Next(random))];
        Value[] leaves = [.. Enumerable.Range(0, Classes).Select(_ => new Value(0))];
        Value[] softmax = Functions.Softmax(leaves);
        var probabilities = new double[rows * Classes];
        CompiledGraph.Compile(Value.Sum(softmax)).Batch(leaves, softmax).Forward(drawn, probabilities);
        int mismatches = 0;
        for (int r = 0; r < rows; r++)
        {
            Value[] logits = [.. drawn.AsSpan(r * Classes, Classes).ToArray().Select(x => new Value(x))];
            Value[] softmaxed = [.. probabilities.AsSpan(r * Classes, Classes).ToArray().Select(p => new Value(p))];
            mismatches += Functions.Argmax(logits) == Functions.Argmax(softmaxed) ? 0 : 1;
        }

        return new Measurements(
            Naive(LargeLogits),
            Stable(LargeLogits),
            NotesLogits.Select(Naive).ToArray(),
            NotesLogits.Select(Stable).ToArray(),
            offsets,
            naiveTop,
            stableTop,
            rows,
            mismatches);
    }

    private static Plot OverflowFigure(Measurements measured)
    {
        var plot = new Plot();
        int[] finite = Enumerable.Range(0, measured.Offsets.Count).Where(i => double.IsFinite(measured.NaiveTop[i])).ToArray();
        Figures.Line(plot, measured.Offsets, measured.StableTop, "max subtracted (Functions.Softmax)", 4);
        var naive = plot.Add.ScatterPoints(finite.Select(i => measured.Offsets[i]).ToArray(), finite.Select(i => measured.NaiveTop[i]).ToArray());
        naive.LegendText = "naive exp(z)/Σexp(z); missing where NaN";
        naive.MarkerSize = 4;
        var failure = plot.Add.VerticalLine(measured.FirstNaiveFailure, 1, Colors.Red, LinePattern.Dashed);
        failure.LegendText = string.Create(CultureInfo.InvariantCulture, $"naive is NaN from offset {measured.FirstNaiveFailure:F0}");
        plot.Axes.SetLimitsY(0, 1);
        plot.Title("softmax([c, c + 1, c + 2]), its largest entry, as the offset c grows");
        plot.XLabel("offset c");
        plot.YLabel("largest probability");
        plot.ShowLegend(Alignment.LowerLeft);
        return plot;
    }

    private static string Format(IReadOnlyList<double> values, string separator = " ", string format = "R") =>
        string.Join(separator, values.Select(v => v.ToString(format, CultureInfo.InvariantCulture)));

    /// <summary>What the softmaxes gave, and how often argmax changed.</summary>
    public sealed record Measurements(
        double[] NaiveLarge,
        double[] StableLarge,
        IReadOnlyList<double[]> NaiveNotes,
        IReadOnlyList<double[]> StableNotes,
        IReadOnlyList<double> Offsets,
        IReadOnlyList<double> NaiveTop,
        IReadOnlyList<double> StableTop,
        int RandomRows,
        int ArgmaxMismatches)
    {
        /// <summary>The first offset where the naive softmax is not finite.</summary>
        public double FirstNaiveFailure => Offsets[Enumerable.Range(0, Offsets.Count).First(i => !double.IsFinite(NaiveTop[i]))];
    }
}
