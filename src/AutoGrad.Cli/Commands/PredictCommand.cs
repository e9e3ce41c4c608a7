using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using AutoGrad.IO;
using AutoGrad.Training;
using nietras.SeparatedValues;

namespace AutoGrad.Cli.Commands;

/// <summary>
/// <c>autograd predict --model out/model.json --csv new.csv [-o predictions.csv]</c>: the class a
/// trained classifier gives each row (or the number a regressor predicts, in the target's units),
/// standardised as in training, written as a CSV file with one column, <c>prediction</c>, one row per
/// data row in order (to stdout without -o).
/// </summary>
internal static class PredictCommand
{
    public static Command Create(TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        Option<string> model = ModelInput.ModelOption();
        Option<string> csv = ModelInput.CsvOption("The examples: a CSV file with the model's feature columns and optionally its label column (ignored here); a header row is optional (with one, columns are matched to the model's by name, else taken in training's order).");
        var file = new Option<string?>("--output", "-o")
        {
            Description = "The CSV file to write the predictions to (written whole, only once every row is predicted) [default: stdout].",
            HelpName = "file",
        };
        var command = new Command("predict", "Predict the class (or, with a regressor, the number) of every row of a CSV file with a model autograd train wrote. " +
            "Exit codes: 0 done, 1 could not write the output, 2 bad option, model or CSV file (one line on stderr), 130 cancelled by Ctrl-C.")
        {
            model, csv, file,
        };
        OutputPath.Check(command, file, OutputPath.Kind.File("CSV file"), model, csv);
        ModelInput.CheckDefaultModel(command, model, csv);
        command.SetAction(parse => Run(parse.GetValue(model)!, parse.GetValue(csv)!, parse.GetValue(file), output, error, cancellation));
        return command;
    }

    private static int Run(string modelPath, string csvPath, string? outputPath, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        if (ModelInput.Load(modelPath, csvPath, error, cancellation) is not var (model, rows))
        {
            return ExitCodes.BadInput;
        }

        double[]? numbers = null;
        string[] predicted = Interruptible.Run(
            () => model switch
            {
                Classifier classifier => classifier.Predict(rows.Features).Select(k => classifier.ClassNames[k]).ToArray(),
                Regressor regressor => (numbers = regressor.Predict(rows.Features)).Select(y => y.ToString("R", CultureInfo.InvariantCulture)).ToArray(),
                _ => throw new UnreachableException($"TrainedModelFile loaded a {model.GetType().Name}."),
            },
            cancellation);
        if (numbers is not null && Array.FindIndex(numbers, y => !double.IsFinite(y)) is int row and >= 0)
        {
            // An overflowed number is no prediction: say so rather than print -Infinity as one.
            return CliApplication.Fail(error, ExitCodes.Failed, string.Create(
                CultureInfo.InvariantCulture,
                $"--csv '{csvPath}', line {rows.LineNumbers[row]}: the prediction is {numbers[row]}, not a finite number: the row's features are too far from the training data's for the network's arithmetic; nothing was written."));
        }
        string text = Csv(predicted);
        if (outputPath is null)
        {
            output.Write(text);
            return ExitCodes.Done;
        }

        try
        {
            AtomicFile.WriteAllText(outputPath, text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return CliApplication.Fail(error, ExitCodes.Failed, $"could not write --output '{outputPath}': {e.Message}");
        }

        output.WriteLine($"wrote {predicted.Length} prediction{(predicted.Length == 1 ? "" : "s")} to {outputPath}");
        return ExitCodes.Done;
    }

    /// <summary>"prediction" and then each row's class name (or number, round-trip exact), one a line, quoted as RFC 4180 says where a name holds a comma or quote.</summary>
    private static string Csv(string[] predicted)
    {
        var text = new StringWriter { NewLine = "\n" };
        text.WriteLine("prediction");
        using (SepWriter writer = Sep.New(',').Writer(o => o with { Escape = true, WriteHeader = false }).To(text, leaveOpen: true))
        {
            foreach (string prediction in predicted)
            {
                using SepWriter.Row row = writer.NewRow();
                row[0].Set(prediction);
            }
        }

        return text.ToString();
    }
}
