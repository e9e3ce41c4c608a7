using System.Globalization;
using AutoGrad.Compilation;
using AutoGrad.Data;
using AutoGrad.Nn;
using AutoGrad.Optim;
using AutoGrad.Training;
using ScottPlot;

namespace AutoGrad.Cli.Experiments;

/// <summary>
/// Two claims of the notes about the classification loss, on the digits. The same network from the
/// same weights on the same batches, trained with the sum of squares error ½Σ(yₖ − tₖ)² of the softmax
/// outputs against one-hot targets, and with softmax cross-entropy: loss and accuracy against step.
/// And, for the cross-entropy run, the entropy of the predicted distribution, −Σ yₖ log yₖ, falling
/// as the cross-entropy falls: minimising it makes the network certain.
/// </summary>
internal sealed class CrossEntropyExperiment : IExperiment
{
    /// <summary>The hidden layer of the network (64 pixels in, 10 digits out).</summary>
    public const int Hidden = 32;

    /// <summary>SGD's rate, the same for both losses.</summary>
    public const double LearningRate = 0.5;

    /// <summary>Examples per step, drawn with replacement.</summary>
    public const int BatchSize = 32;

    /// <summary>The two losses, in the order drawn.</summary>
    public static IReadOnlyList<string> Losses { get; } = ["sse", "cross-entropy"];

    public string Name => "cross-entropy";

    public string Claim =>
        "The sum of squares error is rarely used for classification: from the same start, softmax cross-entropy trains a digits network faster and further; " +
        "and minimising cross-entropy minimises the uncertainty of the prediction: the entropy of the predicted distribution falls with it.";

    public ExperimentResult Run(ExperimentOptions options, IProgress<ExperimentStatus> progress) => Present(Measure(options, progress));

    /// <summary>The figures, the numbers and the one-line result of a measurement.</summary>
    public static ExperimentResult Present(Measurements measured)
    {
        var steps = new CsvTable("loss", "step", "batch_loss", "batch_accuracy");
        var evaluations = new CsvTable("loss", "step", "test_accuracy", "test_cross_entropy", "test_entropy");
        foreach (LossRun run in measured.Runs)
        {
            for (int t = 0; t < run.BatchLoss.Count; t++)
            {
                steps.Add(run.Loss, t + 1, run.BatchLoss[t], run.BatchAccuracy[t]);
            }

            foreach (Evaluation e in run.Evaluations)
            {
                evaluations.Add(run.Loss, e.Step, e.TestAccuracy, e.TestCrossEntropy, e.TestEntropy);
            }
        }

        LossRun sse = measured.Of("sse");
        LossRun ce = measured.Of("cross-entropy");
        return new ExperimentResult(
            string.Create(CultureInfo.InvariantCulture, $"cross-entropy: test accuracy after {sse.BatchLoss.Count} steps, SSE {sse.Evaluations[^1].TestAccuracy:P1} vs cross-entropy {ce.Evaluations[^1].TestAccuracy:P1}; ") +
            string.Create(CultureInfo.InvariantCulture, $"steps to 90 % test accuracy: SSE {Describe(sse.StepsTo(0.9))}, cross-entropy {Describe(ce.StepsTo(0.9))}; ") +
            string.Create(CultureInfo.InvariantCulture, $"with cross-entropy the test cross-entropy falls {ce.Evaluations[0].TestCrossEntropy:F3} → {ce.Evaluations[^1].TestCrossEntropy:F3} and the predictions' entropy {ce.Evaluations[0].TestEntropy:F3} → {ce.Evaluations[^1].TestEntropy:F3} (correlation {measured.EntropyCorrelation:F3})."),
            [
                ExperimentFile.Png("sse-vs-cross-entropy.png", LossFigure(measured), 1200, 450),
                ExperimentFile.Png("entropy.png", EntropyFigure(ce), 800, 450),
                steps.ToFile("steps.csv"),
                evaluations.ToFile("evaluations.csv"),
            ]);
    }

    /// <summary>Measures the claims at the size and seed of <paramref name="options"/>.</summary>
    public static Measurements Measure(ExperimentOptions options, IProgress<ExperimentStatus> progress)
    {
        DatasetSplit split = DatasetSplit.Create(Datasets.Digits(), 0.8, 0.1, 0.1, options.Seed);
        Standardizer standardizer = Standardizer.Fit(split.Train);
        Dataset train = standardizer.Transform(split.Train);
        Dataset test = standardizer.Transform(split.Test);
        int steps = options.Size(600, 150);
        int every = options.Size(20, 10);
        var runs = new List<LossRun>();
        foreach (string loss in Losses)
        {
            progress.Report(new ExperimentStatus($"training with {loss}", (double)runs.Count / Losses.Count));
            runs.Add(Train(train, test, loss, steps, every, options.Seed));
        }

        return new Measurements(runs);
    }

    /// <summary>
    /// Trains MLP(64, [32, 10]) (ReLU, He weights) with SGD on sampled batches through the one training
    /// loop (<see cref="TrainingLoop"/>), the loss plugged in as its forward pass; every
    /// <paramref name="every"/> steps the test set is evaluated.
    /// </summary>
    private static LossRun Train(Dataset train, Dataset test, string loss, int steps, int every, int seed)
    {
        // The same seed for both losses: the same initial weights and the same batches.
        var model = new Mlp(train.FeatureCount, [Hidden, train.ClassCount], new MlpOptions { Initialization = Initialization.He, Seed = seed });
        var optimizer = new Sgd(model.Parameters, LearningRate);
        BatchSource batches = BatchSource.Sampled(train.Count, BatchSize, seed + 1);
        var evaluations = new List<Evaluation> { Evaluate(model, test, 0) };
        IReadOnlyList<StepResult> history = TrainingLoop.Run(
            steps,
            step =>
            {
                int[] examples = batches.Next();
                Value[][] logits = examples.Select(e => model.Forward(train.Features[e])).ToArray();
                double batchLoss = TrainingLoop.Step(optimizer, () => Value.Sum(examples.Select((e, b) => ExampleLoss(loss, logits[b], train.Labels[e]))) * (1.0 / examples.Length));
                double correct = examples.Where((e, b) => Functions.Argmax(logits[b]) == train.Labels[e]).Count();
                return new StepResult(step, batchLoss, correct / examples.Length, LearningRate);
            },
            new TrainingHooks { EvaluateEvery = every, Evaluate = done => evaluations.Add(Evaluate(model, test, done)) });
        return new LossRun(loss, [.. history.Select(s => s.Loss)], [.. history.Select(s => s.Accuracy)], evaluations);
    }

    private static Value ExampleLoss(string loss, Value[] logits, int label) => loss switch
    {
        "sse" => AutoGrad.Nn.Losses.SumSquaredError(Functions.Softmax(logits), Functions.OneHot(label, logits.Length)),
        "cross-entropy" => AutoGrad.Nn.Losses.SoftmaxCrossEntropy(logits, label),
        _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, "Not a loss of this experiment."),
    };

    /// <summary>Accuracy, mean cross-entropy −log yₜ and mean entropy −Σ yₖ log yₖ of the softmax outputs over the test set.</summary>
    private static Evaluation Evaluate(Mlp model, Dataset test, int step)
    {
        // The network recorded at its weights of this step; every test example's logits in one call of the batched replay.
        Value[] inputs = [.. Enumerable.Range(0, model.InputCount).Select(_ => new Value(0))];
        Value[] outputs = model.Forward(inputs);
        var all = new double[test.Count * outputs.Length];
        CompiledGraph.Compile(Value.Sum(outputs)).Batch(inputs, outputs).Forward([.. test.Features.SelectMany(features => features)], all);
        double correct = 0, crossEntropy = 0, entropy = 0;
        for (int i = 0; i < test.Count; i++)
        {
            double[] logits = all[(i * outputs.Length)..((i + 1) * outputs.Length)];
            double max = logits.Max();
            double logSum = max + Math.Log(logits.Sum(z => Math.Exp(z - max))); // stable log Σ e^z
            double[] logP = logits.Select(z => z - logSum).ToArray();
            correct += Array.IndexOf(logits, max) == test.Labels[i] ? 1 : 0;
            crossEntropy -= logP[test.Labels[i]];
            entropy -= logP.Sum(lp => Math.Exp(lp) * lp);
        }

        return new Evaluation(step, correct / test.Count, crossEntropy / test.Count, entropy / test.Count);
    }

    private static string Describe(int? steps) => steps is { } s ? s.ToString(CultureInfo.InvariantCulture) : "not within the run";

    private static Multiplot LossFigure(Measurements measured)
    {
        var accuracy = new Plot();
        var losses = new Plot();
        foreach ((LossRun run, Color color) in measured.Runs.Zip([Colors.DarkOrange, Colors.SteelBlue]))
        {
            string label = run.Loss == "sse" ? "sum of squares ½Σ(y − t)²" : "softmax cross-entropy";
            Figures.Line(accuracy, run.Evaluations.Select(e => (double)e.Step).ToArray(), run.Evaluations.Select(e => e.TestAccuracy).ToArray(), label).Color = color;
            Figures.Line(losses, Enumerable.Range(1, run.BatchLoss.Count).Select(t => (double)t).ToArray(), run.BatchLoss, label, 1).Color = color;
        }

        accuracy.Title("Test accuracy");
        accuracy.XLabel("step");
        accuracy.YLabel("accuracy");
        accuracy.Axes.SetLimitsY(0, 1.02);
        accuracy.ShowLegend(Alignment.LowerRight);
        losses.Title("Batch loss (each its own)");
        losses.XLabel("step");
        losses.YLabel("loss");
        losses.ShowLegend(Alignment.UpperRight);
        return Figures.Grid([accuracy, losses], 1, 2);
    }

    private static Plot EntropyFigure(LossRun run)
    {
        var plot = new Plot();
        double[] steps = run.Evaluations.Select(e => (double)e.Step).ToArray();
        Figures.Line(plot, steps, run.Evaluations.Select(e => e.TestCrossEntropy).ToArray(), "cross-entropy −log yₜ").Color = Colors.SteelBlue;
        Figures.Line(plot, steps, run.Evaluations.Select(e => e.TestEntropy).ToArray(), "entropy of the prediction −Σ yₖ log yₖ").Color = Colors.DarkRed;
        plot.Title("Training with cross-entropy: both fall (test set means)");
        plot.XLabel("step");
        plot.YLabel("nats");
        plot.Axes.SetLimitsY(0, Math.Max(run.Evaluations.Max(e => e.TestCrossEntropy), run.Evaluations.Max(e => e.TestEntropy)) * 1.05);
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>The test set's accuracy, mean cross-entropy and mean prediction entropy after <paramref name="Step"/> steps.</summary>
    public sealed record Evaluation(int Step, double TestAccuracy, double TestCrossEntropy, double TestEntropy);

    /// <summary>One loss's run: its batch loss and accuracy per step, and the evaluations.</summary>
    public sealed record LossRun(string Loss, IReadOnlyList<double> BatchLoss, IReadOnlyList<double> BatchAccuracy, IReadOnlyList<Evaluation> Evaluations)
    {
        /// <summary>The first evaluated step at which the test accuracy reached <paramref name="accuracy"/>, or null.</summary>
        public int? StepsTo(double accuracy) => Evaluations.FirstOrDefault(e => e.TestAccuracy >= accuracy)?.Step;
    }

    /// <summary>Both runs.</summary>
    public sealed record Measurements(IReadOnlyList<LossRun> Runs)
    {
        /// <summary>The run with the loss named "sse" or "cross-entropy".</summary>
        public LossRun Of(string loss) => Runs.Single(r => r.Loss == loss);

        /// <summary>Pearson's correlation of the cross-entropy run's test cross-entropy and prediction entropy over its evaluations.</summary>
        public double EntropyCorrelation
        {
            get
            {
                IReadOnlyList<Evaluation> e = Of("cross-entropy").Evaluations;
                double mx = e.Average(x => x.TestCrossEntropy), my = e.Average(x => x.TestEntropy);
                double sxy = e.Sum(x => (x.TestCrossEntropy - mx) * (x.TestEntropy - my));
                double sxx = e.Sum(x => (x.TestCrossEntropy - mx) * (x.TestCrossEntropy - mx));
                double syy = e.Sum(x => (x.TestEntropy - my) * (x.TestEntropy - my));
                return sxy / Math.Sqrt(sxx * syy);
            }
        }
    }
}
