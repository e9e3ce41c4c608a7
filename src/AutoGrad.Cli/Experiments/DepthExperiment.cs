using System.Globalization;
using AutoGrad.Data;
using AutoGrad.Nn;
using AutoGrad.Plots;
using AutoGrad.Training;
using ScottPlot;

namespace AutoGrad.Cli.Experiments;

/// <summary>
/// Depth against width at the same parameter budget: a deep narrow network (4 hidden layers) and a
/// shallow wide one (1 hidden layer), each sized to a budget, trained alike on spirals.
/// </summary>
internal sealed class DepthExperiment : IExperiment
{
    /// <summary>Hidden layers of the deep networks.</summary>
    public const int DeepLayers = 4;

    /// <summary>The held-out accuracy a network must reach to count as having learnt the spirals.</summary>
    public const double Learnt = 0.98;

    public string Name => "depth";

    public string Claim =>
        "With the same parameter budget a deep narrow network classifies spirals better than a shallow wide one (depth needs far fewer neurons), though it is not easier to optimise.";

    public ExperimentResult Run(ExperimentOptions options, IProgress<ExperimentStatus> progress) => Present(Measure(options, progress));

    /// <summary>The figures, the numbers and the one-line result of a measurement.</summary>
    public static ExperimentResult Present(Measurements measured)
    {
        var table = new CsvTable("shape", "hidden_layers", "width", "parameters", "hidden_units", "train_accuracy", "test_accuracy", "final_loss");
        foreach (NetworkResult n in measured.Networks)
        {
            table.Add(n.Deep ? "deep" : "shallow", string.Join(" ", n.HiddenLayers), n.HiddenLayers[0], n.Parameters, n.HiddenLayers.Sum(), n.TrainAccuracy, n.TestAccuracy, n.Loss[^1]);
        }

        var curves = new CsvTable("shape", "parameters", "step", "loss");
        foreach (NetworkResult n in measured.Networks)
        {
            for (int t = 0; t < n.Loss.Count; t++)
            {
                curves.Add(n.Deep ? "deep" : "shallow", n.Parameters, t + 1, n.Loss[t]);
            }
        }

        return new ExperimentResult(
            $"depth: accuracy on held-out spirals, deep vs shallow at the same budget: " +
            string.Join(", ", measured.Budgets.Select(b => string.Create(CultureInfo.InvariantCulture, $"~{b} parameters {measured.Of(b, true).TestAccuracy:P1} vs {measured.Of(b, false).TestAccuracy:P1}"))) +
            $"; the smallest to reach {Learnt.ToString("P0", CultureInfo.InvariantCulture)}: deep {Describe(measured.SmallestLearnt(true))}, shallow {Describe(measured.SmallestLearnt(false))}.",
            [
                ExperimentFile.Png("accuracy.png", AccuracyFigure(measured), 900, 560),
                ExperimentFile.Png("loss.png", LossFigure(measured), 1000, 620),
                table.ToFile("networks.csv"),
                curves.ToFile("loss.csv"),
            ]);
    }

    /// <summary>Measures the claim at the size and seed of <paramref name="options"/>.</summary>
    public static Measurements Measure(ExperimentOptions options, IProgress<ExperimentStatus> progress)
    {
        int[] budgets = options.Quick ? [60, 120] : [30, 60, 120, 240, 480];
        Dataset train = Datasets.Spirals(options.Size(100, 30), 3, 0.2, options.Seed);
        Dataset test = Datasets.Spirals(options.Size(100, 30), 3, 0.2, options.Seed + 1000);
        int steps = options.Size(500, 150);
        var networks = new List<NetworkResult>();
        int total = 2 * budgets.Length;
        foreach (int budget in budgets)
        {
            foreach (bool deep in new[] { true, false })
            {
                int layers = deep ? DeepLayers : 1;
                int width = WidthFor(budget, layers, train.FeatureCount, train.ClassCount);
                int[] hidden = Enumerable.Repeat(width, layers).ToArray();
                progress.Report(new ExperimentStatus($"{(deep ? "deep" : "shallow")} {string.Join("-", hidden)}, ~{budget} parameters", (double)networks.Count / total));
                // Micrograd's uniform(−1, 1), not the default He/Xavier: this lesson is not about initialisation, and its figures were measured from these weights.
                var trainer = new Trainer(train, new TrainingOptions { Initialization = Initialization.Uniform, HiddenLayers = hidden, Optimizer = OptimizerKind.Adam, Steps = steps, Seed = options.Seed });
                List<double> loss = [.. trainer.Run().Select(step => step.Loss)];

                networks.Add(new NetworkResult(budget, deep, hidden, trainer.Model.Parameters.Count, trainer.Accuracy(train), trainer.Accuracy(test), loss));
            }
        }

        return new Measurements(budgets, networks);
    }

    private static string Describe(NetworkResult? network) =>
        network is null ? "none" : $"{string.Join("-", network.HiddenLayers)} ({network.HiddenLayers.Sum()} hidden units, {network.Parameters} parameters)";

    /// <summary>The width whose network (inputs → <paramref name="layers"/> × width → classes) has the parameter count nearest <paramref name="budget"/>.</summary>
    public static int WidthFor(int budget, int layers, int inputs, int classes) =>
        Enumerable.Range(1, 200).MinBy(w => Math.Abs(ParameterCount(Enumerable.Repeat(w, layers).ToArray(), inputs, classes) - budget));

    /// <summary>Weights and biases of a fully connected network.</summary>
    public static int ParameterCount(IReadOnlyList<int> hidden, int inputs, int classes)
    {
        int[] sizes = [inputs, .. hidden, classes];
        int count = 0;
        for (int i = 1; i < sizes.Length; i++)
        {
            count += (sizes[i - 1] + 1) * sizes[i];
        }

        return count;
    }

    private static Plot AccuracyFigure(Measurements measured)
    {
        var plot = new Plot();
        foreach (bool deep in new[] { true, false })
        {
            NetworkResult[] row = measured.Networks.Where(n => n.Deep == deep).OrderBy(n => n.Parameters).ToArray();
            string name = deep ? $"deep ({DeepLayers} hidden layers)" : "shallow (1 hidden layer)";
            double[] parameters = row.Select(n => Math.Log10(n.Parameters)).ToArray();
            var test = plot.Add.Scatter(parameters, row.Select(n => n.TestAccuracy).ToArray());
            test.LegendText = $"{name}, held-out";
            test.LineWidth = 2;
            test.MarkerSize = 8;
            test.Color = deep ? Colors.SteelBlue : Colors.DarkOrange;
            var trainLine = plot.Add.Scatter(parameters, row.Select(n => n.TrainAccuracy).ToArray());
            trainLine.LegendText = $"{name}, training";
            trainLine.LinePattern = LinePattern.Dotted;
            trainLine.Color = test.Color;
            trainLine.MarkerSize = 5;
        }

        plot.Axes.SetLimitsY(0, 1.02);
        FigureKit.Log10Ticks(plot.Axes.Bottom, measured.Networks.Select(n => Math.Log10(n.Parameters)));
        plot.Title("Spirals: accuracy against parameters, deep narrow vs shallow wide");
        plot.XLabel("parameters (weights and biases, log scale)");
        plot.YLabel("accuracy (share right)");
        FigureKit.ReadableAt(plot, 900);
        plot.ShowLegend();
        return plot;
    }

    /// <summary>
    /// Every network's loss: deep ones in blues, shallow ones in oranges (darker for a larger budget),
    /// so two networks of one budget never share a colour; solid deep, dashed shallow as well.
    /// </summary>
    private static Plot LossFigure(Measurements measured)
    {
        var plot = new Plot();
        int budgets = measured.Budgets.Count;
        foreach (NetworkResult n in measured.Networks)
        {
            var line = Figures.Line(plot, Enumerable.Range(1, n.Loss.Count).Select(t => (double)t).ToArray(), FigureKit.Log10(n.Loss), $"{(n.Deep ? "deep" : "shallow")} {string.Join("-", n.HiddenLayers)} ({n.Parameters} parameters)", 1.5f);
            double depthOfShade = budgets == 1 ? 1 : 0.35 + 0.65 * measured.Budgets.ToList().IndexOf(n.Budget) / (budgets - 1);
            line.Color = n.Deep
                ? new ScottPlot.Colormaps.Blues().GetColor(1 - depthOfShade) // Blues runs from dark to pale
                : new ScottPlot.Colormaps.Amp().GetColor(depthOfShade); // Amp runs from pale to dark red
            line.LinePattern = n.Deep ? LinePattern.Solid : LinePattern.Dashed;
        }

        plot.Title("Spirals: training loss of deep and shallow networks of five budgets, Adam");
        plot.XLabel("step (full batch)");
        plot.YLabel("loss (softmax cross-entropy, log scale)");
        FigureKit.Log10Ticks(plot.Axes.Left, measured.Networks.SelectMany(n => FigureKit.Log10(n.Loss)));
        FigureKit.ReadableAt(plot, 900);
        plot.ShowLegend();
        return plot;
    }

    /// <summary>One network: its budget and shape, parameters, accuracies, and loss per step.</summary>
    public sealed record NetworkResult(int Budget, bool Deep, int[] HiddenLayers, int Parameters, double TrainAccuracy, double TestAccuracy, IReadOnlyList<double> Loss);

    /// <summary>Every network, deep and shallow, at every budget.</summary>
    public sealed record Measurements(IReadOnlyList<int> Budgets, IReadOnlyList<NetworkResult> Networks)
    {
        /// <summary>The deep or the shallow network of a budget.</summary>
        public NetworkResult Of(int budget, bool deep) => Networks.Single(n => n.Budget == budget && n.Deep == deep);

        /// <summary>The smallest deep or shallow network whose held-out accuracy reaches <see cref="Learnt"/>, or null.</summary>
        public NetworkResult? SmallestLearnt(bool deep) =>
            Networks.Where(n => n.Deep == deep && n.TestAccuracy >= Learnt).MinBy(n => n.Parameters);
    }
}
