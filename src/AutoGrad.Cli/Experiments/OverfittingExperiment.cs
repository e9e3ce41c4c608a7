using System.Globalization;
using AutoGrad.Data;
using AutoGrad.Nn;
using AutoGrad.Training;
using ScottPlot;

namespace AutoGrad.Cli.Experiments;

/// <summary>
/// A large network on a small share of the digits, trained four ways from the same weights on the
/// same batches: with no regularisation, with weight decay (L2), with dropout and with batch
/// normalisation; train and test accuracy after every epoch.
/// </summary>
internal sealed class OverfittingExperiment : IExperiment
{
    /// <summary>The L2 strength α of the weight-decay run (the loss gains α Σ w²).</summary>
    public const double WeightDecay = 1e-3;

    /// <summary>The chance of dropping each hidden unit in the dropout run.</summary>
    public const double DropoutProbability = 0.3;

    /// <summary>Adam's rate, the same for every run.</summary>
    public const double LearningRate = 0.01;

    /// <summary>Examples per step.</summary>
    public const int BatchSize = 20;

    /// <summary>The share of the last epochs whose mean is a run's final accuracy (one epoch alone is noisy).</summary>
    public const double FinalShare = 0.2;

    /// <summary>The four ways of training, in the order drawn.</summary>
    public static IReadOnlyList<Regularisation> Compared { get; } = [Regularisation.None, Regularisation.WeightDecay, Regularisation.Dropout, Regularisation.BatchNorm];

    public string Name => "overfitting";

    public string Claim =>
        "A large network trained on a small training set fits it far better than new data, and weight decay (L2), dropout or batch normalisation shrinks that gap between train and test accuracy.";

    public ExperimentResult Run(ExperimentOptions options, IProgress<ExperimentStatus> progress) => Present(Measure(options, progress));

    /// <summary>The figures, the numbers and the one-line result of a measurement.</summary>
    public static ExperimentResult Present(Measurements measured)
    {
        var epochs = new CsvTable("regularisation", "epoch", "train_accuracy", "test_accuracy");
        var finals = new CsvTable("regularisation", "final_train_accuracy", "final_test_accuracy", "final_gap", "weight_norm");
        foreach (RunResult run in measured.Runs)
        {
            for (int e = 0; e < run.TrainAccuracy.Count; e++)
            {
                epochs.Add(Word(run.Regularisation), e + 1, run.TrainAccuracy[e], run.TestAccuracy[e]);
            }

            finals.Add(Word(run.Regularisation), run.FinalTrainAccuracy, run.FinalTestAccuracy, run.FinalGap, run.WeightNorm);
        }

        return new ExperimentResult(
            string.Create(CultureInfo.InvariantCulture, $"overfitting: {measured.TrainCount} training images, {measured.Parameters} parameters; train vs test accuracy (mean of the last epochs) and the gap: ") +
            string.Join(", ", measured.Runs.Select(r => string.Create(CultureInfo.InvariantCulture, $"{Word(r.Regularisation)} {r.FinalTrainAccuracy:P1} vs {r.FinalTestAccuracy:P1} (gap {100 * r.FinalGap:F1} points)"))) + ".",
            [
                ExperimentFile.Png("accuracy.png", AccuracyFigure(measured), 1600, 450),
                epochs.ToFile("accuracy.csv"),
                finals.ToFile("gap.csv"),
            ]);
    }

    /// <summary>Measures the claim at the size and seed of <paramref name="options"/>.</summary>
    public static Measurements Measure(ExperimentOptions options, IProgress<ExperimentStatus> progress)
    {
        // A small training share; the validation share is left unused, the test share is what "new data" means.
        DatasetSplit split = DatasetSplit.Create(Datasets.Digits(), options.Quick ? 0.1 : 0.15, options.Quick ? 0.7 : 0.55, options.Quick ? 0.2 : 0.3, options.Seed);
        Standardizer standardizer = Standardizer.Fit(split.Train);
        Dataset train = standardizer.Transform(split.Train);
        Dataset test = standardizer.Transform(split.Test);
        int[] hidden = options.Quick ? [32, 32] : [64, 64];
        int epochs = options.Size(40, 10);
        var runs = new List<RunResult>();
        foreach (Regularisation regularisation in Compared)
        {
            progress.Report(new ExperimentStatus(Word(regularisation), (double)runs.Count / Compared.Count));
            runs.Add(Train(train, test, hidden, regularisation, epochs, options.Seed, (epoch) =>
                progress.Report(new ExperimentStatus($"{Word(regularisation)}, epoch {epoch} of {epochs}", (runs.Count + (double)epoch / epochs) / Compared.Count))));
        }

        return new Measurements(train.Count, test.Count, new Mlp(train.FeatureCount, [.. hidden, train.ClassCount]).Parameters.Count, runs);
    }

    /// <summary>
    /// Trains one network with Adam on shuffled mini-batches, an epoch at a time (<see cref="Trainer.Run"/>
    /// with <see cref="BatchSource.Epochs"/>), measuring train and test accuracy after each epoch.
    /// </summary>
    private static RunResult Train(Dataset train, Dataset test, int[] hidden, Regularisation regularisation, int epochs, int seed, Action<int> epochDone)
    {
        // The same seed for every run: the same initial weights and the same batches.
        var batches = BatchSource.Epochs(train.Count, BatchSize, seed + 1);
        var trainer = new Trainer(
            train,
            new TrainingOptions
            {
                HiddenLayers = hidden,
                Activation = Activation.Relu,
                Initialization = Initialization.He,
                Loss = LossKind.SoftmaxCrossEntropy,
                Optimizer = OptimizerKind.Adam,
                LearningRate = LearningRate,
                DecayLearningRate = false,
                L2 = regularisation == Regularisation.WeightDecay ? WeightDecay : 0,
                Dropout = regularisation == Regularisation.Dropout ? DropoutProbability : 0,
                BatchNorm = regularisation == Regularisation.BatchNorm,
                Steps = epochs * batches.StepsPerEpoch,
                Seed = seed,
            },
            batches);
        var trainAccuracy = new List<double>(epochs);
        var testAccuracy = new List<double>(epochs);
        trainer.Run(new TrainingHooks
        {
            EvaluateEvery = batches.StepsPerEpoch,
            Evaluate = steps =>
            {
                // Measured as the network predicts: no dropout, every unit on, batch norm's running statistics.
                trainAccuracy.Add(trainer.Accuracy(train));
                testAccuracy.Add(trainer.Accuracy(test));
                epochDone(steps / batches.StepsPerEpoch);
            },
        });

        double weightNorm = Math.Sqrt(trainer.Model.Layers.SelectMany(l => l.Parameters).Sum(p => p.Data * p.Data));
        return new RunResult(regularisation, trainAccuracy, testAccuracy, weightNorm);
    }

    private static Multiplot AccuracyFigure(Measurements measured)
    {
        var panels = new List<Plot>();
        foreach (RunResult run in measured.Runs)
        {
            var plot = new Plot();
            double[] epochs = Enumerable.Range(1, run.TrainAccuracy.Count).Select(e => (double)e).ToArray();
            Figures.Line(plot, epochs, run.TrainAccuracy, "train").Color = Colors.SteelBlue;
            Figures.Line(plot, epochs, run.TestAccuracy, "test").Color = Colors.DarkOrange;
            double lowest = measured.Runs.Min(r => Math.Min(r.TrainAccuracy.Min(), r.TestAccuracy.Min()));
            plot.Axes.SetLimitsY(Math.Min(0.5, Math.Floor(lowest * 20) / 20), 1.01); // from 0.5, lower if an epoch was lower: no point cut off
            plot.Title(string.Create(CultureInfo.InvariantCulture, $"{Title(run.Regularisation)}: gap {100 * run.FinalGap:F1} points"));
            plot.XLabel("epoch");
            plot.YLabel("accuracy");
            plot.ShowLegend(Alignment.LowerRight);
            panels.Add(plot);
        }

        return Figures.Grid(panels, 1, panels.Count);
    }

    private static string Word(Regularisation regularisation) => regularisation switch
    {
        Regularisation.WeightDecay => "weight-decay",
        Regularisation.Dropout => "dropout",
        Regularisation.BatchNorm => "batch-norm",
        Regularisation.None => "none",
        _ => throw new ArgumentOutOfRangeException(nameof(regularisation), regularisation, "Not a regularisation of this experiment."),
    };

    private static string Title(Regularisation regularisation) => regularisation switch
    {
        Regularisation.WeightDecay => string.Create(CultureInfo.InvariantCulture, $"weight decay α = {WeightDecay:G3}"),
        Regularisation.Dropout => string.Create(CultureInfo.InvariantCulture, $"dropout p = {DropoutProbability:G3}"),
        Regularisation.BatchNorm => "batch norm",
        Regularisation.None => "no regularisation",
        _ => throw new ArgumentOutOfRangeException(nameof(regularisation), regularisation, "Not a regularisation of this experiment."),
    };

    /// <summary>How a run is regularised.</summary>
    public enum Regularisation
    {
        /// <summary>Not at all.</summary>
        None,

        /// <summary>L2 on every parameter, <see cref="WeightDecay"/>.</summary>
        WeightDecay,

        /// <summary>Dropout after every hidden layer, <see cref="DropoutProbability"/>.</summary>
        Dropout,

        /// <summary>Batch normalisation of every hidden layer (Affine → BatchNorm → ReLU).</summary>
        BatchNorm,
    }

    /// <summary>One way of training: train and test accuracy after every epoch, and the size of the weights at the end (√Σ w²).</summary>
    public sealed record RunResult(Regularisation Regularisation, IReadOnlyList<double> TrainAccuracy, IReadOnlyList<double> TestAccuracy, double WeightNorm)
    {
        /// <summary>The mean train accuracy over the last <see cref="FinalShare"/> of the epochs.</summary>
        public double FinalTrainAccuracy => Last(TrainAccuracy);

        /// <summary>The mean test accuracy over the last <see cref="FinalShare"/> of the epochs.</summary>
        public double FinalTestAccuracy => Last(TestAccuracy);

        /// <summary>Train less test accuracy at the end.</summary>
        public double FinalGap => FinalTrainAccuracy - FinalTestAccuracy;

        private static double Last(IReadOnlyList<double> values) => values.Skip(values.Count - Math.Max(1, (int)(values.Count * FinalShare))).Average();
    }

    /// <summary>The four runs, and the sizes they share.</summary>
    public sealed record Measurements(int TrainCount, int TestCount, int Parameters, IReadOnlyList<RunResult> Runs)
    {
        /// <summary>The run regularised this way.</summary>
        public RunResult Of(Regularisation regularisation) => Runs.Single(r => r.Regularisation == regularisation);
    }
}
