using System.Globalization;
using AutoGrad.Data;
using AutoGrad.Nn;
using AutoGrad.Optim;
using ScottPlot;

namespace AutoGrad.Cli.Experiments;

/// <summary>
/// The notes' "sigmoid's output is not centred on 0, so learning can be slow; tanh moves the centre to
/// 0": the same digits network from the same initial weights with sigmoid, with the centred sigmoid
/// σ(x) − ½ (centred, with sigmoid's slope of ¼ at 0), with 2σ(2x) = tanh(x) + 1 (tanh's slope of 1,
/// centred on 1) and with tanh (centred, slope 1), loss against step: the two middle arms separate the
/// centring from the slope, since tanh(x) = 2σ(2x) − 1 is sigmoid both centred and four times steeper.
/// </summary>
internal sealed class ZeroCentringExperiment : IExperiment
{
    /// <summary>The hidden layers of the network 64 → hidden → 10.</summary>
    public static IReadOnlyList<int> Hidden { get; } = [32, 32];

    /// <summary>The SGD learning rate, the same for every arm.</summary>
    public const double LearningRate = 0.1;

    /// <summary>Images per mini-batch at the default size (half that at the quick size).</summary>
    public const int BatchSize = 32;

    /// <summary>The hidden activations compared, by name.</summary>
    public static IReadOnlyList<(string Name, Func<Value, Value> Apply)> Activations { get; } =
    [
        ("sigmoid", x => x.Sigmoid()),
        ("sigmoid - 0.5", x => x.Sigmoid() - 0.5),
        ("2 sigmoid(2x)", x => 2 * (2 * x).Sigmoid()),
        ("tanh", x => x.Tanh()),
    ];

    public string Name => "zero-centring";

    public string Claim =>
        "From the same initial weights, a hidden activation centred on 0 (tanh) trains a network faster than sigmoid, whose outputs are centred on ½.";

    public ExperimentResult Run(ExperimentOptions options, IProgress<ExperimentStatus> progress) => Present(Measure(options, progress));

    /// <summary>The figures, the numbers and the one-line result of a measurement.</summary>
    public static ExperimentResult Present(Measurements measured)
    {
        var loss = new CsvTable("activation", "step", "loss", "mean_hidden_output", "one_signed_share");
        var summary = new CsvTable("activation", "final_loss", "mean_hidden_output", "one_signed_share");
        foreach (Arm arm in measured.Arms)
        {
            for (int s = 0; s < arm.Loss.Count; s++)
            {
                loss.Add(arm.Name, s + 1, arm.Loss[s], arm.MeanHiddenOutput[s], arm.OneSignedShare[s]);
            }

            summary.Add(arm.Name, arm.FinalLoss, arm.MeanHiddenOutput.Average(), arm.OneSignedShare.Average());
        }

        return new ExperimentResult(
            "zero-centring: final loss " + string.Join(", ", measured.Arms.Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Name} {a.FinalLoss:F3}"))) +
            "; mean hidden output " + string.Join(", ", measured.Arms.Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Name} {Tidy(a.MeanHiddenOutput.Average()):F2}"))) +
            "; units whose weight gradients share one sign " + string.Join(", ", measured.Arms.Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Name} {a.OneSignedShare.Average():P0}"))) + ".",
            [
                ExperimentFile.Png("loss.png", LossFigure(measured)),
                loss.ToFile("loss.csv"),
                summary.ToFile("final.csv"),
            ]);
    }

    /// <summary>Measures the claim at the size and seed of <paramref name="options"/>.</summary>
    public static Measurements Measure(ExperimentOptions options, IProgress<ExperimentStatus> progress)
    {
        Dataset digits = Datasets.Digits();
        Dataset data = Standardizer.Fit(digits).Transform(digits);
        int steps = options.Size(400, 120);
        int batchSize = options.Size(BatchSize, BatchSize / 2);

        // One draw of Xavier weights (std 1/√inputs) and one sequence of batches, shared by every arm.
        var random = new Random(options.Seed);
        int[] sizes = [data.FeatureCount, .. Hidden, data.ClassCount];
        double[][][] initial = Enumerable.Range(0, sizes.Length - 1)
            .Select(l => Enumerable.Range(0, sizes[l + 1])
                .Select(_ => Enumerable.Range(0, sizes[l]).Select(_ => Gaussian.Next(random) / Math.Sqrt(sizes[l])).Append(0).ToArray())
                .ToArray())
            .ToArray();
        int[][] batches = Enumerable.Range(0, steps)
            .Select(_ => Enumerable.Range(0, batchSize).Select(_ => random.Next(data.Count)).ToArray())
            .ToArray();

        var arms = new List<Arm>();
        for (int a = 0; a < Activations.Count; a++)
        {
            progress.Report(new ExperimentStatus(Activations[a].Name, (double)a / Activations.Count));
            arms.Add(Train(Activations[a].Name, Activations[a].Apply, initial, data, batches));
        }

        return new Measurements(arms, batchSize);
    }

    private static Arm Train(string name, Func<Value, Value> activation, double[][][] initial, Dataset data, int[][] batches)
    {
        // layers[l][unit] = its weights then its bias
        Value[][][] layers = initial.Select(l => l.Select(u => u.Select(w => new Value(w)).ToArray()).ToArray()).ToArray();
        var optimizer = new Sgd(layers.SelectMany(l => l.SelectMany(u => u)), LearningRate);
        var losses = new List<double>();
        var meanOutputs = new List<double>();
        var oneSigned = new List<double>();
        foreach (int[] batch in batches)
        {
            optimizer.ZeroGrad();
            double outputSum = 0;
            int outputCount = 0;
            var batchLosses = new Value[batch.Length];
            for (int n = 0; n < batch.Length; n++)
            {
                Value[] signal = data.Features[batch[n]].Select(x => new Value(x)).ToArray();
                for (int l = 0; l < layers.Length; l++)
                {
                    bool hidden = l < layers.Length - 1;
                    Value[] input = signal;
                    signal = layers[l].Select(u => Value.Dot(u[..^1], input) + u[^1]).Select(z => hidden ? activation(z) : z).ToArray();
                    if (hidden)
                    {
                        outputSum += signal.Sum(h => h.Data);
                        outputCount += signal.Length;
                    }
                }

                batchLosses[n] = Losses.SoftmaxCrossEntropy(signal, data.Labels[batch[n]]);
            }

            Value loss = Value.Sum(batchLosses) / batch.Length;
            loss.Backward();
            losses.Add(loss.Data);
            meanOutputs.Add(outputSum / outputCount);

            // A unit fed only positive inputs (sigmoid's) sees every incoming weight's gradient with the
            // sign of its own error signal, for each example: the gradients of its weights share one sign
            // and the update can only move them all up or all down together (the zig-zag).
            Value[][] fedByHidden = layers.Skip(1).SelectMany(l => l).ToArray();
            oneSigned.Add(fedByHidden.Count(u => u[..^1].All(w => w.Grad >= 0) || u[..^1].All(w => w.Grad <= 0)) / (double)fedByHidden.Length);
            optimizer.Step();
        }

        int tail = Math.Max(1, losses.Count / 10);
        return new Arm(name, losses, meanOutputs, oneSigned, losses.TakeLast(tail).Average());
    }

    private static Plot LossFigure(Measurements measured)
    {
        var plot = new Plot();
        Color[] colors = [Colors.DarkRed, Colors.DarkOrange, Colors.ForestGreen, Colors.SteelBlue];
        for (int a = 0; a < measured.Arms.Count; a++)
        {
            Arm arm = measured.Arms[a];
            double[] steps = Enumerable.Range(1, arm.Loss.Count).Select(s => (double)s).ToArray();
            var line = Figures.Line(plot, steps, arm.Loss, string.Create(CultureInfo.InvariantCulture, $"{arm.Name} (mean hidden output {Tidy(arm.MeanHiddenOutput.Average()):F2})"), 1.5f);
            line.Color = colors[a % colors.Length];
        }

        plot.Title("digits, 64 → 32 → 32 → 10, same initial weights and batches: batch loss per SGD step");
        plot.XLabel(string.Create(CultureInfo.InvariantCulture, $"SGD step (batches of {measured.BatchSize})"));
        plot.YLabel("softmax cross-entropy");
        plot.Axes.SetLimitsY(0, measured.Arms.Max(a => a.Loss.Max()) * 1.05);
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    // −0.001 would print as "-0.00"
    private static double Tidy(double value) => Math.Abs(value) < 0.005 ? 0 : value;

    /// <summary>One activation's run: batch loss, mean hidden output and the share of one-signed units per step, and the final loss (mean of the last tenth).</summary>
    public sealed record Arm(string Name, IReadOnlyList<double> Loss, IReadOnlyList<double> MeanHiddenOutput, IReadOnlyList<double> OneSignedShare, double FinalLoss);

    /// <summary>The arms, in the order of <see cref="Activations"/>, and the images per batch.</summary>
    public sealed record Measurements(IReadOnlyList<Arm> Arms, int BatchSize)
    {
        /// <summary>The arm of the activation named <paramref name="name"/>.</summary>
        public Arm this[string name] => Arms.Single(a => a.Name == name);
    }
}
