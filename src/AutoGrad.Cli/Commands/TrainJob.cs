using System.Diagnostics;
using System.Globalization;
using AutoGrad.Data;
using AutoGrad.Plots;
using AutoGrad.Training;
using Spectre.Console;

namespace AutoGrad.Cli.Commands;

/// <summary>
/// Runs one <c>autograd train</c>: load and check the data, train with a live progress bar, and only
/// when every step stayed finite write the files (each atomically) and show a summary.
/// </summary>
/// <param name="console">Where progress and the summary are shown.</param>
/// <param name="error">Where errors go, one line each.</param>
/// <param name="cancellation">Ctrl-C: stop after the current step and write nothing (<see cref="Interruptible"/>).</param>
internal sealed class TrainJob(IAnsiConsole console, TextWriter error, CancellationToken cancellation)
{
    /// <summary>
    /// The most operations one step may record (about two per weight per example): measured at about
    /// 85 bytes each with the graph and its compiled copy, so this is about 2 GB.
    /// </summary>
    public const long MaxOperationsPerStep = 20_000_000;

    public int Run(TrainSettings settings)
    {
        Dataset data;
        try
        {
            data = Interruptible.Run(() => LoadData(settings), cancellation);
        }
        catch (Exception e) when (e is DataFormatException or IOException or UnauthorizedAccessException)
        {
            // Nothing has been written yet, so a bad input leaves no half-made output behind.
            return CliApplication.Fail(error, ExitCodes.BadInput, e.Message);
        }

        DatasetSplit? split = null;
        if (settings.Split is [double trainShare, double validationShare, double testShare])
        {
            if (DatasetSplit.Problem(data, trainShare, validationShare, testShare) is { } splitProblem)
            {
                string shares = string.Join(",", settings.Split.Select(x => x.ToString(CultureInfo.InvariantCulture)));
                return CliApplication.Fail(error, ExitCodes.BadInput, $"--split {shares}: {splitProblem}");
            }

            split = DatasetSplit.Create(data, trainShare, validationShare, testShare, settings.Training.Seed);
        }

        Dataset train = split?.Train ?? data;
        if (Problem(settings, train) is { } problem)
        {
            return CliApplication.Fail(error, ExitCodes.BadInput, problem);
        }

        // Every problem the data can have with these options was asked for above, so the trainer is built.
        var trainer = new Trainer(train, settings.Training);
        var history = new List<StepResult>();
        var run = new TrainingRecorder(trainer, train, split?.Validation, settings.Plots ? TrainingRecorder.DefaultCheckpoints : 0);
        var clock = Stopwatch.StartNew();
        string? diverged = Train(settings, trainer, split, history, run);
        clock.Stop();
        if (diverged is not null)
        {
            return CliApplication.Fail(error, ExitCodes.Failed, string.Create(
                CultureInfo.InvariantCulture,
                $"{diverged}; nothing was written. Try a smaller --learning-rate (it was {trainer.Optimizer.LearningRate:g}){(trainer.Options.Optimizer == OptimizerKind.Adam ? "" : ", or --optimizer adam")}."));
        }

        // The last moment Ctrl-C can stop the run: the files are written one by one, each whole.
        cancellation.ThrowIfCancellationRequested();
        TrainedModel model = trainer.ToModel();
        var measured = Measured.Of(model, train, split);
        var outputs = new TrainOutputs(settings.OutputFolder);
        IReadOnlyList<string> written;
        try
        {
            written = Write(settings, outputs, model, train, split, run);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return CliApplication.Fail(error, ExitCodes.Failed, $"could not write to --output '{settings.OutputFolder}': {e.Message}");
        }

        ShowSummary(settings, data, split, trainer, history, model, measured, clock.Elapsed, written);
        console.WriteLine(measured.ToString());
        return ExitCodes.Done;
    }

    /// <summary>
    /// Runs the steps with progress: a bar on a terminal, plain lines when the output is not one (a
    /// file, a pipe, a CI log), every <see cref="TrainSettings.LogEvery"/> steps and at the last.
    /// Returns why training diverged, or null; throws <see cref="OperationCanceledException"/> at Ctrl-C.
    /// </summary>
    private string? Train(TrainSettings settings, Trainer trainer, DatasetSplit? split, List<StepResult> history, TrainingRecorder run)
    {
        int steps = settings.Training.Steps;
        int every = settings.LogEvery ?? Math.Max(1, steps / 10);
        IReadOnlyList<Value> parameters = trainer.Model.Parameters;
        string? diverged = null;
        double? firstLoss = null;

        // Calls report(step number, description) at each reporting step; stops at divergence or Ctrl-C.
        void Loop(Action<int, string?> report)
        {
            history.AddRange(trainer.Run(
                new TrainingHooks
                {
                    StopAfter = step =>
                    {
                        firstLoss ??= step.Loss;
                        if ((NonFinite(step, parameters) ?? Grown(step.Loss, firstLoss.Value)) is { } what)
                        {
                            diverged = string.Create(CultureInfo.InvariantCulture, $"training diverged at step {step.Step + 1} of {steps}: {what}");
                            return true;
                        }

                        run.Record(step); // and measures the whole parts at its checkpoints, for training.png

                        bool due = (step.Step + 1) % every == 0 || step.Step + 1 == steps;
                        report(step.Step + 1, due ? ProgressLine(step.Step + 1, steps, step, trainer, split) : null);
                        return false;
                    },
                },
                steps,
                cancellation));
        }

        if (!console.Profile.Capabilities.Interactive)
        {
            Loop((_, line) =>
            {
                if (line is not null)
                {
                    console.WriteLine(line);
                }
            });
            return diverged;
        }

        try
        {
            console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(context =>
                {
                    ProgressTask task = context.AddTask("training", maxValue: steps);
                    Loop((_, line) =>
                    {
                        task.Description = line ?? task.Description;
                        task.Increment(1);
                    });
                });
        }
        finally
        {
            // Spectre hides the cursor while the progress runs; whatever ended it, give the cursor back.
            console.Cursor.Show();
        }

        return diverged;
    }

    /// <summary>
    /// "step  100/1000  loss   0.1234  accuracy  95.0 %", with the validation accuracy when there is a split;
    /// for a regression "rmse   0.1234" (the batch's, in the target's units) and the validation RMSE.
    /// </summary>
    private static string ProgressLine(int step, int steps, StepResult result, Trainer trainer, DatasetSplit? split)
    {
        if (result.Rmse is { } rmse)
        {
            string validationRmse = split is null ? "" : $"  validation rmse {Loss(trainer.ToRegressor().Evaluate(split.Validation).Rmse)}";
            return string.Create(CultureInfo.InvariantCulture, $"step {step,4}/{steps}  loss {Loss(result.Loss),8}  rmse {Loss(rmse),8}{validationRmse}");
        }

        string validation = split is null ? "" : string.Create(CultureInfo.InvariantCulture, $"  validation {trainer.Accuracy(split.Validation),6:P1}");
        return string.Create(CultureInfo.InvariantCulture, $"step {step,4}/{steps}  loss {Loss(result.Loss),8}  accuracy {result.Accuracy,6:P1}{validation}");
    }

    /// <summary>
    /// A loss to show: four decimals while it is ordinary, else four significant digits (1.235E+250),
    /// never the hundreds of digits fixed-point notation gives a loss on its way to diverging.
    /// </summary>
    internal static string Loss(double loss) =>
        loss.ToString(Math.Abs(loss) < 1e6 ? "F4" : "G4", CultureInfo.InvariantCulture);

    /// <summary>What is not finite after a step (the loss, or the first weight that is not), or null if all are.</summary>
    private static string? NonFinite(StepResult step, IReadOnlyList<Value> parameters)
    {
        if (!double.IsFinite(step.Loss))
        {
            return $"the loss is {Describe(step.Loss)}";
        }

        for (int k = 0; k < parameters.Count; k++)
        {
            if (!double.IsFinite(parameters[k].Data))
            {
                return string.Create(CultureInfo.InvariantCulture, $"the weights are not finite (parameter {k + 1} of {parameters.Count} is {Describe(parameters[k].Data)}) after the loss was {step.Loss:g}");
            }
        }

        return null;
    }

    /// <summary>
    /// How many times the first step's loss (or 1, if that was smaller) a loss may grow to before the run
    /// counts as diverged: SGD at rate 1 on a regression takes its loss to about 1e41 and stays finite.
    /// </summary>
    internal const double DivergedGrowth = 1000;

    /// <summary>"the loss grew from 1.2345 at step 1 to 5.979E+41" when the loss passed <see cref="DivergedGrowth"/> times the first one, or null.</summary>
    private static string? Grown(double loss, double firstLoss) =>
        double.IsFinite(firstLoss) && loss > DivergedGrowth * Math.Max(firstLoss, 1)
            ? $"the loss grew from {Loss(firstLoss)} at step 1 to {Loss(loss)}"
            : null;

    private static string Describe(double value) => double.IsNaN(value) ? "NaN" : "infinite";

    /// <summary>
    /// Checks what needs the data: the batch fits in it, the library can train on it with these options
    /// (<see cref="Trainer.Problem"/>, shown with the option as typed), and a step's graph fits in memory
    /// (before the model is made, which alone can be large).
    /// </summary>
    private static string? Problem(TrainSettings settings, Dataset data)
    {
        TrainingOptions training = settings.Training;
        if (training.BatchSize > data.Count)
        {
            return $"--batch-size {training.BatchSize} is more than the {data.Count} examples of '{data.Name}'; expected 0 (the whole dataset) to {data.Count}.";
        }

        if (Trainer.Problem(data, training) is { } problem)
        {
            return problem.Option switch
            {
                null => problem.Reason,
                nameof(TrainingOptions.Loss) => $"--loss {problem.Value} {problem.Reason}",
                _ => throw new UnreachableException($"Trainer.Problem named the option {problem.Option}, which train has no flag for."),
            };
        }

        int[] sizes = [data.FeatureCount, .. training.HiddenLayers, Trainer.OutputCount(data, training)];
        long weights = 0;
        for (int i = 1; i < sizes.Length; i++)
        {
            weights += (long)sizes[i - 1] * sizes[i];
        }

        long examples = training.BatchSize == 0 ? data.Count : training.BatchSize;
        long operations = 2 * weights * examples;
        return operations > MaxOperationsPerStep
            ? string.Create(
                CultureInfo.InvariantCulture,
                $"--layers {string.Join(",", training.HiddenLayers)} with {examples} examples per step would record about {operations:N0} operations per step; the most is {MaxOperationsPerStep:N0} (about 2 GB of memory): use smaller --layers, fewer --samples or a --batch-size.")
            : null;
    }

    /// <summary>
    /// The built-in datasets by the name <c>--dataset</c> takes. --noise is micrograd's moons noise;
    /// circles lie closer together, so they take half of it; spirals read it as angle noise in
    /// radians, where twice it gives the usual 0.2. Digits are real data: a fixed set, standardised by default.
    /// Wave is the one regression: y = sin(1.5x) + 0.3x with --noise as the target's noise deviation.
    /// </summary>
    public static IReadOnlyDictionary<string, BuiltInDataset> BuiltInDatasets { get; } =
        new Dictionary<string, BuiltInDataset>
        {
            ["moons"] = new(s => Datasets.Moons(s.Samples, s.Noise, s.Training.Seed), Generated: true),
            ["circles"] = new(s => Datasets.Circles(s.Samples, s.Noise / 2, seed: s.Training.Seed), Generated: true),
            ["xor"] = new(s => Datasets.Xor(s.Samples, s.Training.Seed), Generated: true),
            ["spirals"] = new(s => Datasets.Spirals(Math.Max(2, s.Samples / 3), 3, 2 * s.Noise, s.Training.Seed), Generated: true),
            ["digits"] = new(_ => Datasets.Digits(), Generated: false, Images: true),
            ["wave"] = new(s => Datasets.Wave(s.Samples, s.Noise, s.Training.Seed), Generated: true, Task: TrainTask.Regression),
        };

    private static Dataset LoadData(TrainSettings settings)
    {
        if (settings.CsvPath is { } path)
        {
            return settings.Task == TrainTask.Regression ? CsvDataset.LoadRegression(path) : CsvDataset.Load(path);
        }

        // The parser takes only these names (and checks --task against the dataset's own).
        return BuiltInDatasets[settings.Dataset].Make(settings);
    }

    /// <summary>
    /// Writes the model and, unless --no-plots, the pictures that fit the data (<see cref="TrainingPictures.Save"/>), each atomically. A picture
    /// this run does not draw is removed if an earlier run left it: it would sit beside this model as its own.
    /// Returns the paths written, the model first.
    /// </summary>
    private List<string> Write(TrainSettings settings, TrainOutputs outputs, TrainedModel model, Dataset train, DatasetSplit? split, TrainingRecorder run)
    {
        Directory.CreateDirectory(outputs.Folder);
        TrainedModelFile.Save(model, outputs.Model);
        bool images = settings.CsvPath is null && BuiltInDatasets.TryGetValue(settings.Dataset, out BuiltInDataset? builtIn) && builtIn.Images;

        // The test part is what the pictures of a trained model show; without --split, the training data.
        IReadOnlyList<string> pictures = settings.Plots ? TrainingPictures.Save(run, outputs.Folder, split?.Test, ImageMosaic.Side(train.FeatureCount, images)) : [];
        var written = new List<string> { outputs.Model };
        written.AddRange(pictures);
        var removed = new List<string>();
        foreach (TrainingPicture picture in Enum.GetValues<TrainingPicture>())
        {
            string path = outputs.PathOf(picture);
            if (!pictures.Contains(path) && File.Exists(path))
            {
                File.Delete(path);
                removed.Add(TrainingPictures.FileNameOf(picture));
            }
        }

        if (settings.Plots && model is Classifier && train.FeatureCount != 2)
        {
            console.MarkupLineInterpolated($"[yellow]note:[/] no decision boundary picture: it needs 2 features and '{train.Name}' has {train.FeatureCount}.");
        }

        if (removed.Count > 0)
        {
            console.MarkupLineInterpolated($"[yellow]note:[/] removed what an earlier run left in the folder and this run does not draw: {string.Join(", ", removed)}.");
        }

        return written;
    }

    private void ShowSummary(TrainSettings settings, Dataset data, DatasetSplit? split, Trainer trainer, List<StepResult> history, TrainedModel model, Measured measured, TimeSpan elapsed, IReadOnlyList<string> written)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]training summary[/]").AddColumn("").AddColumn("");
        table.HideHeaders();
        void Row(string name, string value) => table.AddRow(new Text(name, new Style(Color.Grey)), new Text(value));
        string learnt = data.IsRegression ? $"numeric target '{data.TargetName}' (regression)" : $"{data.ClassCount} classes";
        Row("data", $"{data.Name}: {data.Count} examples, {data.FeatureCount} features, {learnt}");
        if (split is not null)
        {
            Row("split", $"{split.Train.Count} train, {split.Validation.Count} validation, {split.Test.Count} test ({(data.IsRegression ? "at random" : "stratified")}, seed {settings.Training.Seed})");
        }

        Row("features", trainer.Standardizer is null ? "as they are" : "standardised with the training part's means and deviations");
        if (data.IsRegression)
        {
            Row("target", trainer.TargetStandardizer is { } t
                ? string.Create(CultureInfo.InvariantCulture, $"standardised with the training part's mean {t.Means[0]:g4} and deviation {t.Deviations[0]:g4}; predictions scaled back")
                : "as it is");
        }

        Row("model", $"{trainer.Model} ({trainer.Model.Parameters.Count} parameters)");
        Row("initial weights", TrainingNames.Initializations.NameOf(trainer.Options.ResolvedInitialization) +
            (trainer.Options.Initialization is null ? $" (the default for {TrainingNames.Activations.NameOf(trainer.Options.Activation)})" : ""));
        Row("loss", $"{TrainingNames.Losses.NameOf(trainer.Loss)}{(trainer.Options.L2 > 0 ? $" + L2 {trainer.Options.L2.ToString(CultureInfo.InvariantCulture)}" : "")}");
        Row("optimizer", string.Create(CultureInfo.InvariantCulture, $"{trainer.Options.Optimizer}, learning rate {trainer.Optimizer.LearningRate} decaying to a tenth"));
        Row("steps", string.Create(CultureInfo.InvariantCulture, $"{settings.Training.Steps} ({(settings.Training.BatchSize == 0 ? "full batch" : $"batches of {settings.Training.BatchSize}")}) in {elapsed.TotalSeconds:F2} s"));
        Row("graph", trainer.IsCompiled ? "recorded once, replayed every step (CompiledGraph)" : "rebuilt every step");
        Row("final loss", Loss(history[^1].Loss));
        if (model is Regressor regressor)
        {
            foreach ((string part, Dataset? examples) in new[] { ("training", split?.Train ?? data), ("validation", split?.Validation), ("test", split?.Test) })
            {
                if (examples is not null)
                {
                    RegressionMetrics metrics = regressor.Evaluate(examples);
                    Row($"{part} RMSE, MAE", $"{Loss(metrics.Rmse)}, {Loss(metrics.Mae)}");
                }
            }
        }
        else
        {
            Row("training accuracy", measured.Train.ToString("P2", CultureInfo.InvariantCulture));
            if (measured is { Validation: { } validation, Test: { } test })
            {
                Row("validation accuracy", validation.ToString("P2", CultureInfo.InvariantCulture));
                Row("test accuracy", test.ToString("P2", CultureInfo.InvariantCulture));
            }
        }

        Row("files", string.Join(Environment.NewLine, written));
        console.Write(table);
    }

    /// <summary>
    /// The measure the run ends with, on the training part and, with --split, the validation and test
    /// parts: the accuracy of a classifier, the root mean squared error (in the target's units) of a regression.
    /// </summary>
    private sealed record Measured(string Name, double Train, double? Validation, double? Test)
    {
        public static Measured Of(TrainedModel model, Dataset train, DatasetSplit? split)
        {
            Func<Dataset, double> measure = model switch
            {
                Classifier classifier => classifier.Accuracy,
                Regressor regressor => examples => regressor.Evaluate(examples).Rmse,
                _ => throw new UnreachableException($"Trainer made a {model.GetType().Name}."),
            };
            return new Measured(model is Regressor ? "rmse" : "accuracy", measure(train), split is null ? null : measure(split.Validation), split is null ? null : measure(split.Test));
        }

        /// <summary>The last line: "accuracy: 0.9900", or "accuracy: train 0.9900, validation 0.9600, test 0.9500" with a split ("rmse: …" for a regression).</summary>
        public override string ToString() => Validation is { } validation && Test is { } test
            ? $"{Name}: train {Shown(Train)}, validation {Shown(validation)}, test {Shown(test)}"
            : $"{Name}: {Shown(Train)}";

        /// <summary>An accuracy with four decimals; an RMSE, in the target's units, as a loss is shown (1.235E+250, never hundreds of digits).</summary>
        private string Shown(double value) => Name == "rmse" ? Loss(value) : value.ToString("F4", CultureInfo.InvariantCulture);
    }
}
