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

    /// <summary>The files written to the output folder: the model, then the pictures (<see cref="Picture"/>).</summary>
    public static IReadOnlyList<string> OutputFileNames { get; } = ["model.json", .. Enum.GetValues<Picture>().Select(FileNameOf)];

    /// <summary>How many checkpoints <c>training.png</c> measures the whole training part (and the validation part) at.</summary>
    public const int Checkpoints = 20;

    /// <summary>The pictures a run can draw.</summary>
    public enum Picture
    {
        /// <summary>Loss and accuracy per step, training and validation: every run.</summary>
        Training,

        /// <summary>The classes over the plane: data of 2 features.</summary>
        DecisionBoundary,

        /// <summary>The confusion matrix on the test part (else the training data): image data.</summary>
        ConfusionMatrix,

        /// <summary>Test images the model gets wrong: image data.</summary>
        Misclassified,

        /// <summary>The first layer's weights as images: image data.</summary>
        FirstLayerWeights,

        /// <summary>The predicted probabilities of a few test images: image data.</summary>
        Probabilities,
    }

    /// <summary>The file a picture is written to.</summary>
    public static string FileNameOf(Picture picture) => picture switch
    {
        Picture.Training => "training.png",
        Picture.DecisionBoundary => "decision-boundary.png",
        Picture.ConfusionMatrix => "confusion-matrix.png",
        Picture.Misclassified => "misclassified.png",
        Picture.FirstLayerWeights => "first-layer-weights.png",
        Picture.Probabilities => "probabilities.png",
        _ => throw new ArgumentOutOfRangeException(nameof(picture), picture, "Unknown picture; expected a value of TrainJob.Picture."),
    };

    public int Run(TrainSettings settings)
    {
        Dataset data;
        DatasetSplit? split;
        Trainer trainer;
        try
        {
            data = Interruptible.Run(() => LoadData(settings), cancellation);
            split = Split(settings, data, out string? splitProblem);
            if (splitProblem is not null)
            {
                return Fail(ExitCodes.BadInput, splitProblem);
            }

            if (ProblemWithSize(settings, split?.Train ?? data) is { } problem)
            {
                return Fail(ExitCodes.BadInput, problem);
            }

            trainer = new Trainer(split?.Train ?? data, settings.Training);
        }
        catch (Exception e) when (e is DataFormatException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            // Nothing has been written yet, so a bad input leaves no half-made output behind.
            return Fail(ExitCodes.BadInput, e is ArgumentException { ParamName: { } name } ? e.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : e.Message);
        }

        Dataset train = split?.Train ?? data;
        var history = new List<StepResult>();
        var checkpoints = new List<TrainingCurvePlot.Checkpoint>();
        var clock = Stopwatch.StartNew();
        string? diverged = Train(settings, trainer, train, split, history, checkpoints);
        clock.Stop();
        int steps = settings.Training.Steps;
        if (diverged is not null)
        {
            return Fail(ExitCodes.Failed, string.Create(
                CultureInfo.InvariantCulture,
                $"{diverged}; nothing was written. Try a smaller --learning-rate (it was {trainer.Optimizer.LearningRate:g}){(trainer.Options.Optimizer == OptimizerKind.Adam ? "" : ", or --optimizer adam")}."));
        }

        // The last moment Ctrl-C can stop the run: the files are written one by one, each whole.
        cancellation.ThrowIfCancellationRequested();
        Classifier classifier = trainer.ToClassifier();
        var accuracies = new Accuracies(classifier.Accuracy(train), split is null ? null : classifier.Accuracy(split.Validation), split is null ? null : classifier.Accuracy(split.Test));
        OutputFiles files;
        try
        {
            files = Write(settings, classifier, train, split, trainer, history, checkpoints);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(ExitCodes.Failed, $"could not write to --output '{settings.OutputFolder}': {e.Message}");
        }

        ShowSummary(settings, data, split, trainer, history, accuracies, clock.Elapsed, files);
        console.WriteLine(accuracies.ToString());
        return ExitCodes.Done;
    }

    /// <summary>
    /// Runs the steps with progress: a bar on a terminal, plain lines when the output is not one (a
    /// file, a pipe, a CI log), every <see cref="TrainSettings.LogEvery"/> steps and at the last.
    /// Returns why training diverged, or null; throws <see cref="OperationCanceledException"/> at Ctrl-C.
    /// </summary>
    private string? Train(TrainSettings settings, Trainer trainer, Dataset train, DatasetSplit? split, List<StepResult> history, List<TrainingCurvePlot.Checkpoint> checkpoints)
    {
        int steps = settings.Training.Steps;
        int every = settings.LogEvery ?? Math.Max(1, steps / 10);
        int measureEvery = Math.Max(1, steps / Checkpoints);
        IReadOnlyList<Value> parameters = trainer.Model.Parameters;
        string? diverged = null;

        // Calls report(step number, description) at each reporting step; stops at divergence or Ctrl-C.
        void Loop(Action<int, string?> report)
        {
            history.AddRange(trainer.Run(
                new TrainingHooks
                {
                    StopAfter = step =>
                    {
                        if (NonFinite(step, parameters) is { } what)
                        {
                            diverged = string.Create(CultureInfo.InvariantCulture, $"training diverged at step {step.Step + 1} of {steps}: {what}");
                            return true;
                        }

                        int done = step.Step + 1;
                        if (settings.Plots && (done % measureEvery == 0 || done == steps || step.Step == 0))
                        {
                            checkpoints.Add(TrainingCurvePlot.Checkpoint.Measure(done, trainer.ToClassifier(), train, split?.Validation));
                        }

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

    /// <summary>"step  100/1000  loss   0.1234  accuracy  95.0 %", with the validation accuracy when there is a split.</summary>
    private static string ProgressLine(int step, int steps, StepResult result, Trainer trainer, DatasetSplit? split)
    {
        string validation = split is null ? "" : string.Create(CultureInfo.InvariantCulture, $"  validation {trainer.Accuracy(split.Validation),6:P1}");
        return string.Create(CultureInfo.InvariantCulture, $"step {step,4}/{steps}  loss {Loss(result.Loss),8}  accuracy {result.Accuracy,6:P1}{validation}");
    }

    /// <summary>
    /// A loss to show: four decimals while it is ordinary, else four significant digits (1.235E+250),
    /// never the hundreds of digits fixed-point notation gives a loss on its way to diverging.
    /// </summary>
    internal static string Loss(double loss) =>
        loss.ToString(Math.Abs(loss) < 1e6 ? "F4" : "G4", CultureInfo.InvariantCulture);

    /// <summary>The split --split asks for, or null; <paramref name="problem"/> says why it cannot be made.</summary>
    private static DatasetSplit? Split(TrainSettings settings, Dataset data, out string? problem)
    {
        problem = null;
        if (settings.Split is not [double train, double validation, double test])
        {
            return null;
        }

        try
        {
            return DatasetSplit.Create(data, train, validation, test, settings.Training.Seed);
        }
        catch (ArgumentException e) when (e.ParamName == "data")
        {
            string shares = string.Join(",", settings.Split.Select(x => x.ToString(CultureInfo.InvariantCulture)));
            problem = $"--split {shares}: {e.Message.Replace(" (Parameter 'data')", "", StringComparison.Ordinal)}";
            return null;
        }
    }

    private int Fail(int exitCode, string message)
    {
        error.WriteLine($"error: {CliApplication.OneLine(message)}");
        return exitCode;
    }

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

    private static string Describe(double value) => double.IsNaN(value) ? "NaN" : "infinite";

    /// <summary>
    /// Checks what needs the data: the loss fits its classes, the batch fits in it, and a step's graph
    /// fits in memory (before the model is made, which alone can be large).
    /// </summary>
    private static string? ProblemWithSize(TrainSettings settings, Dataset data)
    {
        TrainingOptions training = settings.Training;
        if (training.BatchSize > data.Count)
        {
            return $"--batch-size {training.BatchSize} is more than the {data.Count} examples of '{data.Name}'; expected 0 (the whole dataset) to {data.Count}.";
        }

        LossKind loss = training.LossFor(data);
        if (loss is LossKind.Hinge or LossKind.BinaryCrossEntropy && data.ClassCount != 2)
        {
            string multiClass = string.Join(" or ", new[] { LossKind.SoftmaxCrossEntropy, LossKind.MeanSquaredError }.Select(TrainingNames.Losses.NameOf));
            return $"--loss {TrainingNames.Losses.NameOf(loss)} needs 2 classes but '{data.Name}' has {data.ClassCount}; expected {multiClass}.";
        }

        int outputs = loss is LossKind.Hinge or LossKind.BinaryCrossEntropy ? 1 : data.ClassCount;
        int[] sizes = [data.FeatureCount, .. training.HiddenLayers, outputs];
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
    /// </summary>
    public static IReadOnlyDictionary<string, BuiltInDataset> BuiltInDatasets { get; } =
        new Dictionary<string, BuiltInDataset>
        {
            ["moons"] = new(s => Datasets.Moons(s.Samples, s.Noise, s.Training.Seed), Generated: true),
            ["circles"] = new(s => Datasets.Circles(s.Samples, s.Noise / 2, seed: s.Training.Seed), Generated: true),
            ["xor"] = new(s => Datasets.Xor(s.Samples, s.Training.Seed), Generated: true),
            ["spirals"] = new(s => Datasets.Spirals(Math.Max(2, s.Samples / 3), 3, 2 * s.Noise, s.Training.Seed), Generated: true),
            ["digits"] = new(_ => Datasets.Digits(), Generated: false, Images: true),
        };

    private static Dataset LoadData(TrainSettings settings)
    {
        if (settings.CsvPath is { } path)
        {
            return CsvDataset.Load(path);
        }

        return BuiltInDatasets.TryGetValue(settings.Dataset, out BuiltInDataset? builtIn)
            ? builtIn.Make(settings)
            : throw new ArgumentException($"Unknown dataset '{settings.Dataset}'; expected one of: {string.Join(", ", BuiltInDatasets.Keys)}.", nameof(settings));
    }

    /// <summary>
    /// Writes the model and, unless --no-plots, the pictures that fit the data, each atomically. A picture
    /// this run does not draw is removed if an earlier run left it: it would sit beside this model as its own.
    /// </summary>
    private OutputFiles Write(TrainSettings settings, Classifier classifier, Dataset train, DatasetSplit? split, Trainer trainer, List<StepResult> history, List<TrainingCurvePlot.Checkpoint> checkpoints)
    {
        string folder = settings.OutputFolder;
        Directory.CreateDirectory(folder);
        string model = Path.Combine(folder, OutputFileNames[0]);
        ClassifierFile.Save(classifier, model);
        bool images = settings.CsvPath is null && BuiltInDatasets.TryGetValue(settings.Dataset, out BuiltInDataset? builtIn) && builtIn.Images;
        int? side = ImageMosaic.Side(train.FeatureCount, images);

        // The test part is what the pictures of a trained model show; without --split, the training data.
        Dataset shown = split?.Test ?? train;
        var drawers = new Dictionary<Picture, Action<string>>();
        if (settings.Plots)
        {
            string title = TrainingCurvePlot.Title(train.Name, trainer.Model, trainer.Options.Optimizer);
            string loss = TrainingNames.Losses.NameOf(trainer.Loss) + (trainer.Options.L2 > 0 ? string.Create(CultureInfo.InvariantCulture, $"; batch: + L2 {trainer.Options.L2:g}") : "");
            drawers[Picture.Training] = path => TrainingCurvePlot.Save(history, checkpoints, title, loss, path);
            if (train.FeatureCount == 2)
            {
                drawers[Picture.DecisionBoundary] = path => DecisionBoundaryPlot.Save(classifier, train, path, split?.Validation);
            }

            if (side is int s)
            {
                drawers[Picture.ConfusionMatrix] = path => ConfusionMatrixPlot.Save(classifier.Evaluate(shown), shown.Name, path);
                drawers[Picture.Misclassified] = path => MisclassifiedPlot.Save(classifier, shown, s, path);
                drawers[Picture.FirstLayerWeights] = path => FirstLayerWeightsPlot.Save(trainer.Model, s, trainer.Standardizer is not null, path);
                drawers[Picture.Probabilities] = path => ProbabilitiesPlot.Save(classifier, shown, s, path);
            }
        }

        var written = new List<string> { model };
        var removed = new List<string>();
        foreach (Picture picture in Enum.GetValues<Picture>())
        {
            string path = Path.Combine(folder, FileNameOf(picture));
            if (drawers.TryGetValue(picture, out Action<string>? draw))
            {
                draw(path);
                written.Add(path);
            }
            else if (File.Exists(path))
            {
                File.Delete(path);
                removed.Add(FileNameOf(picture));
            }
        }

        if (settings.Plots && train.FeatureCount != 2)
        {
            console.MarkupLineInterpolated($"[yellow]note:[/] no decision boundary picture: it needs 2 features and '{train.Name}' has {train.FeatureCount}.");
        }

        if (removed.Count > 0)
        {
            console.MarkupLineInterpolated($"[yellow]note:[/] removed what an earlier run left in the folder and this run does not draw: {string.Join(", ", removed)}.");
        }

        return new OutputFiles(written);
    }

    private void ShowSummary(TrainSettings settings, Dataset data, DatasetSplit? split, Trainer trainer, List<StepResult> history, Accuracies accuracies, TimeSpan elapsed, OutputFiles files)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]training summary[/]").AddColumn("").AddColumn("");
        table.HideHeaders();
        void Row(string name, string value) => table.AddRow(new Text(name, new Style(Color.Grey)), new Text(value));
        Row("data", $"{data.Name}: {data.Count} examples, {data.FeatureCount} features, {data.ClassCount} classes");
        if (split is not null)
        {
            Row("split", $"{split.Train.Count} train, {split.Validation.Count} validation, {split.Test.Count} test (stratified, seed {settings.Training.Seed})");
        }

        Row("features", trainer.Standardizer is null ? "as they are" : "standardised with the training part's means and deviations");
        Row("model", $"{trainer.Model} ({trainer.Model.Parameters.Count} parameters)");
        Row("initial weights", TrainingNames.Initializations.NameOf(trainer.Options.ResolvedInitialization) +
            (trainer.Options.Initialization is null ? $" (the default for {TrainingNames.Activations.NameOf(trainer.Options.Activation)})" : ""));
        Row("loss", $"{trainer.Loss}{(trainer.Options.L2 > 0 ? $" + L2 {trainer.Options.L2.ToString(CultureInfo.InvariantCulture)}" : "")}");
        Row("optimizer", string.Create(CultureInfo.InvariantCulture, $"{trainer.Options.Optimizer}, learning rate {trainer.Optimizer.LearningRate} decaying to a tenth"));
        Row("steps", string.Create(CultureInfo.InvariantCulture, $"{settings.Training.Steps} ({(settings.Training.BatchSize == 0 ? "full batch" : $"batches of {settings.Training.BatchSize}")}) in {elapsed.TotalSeconds:F2} s"));
        Row("graph", trainer.IsCompiled ? "recorded once, replayed every step (CompiledGraph)" : "rebuilt every step");
        Row("final loss", Loss(history[^1].Loss));
        Row("training accuracy", accuracies.Train.ToString("P2", CultureInfo.InvariantCulture));
        if (accuracies is { Validation: { } validation, Test: { } test })
        {
            Row("validation accuracy", validation.ToString("P2", CultureInfo.InvariantCulture));
            Row("test accuracy", test.ToString("P2", CultureInfo.InvariantCulture));
        }

        Row("files", string.Join(Environment.NewLine, files.Paths));
        console.Write(table);
    }

    private sealed record OutputFiles(IReadOnlyList<string> Paths);

    /// <summary>The accuracies the run ends with; the validation and test ones only with --split.</summary>
    private sealed record Accuracies(double Train, double? Validation, double? Test)
    {
        /// <summary>The last line: "accuracy: 0.9900", or "accuracy: train 0.9900, validation 0.9600, test 0.9500" with a split.</summary>
        public override string ToString() => Validation is { } validation && Test is { } test
            ? string.Create(CultureInfo.InvariantCulture, $"accuracy: train {Train:F4}, validation {validation:F4}, test {test:F4}")
            : string.Create(CultureInfo.InvariantCulture, $"accuracy: {Train:F4}");
    }
}
