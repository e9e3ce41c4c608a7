using System.Diagnostics;
using System.Globalization;
using AutoGrad.Cli.Plots;
using AutoGrad.Data;
using AutoGrad.Nn;
using AutoGrad.Training;
using Spectre.Console;

namespace AutoGrad.Cli.Commands;

/// <summary>Runs one <c>autograd train</c>: load data, train with a live progress bar, write the files, show a summary.</summary>
/// <param name="console">Where progress, the summary and errors are shown.</param>
internal sealed class TrainJob(IAnsiConsole console)
{
    /// <summary>Exit code for bad input (a malformed CSV, an impossible combination of options).</summary>
    public const int InputError = 2;

    public int Run(TrainSettings settings)
    {
        Dataset data;
        Trainer trainer;
        try
        {
            data = LoadData(settings);
            trainer = new Trainer(data, settings.Training);
        }
        catch (Exception e) when (e is DataFormatException or IOException or ArgumentException)
        {
            // Nothing has been written yet, so a bad input leaves no half-made output behind.
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return InputError;
        }

        var history = new List<StepResult>(settings.Training.Steps);
        var clock = Stopwatch.StartNew();
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask("training", maxValue: settings.Training.Steps);
                for (int i = 0; i < settings.Training.Steps; i++)
                {
                    StepResult step = trainer.Step();
                    history.Add(step);
                    task.Description = string.Create(CultureInfo.InvariantCulture, $"step {i + 1,4}/{settings.Training.Steps}  loss {step.Loss,8:F4}  accuracy {step.Accuracy,6:P1}");
                    task.Increment(1);
                }
            });
        clock.Stop();

        double accuracy = trainer.Accuracy(data);
        OutputFiles files = Write(settings.OutputFolder, trainer, data, history);
        ShowSummary(settings, data, trainer, history, accuracy, clock.Elapsed, files);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"accuracy: {accuracy:F4}"));
        return 0;
    }

    /// <summary>
    /// The built-in datasets by the name <c>--dataset</c> takes. --noise is micrograd's moons noise;
    /// circles lie closer together, so they take half of it; spirals read it as angle noise in
    /// radians, where twice it gives the usual 0.2.
    /// </summary>
    public static IReadOnlyDictionary<string, Func<TrainSettings, Dataset>> BuiltInDatasets { get; } =
        new Dictionary<string, Func<TrainSettings, Dataset>>
        {
            ["moons"] = s => Datasets.Moons(s.Samples, s.Noise, s.Training.Seed),
            ["circles"] = s => Datasets.Circles(s.Samples, s.Noise / 2, seed: s.Training.Seed),
            ["xor"] = s => Datasets.Xor(s.Samples, s.Training.Seed),
            ["spirals"] = s => Datasets.Spirals(Math.Max(2, s.Samples / 3), 3, 2 * s.Noise, s.Training.Seed),
        };

    private static Dataset LoadData(TrainSettings settings)
    {
        if (settings.CsvPath is { } path)
        {
            return CsvDataset.Load(path);
        }

        return BuiltInDatasets.TryGetValue(settings.Dataset, out Func<TrainSettings, Dataset>? make)
            ? make(settings)
            : throw new ArgumentException($"Unknown dataset '{settings.Dataset}'; expected one of: {string.Join(", ", BuiltInDatasets.Keys)}.", nameof(settings));
    }

    private OutputFiles Write(string folder, Trainer trainer, Dataset data, List<StepResult> history)
    {
        Directory.CreateDirectory(folder);
        string model = Path.Combine(folder, "model.json");
        string curve = Path.Combine(folder, "training.png");
        string boundary = Path.Combine(folder, "decision-boundary.png");
        ModelFile.Save(trainer.Model, model);
        TrainingCurvePlot.Save(history, curve);
        if (data.FeatureCount == 2)
        {
            DecisionBoundaryPlot.Save(trainer, data, boundary);
            return new OutputFiles(model, curve, boundary);
        }

        console.MarkupLineInterpolated($"[yellow]note:[/] no decision boundary picture: it needs 2 features and '{data.Name}' has {data.FeatureCount}.");
        return new OutputFiles(model, curve, null);
    }

    private void ShowSummary(TrainSettings settings, Dataset data, Trainer trainer, List<StepResult> history, double accuracy, TimeSpan elapsed, OutputFiles files)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]training summary[/]").AddColumn("").AddColumn("");
        table.HideHeaders();
        void Row(string name, string value) => table.AddRow(new Text(name, new Style(Color.Grey)), new Text(value));
        Row("data", $"{data.Name}: {data.Count} examples, {data.FeatureCount} features, {data.ClassCount} classes");
        Row("model", $"{trainer.Model} ({trainer.Model.Parameters.Count} parameters)");
        Row("loss", $"{trainer.Loss}{(trainer.Options.L2 > 0 ? $" + L2 {trainer.Options.L2.ToString(CultureInfo.InvariantCulture)}" : "")}");
        Row("optimizer", string.Create(CultureInfo.InvariantCulture, $"{trainer.Options.Optimizer}, learning rate {trainer.Optimizer.LearningRate} decaying to a tenth"));
        Row("steps", string.Create(CultureInfo.InvariantCulture, $"{settings.Training.Steps} ({(settings.Training.BatchSize == 0 ? "full batch" : $"batches of {settings.Training.BatchSize}")}) in {elapsed.TotalSeconds:F2} s"));
        Row("graph", trainer.IsCompiled ? "recorded once, replayed every step (CompiledGraph)" : "rebuilt every step (mini-batches change its shape)");
        Row("final loss", history[^1].Loss.ToString("F6", CultureInfo.InvariantCulture));
        Row("training accuracy", accuracy.ToString("P2", CultureInfo.InvariantCulture));
        Row("files", string.Join(Environment.NewLine, new[] { files.Model, files.Curve, files.Boundary }.OfType<string>()));
        console.Write(table);
    }

    private sealed record OutputFiles(string Model, string Curve, string? Boundary);
}
