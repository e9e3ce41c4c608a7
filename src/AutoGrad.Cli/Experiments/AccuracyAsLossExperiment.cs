using System.Globalization;
using AutoGrad.Checking;
using AutoGrad.Compilation;
using AutoGrad.Data;
using AutoGrad.Nn;
using AutoGrad.Plots;
using AutoGrad.Training;
using ScottPlot;

namespace AutoGrad.Cli.Experiments;

/// <summary>
/// Why accuracy cannot be the loss: nudge each weight of a network a little, and accuracy does not
/// move — its numerical derivative is 0 — while the loss does. Accuracy counts the sign of each
/// score, a step function; the loss reads the score itself, through a smooth function like the sigmoid.
/// </summary>
internal sealed class AccuracyAsLossExperiment : IExperiment
{
    /// <summary>The step of the central differences: a nudge of 10⁻⁴ to one weight.</summary>
    public const double Step = 1e-4;

    // Weights nudged per call of the batched replay (two points each), as often as the progress is reported.
    private const int ParametersPerCall = 20;

    /// <summary>Half the width of the sweep of one weight around its trained value.</summary>
    public const double SweepHalfWidth = 3;

    public string Name => "accuracy-as-loss";

    public string Claim =>
        "The numerical derivative of accuracy with respect to a weight is zero almost everywhere while the loss's is not, " +
        "because accuracy is a step function of the scores and the loss a smooth one (like the sigmoid).";

    public ExperimentResult Run(ExperimentOptions options, IProgress<ExperimentStatus> progress) => Present(Measure(options, progress));

    /// <summary>The figures, the numbers and the one-line result of a measurement.</summary>
    public static ExperimentResult Present(Measurements measured)
    {
        var derivatives = new CsvTable("parameter", "value", "d_accuracy", "d_loss");
        foreach (ParameterResult p in measured.Parameters)
        {
            derivatives.Add(p.Label, p.Value, p.AccuracyDerivative, p.LossDerivative);
        }

        var sweep = new CsvTable("weight", "accuracy", "loss");
        for (int i = 0; i < measured.Sweep.Weights.Count; i++)
        {
            sweep.Add(measured.Sweep.Weights[i], measured.Sweep.Accuracy[i], measured.Sweep.Loss[i]);
        }

        return new ExperimentResult(
            string.Create(CultureInfo.InvariantCulture, $"accuracy-as-loss: of {measured.Parameters.Count} weights, nudged by {Step:G}: accuracy's derivative is 0 for {measured.ZeroAccuracyShare:P1}, the loss's for {measured.ZeroLossShare:P1}; ") +
            string.Create(CultureInfo.InvariantCulture, $"sweeping {measured.Sweep.Label} over {measured.Sweep.Weights.Count} points, accuracy takes {measured.Sweep.DistinctAccuracies} values and the loss {measured.Sweep.DistinctLosses}."),
            [
                ExperimentFile.Png("sweep.png", SweepFigure(measured.Sweep, measured.Parameters[0].Value), 900, 560),
                ExperimentFile.Png("step-vs-sigmoid.png", StepVersusSigmoid(), 1000, 420),
                derivatives.ToFile("derivatives.csv"),
                sweep.ToFile("sweep.csv"),
            ]);
    }

    /// <summary>Measures the claim at the size and seed of <paramref name="options"/>.</summary>
    public static Measurements Measure(ExperimentOptions options, IProgress<ExperimentStatus> progress)
    {
        progress.Report(new ExperimentStatus("training a network on moons", 0));
        Dataset data = Datasets.Moons(options.Size(100, 40), 0.1, options.Seed);
        // Micrograd's uniform(−1, 1), not the default He/Xavier: this lesson is not about initialisation, and its figures were measured from these weights.
        var trainer = new Trainer(data, new TrainingOptions { Initialization = Initialization.Uniform, Loss = LossKind.BinaryCrossEntropy, Optimizer = OptimizerKind.Adam, HiddenLayers = [8, 8], Steps = options.Size(50, 20), Seed = options.Seed });
        trainer.Run();

        // The mean binary cross-entropy and the scores, recorded once and replayed at nudged weights.
        Mlp model = trainer.Model;
        var scores = new Value[data.Count];
        var losses = new Value[data.Count];
        for (int i = 0; i < data.Count; i++)
        {
            scores[i] = model.Forward(data.Features[i])[0];
            losses[i] = Losses.BinaryCrossEntropyWithLogits(scores[i], data.Labels[i]);
        }

        // Recorded once; each point (a set of weights) gives the mean loss and every score, many points
        // per call of the batched replay. Each point's numbers are those a replay at those weights gives.
        Value meanLoss = Value.Sum(losses) / data.Count;
        CompiledGraph graph = CompiledGraph.Compile(meanLoss);
        Value[] outputs = [meanLoss, .. scores];
        double AccuracyOf(ReadOnlySpan<double> point)
        {
            int correct = 0;
            for (int i = 0; i < scores.Length; i++)
            {
                correct += (point[1 + i] > 0 ? 1 : 0) == data.Labels[i] ? 1 : 0;
            }

            return (double)correct / scores.Length;
        }

        // Each weight nudged up and down by the central difference's step (as NumericalDerivative.CentralDifference
        // takes it), the others at their trained values: two points per weight, a group of weights per call.
        IReadOnlyList<Value> parameters = model.Parameters;
        BatchedReplay nudged = graph.Batch(parameters, outputs);
        double[] trainedWeights = parameters.Select(graph.LeafIndex).Select(slot => graph.LeafValues[slot]).ToArray();
        var results = new List<ParameterResult>();
        for (int first = 0; first < parameters.Count; first += ParametersPerCall)
        {
            progress.Report(new ExperimentStatus("nudging each weight", 0.1 + 0.7 * first / parameters.Count));
            int count = Math.Min(ParametersPerCall, parameters.Count - first);
            var weights = new double[2 * count * parameters.Count];
            var steps = new double[count];
            for (int q = 0; q < count; q++)
            {
                int p = first + q;
                steps[q] = NumericalDerivative.StepAt(trainedWeights[p], Step);
                Span<double> up = weights.AsSpan(2 * q * parameters.Count, parameters.Count);
                Span<double> down = weights.AsSpan((2 * q + 1) * parameters.Count, parameters.Count);
                trainedWeights.CopyTo(up);
                trainedWeights.CopyTo(down);
                up[p] = trainedWeights[p] + steps[q];
                down[p] = trainedWeights[p] - steps[q];
            }

            var measured = new double[2 * count * outputs.Length];
            nudged.Forward(weights, measured);
            for (int q = 0; q < count; q++)
            {
                int p = first + q;
                ReadOnlySpan<double> up = measured.AsSpan(2 * q * outputs.Length, outputs.Length);
                ReadOnlySpan<double> down = measured.AsSpan((2 * q + 1) * outputs.Length, outputs.Length);
                double dAccuracy = (AccuracyOf(up) - AccuracyOf(down)) / (2 * steps[q]);
                double dLoss = (up[0] - down[0]) / (2 * steps[q]);
                results.Add(new ParameterResult(parameters[p].Label ?? $"parameter {p}", trainedWeights[p], dAccuracy, dLoss));
            }
        }

        // One weight of the first layer swept across a wide range: accuracy is a staircase, the loss a curve.
        progress.Report(new ExperimentStatus("sweeping one weight", 0.8));
        Value swept = parameters[0];
        double centre = trainedWeights[0];
        int points = options.Size(2001, 401);
        var sweptWeights = new double[points];
        var accuracy = new double[points];
        var loss = new double[points];
        for (int k = 0; k < points; k++)
        {
            sweptWeights[k] = centre - SweepHalfWidth + 2 * SweepHalfWidth * k / (points - 1);
        }

        var sweptOutputs = new double[points * outputs.Length];
        graph.Batch([swept], outputs).Forward(sweptWeights, sweptOutputs);
        for (int k = 0; k < points; k++)
        {
            ReadOnlySpan<double> point = sweptOutputs.AsSpan(k * outputs.Length, outputs.Length);
            loss[k] = point[0];
            accuracy[k] = AccuracyOf(point);
        }

        return new Measurements(results, new SweepResult(swept.Label ?? "parameter 0", sweptWeights, accuracy, loss));
    }

    /// <param name="sweep">The swept weight's accuracies and losses.</param>
    /// <param name="trained">The value training gave that weight: the middle of the sweep, marked.</param>
    private static Plot SweepFigure(SweepResult sweep, double trained)
    {
        var plot = new Plot();
        Figures.Line(plot, sweep.Weights, sweep.Loss, "loss (mean binary cross-entropy)");
        var accuracy = Figures.Line(plot, sweep.Weights, sweep.Accuracy, "accuracy (right axis)");
        accuracy.Axes.YAxis = plot.Axes.Right;
        var mark = plot.Add.VerticalLine(trained, 1.5f, Colors.Gray, LinePattern.Dashed);
        mark.LegendText = string.Create(CultureInfo.InvariantCulture, $"trained value {trained:F3}");
        plot.Axes.Right.Label.Text = "accuracy (share of points classified right)";
        plot.Title($"Sweeping {sweep.Label}: accuracy jumps, the loss is smooth");
        plot.XLabel($"value of {sweep.Label}");
        plot.YLabel("loss (binary cross-entropy)");
        FigureKit.ReadableAt(plot, 900);
        plot.ShowLegend();
        return plot;
    }

    private static Multiplot StepVersusSigmoid()
    {
        double[] xs = Enumerable.Range(0, 601).Select(i => -6 + 12.0 * i / 600).ToArray();
        var functions = new Plot();
        Figures.Line(functions, xs, xs.Select(x => x > 0 ? 1.0 : 0.0).ToArray(), "step (accuracy)");
        Figures.Line(functions, xs, xs.Select(Sigmoid).ToArray(), "sigmoid σ");
        functions.Title("Step vs sigmoid");
        functions.XLabel("score z");
        functions.YLabel("f(z)");
        var derivatives = new Plot();
        Figures.Line(derivatives, xs, xs.Select(_ => 0.0).ToArray(), "step′ = 0 (z ≠ 0)");
        Figures.Line(derivatives, xs, xs.Select(x => Sigmoid(x) * (1 - Sigmoid(x))).ToArray(), "σ′ = σ(1 − σ)");
        derivatives.Title("Their derivatives: 0 vs smooth");
        derivatives.XLabel("score z");
        derivatives.YLabel("f′(z)");
        foreach (Plot plot in new[] { functions, derivatives })
        {
            FigureKit.ReadableAt(plot, 900);
            plot.ShowLegend();
        }

        return Figures.Grid([functions, derivatives], 1, 2);
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>One weight: its value and the central differences of accuracy and loss with respect to it.</summary>
    public sealed record ParameterResult(string Label, double Value, double AccuracyDerivative, double LossDerivative);

    /// <summary>Accuracy and loss as one weight sweeps around its trained value.</summary>
    public sealed record SweepResult(string Label, IReadOnlyList<double> Weights, IReadOnlyList<double> Accuracy, IReadOnlyList<double> Loss)
    {
        /// <summary>How many different accuracies the sweep saw (few: a staircase).</summary>
        public int DistinctAccuracies => Accuracy.Distinct().Count();

        /// <summary>How many different losses the sweep saw (one per point: a curve).</summary>
        public int DistinctLosses => Loss.Distinct().Count();
    }

    /// <summary>Every weight's derivatives, and the sweep.</summary>
    public sealed record Measurements(IReadOnlyList<ParameterResult> Parameters, SweepResult Sweep)
    {
        /// <summary>The share of weights whose accuracy derivative is exactly 0.</summary>
        public double ZeroAccuracyShare => (double)Parameters.Count(p => p.AccuracyDerivative == 0) / Parameters.Count;

        /// <summary>The share of weights whose loss derivative is exactly 0.</summary>
        public double ZeroLossShare => (double)Parameters.Count(p => p.LossDerivative == 0) / Parameters.Count;
    }
}
