using AutoGrad.Checking;

namespace AutoGrad.Cli.Experiments;

/// <summary>
/// The notes' numerical differentiation as they wrote it: <c>numercial_diff(f, x)</c> with a fixed
/// h = 1e−4 and <c>/ 2*h</c>, which Python reads as (… / 2) · h; the same with the parentheses the formula
/// needs; AutoGrad's <see cref="NumericalDerivative.CentralDifference"/>, whose step is scaled by |x|; and
/// the analytic derivative from the graph. Part of the <c>numerical-diff</c> lesson.
/// </summary>
internal static class NotesNumericalDiff
{
    /// <summary>The notes' fixed step.</summary>
    public const double NotesStep = 1e-4;

    /// <summary>The points: the notes' x = 5, then ever larger x, where a fixed step falls below the spacing of doubles.</summary>
    public static IReadOnlyList<double> Points { get; } = [5, 1e3, 1e6, 1e9, 1e12, 1e15];

    /// <summary>The notes' <c>function_1</c>: 0.01x² + 0.1x.</summary>
    public static double Function1(double x) => 0.01 * x * x + 0.1 * x;

    /// <summary>The notes' code as written: <c>(f(x+h)-f(x-h))/2*h</c>, that is ((f(x + h) − f(x − h)) / 2) · h.</summary>
    public static double AsWritten(Func<double, double> f, double x) => (f(x + NotesStep) - f(x - NotesStep)) / 2 * NotesStep;

    /// <summary>The formula the notes mean: (f(x + h) − f(x − h)) / (2h) with their fixed h = 1e−4.</summary>
    public static double FixedStep(Func<double, double> f, double x) => (f(x + NotesStep) - f(x - NotesStep)) / (2 * NotesStep);

    /// <summary>f′(x) = 0.02x + 0.1, computed by AutoGrad's backward pass through the graph of <see cref="Function1"/>.</summary>
    public static double Analytic(double x)
    {
        var input = new Value(x);
        (0.01 * input.Pow(2) + 0.1 * input).Backward();
        return input.Grad;
    }

    /// <summary>One row per point: the four derivatives and the relative errors of the numerical ones.</summary>
    public static IReadOnlyList<Row> Measure() =>
        Points.Select(x =>
        {
            double analytic = Analytic(x);
            double asWritten = AsWritten(Function1, x), fixedStep = FixedStep(Function1, x), scaled = NumericalDerivative.CentralDifference(Function1, x);
            return new Row(x, analytic, asWritten, fixedStep, scaled, Error(fixedStep), Error(scaled));

            double Error(double estimate) => Math.Abs(estimate - analytic) / Math.Abs(analytic);
        }).ToArray();

    /// <summary>The rows as the lesson's CSV.</summary>
    public static CsvTable Table()
    {
        var table = new CsvTable("x", "analytic", "notes_as_written", "notes_fixed_h", "autograd_scaled_h", "fixed_h_relative_error", "scaled_h_relative_error");
        foreach (Row row in Measure())
        {
            table.Add(row.X, row.Analytic, row.AsWritten, row.FixedStep, row.Scaled, row.FixedStepError, row.ScaledError);
        }

        return table;
    }

    /// <summary>The derivatives of 0.01x² + 0.1x at one point.</summary>
    public sealed record Row(double X, double Analytic, double AsWritten, double FixedStep, double Scaled, double FixedStepError, double ScaledError);
}
