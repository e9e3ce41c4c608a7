using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using AutoGrad.Data;
using AutoGrad.Training;
using Spectre.Console;
using static AutoGrad.Cli.Commands.FileArguments;

namespace AutoGrad.Cli.Commands;

/// <summary>
/// The <c>train</c> command: its options, and the parsing of them into <see cref="TrainSettings"/>.
/// Every default shown and used here is read from a <c>new TrainSettings()</c> (and so from
/// <see cref="TrainingOptions"/>); every word comes from <see cref="TrainingNames"/>. Every value is
/// checked while parsing, so a bad one is one line on stderr (exit code 2) before any work starts.
/// </summary>
internal static class TrainCommand
{
    /// <summary>The most training steps; the history of a million steps still fits in memory easily.</summary>
    public const int MaxSteps = 1_000_000;

    /// <summary>The most examples in a built-in dataset (and so in a batch): each example records its own graph.</summary>
    public const int MaxSamples = 10_000;

    /// <summary>The largest CSV file read, 100 MB: the file is read whole, and a device such as /dev/zero never ends.</summary>
    public const long MaxCsvBytes = FileArguments.MaxInputBytes;

    /// <summary>The most units in one hidden layer.</summary>
    public const int MaxLayerWidth = 1000;

    /// <summary>The most hidden layers.</summary>
    public const int MaxLayers = 10;

    /// <summary>The most noise of a built-in dataset; the datasets are about 1 wide, so 10 is noise alone.</summary>
    public const double MaxNoise = 10;

    private static readonly TrainSettings Defaults = new();

    public static Command Create(IAnsiConsole console, TextWriter error, CancellationToken cancellation)
    {
        (Command command, TrainOptions options) = Build();
        command.SetAction(parse => new TrainJob(console, error, cancellation).Run(Bind(parse, options)));
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
            Dataset: OneOf("--dataset", "-d", "A built-in dataset.", [.. TrainJob.BuiltInDatasets.Keys], Defaults.Dataset),
            Csv: new Option<string?>("--csv") { Description = "Train on your own CSV file instead: numeric feature columns and a label column ('label', else the last); a header row is optional (a first row of numbers is data); UTF-8, quoted fields as RFC 4180. With --task regression the target column ('target', else 'label', else the last) must hold numbers.", CustomParser = result => FileArguments.ReadableFile(result, "CSV file") },
            Task: OneOf("--task", null, "What to learn: classification (the label names a class) or regression (a numeric target, learnt with mse and reported as RMSE) [default: the dataset's own: regression for wave, classification for the others and for --csv].", [.. Enum.GetValues<TrainTask>().Select(TaskName)], null),
            Samples: WholeNumber("--samples", null, $"Examples in a built-in dataset, 4 to {MaxSamples}.", Defaults.Samples, 4, MaxSamples),
            Noise: new Option<double>("--noise") { Description = $"Noise of a built-in dataset, 0 to {MaxNoise}.", DefaultValueFactory = _ => Defaults.Noise, CustomParser = Noise },
            Layers: new Option<string>("--layers", "-l")
            {
                Description = $"Hidden layer sizes, comma-separated (each 1 to {MaxLayerWidth}, at most {MaxLayers} layers); the output layer is added to fit the loss.",
                DefaultValueFactory = _ => string.Join(",", training.HiddenLayers),
                CustomParser = Layers,
            },
            Activation: OneOf("--activation", "-a", "Hidden activation.", TrainingNames.Activations.Names, TrainingNames.Activations.NameOf(training.Activation)),
            MaxoutPieces: WholeNumber("--maxout-pieces", null, $"Linear pieces of each maxout unit (with --activation maxout), 2 to {AutoGrad.Nn.Neuron.MaxMaxoutPieces}.", training.MaxoutPieces, 2, AutoGrad.Nn.Neuron.MaxMaxoutPieces),
            Init: OneOf("--init", null, $"Initial weights: {string.Join(", ", TrainingNames.Initializations.Names)} [default: he for the ReLU family, xavier for tanh, sigmoid, linear and maxout].", TrainingNames.Initializations.Names, null),
            Loss: OneOf("--loss", null, $"Loss: {string.Join(", ", TrainingNames.Losses.Names)} [default: hinge for 2 classes, softmax-ce for more, mse (the only one) for a regression].", TrainingNames.Losses.Names, null),
            Optimizer: OneOf("--optimizer", null, "Optimizer.", TrainingNames.Optimizers.Names, TrainingNames.Optimizers.NameOf(training.Optimizer)),
            LearningRate: new Option<double?>("--learning-rate", "--lr") { Description = $"Base learning rate, decayed linearly to a tenth [default: {LearningRateDefaults()}].", CustomParser = LearningRate },
            WeightDecay: new Option<double>("--weight-decay")
            {
                Description = string.Create(CultureInfo.InvariantCulture, $"Weight decay: the L2 strength α, the loss gaining α Σ w², a finite number at least 0 [default: {training.L2}]."),
                HelpName = "alpha",
                DefaultValueFactory = _ => training.L2,
                CustomParser = result => TryParseNumber(Token(result), out double alpha) && alpha >= 0 ? alpha : Refuse<double>(result, "a finite number at least 0, like 0.001"),
            },
            Dropout: new Option<double>("--dropout")
            {
                Description = string.Create(CultureInfo.InvariantCulture, $"Dropout: the chance of dropping each hidden unit at each training step, from 0 up to (not including) 1 [default: {training.Dropout}, none]. The graph is then built afresh every step."),
                HelpName = "p",
                DefaultValueFactory = _ => training.Dropout,
                CustomParser = result => TryParseNumber(Token(result), out double p) && p is >= 0 and < 1 ? p : Refuse<double>(result, "a probability from 0 up to (not including) 1, like 0.3"),
            },
            BatchNorm: new Option<bool>("--batch-norm")
            {
                Description = "Batch-normalise every hidden layer (Affine → BatchNorm → activation); batches need at least 2 examples, and the graph is then built afresh every step.",
            },
            Steps: WholeNumber("--steps", "-s", $"Training steps, 1 to {MaxSteps}.", training.Steps, 1, MaxSteps),
            BatchSize: WholeNumber("--batch-size", "-b", "Examples per step, up to the number of examples; 0 uses the whole dataset.", training.BatchSize, 0, MaxSamples, "0 (the whole dataset)"),
            Seed: WholeNumber("--seed", null, "Seed of the data, the weights and the batches.", training.Seed, int.MinValue, int.MaxValue),
            Split: new Option<double[]?>("--split")
            {
                Description = "Train on a stratified, seeded share of the data and hold out the rest: three shares for train, validation and test, like 0.7,0.15,0.15; the three accuracies are reported.",
                HelpName = "train,validation,test",
                CustomParser = Split,
            },
            NoStandardize: new Option<bool>("--no-standardize")
            {
                Description = "Feed the features as they are. By default --csv and digits features are standardised (means and deviations of the training part, stored in the model); the 2-D toys never are.",
            },
            LogEvery: new Option<int?>("--log-every")
            {
                Description = $"Report progress every N steps, 1 to {MaxSteps}: a line each time when the output is not a terminal, the progress bar's loss and accuracy on one [default: a tenth of the steps].",
                HelpName = "N",
                CustomParser = result =>
                    int.TryParse(Token(result), NumberStyles.None, CultureInfo.InvariantCulture, out int every) && every is >= 1 and <= MaxSteps
                        ? every
                        : Refuse<int?>(result, $"a whole number from 1 to {MaxSteps}"),
            },
            NoPlots: new Option<bool>("--no-plots")
            {
                Description = "Write the model only, none of the pictures (and remove the pictures an earlier run left in the folder).",
            },
            Output: new Option<string>("--output", "-o")
            {
                Description = $"Folder for {string.Join(", ", TrainOutputs.FileNames)}; made if missing.",
                DefaultValueFactory = _ => Defaults.OutputFolder,
            });

        var command = new Command("train", "Train an MLP classifier (or a regression: --dataset wave, or --csv FILE --task regression) and write the model and its pictures (training curves; the decision boundary of 2-D data; for digits the confusion matrix, misclassified images, first-layer weights and predicted probabilities). With no options: micrograd's moons demo. " +
            "Exit codes: 0 done, 1 failed (training diverged: nothing is written), 2 bad option or input (one line on stderr), 130 cancelled by Ctrl-C.")
        {
            options.Dataset, options.Csv, options.Task, options.Samples, options.Noise, options.Layers, options.Activation, options.MaxoutPieces, options.Init, options.Loss,
            options.Optimizer, options.LearningRate, options.WeightDecay, options.Dropout, options.BatchNorm, options.Steps, options.BatchSize, options.Seed, options.Split, options.NoStandardize,
            options.LogEvery, options.NoPlots, options.Output,
        };
        OutputPath.Check(command, options.Output, OutputPath.Kind.Folder(TrainOutputs.FileNames), options.Csv);
        command.Validators.Add(result =>
        {
            string? activation = result.GetResult(options.Activation) is { Implicit: false, Tokens: [.., { } word] } ? word.Value.ToLowerInvariant() : null;
            if (result.GetResult(options.MaxoutPieces) is { Implicit: false } && activation != "maxout")
            {
                result.AddError("--maxout-pieces applies to --activation maxout; add it, or leave --maxout-pieces out.");
            }

            if (result.GetResult(options.BatchNorm) is { Implicit: false } && activation == "maxout")
            {
                result.AddError("--batch-norm normalises one weighted sum per unit and a maxout unit has one per piece; use another --activation, or leave --batch-norm out.");
            }

            if (result.GetResult(options.BatchNorm) is { Implicit: false } && result.GetResult(options.BatchSize) is { Implicit: false, Tokens: [.., { Value: "1" }] })
            {
                result.AddError("--batch-norm needs at least 2 examples per batch for a variance; --batch-size 1 has one. Use --batch-size 2 or more, or 0 (the whole dataset).");
            }
        });
        command.Validators.Add(result =>
        {
            // --task against a built-in dataset's own task: its examples hold classes or numbers, not both.
            string? task = result.GetResult(options.Task) is { Implicit: false, Tokens: [.., { } taskToken] } ? taskToken.Value.ToLowerInvariant() : null;
            string? named = result.GetResult(options.Dataset) is { Implicit: false, Tokens: [.., { } nameToken] } ? nameToken.Value.ToLowerInvariant() : null;
            if (task is not null && result.GetResult(options.Csv) is not { Implicit: false }
                && TrainJob.BuiltInDatasets.TryGetValue(named ?? Defaults.Dataset, out BuiltInDataset? data) && TaskName(data.Task) != task)
            {
                string fitting = string.Join(", ", TrainJob.BuiltInDatasets.Where(d => TaskName(d.Value.Task) == task).Select(d => d.Key));
                result.AddError($"--task {task} does not fit --dataset {named ?? Defaults.Dataset}, whose examples hold {(data.Task == TrainTask.Regression ? "a numeric target" : "classes")}; expected --dataset {fitting}, or --csv FILE, or no --task.");
            }
        });
        command.Validators.Add(result =>
        {
            if (result.GetResult(options.Csv) is not { Implicit: false })
            {
                // The dataset's tokens, not GetValue: a validator must not throw when the value itself is bad.
                string? dataset = result.GetResult(options.Dataset) is { Implicit: false, Tokens: [.., { } token] } ? token.Value.ToLowerInvariant() : null;
                Option? given = new Option[] { options.Samples, options.Noise }.FirstOrDefault(o => result.GetResult(o) is { Implicit: false });
                if (dataset is not null && given is not null && TrainJob.BuiltInDatasets.TryGetValue(dataset, out BuiltInDataset? builtIn) && !builtIn.Generated)
                {
                    result.AddError($"{given.Name} applies to the generated datasets; --dataset {dataset} is a fixed set of examples.");
                }
                else if (dataset == "xor" && result.GetResult(options.Noise) is { Implicit: false })
                {
                    result.AddError("--noise does not apply to --dataset xor (its points are uniform in the square); leave it out.");
                }

                return;
            }

            if (result.GetResult(options.Dataset) is { Implicit: false })
            {
                result.AddError("--dataset and --csv both name the data; give one of them.");
            }
            else if (new Option[] { options.Samples, options.Noise }.FirstOrDefault(o => result.GetResult(o) is { Implicit: false }) is { } builtInOnly)
            {
                result.AddError($"{builtInOnly.Name} applies to the built-in datasets; it cannot be used with --csv.");
            }
        });
        return (command, options);
    }

    private static TrainSettings Bind(ParseResult parse, TrainOptions options)
    {
        string? lossName = parse.GetValue(options.Loss);
        string? csv = parse.GetValue(options.Csv);
        string dataset = parse.GetValue(options.Dataset)!;
        string? task = parse.GetValue(options.Task);

        // Real data is standardised unless asked not to; the generated toys are already centred and about 1 wide.
        bool standardize = !parse.GetValue(options.NoStandardize) && (csv is not null || !TrainJob.BuiltInDatasets[dataset].Generated);
        return Defaults with
        {
            Dataset = dataset,
            CsvPath = csv is null ? null : Path.GetFullPath(csv),
            Task = task is not null ? Enum.GetValues<TrainTask>().Single(t => TaskName(t) == task) : csv is null ? TrainJob.BuiltInDatasets[dataset].Task : TrainTask.Classification,
            Split = parse.GetValue(options.Split) is { Length: 3 } split ? split : null, // an absent array option reads as empty
            LogEvery = parse.GetValue(options.LogEvery),
            Plots = !parse.GetValue(options.NoPlots),
            Samples = parse.GetValue(options.Samples),
            Noise = parse.GetValue(options.Noise),
            OutputFolder = parse.GetValue(options.Output)!,
            Training = Defaults.Training with
            {
                HiddenLayers = ParseLayers(parse.GetValue(options.Layers)!)!,
                Activation = TrainingNames.Activations.Parse(parse.GetValue(options.Activation)!),
                MaxoutPieces = parse.GetValue(options.MaxoutPieces),
                Initialization = parse.GetValue(options.Init) is { } init ? TrainingNames.Initializations.Parse(init) : null,
                Loss = lossName is null ? null : TrainingNames.Losses.Parse(lossName),
                Optimizer = TrainingNames.Optimizers.Parse(parse.GetValue(options.Optimizer)!),
                LearningRate = parse.GetValue(options.LearningRate),
                L2 = parse.GetValue(options.WeightDecay),
                Dropout = parse.GetValue(options.Dropout),
                BatchNorm = parse.GetValue(options.BatchNorm),
                Steps = parse.GetValue(options.Steps),
                BatchSize = parse.GetValue(options.BatchSize),
                Seed = parse.GetValue(options.Seed),
                Standardize = standardize,
            },
        };
    }

    /// <summary>The word --task takes for a task: "classification", "regression".</summary>
    private static string TaskName(TrainTask task) => task.ToString().ToLowerInvariant();

    /// <summary>"sgd 1.0, momentum 0.1, …", from <see cref="TrainingOptions.DefaultLearningRate"/>.</summary>
    private static string LearningRateDefaults() =>
        string.Join(", ", Enum.GetValues<OptimizerKind>().Select(kind =>
            string.Create(CultureInfo.InvariantCulture, $"{TrainingNames.Optimizers.NameOf(kind)} {TrainingOptions.DefaultLearningRate(kind):0.0##}")));

    // Each parser below checks its value and, when it is wrong, adds one error naming the option as
    // typed, the value and what is expected. It never throws: a parse error must not become a stack trace.
    private static Option<int> WholeNumber(string name, string? alias, string description, int defaultValue, int minimum, int maximum, string? from = null)
    {
        string expected = string.Create(CultureInfo.InvariantCulture, $"a whole number from {from ?? minimum.ToString(CultureInfo.InvariantCulture)} to {maximum}");
        return new Option<int>(name, alias is null ? [] : [alias])
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result =>
                int.TryParse(Token(result), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) && value >= minimum && value <= maximum
                    ? value
                    : Refuse<int>(result, expected),
        };
    }

    private static Option<string> OneOf(string name, string? alias, string description, IReadOnlyList<string> words, string? defaultValue)
    {
        var option = new Option<string>(name, alias is null ? [] : [alias])
        {
            Description = description,
            HelpName = string.Join("|", words),
            CustomParser = result =>
                words.FirstOrDefault(word => string.Equals(word, Token(result), StringComparison.OrdinalIgnoreCase)) is { } word
                    ? word
                    : Refuse<string>(result, $"one of {string.Join(", ", words)}"),
        };
        if (defaultValue is not null)
        {
            option.DefaultValueFactory = _ => defaultValue;
        }

        return option;
    }

    private static double Noise(ArgumentResult result) =>
        TryParseNumber(Token(result), out double noise) && noise is >= 0 and <= MaxNoise
            ? noise
            : Refuse<double>(result, string.Create(CultureInfo.InvariantCulture, $"a number from 0 to {MaxNoise}"));

    private static double? LearningRate(ArgumentResult result) =>
        TryParseNumber(Token(result), out double rate) && rate > 0
            ? rate
            : Refuse<double?>(result, "a positive finite number, like 0.05");

    private static double[]? Split(ArgumentResult result)
    {
        string[] parts = Token(result).Split(',', StringSplitOptions.TrimEntries);
        var shares = new double[parts.Length];
        if (parts.Length != 3 || !parts.Select((part, i) => TryParseNumber(part, out shares[i])).All(ok => ok))
        {
            return Refuse<double[]?>(result, "three shares for train, validation and test separated by commas, like 0.7,0.15,0.15");
        }

        if (DatasetSplit.Problem(shares[0], shares[1], shares[2]) is { } problem)
        {
            result.AddError($"{Typed(result)} '{Token(result)}': {char.ToLowerInvariant(problem[0])}{problem[1..]}");
        }

        return shares;
    }

    private static string Layers(ArgumentResult result) =>
        ParseLayers(Token(result)) is not null
            ? Token(result)
            : Refuse<string>(result, $"hidden layer sizes from 1 to {MaxLayerWidth} separated by commas, at most {MaxLayers} of them, like 16,16 (or '' for none)");

    private static bool TryParseNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>"16,16" → [16, 16]; "" → [] (no hidden layer); null if a size is not a whole number from 1 to <see cref="MaxLayerWidth"/> or there are more than <see cref="MaxLayers"/>.</summary>
    internal static int[]? ParseLayers(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length > MaxLayers)
        {
            return null;
        }

        var sizes = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out sizes[i]) || sizes[i] is < 1 or > MaxLayerWidth)
            {
                return null;
            }
        }

        return sizes;
    }

    /// <summary>The options of the command, so binding reads the same objects the parser filled.</summary>
    private sealed record TrainOptions(
        Option<string> Dataset,
        Option<string?> Csv,
        Option<string> Task,
        Option<int> Samples,
        Option<double> Noise,
        Option<string> Layers,
        Option<string> Activation,
        Option<int> MaxoutPieces,
        Option<string> Init,
        Option<string> Loss,
        Option<string> Optimizer,
        Option<double?> LearningRate,
        Option<double> WeightDecay,
        Option<double> Dropout,
        Option<bool> BatchNorm,
        Option<int> Steps,
        Option<int> BatchSize,
        Option<int> Seed,
        Option<double[]?> Split,
        Option<bool> NoStandardize,
        Option<int?> LogEvery,
        Option<bool> NoPlots,
        Option<string> Output);
}
