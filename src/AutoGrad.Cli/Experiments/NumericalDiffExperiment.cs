using System.Globalization;
using AutoGrad.Checking;
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
                ExperimentFile.Png("errors.png", ErrorFigure(measured), 1500, 500),
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

    private static Multiplot ErrorFigure(Measurements measured)
    {
        var panels = new List<Plot>();
        foreach (FunctionResult f in measured.Functions)
        {
            var plot = new Plot();
            double[] logH = f.Steps.Select(Math.Log10).ToArray();
            // An error of exactly 0 has no logarithm: drawn at 10⁻¹⁸, below every real error.
            Figures.Line(plot, logH, f.ForwardErrors.Select(e => Math.Log10(Math.Max(e, 1e-18))).ToArray(), string.Create(CultureInfo.InvariantCulture, $"forward (slope {f.ForwardSlope:F2})"));
            Figures.Line(plot, logH, f.CentralErrors.Select(e => Math.Log10(Math.Max(e, 1e-18))).ToArray(), string.Create(CultureInfo.InvariantCulture, $"central (slope {f.CentralSlope:F2})"));
            var step = plot.Add.VerticalLine(Math.Log10(NumericalDerivative.DefaultStep), 1, Colors.Gray, LinePattern.Dashed);
            step.LegendText = "GradCheck's step 1e-6";
            plot.Axes.SetLimitsX(-15.5, 0.5);
            plot.Title($"{f.Name} at x = {X.ToString(CultureInfo.InvariantCulture)}");
            plot.XLabel("log10 h");
            plot.YLabel("log10 |error|");
            plot.ShowLegend(Alignment.LowerLeft);
            panels.Add(plot);
        }

        return Figures.Grid(panels, 1, panels.Count);
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
