using System.CommandLine;
using AutoGrad.Onnx;
using AutoGrad.Training;

namespace AutoGrad.Cli.Commands;

/// <summary>
/// <c>autograd export --model out/model.json -o model.onnx</c>: the model <c>train</c> wrote (a classifier
/// or a regressor), as an ONNX model of tensor operators (<see cref="OnnxModelExport"/>) that ONNX
/// Runtime runs on a batch of raw rows and that predicts what <c>autograd predict</c> predicts.
/// </summary>
internal static class ExportCommand
{
    public static Command Create(TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        Option<string> model = ModelInput.ModelOption();
        var file = new Option<string>("--output", "-o")
        {
            Description = "The ONNX file to write (written whole, only once the model is converted); a missing folder is made.",
            HelpName = "file",
            Required = true,
        };
        var command = new Command("export", "Write a model autograd train wrote as an ONNX file (input 'features' [N, F] float64, raw; a classifier's outputs 'scores', 'probabilities' where the loss defines them, and 'label', class names in its metadata; a regressor's 'scores' and 'prediction'), to run it in ONNX Runtime. " +
            "Exit codes: 0 done, 1 could not write the output, 2 bad option or model file (one line on stderr), 130 cancelled by Ctrl-C.")
        {
            model, file,
        };
        OutputPath.Check(command, file, OutputPath.Kind.File("model file (.onnx)"), model);
        command.Validators.Add(result =>
        {
            // A typed --model is checked as it is parsed; the default is not parsed, so check it here.
            if (result.GetResult(model) is not { Implicit: false } && result.GetResult(file) is not null && !File.Exists(ModelInput.DefaultModelPath))
            {
                result.AddError($"--model was not given, and the default '{ModelInput.DefaultModelPath}' does not exist; expected a model file: run autograd train first (it writes {ModelInput.DefaultModelPath}), or give --model FILE.");
            }
        });
        command.SetAction(parse => Run(parse.GetValue(model)!, parse.GetValue(file)!, output, error, cancellation));
        return command;
    }

    private static int Run(string modelPath, string outputPath, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        TrainedModel model;
        byte[] onnx;
        try
        {
            model = Interruptible.Run(() => TrainedModelFile.Load(modelPath), cancellation);
        }
        catch (Exception e) when (e is DataFormatException or IOException or UnauthorizedAccessException)
        {
            return CliApplication.Fail(error, ExitCodes.BadInput, $"--model {e.Message}");
        }

        try
        {
            onnx = OnnxModelExport.ToBytes(model);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return CliApplication.Fail(error, ExitCodes.BadInput, $"--model '{modelPath}' cannot be exported to ONNX: {e.Message}");
        }

        try
        {
            string? folder = Path.GetDirectoryName(Path.GetFullPath(outputPath));
            if (folder is not null)
            {
                Directory.CreateDirectory(folder);
            }

            OnnxModelExport.Save(model, outputPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return CliApplication.Fail(error, ExitCodes.Failed, $"could not write --output '{outputPath}': {e.Message}");
        }

        string reads = model is Classifier classifier
            ? $"{classifier.ClassNames.Count} classes, class names in its '{OnnxModelExport.ClassNamesKey}' metadata"
            : $"output '{OnnxModelExport.PredictionOutput}', the predicted {((Regressor)model).TargetName}";
        output.WriteLine($"wrote {outputPath} ({onnx.Length:N0} bytes): {model.Model}, input '{OnnxModelExport.FeaturesInput}' [N, {model.FeatureCount}]; {reads}");
        return ExitCodes.Done;
    }
}
