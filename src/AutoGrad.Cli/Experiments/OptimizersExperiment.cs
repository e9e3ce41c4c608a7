using System.Globalization;
using AutoGrad.Data;
using AutoGrad.Nn;
using AutoGrad.Optim;
using AutoGrad.Plots;
using AutoGrad.Training;
using ScottPlot;

namespace AutoGrad.Cli.Experiments;

/// <summary>
/// SGD, Momentum, AdaGrad and Adam on f(x, y) = x²/20 + y² from (−7, 2) — a valley 20 times
/// steeper across than along — then the four training the same network on moons.
/// </summary>
internal sealed class OptimizersExperiment : IExperiment
{
    /// <summary>Where every path starts.</summary>
    public static readonly (double X, double Y) Start = (-7, 2);

    /// <summary>A path has arrived when it is this close to the minimum (0, 0).</summary>
    public const double Arrival = 0.01;

    /// <summary>The most steps a path is given to arrive.</summary>
    public const int MaxSteps = 10_000;

    /// <summary>Steps drawn on the contour plot, as in the notes.</summary>
    public const int DrawnSteps = 30;

    public string Name => "optimizers";

    public string Claim =>
        "On f(x, y) = x²/20 + y² plain SGD zig-zags across the steep direction and is slowest to reach the minimum, while Momentum, AdaGrad and Adam get there in fewer steps.";

    /// <summary>The optimizers with the notes' learning rates for f, and the library's defaults on data.</summary>
    public static IReadOnlyList<(OptimizerKind Kind, double RateOnF)> Optimizers { get; } =
    [
        (OptimizerKind.Sgd, 0.95),
        (OptimizerKind.Momentum, 0.1),
        (OptimizerKind.AdaGrad, 1.5),
        (OptimizerKind.Adam, 0.3),
    ];

    public ExperimentResult Run(ExperimentOptions options, IProgress<ExperimentStatus> progress) => Present(Measure(options, progress));

    /// <summary>The figures, the numbers and the one-line result of a measurement.</summary>
    public static ExperimentResult Present(Measurements measured)
    {
        var paths = new CsvTable("optimizer", "learning_rate", "step", "x", "y", "f");
        var arrivals = new CsvTable("optimizer", "learning_rate", "steps_to_within_0.01");
        var training = new CsvTable("optimizer", "learning_rate", "step", "loss", "accuracy");
        foreach (PathResult path in measured.Paths)
        {
            for (int t = 0; t < path.Points.Count; t++)
            {
                paths.Add(Word(path.Kind), path.Rate, t, path.Points[t].X, path.Points[t].Y, F(path.Points[t].X, path.Points[t].Y));
            }

            arrivals.Add(Word(path.Kind), path.Rate, path.StepsToArrive?.ToString(CultureInfo.InvariantCulture) ?? "never");
        }

        foreach (CurveResult curve in measured.Curves)
        {
            for (int t = 0; t < curve.Loss.Count; t++)
            {
                training.Add(Word(curve.Kind), curve.Rate, t + 1, curve.Loss[t], curve.Accuracy[t]);
            }
        }

        string steps = string.Join(", ", measured.Paths.Select(p => $"{Word(p.Kind)} {p.StepsToArrive?.ToString(CultureInfo.InvariantCulture) ?? "never"}"));
        string losses = string.Join(", ", measured.Curves.Select(c => string.Create(CultureInfo.InvariantCulture, $"{Word(c.Kind)} {c.Loss[^1]:F3}")));
        return new ExperimentResult(
            $"optimizers: steps to within {Arrival} of the minimum of x²/20 + y²: {steps}; final loss on {measured.DatasetName} after {measured.Curves[0].Loss.Count} steps: {losses}.",
            [
                ExperimentFile.Png("paths.png", PathsFigure(measured), 1100, 800),
                ExperimentFile.Png("training.png", TrainingFigure(measured), 900, 560),
                paths.ToFile("paths.csv"),
                arrivals.ToFile("steps-to-minimum.csv"),
                training.ToFile("training.csv"),
            ]);
    }

    /// <summary>Measures the claim at the size and seed of <paramref name="options"/>.</summary>
    public static Measurements Measure(ExperimentOptions options, IProgress<ExperimentStatus> progress)
    {
        var paths = new List<PathResult>();
        foreach ((OptimizerKind kind, double rate) in Optimizers)
        {
            progress.Report(new ExperimentStatus($"{Word(kind)} on x²/20 + y²", 0.05 * paths.Count));
            paths.Add(Descend(kind, rate));
        }

        // The same network, data and initial weights for each; the library's default rate per optimizer.
        Dataset data = Datasets.Moons(options.Size(100, 40), 0.1, options.Seed);
        int steps = options.Size(200, 60);
        var curves = new List<CurveResult>();
        foreach ((OptimizerKind kind, _) in Optimizers)
        {
            progress.Report(new ExperimentStatus($"{Word(kind)} on {data.Name}", 0.2 + 0.2 * curves.Count));
            // Micrograd's uniform(−1, 1), not the default He/Xavier: this lesson is not about initialisation, and its figures were measured from these weights.
            var trainer = new Trainer(data, new TrainingOptions { Initialization = Initialization.Uniform, Optimizer = kind, Steps = steps, Seed = options.Seed });
            (List<double> loss, List<double> accuracy) = TrainingCurve.Record(trainer, steps);

            curves.Add(new CurveResult(kind, trainer.Optimizer.LearningRate, loss, accuracy));
        }

        return new Measurements(paths, curves, data.Name);
    }

    /// <summary>f(x, y) = x²/20 + y², its minimum 0 at (0, 0).</summary>
    public static double F(double x, double y) => x * x / 20 + y * y;

    /// <summary>Follows one optimizer from <see cref="Start"/> until it is within <see cref="Arrival"/> of the minimum (or <see cref="MaxSteps"/>).</summary>
    private static PathResult Descend(OptimizerKind kind, double rate)
    {
        var x = new Value(Start.X, "x");
        var y = new Value(Start.Y, "y");
        Optimizer optimizer = kind switch
        {
            OptimizerKind.Sgd => new Sgd([x, y], rate),
            OptimizerKind.Momentum => new Momentum([x, y], rate, momentum: 0.9),
            OptimizerKind.AdaGrad => new AdaGrad([x, y], rate),
            OptimizerKind.Adam => new Adam([x, y], rate),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not an optimizer of this experiment."),
        };
        var points = new List<(double X, double Y)> { (x.Data, y.Data) };
        int? arrived = null;
        for (int t = 1; t <= MaxSteps && arrived is null; t++)
        {
            optimizer.ZeroGrad();
            Value f = x * x / 20 + y * y;
            f.Backward();
            optimizer.Step();
            if (t <= DrawnSteps)
            {
                points.Add((x.Data, y.Data));
            }

            if (Math.Sqrt(x.Data * x.Data + y.Data * y.Data) < Arrival)
            {
                arrived = t;
            }
        }

        return new PathResult(kind, rate, points, arrived);
    }

    private static Multiplot PathsFigure(Measurements measured)
    {
        // f on a grid, for the contour lines the paths are drawn over.
        const int N = 81;
        var grid = new Coordinates3d[N, N];
        for (int i = 0; i < N; i++)
        {
            for (int j = 0; j < N; j++)
            {
                double x = -10 + 20.0 * j / (N - 1);
                double y = -5 + 10.0 * i / (N - 1);
                grid[i, j] = new Coordinates3d(x, y, F(x, y));
            }
        }

        var panels = new List<Plot>();
        foreach (PathResult path in measured.Paths)
        {
            var plot = new Plot();
            var contours = plot.Add.ContourLines(grid, 12);
            contours.LineColor = Colors.Gray.WithAlpha(0.6);
            contours.ContourLineLevels = [0.05, 0.2, 0.5, 1, 2, 4, 8, 16];
            contours.LabelStyle.IsVisible = false;
            var line = plot.Add.Scatter(path.Points.Select(p => p.X).ToArray(), path.Points.Select(p => p.Y).ToArray());
            line.Color = Colors.Red;
            line.MarkerSize = 5;
            plot.Add.Marker(0, 0, MarkerShape.Cross, 12, Colors.Black);
            plot.Axes.SetLimits(-10, 10, -5, 5);
            plot.Title(string.Create(CultureInfo.InvariantCulture, $"{Word(path.Kind)} (rate {path.Rate}): {(path.StepsToArrive is { } s ? $"{s} steps to within {Arrival}" : "never within " + Arrival)}"), size: 14);
            plot.XLabel("x");
            plot.YLabel("y");
            panels.Add(plot);
        }

        return Figures.Grid(panels, 2, 2);
    }

    private static Plot TrainingFigure(Measurements measured)
    {
        var plot = new Plot();
        foreach (CurveResult curve in measured.Curves)
        {
            Figures.Line(plot, Enumerable.Range(1, curve.Loss.Count).Select(t => (double)t).ToArray(), FigureKit.Log10(curve.Loss), string.Create(CultureInfo.InvariantCulture, $"{Word(curve.Kind)} (rate {curve.Rate})"));
        }

        plot.Title($"Four optimizers, one network on {measured.DatasetName}, same start: training loss");
        plot.XLabel("step (full batch)");
        plot.YLabel("loss (hinge + L2 10⁻⁴, log scale)");
        FigureKit.Log10Ticks(plot.Axes.Left, measured.Curves.SelectMany(c => FigureKit.Log10(c.Loss)));
        FigureKit.ReadableAt(plot, 900);
        plot.ShowLegend();
        return plot;
    }

    private static string Word(OptimizerKind kind) => TrainingNames.Optimizers.NameOf(kind);

    /// <summary>One optimizer's path on f: the first <see cref="DrawnSteps"/> points, and the step it arrived (null: never).</summary>
    public sealed record PathResult(OptimizerKind Kind, double Rate, IReadOnlyList<(double X, double Y)> Points, int? StepsToArrive);

    /// <summary>One optimizer's loss and accuracy at every training step.</summary>
    public sealed record CurveResult(OptimizerKind Kind, double Rate, IReadOnlyList<double> Loss, IReadOnlyList<double> Accuracy);

    /// <summary>The paths on f and the training curves.</summary>
    public sealed record Measurements(IReadOnlyList<PathResult> Paths, IReadOnlyList<CurveResult> Curves, string DatasetName)
    {
        /// <summary>The path of one optimizer.</summary>
        public PathResult Path(OptimizerKind kind) => Paths.Single(p => p.Kind == kind);
    }
}
