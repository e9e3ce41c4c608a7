using System.Globalization;
using AutoGrad.Compilation;
using AutoGrad.Nn;
using AutoGrad.Optim;
using AutoGrad.Training;
using ScottPlot;

namespace AutoGrad.Cli.Experiments;

/// <summary>
/// Regression: a network with one linear output fitted to a numeric target. First the same network
/// fitted with an L2 loss (mean squared error) and with an L1 loss (mean absolute error) to noisy,
/// skewed data: the L2 fit's errors average 0, so its mean squared error is the variance of its errors,
/// the least of the two. Then one hidden layer of growing width fitting a continuous 1-D function:
/// the universal approximation theorem, seen as the error falling with the width.
/// </summary>
internal sealed class RegressionExperiment : IExperiment
{
    /// <summary>Both ends of the inputs, x in [−<see cref="Range"/>, <see cref="Range"/>].</summary>
    public const double Range = Data.Datasets.WaveRange;

    /// <summary>The scale of the noise: σ·(Exp(1) − 1), mean 0, deviation σ, skewed to the right.</summary>
    public const double NoiseScale = 0.3;

    /// <summary>Adam's rate, for every fit.</summary>
    public const double LearningRate = 0.02;

    /// <summary>The hidden units of the L2-against-L1 network.</summary>
    public const int LossWidth = 16;

    public string Name => "regression";

    public string Claim =>
        "Fitted with an L2 loss a regression's errors average 0, so the loss it minimises is the variance of the prediction error; " +
        "and one hidden layer approximates a continuous function as closely as its width allows (universal approximation).";

    /// <summary>The noisy data's true curve, sin(1.5x) + 0.3x: the curve of <c>autograd train --dataset wave</c>.</summary>
    public static double Curve(double x) => Data.Datasets.WaveCurve(x);

    /// <summary>The function the growing widths approximate, sin(2x) + 0.5 cos(5x) · e^(−x²/4): smooth, but with a wiggle in the middle.</summary>
    public static double Target(double x) => Math.Sin(2 * x) + 0.5 * Math.Cos(5 * x) * Math.Exp(-x * x / 4);

    public ExperimentResult Run(ExperimentOptions options, IProgress<ExperimentStatus> progress) => Present(Measure(options, progress));

    /// <summary>The figures, the numbers and the one-line result of a measurement.</summary>
    public static ExperimentResult Present(Measurements measured)
    {
        var errors = new CsvTable("loss", "mean_error", "error_variance", "mean_squared_error", "mean_absolute_error", "test_mean_squared_error");
        foreach (LossFit fit in measured.Fits)
        {
            errors.Add(fit.Loss, fit.MeanError, fit.ErrorVariance, fit.MeanSquaredError, fit.MeanAbsoluteError, fit.TestMeanSquaredError);
        }

        var widths = new CsvTable("width", "parameters", "rmse");
        var curves = new CsvTable("width", "x", "target", "prediction");
        foreach (WidthFit fit in measured.Widths)
        {
            widths.Add(fit.Width, fit.Parameters, fit.Rmse);
            for (int i = 0; i < measured.Grid.Count; i++)
            {
                curves.Add(fit.Width, measured.Grid[i], Target(measured.Grid[i]), fit.Predictions[i]);
            }
        }

        LossFit l2 = measured.Of("l2");
        LossFit l1 = measured.Of("l1");
        return new ExperimentResult(
            string.Create(CultureInfo.InvariantCulture, $"regression: L2 fit mean error {l2.MeanError:F4}, error variance {l2.ErrorVariance:F4}, MSE {l2.MeanSquaredError:F4}; ") +
            string.Create(CultureInfo.InvariantCulture, $"L1 fit mean error {l1.MeanError:F4}, error variance {l1.ErrorVariance:F4}, MSE {l1.MeanSquaredError:F4}, MAE {l1.MeanAbsoluteError:F4} (L2 {l2.MeanAbsoluteError:F4}); ") +
            "one hidden layer, RMSE by width: " + string.Join(", ", measured.Widths.Select(w => string.Create(CultureInfo.InvariantCulture, $"{w.Width} {w.Rmse:F4}"))) + ".",
            [
                ExperimentFile.Png("l2-l1.png", LossFigure(measured), 1200, 450),
                ExperimentFile.Png("universal-approximation.png", WidthFigure(measured), 1200, 450),
                errors.ToFile("errors.csv"),
                widths.ToFile("widths.csv"),
                curves.ToFile("fits.csv"),
            ]);
    }

    /// <summary>Measures the claims at the size and seed of <paramref name="options"/>.</summary>
    public static Measurements Measure(ExperimentOptions options, IProgress<ExperimentStatus> progress)
    {
        var random = new Random(options.Seed);
        int count = options.Size(200, 80);
        double[] xs = Enumerable.Range(0, count).Select(_ => Range * (2 * random.NextDouble() - 1)).ToArray();
        double[] ys = xs.Select(x => Curve(x) + Noise(random)).ToArray();
        double[] testXs = Enumerable.Range(0, count).Select(_ => Range * (2 * random.NextDouble() - 1)).ToArray();
        double[] testYs = testXs.Select(x => Curve(x) + Noise(random)).ToArray();
        int steps = options.Size(1500, 500);
        var fits = new List<LossFit>();
        foreach (string loss in new[] { "l2", "l1" })
        {
            progress.Report(new ExperimentStatus($"fitting with the {loss} loss", fits.Count / 4.0));
            Mlp model = Fit(xs, ys, LossWidth, loss, steps, options.Seed);
            double[] fitted = Predictions(model, xs), tested = Predictions(model, testXs);
            double[] errors = xs.Select((x, i) => ys[i] - fitted[i]).ToArray();
            double mean = errors.Average();
            double testMse = testXs.Select((x, i) => Math.Pow(testYs[i] - tested[i], 2)).Average();
            fits.Add(new LossFit(loss, xs, ys, fitted, mean, errors.Average(e => (e - mean) * (e - mean)), errors.Average(e => e * e), errors.Average(Math.Abs), testMse));
        }

        // The universal approximation: noise-free samples of the target, judged on a finer grid between them.
        double[] sampleXs = Enumerable.Range(0, options.Size(100, 60)).Select(i => -Range + 2 * Range * i / (options.Size(100, 60) - 1.0)).ToArray();
        double[] grid = Enumerable.Range(0, 301).Select(i => -Range + 2 * Range * i / 300.0).ToArray();
        int[] widthList = options.Quick ? [1, 4, 16] : [1, 2, 4, 8, 16, 32];
        var widths = new List<WidthFit>();
        foreach (int width in widthList)
        {
            progress.Report(new ExperimentStatus($"one hidden layer of {width}", 0.5 + 0.5 * widths.Count / widthList.Length));
            Mlp model = Fit(sampleXs, sampleXs.Select(Target).ToArray(), width, "l2", options.Size(3000, 1000), options.Seed);
            double[] predictions = Predictions(model, grid);
            double rmse = Math.Sqrt(grid.Select((x, i) => Math.Pow(Target(x) - predictions[i], 2)).Average());
            widths.Add(new WidthFit(width, model.Parameters.Count, rmse, predictions));
        }

        return new Measurements(fits, widths, grid);
    }

    /// <summary>Skewed noise of mean 0 and deviation <see cref="NoiseScale"/>: σ·(Exp(1) − 1).</summary>
    private static double Noise(Random random) => NoiseScale * (-Math.Log(1 - random.NextDouble()) - 1);

    /// <summary>
    /// MLP(1, [width, 1]) with tanh and Xavier weights, fitted full-batch with Adam through the one
    /// training loop (<see cref="TrainingLoop"/>): the loss of every point is recorded once and replayed.
    /// </summary>
    private static Mlp Fit(double[] xs, double[] ys, int width, string loss, int steps, int seed)
    {
        var model = new Mlp(1, [width, 1], new MlpOptions { HiddenActivation = Activation.Tanh, Initialization = Initialization.Xavier, Seed = seed });
        Value[] errors = xs.Select((x, i) => model.Forward([x])[0] - ys[i]).ToArray();
        Value total = loss == "l2" ? Value.Sum(errors.Select(e => e * e)) : Value.Sum(errors.Select(e => e.Abs()));
        CompiledGraph graph = CompiledGraph.Compile(total * (1.0 / xs.Length));
        var optimizer = new Adam(model.Parameters, LearningRate);
        TrainingLoop.Run(steps, step => new StepResult(step, TrainingLoop.Step(optimizer, graph.Evaluate), double.NaN, LearningRate));
        return model;
    }

    /// <summary>The model's output at every x: recorded once, all points in one call of the batched replay (each the number the model gives at that x alone).</summary>
    private static double[] Predictions(Mlp model, double[] xs)
    {
        var x = new Value(0, "x");
        BatchedReplay batch = CompiledGraph.Compile(model.Forward([x])[0]).Batch([x]);
        var predictions = new double[xs.Length];
        batch.Forward(xs, predictions);
        return predictions;
    }

    private static Multiplot LossFigure(Measurements measured)
    {
        LossFit l2 = measured.Of("l2");
        LossFit l1 = measured.Of("l1");
        var fits = new Plot();
        var points = fits.Add.ScatterPoints(l2.Xs.ToArray(), l2.Ys.ToArray());
        points.LegendText = "data: sin(1.5x) + 0.3x + skewed noise";
        points.Color = Colors.Gray.WithAlpha(0.5);
        int[] order = Enumerable.Range(0, l2.Xs.Count).OrderBy(i => l2.Xs[i]).ToArray();
        foreach ((LossFit fit, Color color) in new[] { (l2, Colors.SteelBlue), (l1, Colors.DarkOrange) })
        {
            Figures.Line(fits, order.Select(i => fit.Xs[i]).ToArray(), order.Select(i => fit.Predictions[i]).ToArray(), $"{fit.Loss} fit").Color = color;
        }

        fits.Title("The two fits");
        fits.XLabel("x");
        fits.YLabel("y");
        fits.ShowLegend(Alignment.UpperLeft);

        var histogram = new Plot();
        double[] edges = Enumerable.Range(0, 31).Select(i => -0.6 + 0.06 * i).ToArray();
        foreach ((LossFit fit, Color color) in new[] { (l2, Colors.SteelBlue), (l1, Colors.DarkOrange) })
        {
            double[] errors = fit.Xs.Select((_, i) => fit.Ys[i] - fit.Predictions[i]).ToArray();
            double[] centres = edges.Skip(1).Select((e, k) => (edges[k] + e) / 2).ToArray();
            double[] counts = centres.Select((_, k) => (double)errors.Count(e => e >= edges[k] && e < edges[k + 1])).ToArray();
            Figures.Line(histogram, centres, counts, string.Create(CultureInfo.InvariantCulture, $"{fit.Loss}: mean {Math.Round(fit.MeanError, 3) + 0.0:F3}, variance {fit.ErrorVariance:F4}")).Color = color;
            histogram.Add.VerticalLine(fit.MeanError, 1, color).LinePattern = LinePattern.Dashed;
        }

        histogram.Title("Errors y − ŷ (dashed: their mean)");
        histogram.XLabel("error");
        histogram.YLabel("points per bin of 0.06");
        histogram.ShowLegend(Alignment.UpperRight);
        return Figures.Grid([fits, histogram], 1, 2);
    }

    private static Multiplot WidthFigure(Measurements measured)
    {
        var curves = new Plot();
        Figures.Line(curves, measured.Grid, measured.Grid.Select(Target).ToArray(), "target", 3).Color = Colors.Black;
        foreach (WidthFit fit in measured.Widths)
        {
            Figures.Line(curves, measured.Grid, fit.Predictions, $"width {fit.Width}", 1.5f);
        }

        curves.Title("One hidden layer (tanh) of growing width");
        curves.XLabel("x");
        curves.YLabel("y");
        curves.ShowLegend(Edge.Right); // beside the panel: the curves fill it

        var errors = new Plot();
        var line = errors.Add.Scatter(measured.Widths.Select(w => Math.Log2(w.Width)).ToArray(), measured.Widths.Select(w => Math.Log10(w.Rmse)).ToArray());
        line.LineWidth = 2;
        line.MarkerSize = 8;
        errors.Title("Error on a grid between the samples");
        errors.XLabel("log₂ width");
        errors.YLabel("log₁₀ RMSE");
        return Figures.Grid([curves, errors], 1, 2);
    }

    /// <summary>One loss's fit to the noisy data: its predictions and the statistics of its errors y − ŷ on the training points (and the test MSE).</summary>
    public sealed record LossFit(string Loss, IReadOnlyList<double> Xs, IReadOnlyList<double> Ys, IReadOnlyList<double> Predictions, double MeanError, double ErrorVariance, double MeanSquaredError, double MeanAbsoluteError, double TestMeanSquaredError);

    /// <summary>One width's fit of <see cref="Target"/>: its RMSE on the grid and its predictions there.</summary>
    public sealed record WidthFit(int Width, int Parameters, double Rmse, IReadOnlyList<double> Predictions);

    /// <summary>Both parts.</summary>
    public sealed record Measurements(IReadOnlyList<LossFit> Fits, IReadOnlyList<WidthFit> Widths, IReadOnlyList<double> Grid)
    {
        /// <summary>The fit with the loss named "l2" or "l1".</summary>
        public LossFit Of(string loss) => Fits.Single(f => f.Loss == loss);
    }
}
