using System.CommandLine;
using System.Globalization;
using AutoGrad.Nn;
using AutoGrad.Training;
using Spectre.Console;

namespace AutoGrad.Cli.Commands;

/// <summary>The <c>train</c> command: its options, and the parsing of them into <see cref="TrainSettings"/>.</summary>
internal static class TrainCommand
{
    private static readonly Dictionary<string, LossKind> LossNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["hinge"] = LossKind.Hinge,
        ["bce"] = LossKind.BinaryCrossEntropy,
        ["softmax-ce"] = LossKind.SoftmaxCrossEntropy,
        ["mse"] = LossKind.MeanSquaredError,
    };

    private static readonly Dictionary<string, OptimizerKind> OptimizerNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sgd"] = OptimizerKind.Sgd,
        ["momentum"] = OptimizerKind.Momentum,
        ["adagrad"] = OptimizerKind.AdaGrad,
        ["adam"] = OptimizerKind.Adam,
    };

    public static Command Create(IAnsiConsole console)
    {
        var dataset = new Option<string>("--dataset", "-d") { Description = "A built-in dataset.", DefaultValueFactory = _ => "moons" };
        dataset.AcceptOnlyFromAmong("moons", "circles", "xor", "spirals");
        var csv = new Option<FileInfo?>("--csv") { Description = "Train on your own CSV file instead (header row; numeric features; a 'label' column or the last one)." };
        var samples = new Option<int>("--samples") { Description = "Examples in a built-in dataset.", DefaultValueFactory = _ => 100 };
        var noise = new Option<double>("--noise") { Description = "Noise of a built-in dataset.", DefaultValueFactory = _ => 0.1 };
        var layers = new Option<string>("--layers", "-l") { Description = "Hidden layer sizes, comma-separated; the output layer is added to fit the loss.", DefaultValueFactory = _ => "16,16" };
        var activation = new Option<string>("--activation", "-a") { Description = "Hidden activation.", DefaultValueFactory = _ => "relu" };
        activation.AcceptOnlyFromAmong([.. ActivationNames.All]);
        var loss = new Option<string?>("--loss") { Description = "Loss: hinge, bce, softmax-ce or mse [default: hinge for 2 classes, softmax-ce for more]." };
        loss.AcceptOnlyFromAmong([.. LossNames.Keys]);
        var optimizer = new Option<string>("--optimizer", "-o") { Description = "Optimizer.", DefaultValueFactory = _ => "sgd" };
        optimizer.AcceptOnlyFromAmong([.. OptimizerNames.Keys]);
        var learningRate = new Option<double?>("--learning-rate", "--lr") { Description = "Base learning rate, decayed linearly to a tenth [default: sgd 1.0, adam 0.02, others 0.1]." };
        var steps = new Option<int>("--steps", "-s") { Description = "Training steps.", DefaultValueFactory = _ => 100 };
        var batchSize = new Option<int>("--batch-size", "-b") { Description = "Examples per step; 0 uses the whole dataset.", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seed of the data, the weights and the batches.", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--output") { Description = "Folder for model.json, training.png and decision-boundary.png.", DefaultValueFactory = _ => "out" };

        var command = new Command("train", "Train an MLP classifier and write the model, its training curve and its decision boundary. With no options: micrograd's moons demo.")
        {
            dataset, csv, samples, noise, layers, activation, loss, optimizer, learningRate, steps, batchSize, seed, output,
        };
        layers.Validators.Add(result =>
        {
            if (ParseLayers(result.GetValueOrDefault<string>()) is null)
            {
                result.AddError($"--layers expects positive whole numbers separated by commas, like 16,16; got '{result.GetValueOrDefault<string>()}'.");
            }
        });
        AtLeast(steps, 1);
        AtLeast(samples, 4);
        AtLeast(batchSize, 0);
        learningRate.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is { } rate && !(rate > 0 && double.IsFinite(rate)))
            {
                result.AddError($"--learning-rate must be positive; got {rate.ToString(CultureInfo.InvariantCulture)}.");
            }
        });
        command.SetAction(parse =>
        {
            string? lossName = parse.GetValue(loss);
            var settings = new TrainSettings
            {
                Dataset = parse.GetValue(dataset)!,
                CsvPath = parse.GetValue(csv)?.FullName,
                Samples = parse.GetValue(samples),
                Noise = parse.GetValue(noise),
                HiddenLayers = ParseLayers(parse.GetValue(layers)!)!,
                Activation = ActivationNames.Parse(parse.GetValue(activation)!),
                Loss = lossName is null ? null : LossNames[lossName],
                Optimizer = OptimizerNames[parse.GetValue(optimizer)!],
                LearningRate = parse.GetValue(learningRate),
                Steps = parse.GetValue(steps),
                BatchSize = parse.GetValue(batchSize),
                Seed = parse.GetValue(seed),
                OutputFolder = parse.GetValue(output)!,
            };
            return new TrainJob(console).Run(settings);
        });
        return command;
    }

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
}
