using AutoGrad.Data;
using AutoGrad.Onnx;
using AutoGrad.Tests.Onnx;
using AutoGrad.Training;
using Microsoft.ML.OnnxRuntime;
using static AutoGrad.Tests.Cli.CliRun;

namespace AutoGrad.Tests.Cli;

/// <summary><c>autograd export</c>: a model file in, an ONNX file out that ONNX Runtime runs as predict predicts; every bad input on one line, with the exit codes of the other commands.</summary>
public sealed class ExportCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("autograd-export-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private (string Path, Classifier Classifier, Dataset Data) Model()
    {
        Dataset data = Datasets.Spirals(20, 3, seed: 4);
        var trainer = new Trainer(data, new TrainingOptions { HiddenLayers = [8], Steps = 20, Optimizer = OptimizerKind.Adam, Standardize = true });
        trainer.Run();
        Classifier classifier = trainer.ToClassifier();
        string path = Path.Combine(_folder, "model.json");
        ClassifierFile.Save(classifier, path);
        return (path, classifier, data);
    }

    [Fact]
    public void Export_WritesAnOnnxFile_ThatPredictsAsPredict_IntoAFolderItMakes()
    {
        (string model, Classifier classifier, Dataset data) = Model();
        string onnx = Path.Combine(_folder, "new", "model.onnx");

        (int exitCode, string console, string errors) = Run("export", "--model", model, "-o", onnx);

        Assert.Equal((0, ""), (exitCode, errors));
        Assert.StartsWith($"wrote {onnx} (", console.Trim(), StringComparison.Ordinal);
        Assert.Contains("input 'features' [N, 2]; 3 classes", console, StringComparison.Ordinal);
        using var session = new InferenceSession(onnx);
        long[] labels = OnnxModelExportTests.RunAll(session, data.Features).Labels;
        Assert.Equal(classifier.Predict(data.Features).Select(k => (long)k), labels);
        Assert.Equal("[\"arm 0\",\"arm 1\",\"arm 2\"]", session.ModelMetadata.CustomMetadataMap[OnnxModelExport.ClassNamesKey]);
    }

    [Fact]
    public void Export_OfARegressor_WritesItsPrediction()
    {
        Dataset wave = Datasets.Wave(40, seed: 2);
        var trainer = new Trainer(wave, new TrainingOptions { HiddenLayers = [8], Steps = 20, Optimizer = OptimizerKind.Adam, Standardize = true });
        trainer.Run();
        Regressor regressor = trainer.ToRegressor();
        string model = Path.Combine(_folder, "wave.json");
        TrainedModelFile.Save(regressor, model);
        string onnx = Path.Combine(_folder, "wave.onnx");

        (int exitCode, string console, string errors) = Run("export", "--model", model, "-o", onnx);

        Assert.Equal((0, ""), (exitCode, errors));
        Assert.Contains($"output 'prediction', the predicted {regressor.TargetName}", console, StringComparison.Ordinal);
        using var session = new InferenceSession(onnx);
        Assert.Equal(regressor.TargetName, session.ModelMetadata.CustomMetadataMap[OnnxModelExport.TargetNameKey]);
    }

    [Fact]
    public void MissingModel_IsAUsageError()
    {
        string missing = Path.Combine(_folder, "none.json");
        AssertUsageError(Run("export", "--model", missing, "-o", Path.Combine(_folder, "m.onnx")), $"--model '{missing}' does not exist; expected a model file.");
        Assert.False(File.Exists(Path.Combine(_folder, "m.onnx")));
    }

    [Fact]
    public void NoOutput_IsAUsageError()
    {
        (string model, _, _) = Model();
        var result = Run("export", "--model", model);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--output", result.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void AModelFileThatIsNotAModel_IsAUsageError_NamingIt()
    {
        string bad = Path.Combine(_folder, "bad.json");
        File.WriteAllText(bad, "{ \"not\": \"a model\" }");

        var result = Run("export", "--model", bad, "-o", Path.Combine(_folder, "m.onnx"));

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: --model ", result.Errors, StringComparison.Ordinal);
        Assert.Contains(bad, result.Errors, StringComparison.Ordinal);
        Assert.Single(result.Errors.TrimEnd('\n').Split('\n'));
        Assert.False(File.Exists(Path.Combine(_folder, "m.onnx")));
    }

    [Fact]
    public void AnOutputInProc_OrAFolder_OrTheModelItself_IsRefusedBeforeAnyWork()
    {
        (string model, _, _) = Model();
        byte[] before = File.ReadAllBytes(model);

        AssertUsageError(Run("export", "--model", model, "-o", "/proc/m.onnx"), "-o '/proc/m.onnx' is in /proc, which holds no ordinary files; expected a model file (.onnx) to write.");
        Assert.Equal(2, Run("export", "--model", model, "-o", _folder).ExitCode);
        var same = Run("export", "--model", model, "-o", model);

        Assert.Equal(2, same.ExitCode);
        Assert.Contains("expected an output that is not an input", same.Errors, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(model));
    }
}
