using System.CommandLine;
using AutoGrad.Data;
using AutoGrad.Training;

namespace AutoGrad.Cli.Commands;

/// <summary>
/// What <c>predict</c> and <c>eval</c> both read: the model file <c>train</c> wrote (--model; a classifier or a regressor) and
/// a CSV file of examples with the model's feature columns (--csv), loaded with one-line errors. A
/// model trained on a CSV file with a header finds its features by name, in any order.
/// </summary>
internal static class ModelInput
{
    /// <summary>Where <c>autograd train</c> writes its model with the default --output.</summary>
    public static string DefaultModelPath { get; } = Path.Combine(new TrainSettings().OutputFolder, TrainOutputs.ModelFileName);

    public static Option<string> ModelOption() => new("--model", "-m")
    {
        Description = "The model file autograd train wrote.",
        HelpName = "file",
        DefaultValueFactory = _ => DefaultModelPath,
        CustomParser = result => FileArguments.ReadableFile(result, "model file")!,
    };

    /// <summary>
    /// Adds the check of the default --model to <paramref name="command"/>: a typed path is checked as it
    /// is parsed, but the default is not parsed, so a missing one would surface as .NET's own text.
    /// </summary>
    /// <param name="command">predict or eval.</param>
    /// <param name="model">Its --model.</param>
    /// <param name="csv">Its --csv: without one, that is the error to show first.</param>
    public static void CheckDefaultModel(Command command, Option<string> model, Option<string> csv) =>
        command.Validators.Add(result =>
        {
            if (result.GetResult(model) is not { Implicit: false } && result.GetResult(csv) is not null && !File.Exists(DefaultModelPath))
            {
                result.AddError($"--model was not given, and the default '{DefaultModelPath}' does not exist; expected a model file: run autograd train first (it writes {DefaultModelPath}), or give --model FILE.");
            }
        });

    public static Option<string> CsvOption(string description) => new("--csv")
    {
        Description = description,
        HelpName = "file",
        Required = true,
        CustomParser = result => FileArguments.ReadableFile(result, "CSV file")!,
    };

    /// <summary>Loads both files; on a bad one writes one line to <paramref name="error"/> and returns null.</summary>
    /// <remarks>Reading a large CSV file takes seconds: it stops at Ctrl-C (see <see cref="Interruptible"/>).</remarks>
    public static (TrainedModel Model, CsvRows Rows)? Load(string modelPath, string csvPath, TextWriter error, CancellationToken cancellation)
    {
        TrainedModel model;
        try
        {
            model = Interruptible.Run(() => TrainedModelFile.Load(modelPath), cancellation);
        }
        catch (Exception e) when (e is DataFormatException or IOException or UnauthorizedAccessException)
        {
            CliApplication.Fail(error, ExitCodes.BadInput, $"--model {e.Message}");
            return null;
        }

        try
        {
            // Columns are found by name when the model and the file both have names, else by count.
            CsvRows rows = Interruptible.Run(
                () => model.FeatureNames is { } names
                    ? CsvDataset.LoadRows(csvPath, names)
                    : CsvDataset.LoadRows(csvPath, model.FeatureCount),
                cancellation);
            return (model, rows);
        }
        catch (Exception e) when (e is DataFormatException or IOException or UnauthorizedAccessException)
        {
            CliApplication.Fail(error, ExitCodes.BadInput, $"--csv {e.Message}");
            return null;
        }
    }
}
