using System.CommandLine;
using System.Globalization;
using AutoGrad.Training;
using Spectre.Console;

namespace AutoGrad.Cli.Commands;

/// <summary>
/// The <c>train</c> command: its options, and the parsing of them into <see cref="TrainSettings"/>.
/// Every default shown and used here is read from a <c>new TrainSettings()</c> (and so from
/// <see cref="TrainingOptions"/>); every word comes from <see cref="TrainingNames"/>.
/// </summary>
internal static class TrainCommand
{
    private static readonly TrainSettings Defaults = new();

    public static Command Create(IAnsiConsole console)
    {
        (Command command, TrainOptions options) = Build();
        command.SetAction(parse => new TrainJob(console).Run(Bind(parse, options)));
        return command;
    }

    /// <summary>The settings <c>autograd train</c> runs with for these arguments (which must parse).</summary>
    /// <param name="args">The arguments after <c>train</c>.</param>
    /// <exception cref="ArgumentException">The arguments do not parse; the message lists the errors.</exception>
    internal static TrainSettings ParseSettings(params string[] args)
    {
        (Command command, TrainOptions options) = Build();
        ParseResult parse = command.Parse(args);
        if (parse.Errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", parse.Errors.Select(e => e.Message)), nameof(args));
        }

        return Bind(parse, options);
    }

    private static (Command Command, TrainOptions Options) Build()
    {
        TrainingOptions training = Defaults.Training;
        var options = new TrainOptions(
            Dataset: new Option<string>("--dataset", "-d") { Description = "A built-in dataset.", DefaultValueFactory = _ => Defaults.Dataset },
            Csv: new Option<FileInfo?>("--csv") { Description = "Train on your own CSV file instead (header row; numeric features; a 'label' column or the last one)." },
            Samples: new Option<int>("--samples") { Description = "Examples in a built-in dataset.", DefaultValueFactory = _ => Defaults.Samples },
            Noise: new Option<double>("--noise") { Description = "Noise of a built-in dataset.", DefaultValueFactory = _ => Defaults.Noise },
            Layers: new Option<string>("--layers", "-l") { Description = "Hidden layer sizes, comma-separated; the output layer is added to fit the loss.", DefaultValueFactory = _ => string.Join(",", training.HiddenLayers) },
            Activation: new Option<string>("--activation", "-a") { Description = "Hidden activation.", DefaultValueFactory = _ => TrainingNames.Activations.NameOf(training.Activation) },
            Loss: new Option<string?>("--loss") { Description = $"Loss: {string.Join(", ", TrainingNames.Losses.Names)} [default: hinge for 2 classes, softmax-ce for more]." },
            Optimizer: new Option<string>("--optimizer", "-o") { Description = "Optimizer.", DefaultValueFactory = _ => TrainingNames.Optimizers.NameOf(training.Optimizer) },
            LearningRate: new Option<double?>("--learning-rate", "--lr") { Description = $"Base learning rate, decayed linearly to a tenth [default: {LearningRateDefaults()}]." },
            Steps: new Option<int>("--steps", "-s") { Description = "Training steps.", DefaultValueFactory = _ => training.Steps },
            BatchSize: new Option<int>("--batch-size", "-b") { Description = "Examples per step; 0 uses the whole dataset.", DefaultValueFactory = _ => training.BatchSize },
            Seed: new Option<int>("--seed") { Description = "Seed of the data, the weights and the batches.", DefaultValueFactory = _ => training.Seed },
            Output: new Option<string>("--output") { Description = "Folder for model.json, training.png and decision-boundary.png.", DefaultValueFactory = _ => Defaults.OutputFolder });
        options.Dataset.AcceptOnlyFromAmong([.. TrainJob.BuiltInDatasets.Keys]);
        options.Activation.AcceptOnlyFromAmong([.. TrainingNames.Activations.Names]);
        options.Loss.AcceptOnlyFromAmong([.. TrainingNames.Losses.Names]);
        options.Optimizer.AcceptOnlyFromAmong([.. TrainingNames.Optimizers.Names]);

        var command = new Command("train", "Train an MLP classifier and write the model, its training curve and its decision boundary. With no options: micrograd's moons demo.")
        {
            options.Dataset, options.Csv, options.Samples, options.Noise, options.Layers, options.Activation, options.Loss,
            options.Optimizer, options.LearningRate, options.Steps, options.BatchSize, options.Seed, options.Output,
        };
        options.Layers.Validators.Add(result =>
        {
            if (ParseLayers(result.GetValueOrDefault<string>()) is null)
            {
                result.AddError($"--layers expects positive whole numbers separated by commas, like 16,16; got '{result.GetValueOrDefault<string>()}'.");
            }
        });
        AtLeast(options.Steps, 1);
        AtLeast(options.Samples, 4);
        AtLeast(options.BatchSize, 0);
        options.LearningRate.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is { } rate && !(rate > 0 && double.IsFinite(rate)))
            {
                result.AddError($"--learning-rate must be positive; got {rate.ToString(CultureInfo.InvariantCulture)}.");
            }
        });
        return (command, options);
    }

    private static TrainSettings Bind(ParseResult parse, TrainOptions options)
    {
        string? lossName = parse.GetValue(options.Loss);
        return Defaults with
        {
            Dataset = parse.GetValue(options.Dataset)!,
            CsvPath = parse.GetValue(options.Csv)?.FullName,
            Samples = parse.GetValue(options.Samples),
            Noise = parse.GetValue(options.Noise),
            OutputFolder = parse.GetValue(options.Output)!,
            Training = Defaults.Training with
            {
                HiddenLayers = ParseLayers(parse.GetValue(options.Layers)!)!,
                Activation = TrainingNames.Activations.Parse(parse.GetValue(options.Activation)!),
                Loss = lossName is null ? null : TrainingNames.Losses.Parse(lossName),
                Optimizer = TrainingNames.Optimizers.Parse(parse.GetValue(options.Optimizer)!),
                LearningRate = parse.GetValue(options.LearningRate),
                Steps = parse.GetValue(options.Steps),
                BatchSize = parse.GetValue(options.BatchSize),
                Seed = parse.GetValue(options.Seed),
            },
        };
    }

    /// <summary>"sgd 1.0, momentum 0.1, …", from <see cref="TrainingOptions.DefaultLearningRate"/>.</summary>
    private static string LearningRateDefaults() =>
        string.Join(", ", Enum.GetValues<OptimizerKind>().Select(kind =>
            string.Create(CultureInfo.InvariantCulture, $"{TrainingNames.Optimizers.NameOf(kind)} {TrainingOptions.DefaultLearningRate(kind):0.0##}")));

    private static void AtLeast(Option<int> option, int minimum) =>
        option.Validators.Add(result =>
        {
            int value = result.GetValueOrDefault<int>();
            if (value < minimum)
            {
                result.AddError($"{option.Name} must be at least {minimum}; got {value}.");
            }
        });

    /// <summary>"16,16" → [16, 16]; "" → [] (no hidden layer); null if anything is not a positive whole number.</summary>
    internal static int[]? ParseLayers(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        var sizes = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out sizes[i]) || sizes[i] < 1)
            {
                return null;
            }
        }

        return sizes;
    }

    /// <summary>The options of the command, so binding reads the same objects the parser filled.</summary>
    private sealed record TrainOptions(
        Option<string> Dataset,
        Option<FileInfo?> Csv,
        Option<int> Samples,
        Option<double> Noise,
        Option<string> Layers,
        Option<string> Activation,
        Option<string?> Loss,
        Option<string> Optimizer,
        Option<double?> LearningRate,
        Option<int> Steps,
        Option<int> BatchSize,
        Option<int> Seed,
        Option<string> Output);
}
