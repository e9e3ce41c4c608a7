using System.Globalization;
using AutoGrad.Data;
using AutoGrad.Nn;
using AutoGrad.Plots;
using AutoGrad.Training;
using ScottPlot;

namespace AutoGrad.Cli.Experiments;

/// <summary>
/// The same digits network trained with and without batch normalisation (Affine → BatchNorm → tanh)
/// from initial weights scaled over a range, both from the very same weights at each scale.
/// </summary>
internal sealed class BatchNormExperiment : IExperiment
{
    /// <summary>The hidden layers of the network (64 pixels in, 10 digits out).</summary>
    public static IReadOnlyList<int> HiddenLayers { get; } = [16, 16];

    /// <summary>SGD's rate, the same for both networks at every scale.</summary>
    public const double LearningRate = 0.1;

    /// <summary>Examples per step.</summary>
    public const int BatchSize = 32;

    /// <summary>The share of the last steps whose mean batch loss is the run's final loss (one batch alone is noisy).</summary>
    public const double FinalShare = 0.1;

    public string Name => "batchnorm";

    public string Claim =>
        "With batch normalisation (Affine → BatchNorm → activation) a network learns faster and depends little on the scale of its initial weights.";

    public ExperimentResult Run(ExperimentOptions options, IProgress<ExperimentStatus> progress) => Present(Measure(options, progress));

    /// <summary>The figures, the numbers and the one-line result of a measurement.</summary>
    public static ExperimentResult Present(Measurements measured)
    {
        var curves = new CsvTable("scale", "batchnorm", "step", "loss");
        var finals = new CsvTable("scale", "batchnorm", "final_loss");
        foreach (RunResult run in measured.Runs)
        {
            for (int t = 0; t < run.Loss.Count; t++)
            {
                curves.Add(run.Scale, run.BatchNorm, t + 1, run.Loss[t]);
            }

            finals.Add(run.Scale, run.BatchNorm, run.FinalLoss);
        }

        return new ExperimentResult(
            "batchnorm: final loss (mean of the last steps) by initial scale, with vs without batch norm: " +
            string.Join(", ", measured.Scales.Select(s => string.Create(CultureInfo.InvariantCulture, $"×{s:G3} {measured.Of(s, true).FinalLoss:F3} vs {measured.Of(s, false).FinalLoss:F3}"))) +
            string.Create(CultureInfo.InvariantCulture, $"; spread over the scales (largest − smallest) {measured.Spread(true):F3} with, {measured.Spread(false):F3} without; ") +
            string.Create(CultureInfo.InvariantCulture, $"batch norm lower at {measured.Scales.Count(s => measured.Of(s, true).FinalLoss < measured.Of(s, false).FinalLoss)} of {measured.Scales.Count} scales."),
            [
                ExperimentFile.Png("loss-grid.png", LossGrid(measured), 1200, 700),
                curves.ToFile("loss.csv"),
                finals.ToFile("final-loss.csv"),
            ]);
    }

    /// <summary>Measures the claim at the size and seed of <paramref name="options"/>.</summary>
    public static Measurements Measure(ExperimentOptions options, IProgress<ExperimentStatus> progress)
    {
        double[] scales = options.Quick ? [0.1, 1, 10] : [0.03, 0.1, 0.3, 1, 3, 10];
        int steps = options.Size(300, 80);
        Dataset train = DatasetSplit.Create(Datasets.Digits(), 0.8, 0.1, 0.1, options.Seed).Train;
        train = Standardizer.Fit(train).Transform(train);
        var runs = new List<RunResult>();
        foreach (double scale in scales)
        {
            foreach (bool batchNorm in new[] { false, true })
            {
                progress.Report(new ExperimentStatus($"initial scale ×{scale.ToString("G3", CultureInfo.InvariantCulture)}, {(batchNorm ? "with" : "without")} batch norm", (double)runs.Count / (2 * scales.Length)));
                runs.Add(Train(train, scale, batchNorm, steps, options.Seed));
            }
        }

        return new Measurements(scales, runs);
    }

    /// <summary>
    /// Trains one network with SGD on mini-batches (<see cref="Trainer.Run"/>): batch norm reads the
    /// statistics of each batch, so the trainer builds the graph afresh at every step.
    /// </summary>
    private static RunResult Train(Dataset train, double scale, bool batchNorm, int steps, int seed)
    {
        // The same seed at every scale and for both networks: the very same weights, times the scale.
        var trainer = new Trainer(train, new TrainingOptions
        {
            HiddenLayers = HiddenLayers,
            Activation = Activation.Tanh,
            Initialization = Initialization.Xavier,
            BatchNorm = batchNorm,
            Loss = LossKind.SoftmaxCrossEntropy,
            Optimizer = OptimizerKind.Sgd,
            LearningRate = LearningRate,
            DecayLearningRate = false,
            L2 = 0,
            BatchSize = BatchSize,
            Steps = steps,
            Seed = seed,
        });
        foreach (Value parameter in trainer.Model.Layers.SelectMany(l => l.Parameters))
        {
            parameter.Data *= scale; // biases start at 0 and stay 0; batch norm's γ and β are not weights
        }

        return new RunResult(scale, batchNorm, [.. trainer.Run().Select(step => step.Loss)]);
    }

    /// <summary>
    /// A panel per initial scale, the two networks' batch loss on one log axis shared by every panel,
    /// high enough for the highest loss of any run (a diverging start included) and low enough for the lowest.
    /// </summary>
    private static Multiplot LossGrid(Measurements measured)
    {
        double top = Math.Log10(measured.Runs.Max(r => r.Loss.Max()));
        double bottom = Math.Log10(measured.Runs.Min(r => r.Loss.Min()));
        double pad = 0.05 * (top - bottom);
        var panels = new List<Plot>();
        foreach (double scale in measured.Scales)
        {
            var plot = new Plot();
            foreach (bool batchNorm in new[] { false, true })
            {
                RunResult run = measured.Of(scale, batchNorm);
                var line = Figures.Line(plot, Enumerable.Range(1, run.Loss.Count).Select(t => (double)t).ToArray(), FigureKit.Log10(run.Loss), batchNorm ? "with batch norm" : "without", 1.5f);
                line.Color = batchNorm ? Colors.DarkOrange : Colors.SteelBlue;
            }

            plot.Axes.SetLimitsY(bottom - pad, top + pad);
            FigureKit.Log10Ticks(plot.Axes.Left, [bottom, top]);
            plot.Title(string.Create(CultureInfo.InvariantCulture, $"×{scale:G3} Xavier weights: with vs without"));
            plot.XLabel("step");
            plot.YLabel("batch loss (cross-entropy)");
            FigureKit.ReadableAt(plot, 900);
            plot.ShowLegend();
            panels.Add(plot);
        }

        int columns = (panels.Count + 1) / 2;
        return Figures.Grid(panels, 2, columns);
    }

    /// <summary>One network trained from one initial scale, with or without batch norm: its batch loss per step.</summary>
    public sealed record RunResult(double Scale, bool BatchNorm, IReadOnlyList<double> Loss)
    {
        /// <summary>The mean batch loss over the last <see cref="FinalShare"/> of the steps.</summary>
        public double FinalLoss => Loss.Skip(Loss.Count - Math.Max(1, (int)(Loss.Count * FinalShare))).Average();
    }

    /// <summary>Every run: each scale with and without batch norm.</summary>
    public sealed record Measurements(IReadOnlyList<double> Scales, IReadOnlyList<RunResult> Runs)
    {
        /// <summary>The run at one scale, with or without batch norm.</summary>
        public RunResult Of(double scale, bool batchNorm) => Runs.Single(r => r.Scale == scale && r.BatchNorm == batchNorm);

        /// <summary>The largest final loss over the scales less the smallest: how much the initial scale matters.</summary>
        public double Spread(bool batchNorm)
        {
            double[] finals = Scales.Select(s => Of(s, batchNorm).FinalLoss).ToArray();
            return finals.Max() - finals.Min();
        }
    }
}
