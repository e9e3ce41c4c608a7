using System.Globalization;
using AutoGrad.Checking;
using AutoGrad.Plots;
using ScottPlot;

namespace AutoGrad.Cli.Experiments;

/// <summary>
/// The error of the forward difference (f(x + h) − f(x))/h and of the central difference
/// (f(x + h) − f(x − h))/(2h) against h, for functions whose derivative is known exactly.
/// Truncation error falls as h (forward) or h² (central); rounding error grows as ε/h.
/// </summary>
internal sealed class NumericalDiffExperiment : IExperiment
{
    /// <summary>The point every function is differentiated at; at |x| ≤ 1 the library's relative step is h itself.</summary>
    public const double X = 1;

    /// <summary>The range of h where truncation dominates, over which the slopes are fitted.</summary>
    public const double TruncationLow = 1e-3;

    /// <summary>The top of the range of h where truncation dominates.</summary>
    public const double TruncationHigh = 1e-1;

    public string Name => "numerical-diff";

    public string Claim =>
        "On a log-log plot the error of the forward difference falls with slope 1 and the central difference's with slope 2 where truncation dominates, " +
        "and both rise again for small h where rounding dominates: why GradCheck uses central differences with a scaled step near 10⁻⁶.";

    /// <summary>The functions, with their exact derivatives.</summary>
    public static IReadOnlyList<(string Name, Func<double, double> F, Func<double, double> Derivative)> Functions { get; } =
    [
        ("sin x", Math.Sin, Math.Cos),
        ("exp x", Math.Exp, Math.Exp),
        ("x³", x => x * x * x, x => 3 * x * x),
    ];

    public ExperimentResult Run(ExperimentOptions options, IProgress<ExperimentStatus> progress) => Present(Measure(options, progress));

    /// <summary>The figures, the numbers and the one-line result of a measurement.</summary>
    public static ExperimentResult Present(Measurements measured)
    {
        var errors = new CsvTable("function", "h", "forward_error", "central_error");
        foreach (FunctionResult f in measured.Functions)
        {
            for (int i = 0; i < f.Steps.Count; i++)
            {
                errors.Add(f.Name, f.Steps[i], f.ForwardErrors[i], f.CentralErrors[i]);
            }
        }

        var slopes = new CsvTable("function", "forward_slope", "central_slope", "best_forward_h", "best_forward_error", "best_central_h", "best_central_error", "central_error_at_1e-6");
        foreach (FunctionResult f in measured.Functions)
        {
            slopes.Add(f.Name, f.ForwardSlope, f.CentralSlope, f.BestForward.H, f.BestForward.Error, f.BestCentral.H, f.BestCentral.Error, f.CentralErrorAt(NumericalDerivative.DefaultStep));
        }

        FunctionResult first = measured.Functions[0];
        return new ExperimentResult(
            "numerical-diff: slopes where truncation dominates (h from 1e-3 to 1e-1): " +
            string.Join(", ", measured.Functions.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Name} forward {f.ForwardSlope:F2}, central {f.CentralSlope:F2}"))) +
            string.Create(CultureInfo.InvariantCulture, $"; smallest error for {first.Name}: forward {first.BestForward.Error:E1} at h = {first.BestForward.H:E0}, central {first.BestCentral.Error:E1} at h = {first.BestCentral.H:E0}."),
            [
                ExperimentFile.Png("errors.png", ErrorFigure(measured), 1000, 1500),
                errors.ToFile("errors.csv"),
                slopes.ToFile("slopes.csv"),
                NotesNumericalDiff.Table().ToFile("notes-code.csv"),
            ]);
    }

    /// <summary>Measures the claim at the size and seed of <paramref name="options"/>.</summary>
    public static Measurements Measure(ExperimentOptions options, IProgress<ExperimentStatus> progress)
    {
        // h from 1 down to 1e-15, evenly in log h (below about 1.1e-16, 1 + h rounds to 1); the quick size takes fewer.
        int perDecade = options.Size(8, 2);
        double[] requested = Enumerable.Range(0, 15 * perDecade + 1).Select(k => Math.Pow(10, -(double)k / perDecade)).ToArray();
        var results = new List<FunctionResult>();
        foreach ((string name, Func<double, double> f, Func<double, double> derivative) in Functions)
        {
            progress.Report(new ExperimentStatus(name, (double)results.Count / Functions.Count));
            double exact = derivative(X);
            var steps = new List<double>();
            var forward = new List<double>();
            var central = new List<double>();
            foreach (double step in requested)
            {
                // The step x + h can actually take, so both formulas divide by the true distance.
                double h = (X + step) - X;
                steps.Add(h);
                forward.Add(Math.Abs((f(X + h) - f(X)) / h - exact));
                central.Add(Math.Abs(NumericalDerivative.CentralDifference(f, X, step) - exact));
            }

            results.Add(new FunctionResult(name, steps, forward, central));
        }

        return new Measurements(results);
    }

    /// <summary>
    /// A panel per function, both errors on log axes. An error of exactly 0 has no logarithm: such
    /// steps are drawn as hollow markers on a row of their own at the bottom, labelled "exactly 0".
    /// The forward curve is drawn wide and pale under the central one, so where the two are the same
    /// number (sin below 10⁻⁸) both stay visible.
    /// </summary>
    private static Multiplot ErrorFigure(Measurements measured)
    {
        const double ZeroRow = -18; // log10 of where exact zeros are drawn: below every real error
        var panels = new List<Plot>();
        foreach (FunctionResult f in measured.Functions)
        {
            var plot = new Plot();
            void Errors(IReadOnlyList<double> errors, string label, Color color, float width, MarkerShape shape, LinePattern pattern)
            {
                int[] real = Enumerable.Range(0, errors.Count).Where(i => errors[i] > 0).ToArray();
                var line = plot.Add.Scatter(real.Select(i => Math.Log10(f.Steps[i])).ToArray(), real.Select(i => Math.Log10(errors[i])).ToArray());
                line.LegendText = label;
                line.Color = color;
                line.LineWidth = width;
                line.LinePattern = pattern;
                line.MarkerShape = shape;
                line.MarkerSize = width + 4;
                int[] zeros = Enumerable.Range(0, errors.Count).Where(i => errors[i] == 0).ToArray();
                if (zeros.Length > 0)
                {
                    var exact = plot.Add.ScatterPoints(zeros.Select(i => Math.Log10(f.Steps[i])).ToArray(), zeros.Select(_ => ZeroRow).ToArray());
                    exact.Color = color;
                    exact.MarkerShape = MarkerShape.OpenCircle;
                    exact.MarkerSize = width + 6;
                    // Steps run from large to small: from this index on, every error is 0.
                    int allZero = Enumerable.Range(0, errors.Count).First(i => errors.Skip(i).All(e => e == 0));
                    string every = allZero < errors.Count ? string.Create(CultureInfo.InvariantCulture, $", every h ≤ {FigureKit.Decimal(f.Steps[allZero])}") : "";
                    exact.LegendText = string.Create(CultureInfo.InvariantCulture, $"{label.Split(' ')[0]}: exactly 0 at {zeros.Length} steps{every}");
                }
            }

            Errors(f.ForwardErrors, string.Create(CultureInfo.InvariantCulture, $"forward (slope {f.ForwardSlope:F2})"), Colors.DarkOrange.WithAlpha(0.55), 6, MarkerShape.None, LinePattern.Solid);
            Errors(f.CentralErrors, string.Create(CultureInfo.InvariantCulture, $"central (slope {f.CentralSlope:F2})"), Colors.Navy, 1.5f, MarkerShape.FilledCircle, LinePattern.Solid);
            var step = plot.Add.VerticalLine(Math.Log10(NumericalDerivative.DefaultStep), 1, Colors.Gray, LinePattern.Dashed);
            step.LegendText = "GradCheck's step 10⁻⁶";
            plot.Axes.SetLimitsX(-15.5, 0.5);
            plot.Axes.SetLimitsY(ZeroRow - 1, 1);
            FigureKit.Log10Ticks(plot.Axes.Bottom);
            FigureKit.Log10Ticks(plot.Axes.Left);
            var defaultLabels = (ScottPlot.TickGenerators.NumericAutomatic)plot.Axes.Left.TickGenerator;
            defaultLabels.LabelFormatter = y => Math.Abs(y - ZeroRow) < 0.5 ? "exactly 0" : y < ZeroRow + 2 ? "" : FigureKit.PowerOfTen(y);
            plot.Title($"{f.Name} at x = {X.ToString(CultureInfo.InvariantCulture)}: forward vs central");
            plot.XLabel("step h (log scale)");
            plot.YLabel("|error| of the derivative (log scale)");
            FigureKit.ReadableAt(plot, 900);
            plot.ShowLegend();
            panels.Add(plot);
        }

        return Figures.Grid(panels, panels.Count, 1);
    }

    /// <summary>One function's errors at every h.</summary>
    public sealed record FunctionResult(string Name, IReadOnlyList<double> Steps, IReadOnlyList<double> ForwardErrors, IReadOnlyList<double> CentralErrors)
    {
        /// <summary>The least-squares slope of log error against log h where truncation dominates: 1 for the forward difference.</summary>
        public double ForwardSlope => Slope(ForwardErrors);

        /// <summary>The same slope for the central difference: 2.</summary>
        public double CentralSlope => Slope(CentralErrors);

        /// <summary>Where the forward difference is most accurate.</summary>
        public (double H, double Error) BestForward => Best(ForwardErrors);

        /// <summary>Where the central difference is most accurate.</summary>
        public (double H, double Error) BestCentral => Best(CentralErrors);

        /// <summary>The central difference's error at the step nearest <paramref name="h"/>.</summary>
        public double CentralErrorAt(double h) =>
            CentralErrors[Enumerable.Range(0, Steps.Count).MinBy(i => Math.Abs(Math.Log10(Steps[i]) - Math.Log10(h)))];

        /// <summary>The error at the smallest h, where rounding dominates.</summary>
        public (double Forward, double Central) AtSmallestStep => (ForwardErrors[^1], CentralErrors[^1]);

        private (double H, double Error) Best(IReadOnlyList<double> errors)
        {
            int best = Enumerable.Range(0, errors.Count).Where(i => errors[i] > 0).MinBy(i => errors[i]);
            return (Steps[best], errors[best]);
        }

        private double Slope(IReadOnlyList<double> errors)
        {
            int[] inRange = Enumerable.Range(0, Steps.Count).Where(i => Steps[i] >= TruncationLow * 0.999 && Steps[i] <= TruncationHigh * 1.001).ToArray();
            double[] x = inRange.Select(i => Math.Log10(Steps[i])).ToArray();
            double[] y = inRange.Select(i => Math.Log10(errors[i])).ToArray();
            double meanX = x.Average();
            double meanY = y.Average();
            return x.Zip(y).Sum(p => (p.First - meanX) * (p.Second - meanY)) / x.Sum(v => (v - meanX) * (v - meanX));
        }
    }

    /// <summary>Every function's errors.</summary>
    public sealed record Measurements(IReadOnlyList<FunctionResult> Functions);
}
