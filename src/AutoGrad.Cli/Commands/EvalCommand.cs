using System.CommandLine;
using System.Globalization;
using AutoGrad.Data;
using AutoGrad.Plots;
using AutoGrad.Training;
using Spectre.Console;

namespace AutoGrad.Cli.Commands;

/// <summary>
/// <c>autograd eval --model out/model.json --csv test.csv</c>: predicts every labelled row and shows
/// the confusion matrix (true classes down, predicted across, in the labels' own text) and the accuracy;
/// with <c>--plot matrix.png</c>, the same matrix as a picture too. With a regressor's model, the label
/// column holds each row's target number, and eval reports the root mean squared and mean absolute errors.
/// </summary>
internal static class EvalCommand
{
    public static Command Create(IAnsiConsole console, TextWriter error, CancellationToken cancellation)
    {
        Option<string> model = ModelInput.ModelOption();
        Option<string> csv = ModelInput.CsvOption("The labelled examples: a CSV file with the model's feature columns and a label column ('label', else the last); a header row is optional (with one, columns are matched to the model's by name).");
        var plot = new Option<string?>("--plot")
        {
            Description = "Also draw the confusion matrix as a PNG picture to this file (.png), beside the table.",
            HelpName = "FILE.png",
        };
        var command = new Command("eval", "Measure a model autograd train wrote on labelled examples: accuracy and confusion matrix (and its picture with --plot); for a regressor, RMSE and MAE. " +
            "Exit codes: 0 done, 1 the picture could not be written, 2 bad option, model or CSV file, or a label the model does not know (one line on stderr), 130 cancelled by Ctrl-C.")
        {
            model, csv, plot,
        };
        ModelInput.CheckDefaultModel(command, model, csv);
        OutputPath.Check(command, plot, OutputPath.Kind.File("picture"), model, csv);
        command.Validators.Add(result =>
        {
            if (result.GetValue(plot) is { Length: > 0 } path && !string.Equals(Path.GetExtension(path), ".png", StringComparison.OrdinalIgnoreCase))
            {
                result.AddError($"--plot '{path}': the picture is written as PNG; expected a file name ending in .png.");
            }
        });
        command.SetAction(parse => Run(parse.GetValue(model)!, parse.GetValue(csv)!, parse.GetValue(plot), console, error, cancellation));
        return command;
    }

    private static int Run(string modelPath, string csvPath, string? plotPath, IAnsiConsole console, TextWriter error, CancellationToken cancellation)
    {
        if (ModelInput.Load(modelPath, csvPath, error, cancellation) is not var (model, rows))
        {
            return ExitCodes.BadInput;
        }

        if (rows.Labels is null)
        {
            string wanted = model is Regressor ? "target number" : "true class";
            return CliApplication.Fail(error, ExitCodes.BadInput, $"--csv '{csvPath}' has the model's {model.FeatureCount} feature columns but no label column; eval needs one more column with each row's {wanted} (predict takes files without).");
        }

        if (model is Regressor regressor)
        {
            return plotPath is null
                ? Regression(regressor, rows, csvPath, console, error, cancellation)
                : CliApplication.Fail(error, ExitCodes.BadInput, $"--plot draws a confusion matrix, and --model '{modelPath}' is a regressor, which has no classes to confuse; leave --plot out.");
        }

        var classifier = (Classifier)model;

        var labels = new int[rows.Count];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = classifier.ClassIndexOf(rows.Labels[i]);
            if (labels[i] < 0)
            {
                return CliApplication.Fail(error, ExitCodes.BadInput, $"--csv '{csvPath}', line {rows.LineNumbers[i]}: the label '{rows.Labels[i]}' is not a class of the model; expected one of {string.Join(", ", classifier.ClassNames)}.");
            }
        }

        var data = new Dataset(Path.GetFileNameWithoutExtension(csvPath), rows.Features, labels, classifier.ClassNames);
        ConfusionMatrix matrix = Interruptible.Run(() => classifier.Evaluate(data), cancellation);
        console.Write(Table(matrix, data.Name));
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{matrix.Correct} of {matrix.Total} right"));
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"accuracy: {matrix.Accuracy:F4}"));
        if (plotPath is not null)
        {
            try
            {
                string? folder = Path.GetDirectoryName(Path.GetFullPath(plotPath));
                if (folder is not null)
                {
                    Directory.CreateDirectory(folder);
                }

                ConfusionMatrixPlot.Save(matrix, data.Name, plotPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return CliApplication.Fail(error, ExitCodes.Failed, $"could not write --plot '{plotPath}': {e.Message}");
            }

            console.WriteLine($"confusion matrix picture: {plotPath}");
        }

        return ExitCodes.Done;
    }

    /// <summary>A regressor on labelled rows: "n rows of name", then "rmse: …" and "mae: …", in the target's units.</summary>
    private static int Regression(Regressor regressor, CsvRows rows, string csvPath, IAnsiConsole console, TextWriter error, CancellationToken cancellation)
    {
        var targets = new double[rows.Count];
        for (int i = 0; i < targets.Length; i++)
        {
            if (!double.TryParse(rows.Labels![i], NumberStyles.Float, CultureInfo.InvariantCulture, out targets[i]) || !double.IsFinite(targets[i]))
            {
                return CliApplication.Fail(error, ExitCodes.BadInput, $"--csv '{csvPath}', line {rows.LineNumbers[i]}: the target '{rows.Labels[i]}' is not a finite number; the model is a regressor of '{regressor.TargetName}', and eval compares its predictions with each row's number.");
            }
        }

        string name = Path.GetFileNameWithoutExtension(csvPath);
        double[] predictions = Interruptible.Run(() => regressor.Predict(rows.Features), cancellation);
        if (Array.FindIndex(predictions, y => !double.IsFinite(y)) is int row and >= 0)
        {
            // As predict says it: an overflowed number is no prediction, and an RMSE of Infinity no measurement.
            return CliApplication.Fail(error, ExitCodes.Failed, string.Create(
                CultureInfo.InvariantCulture,
                $"--csv '{csvPath}', line {rows.LineNumbers[row]}: the prediction is {predictions[row]}, not a finite number: the row's features are too far from the training data's for the network's arithmetic; no rmse or mae can be given."));
        }

        RegressionMetrics metrics = RegressionMetrics.Of(predictions, targets);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{metrics.Count} rows of {name}, predicting '{regressor.TargetName}'"));
        console.WriteLine($"rmse: {TrainJob.Loss(metrics.Rmse)}"); // four decimals, or four significant digits past 1e6: never hundreds of digits
        console.WriteLine($"mae: {TrainJob.Loss(metrics.Mae)}");
        return ExitCodes.Done;
    }

    /// <summary>The confusion matrix: a row per true class, a column per predicted class, the right answers on the diagonal in bold.</summary>
    private static Table Table(ConfusionMatrix matrix, string name)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]confusion matrix on {Markup.Escape(name)}[/] (rows: true class, columns: predicted)");
        table.AddColumn(new TableColumn(new Text("true \\ predicted", new Style(Color.Grey))));
        foreach (string predicted in matrix.ClassNames)
        {
            table.AddColumn(new TableColumn(new Text(predicted)).RightAligned());
        }

        for (int a = 0; a < matrix.ClassNames.Count; a++)
        {
            var cells = new List<Spectre.Console.Rendering.IRenderable> { new Text(matrix.ClassNames[a]) };
            for (int p = 0; p < matrix.ClassNames.Count; p++)
            {
                string count = matrix[a, p].ToString(CultureInfo.InvariantCulture);
                cells.Add(a == p ? new Text(count, new Style(decoration: Decoration.Bold)) : new Text(count));
            }

            table.AddRow(cells);
        }

        return table;
    }
}
