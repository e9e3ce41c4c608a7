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
            trainer = new Trainer(data, TrainingOptionsFor(settings, data));
        }
        catch (Exception e) when (e is DataFormatException or IOException or ArgumentException)
        {
            // Nothing has been written yet, so a bad input leaves no half-made output behind.
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return InputError;
        }

        var history = new List<StepResult>(settings.Steps);
        var clock = Stopwatch.StartNew();
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask("training", maxValue: settings.Steps);
                for (int i = 0; i < settings.Steps; i++)
                {
                    StepResult step = trainer.Step();
                    history.Add(step);
                    task.Description = string.Create(CultureInfo.InvariantCulture, $"step {i + 1,4}/{settings.Steps}  loss {step.Loss,8:F4}  accuracy {step.Accuracy,6:P1}");
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

    // --noise defaults to 0.1, micrograd's moons noise. Circles lie closer together, so they take half
    // of it; spirals read it as angle noise in radians, where twice it gives the usual 0.2.
    private static Dataset LoadData(TrainSettings settings) =>
        settings.CsvPath is { } path
            ? CsvDataset.Load(path)
            : settings.Dataset switch
            {
                "circles" => Datasets.Circles(settings.Samples, settings.Noise / 2, seed: settings.Seed),
                "xor" => Datasets.Xor(settings.Samples, settings.Seed),
                "spirals" => Datasets.Spirals(Math.Max(2, settings.Samples / 3), 3, 2 * settings.Noise, settings.Seed),
                _ => Datasets.Moons(settings.Samples, settings.Noise, settings.Seed),
            };

    private static TrainingOptions TrainingOptionsFor(TrainSettings settings, Dataset data) => new()
    {
        HiddenLayers = settings.HiddenLayers,
        Activation = settings.Activation,
        Initialization = settings.Activation is Activation.Tanh or Activation.Sigmoid ? Initialization.Xavier : Initialization.Uniform,
        Loss = settings.Loss ?? (data.ClassCount == 2 ? LossKind.Hinge : LossKind.SoftmaxCrossEntropy),
        Optimizer = settings.Optimizer,
        LearningRate = settings.LearningRate ?? TrainSettings.DefaultLearningRate(settings.Optimizer),
        Steps = settings.Steps,
        BatchSize = settings.BatchSize,
        Seed = settings.Seed,
    };

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
        Row("loss", $"{trainer.Options.Loss}{(trainer.Options.L2 > 0 ? $" + L2 {trainer.Options.L2.ToString(CultureInfo.InvariantCulture)}" : "")}");
        Row("optimizer", string.Create(CultureInfo.InvariantCulture, $"{trainer.Options.Optimizer}, learning rate {trainer.Options.LearningRate} decaying to a tenth"));
        Row("steps", string.Create(CultureInfo.InvariantCulture, $"{settings.Steps} ({(settings.BatchSize == 0 ? "full batch" : $"batches of {settings.BatchSize}")}) in {elapsed.TotalSeconds:F2} s"));
        Row("graph", trainer.IsCompiled ? "recorded once, replayed every step (CompiledGraph)" : "rebuilt every step (mini-batches change its shape)");
        Row("final loss", history[^1].Loss.ToString("F6", CultureInfo.InvariantCulture));
        Row("training accuracy", accuracy.ToString("P2", CultureInfo.InvariantCulture));
        Row("files", string.Join(Environment.NewLine, new[] { files.Model, files.Curve, files.Boundary }.OfType<string>()));
        console.Write(table);
    }

    private sealed record OutputFiles(string Model, string Curve, string? Boundary);
}
