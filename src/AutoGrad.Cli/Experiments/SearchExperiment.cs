using System.Globalization;
using AutoGrad.Data;
using AutoGrad.Nn;
using AutoGrad.Training;
using ScottPlot;

namespace AutoGrad.Cli.Experiments;

/// <summary>
/// Hyperparameter search on the digits with training, validation and test data kept apart: the
/// learning rate and the weight decay searched on log scales, at random and on a grid of the same
/// budget, each trial judged on validation data; the single best is measured on the test data once.
/// </summary>
internal sealed class SearchExperiment : IExperiment
{
    /// <summary>log₁₀ of the learning rates searched (SGD): 10⁻³ to 10.</summary>
    public static (double Low, double High) LogLearningRate { get; } = (-3, 1);

    /// <summary>log₁₀ of the weight decays (L2 strength α) searched: 10⁻⁶ to 10⁻¹.</summary>
    public static (double Low, double High) LogWeightDecay { get; } = (-6, -1);

    /// <summary>How many of the best trials of each search show the range it narrowed to.</summary>
    public const int TopCount = 3;

    /// <summary>Examples per step in every trial.</summary>
    public const int BatchSize = 32;

    public string Name => "search";

    public string Claim =>
        "Random search of the learning rate and weight decay on log scales, judged on validation data, narrows the good ranges better than a grid of the same budget, and the best setting's test accuracy is measured once at the end.";

    public ExperimentResult Run(ExperimentOptions options, IProgress<ExperimentStatus> progress) => Present(Measure(options, progress));

    /// <summary>The figures, the numbers and the one-line result of a measurement.</summary>
    public static ExperimentResult Present(Measurements measured)
    {
        var trials = new CsvTable("search", "trial", "learning_rate", "weight_decay", "validation_accuracy", "rank");
        var ranges = new CsvTable("search", "trials", "distinct_learning_rates", "distinct_weight_decays", "best_validation_accuracy", "top_log10_learning_rate_low", "top_log10_learning_rate_high", "top_log10_weight_decay_low", "top_log10_weight_decay_high");
        foreach (SearchResult search in measured.Searches)
        {
            Trial[] ranked = search.Ranked.ToArray();
            for (int i = 0; i < search.Trials.Count; i++)
            {
                Trial trial = search.Trials[i];
                trials.Add(search.Name, i + 1, trial.LearningRate, trial.WeightDecay, trial.ValidationAccuracy, Array.IndexOf(ranked, trial) + 1);
            }

            (double lrLow, double lrHigh) = search.TopRange(t => t.LearningRate);
            (double wdLow, double wdHigh) = search.TopRange(t => t.WeightDecay);
            ranges.Add(search.Name, search.Trials.Count, search.Distinct(t => t.LearningRate), search.Distinct(t => t.WeightDecay), search.Best.ValidationAccuracy, lrLow, lrHigh, wdLow, wdHigh);
        }

        var best = new CsvTable("search", "learning_rate", "weight_decay", "validation_accuracy", "test_accuracy");
        best.Add(measured.BestSearch, measured.Best.LearningRate, measured.Best.WeightDecay, measured.Best.ValidationAccuracy, measured.TestAccuracy);

        return new ExperimentResult(
            string.Create(CultureInfo.InvariantCulture, $"search: {measured.Random.Trials.Count} trials each on {measured.TrainCount} training / {measured.ValidationCount} validation digits; ") +
            string.Join("; ", measured.Searches.Select(Describe)) +
            string.Create(CultureInfo.InvariantCulture, $"; the best ({measured.BestSearch}, rate {measured.Best.LearningRate:G3}, decay {measured.Best.WeightDecay:G3}) scores {measured.Best.ValidationAccuracy:P1} on validation and {measured.TestAccuracy:P1} on the {measured.TestCount} test digits, measured once."),
            [
                ExperimentFile.Png("search.png", SearchFigure(measured), 1500, 520),
                trials.ToFile("trials.csv"),
                ranges.ToFile("ranges.csv"),
                best.ToFile("best.csv"),
            ]);
    }

    /// <summary>Measures the claim at the size and seed of <paramref name="options"/>.</summary>
    public static Measurements Measure(ExperimentOptions options, IProgress<ExperimentStatus> progress)
    {
        DatasetSplit split = DatasetSplit.Create(Datasets.Digits(), 0.6, 0.2, 0.2, options.Seed);
        int side = options.Size(5, 3);
        int budget = side * side;
        int steps = options.Size(300, 100);
        var random = new Random(options.Seed + 5);
        (double, double)[] randomPoints = Enumerable.Range(0, budget)
            .Select(_ => (Between(LogLearningRate, random.NextDouble()), Between(LogWeightDecay, random.NextDouble()))).ToArray();
        (double, double)[] gridPoints = Enumerable.Range(0, side)
            .SelectMany(i => Enumerable.Range(0, side).Select(j => (Between(LogLearningRate, (double)i / (side - 1)), Between(LogWeightDecay, (double)j / (side - 1))))).ToArray();

        // Only the training and validation parts go into the search; the test part waits.
        var found = new List<(SearchResult Result, Trainer Best)>();
        foreach ((string name, (double, double)[] points) in new[] { ("random", randomPoints), ("grid", gridPoints) })
        {
            found.Add(Search(name, points, split.Train, split.Validation, steps, options.Seed, (done, trial) =>
                progress.Report(new ExperimentStatus($"{name} search, trial {done} of {budget}: {trial}", (found.Count * budget + done) / (2.0 * budget)))));
        }

        // The single best setting of either search, measured on the test part once.
        (SearchResult bestSearch, Trainer bestTrainer) = found.MaxBy(f => f.Result.Best.ValidationAccuracy);
        double test = bestTrainer.Accuracy(split.Test);
        return new Measurements(found[0].Result, found[1].Result, bestSearch.Name, test, split.Train.Count, split.Validation.Count, split.Test.Count);
    }

    /// <summary>Trains one network per point (log₁₀ rate, log₁₀ decay) and judges each on <paramref name="validation"/>; keeps the best trainer.</summary>
    private static (SearchResult Result, Trainer Best) Search(string name, (double LogRate, double LogDecay)[] points, Dataset train, Dataset validation, int steps, int seed, Action<int, string> trialDone)
    {
        var trials = new List<Trial>();
        Trainer? best = null;
        foreach ((double logRate, double logDecay) in points)
        {
            double rate = Math.Pow(10, logRate);
            double decay = Math.Pow(10, logDecay);
            // The same seed for every trial: the same initial weights and batches, only the two settings differ.
            var trainer = new Trainer(train, new TrainingOptions
            {
                HiddenLayers = [32],
                Initialization = Initialization.He,
                Optimizer = OptimizerKind.Sgd,
                LearningRate = rate,
                L2 = decay,
                Steps = steps,
                BatchSize = BatchSize,
                Standardize = true,
                Seed = seed,
            });
            trainer.Run();

            var trial = new Trial(rate, decay, trainer.Accuracy(validation));
            if (best is null || trial.ValidationAccuracy > trials.Max(t => t.ValidationAccuracy))
            {
                best = trainer;
            }

            trials.Add(trial);
            trialDone(trials.Count, string.Create(CultureInfo.InvariantCulture, $"rate {rate:G3}, decay {decay:G3}"));
        }

        return (new SearchResult(name, trials), best!);
    }

    private static double Between((double Low, double High) range, double fraction) => range.Low + fraction * (range.High - range.Low);

    private static string Describe(SearchResult search)
    {
        (double lrLow, double lrHigh) = search.TopRange(t => t.LearningRate);
        (double wdLow, double wdHigh) = search.TopRange(t => t.WeightDecay);
        return string.Create(CultureInfo.InvariantCulture,
            $"{search.Name}: {search.Distinct(t => t.LearningRate)} rates and {search.Distinct(t => t.WeightDecay)} decays tried, best validation {search.Best.ValidationAccuracy:P1}, top {TopCount} within rate {Math.Pow(10, lrLow):G2}–{Math.Pow(10, lrHigh):G2} ({lrHigh - lrLow:F2} decades), decay {Math.Pow(10, wdLow):G2}–{Math.Pow(10, wdHigh):G2} ({wdHigh - wdLow:F2} decades)");
    }

    private static Multiplot SearchFigure(Measurements measured)
    {
        Plot byRate = Panel("validation accuracy against the learning rate", "log₁₀ learning rate", "validation accuracy");
        Plot byDecay = Panel("validation accuracy against the weight decay", "log₁₀ weight decay", "validation accuracy");
        Plot plane = Panel($"the trials; filled: the top {TopCount} of each search", "log₁₀ learning rate", "log₁₀ weight decay");
        foreach (SearchResult search in measured.Searches)
        {
            Color color = search.Name == "random" ? Colors.DarkOrange : Colors.SteelBlue;
            MarkerShape shape = search.Name == "random" ? MarkerShape.FilledCircle : MarkerShape.FilledSquare;
            double[] rates = search.Trials.Select(t => Math.Log10(t.LearningRate)).ToArray();
            double[] decays = search.Trials.Select(t => Math.Log10(t.WeightDecay)).ToArray();
            double[] accuracies = search.Trials.Select(t => t.ValidationAccuracy).ToArray();
            Markers(byRate, rates, accuracies, color, shape, search.Name);
            Markers(byDecay, decays, accuracies, color, shape, search.Name);
            Trial[] top = search.Ranked.Take(TopCount).ToArray();
            Markers(plane, rates, decays, color, search.Name == "random" ? MarkerShape.OpenCircle : MarkerShape.OpenSquare, search.Name);
            Markers(plane, top.Select(t => Math.Log10(t.LearningRate)).ToArray(), top.Select(t => Math.Log10(t.WeightDecay)).ToArray(), color, shape, $"{search.Name}, top {TopCount}");
        }

        foreach (Plot plot in new[] { byRate, byDecay })
        {
            plot.Axes.SetLimitsY(0, 1.02);
        }

        return Figures.Grid([byRate, byDecay, plane], 1, 3);
    }

    private static Plot Panel(string title, string x, string y)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(x);
        plot.YLabel(y);
        plot.ShowLegend(Edge.Bottom); // outside: every corner of these panels holds trials
        return plot;
    }

    private static void Markers(Plot plot, double[] xs, double[] ys, Color color, MarkerShape shape, string label)
    {
        var markers = plot.Add.Markers(xs, ys, shape, 9, color);
        markers.LegendText = label;
    }

    /// <summary>One setting tried: its learning rate, its weight decay and its accuracy on the validation data.</summary>
    public sealed record Trial(double LearningRate, double WeightDecay, double ValidationAccuracy);

    /// <summary>One search's trials, in the order tried.</summary>
    public sealed record SearchResult(string Name, IReadOnlyList<Trial> Trials)
    {
        /// <summary>Best validation accuracy first (the first tried among equals).</summary>
        public IEnumerable<Trial> Ranked => Trials.OrderByDescending(t => t.ValidationAccuracy);

        /// <summary>The trial with the best validation accuracy.</summary>
        public Trial Best => Ranked.First();

        /// <summary>How many different values of one setting were tried.</summary>
        public int Distinct(Func<Trial, double> setting) => Trials.Select(setting).Distinct().Count();

        /// <summary>The lowest and highest log₁₀ of a setting among the top <see cref="TopCount"/> trials: the range the search narrowed to.</summary>
        public (double Low, double High) TopRange(Func<Trial, double> setting)
        {
            double[] logs = Ranked.Take(TopCount).Select(t => Math.Log10(setting(t))).ToArray();
            return (logs.Min(), logs.Max());
        }
    }

    /// <summary>Both searches, the best setting of either, and its accuracy on the test data.</summary>
    public sealed record Measurements(SearchResult Random, SearchResult Grid, string BestSearch, double TestAccuracy, int TrainCount, int ValidationCount, int TestCount)
    {
        /// <summary>Random, then grid.</summary>
        public IReadOnlyList<SearchResult> Searches => [Random, Grid];

        /// <summary>The best trial of either search (random's among equals).</summary>
        public Trial Best => Searches.Single(s => s.Name == BestSearch).Best;
    }
}
