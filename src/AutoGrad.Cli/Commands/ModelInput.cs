using System.CommandLine;
using AutoGrad.Data;
using AutoGrad.Training;

namespace AutoGrad.Cli.Commands;

/// <summary>
/// What <c>predict</c> and <c>eval</c> both read: the classifier file <c>train</c> wrote (--model) and
/// a CSV file of examples with the model's feature columns (--csv), loaded with one-line errors. A
/// model trained on a CSV file with a header finds its features by name, in any order.
/// </summary>
internal static class ModelInput
{
    /// <summary>Where <c>autograd train</c> writes its model with the default --output.</summary>
    public static string DefaultModelPath { get; } = Path.Combine(new TrainSettings().OutputFolder, TrainJob.OutputFileNames[0]);

    public static Option<string> ModelOption() => new("--model", "-m")
    {
        Description = $"The model file autograd train wrote [default: {DefaultModelPath}].",
        HelpName = "file",
        DefaultValueFactory = _ => DefaultModelPath,
        CustomParser = result => FileArguments.ReadableFile(result, "model file")!,
    };

    public static Option<string> CsvOption(string description) => new("--csv")
    {
        Description = description,
        HelpName = "file",
        Required = true,
        CustomParser = result => FileArguments.ReadableFile(result, "CSV file")!,
    };

    /// <summary>Loads both files; on a bad one writes one line to <paramref name="error"/> and returns null.</summary>
    public static (Classifier Classifier, CsvRows Rows)? Load(string modelPath, string csvPath, TextWriter error)
    {
        Classifier classifier;
        try
        {
            classifier = ClassifierFile.Load(modelPath);
        }
        catch (Exception e) when (e is DataFormatException or IOException or UnauthorizedAccessException)
        {
            Fail(error, $"--model {e.Message}");
            return null;
        }

        try
        {
            // Columns are found by name when the model and the file both have names, else by count.
            CsvRows rows = classifier.FeatureNames is { } names
                ? CsvDataset.LoadRows(csvPath, names)
                : CsvDataset.LoadRows(csvPath, classifier.FeatureCount);
            return (classifier, rows);
        }
        catch (DataFormatException e)
        {
            Fail(error, $"--csv {e.Message}");
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Fail(error, $"--csv {e.Message}");
            return null;
        }
    }

    public static void Fail(TextWriter error, string message) => error.WriteLine($"error: {CliApplication.OneLine(message)}");
}
