using System.Text.Json;
using AutoGrad.Data;
using AutoGrad.Nn;
using AutoGrad.Onnx;
using AutoGrad.Training;
using Microsoft.ML.OnnxRuntime;

namespace AutoGrad.Tests.Onnx;

/// <summary>
/// Trained classifiers in ONNX Runtime: the same labels as <see cref="Classifier.Predict(IReadOnlyList{double[]})"/>
/// on every row, the same scores, the probabilities of those scores, and the class names in the metadata.
/// </summary>
public sealed class OnnxModelExportTests
{
    /// <summary>
    /// Scores agree to 1e-9 relative, not bit for bit: the standardisation is folded into the first layer's
    /// weights ((x − μ)/σ · w becomes x · w/σ), and ONNX Runtime's MatMul sums in its own order.
    /// </summary>
    private const double ScoreTolerance = 1e-9;

    private static Classifier Trained(Dataset data, TrainingOptions options)
    {
        var trainer = new Trainer(data, options);
        trainer.Run();
        return trainer.ToClassifier();
    }

    /// <summary>Runs the exported model on every row at once: scores, probabilities (or null) and labels.</summary>
    internal static (double[][] Scores, double[][]? Probabilities, long[] Labels) RunAll(InferenceSession session, IReadOnlyList<double[]> rows)
    {
        int features = rows[0].Length;
        double[] flat = rows.SelectMany(row => row).ToArray();
        using OrtValue input = OrtValue.CreateTensorValueFromMemory(flat, [rows.Count, features]);
        using var runOptions = new RunOptions();
        string[] names = session.OutputNames.ToArray();
        using IDisposableReadOnlyCollection<OrtValue> results = session.Run(runOptions, [OnnxModelExport.FeaturesInput], [input], names);
        double[][] Rows(OrtValue value)
        {
            double[] data = value.GetTensorDataAsSpan<double>().ToArray();
            int width = data.Length / rows.Count;
            return Enumerable.Range(0, rows.Count).Select(r => data.AsSpan(r * width, width).ToArray()).ToArray();
        }

        int Index(string name) => Array.IndexOf(names, name);
        double[][] scores = Rows(results[Index(OnnxModelExport.ScoresOutput)]);
        double[][]? probabilities = Index(OnnxModelExport.ProbabilitiesOutput) is int p and >= 0 ? Rows(results[p]) : null;
        long[] labels = results[Index(OnnxModelExport.LabelOutput)].GetTensorDataAsSpan<long>().ToArray();
        return (scores, probabilities, labels);
    }

    [Fact]
    public void Digits_OnnxRuntimeAndPredict_AgreeOnAll1797Rows()
    {
        Dataset digits = Datasets.Digits();
        Classifier classifier = Trained(digits, new TrainingOptions { HiddenLayers = [16], Steps = 60, BatchSize = 32, Optimizer = OptimizerKind.Adam, Standardize = true });

        using InferenceSession session = OnnxRuntimeRun.Load(OnnxModelExport.ToBytes(classifier));
        (double[][] scores, double[][]? probabilities, long[] labels) = RunAll(session, digits.Features);

        int[] predicted = classifier.Predict(digits.Features);
        double[][] expected = classifier.Scores(digits.Features);
        Assert.Equal(1797, labels.Length);
        int[] disagree = Enumerable.Range(0, 1797).Where(r => labels[r] != predicted[r]).ToArray();
        Assert.True(disagree.Length == 0, $"ONNX Runtime and predict disagree on rows {string.Join(", ", disagree.Take(10))}");
        for (int r = 0; r < 1797; r++)
        {
            for (int k = 0; k < 10; k++)
            {
                Assert.True(OnnxRuntimeRun.Close(scores[r][k], expected[r][k], ScoreTolerance), $"row {r} score {k}: {scores[r][k]:R} vs {expected[r][k]:R}");
            }

            double[] softmax = Functions.Softmax(expected[r].Select(s => new Value(s)).ToArray()).Select(v => v.Data).ToArray();
            Assert.True(probabilities![r].Zip(softmax).All(pair => OnnxRuntimeRun.Close(pair.First, pair.Second, ScoreTolerance)), $"row {r}: probabilities [{string.Join(", ", probabilities[r])}] vs softmax [{string.Join(", ", softmax)}]");
        }

        Assert.True(classifier.Accuracy(digits) > 0.5, "the model should have learnt something, or agreement proves little");
    }

    public static TheoryData<Activation, LossKind, bool> Architectures => new()
    {
        { Activation.Tanh, LossKind.SoftmaxCrossEntropy, false },
        { Activation.Sigmoid, LossKind.MeanSquaredError, false },
        { Activation.Relu, LossKind.Hinge, false },
        { Activation.LeakyRelu, LossKind.BinaryCrossEntropy, false },
        { Activation.Prelu, LossKind.SoftmaxCrossEntropy, false },
        { Activation.Elu, LossKind.SoftmaxCrossEntropy, false },
        { Activation.Maxout, LossKind.SoftmaxCrossEntropy, false },
        { Activation.Relu, LossKind.SoftmaxCrossEntropy, true },
        { Activation.Tanh, LossKind.BinaryCrossEntropy, true },
    };

    [Theory]
    [MemberData(nameof(Architectures))]
    public void EveryActivationAndLoss_OnnxRuntimeAgreesWithPredict(Activation activation, LossKind loss, bool batchNorm)
    {
        bool binary = loss is LossKind.Hinge or LossKind.BinaryCrossEntropy;
        Dataset data = binary ? Datasets.Moons(60, noise: 0.2, seed: 3) : Datasets.Spirals(20, 3, seed: 2);
        Classifier classifier = Trained(data, new TrainingOptions { HiddenLayers = [6, 5], Activation = activation, Loss = loss, BatchNorm = batchNorm, Steps = 15, BatchSize = 16, Optimizer = OptimizerKind.Adam, Standardize = true });

        using InferenceSession session = OnnxRuntimeRun.Load(OnnxModelExport.ToBytes(classifier));
        (double[][] scores, double[][]? probabilities, long[] labels) = RunAll(session, data.Features);

        Assert.Equal(classifier.Predict(data.Features).Select(k => (long)k), labels);
        double[][] expected = classifier.Scores(data.Features);
        for (int r = 0; r < expected.Length; r++)
        {
            Assert.True(scores[r].Zip(expected[r]).All(pair => OnnxRuntimeRun.Close(pair.First, pair.Second, ScoreTolerance)), $"row {r}: [{string.Join(", ", scores[r])}] vs [{string.Join(", ", expected[r])}]");
        }

        Assert.Equal(loss is LossKind.SoftmaxCrossEntropy or LossKind.BinaryCrossEntropy, probabilities is not null);
        if (loss == LossKind.BinaryCrossEntropy)
        {
            double p = 1 / (1 + Math.Exp(-expected[0][0]));
            Assert.True(OnnxRuntimeRun.Close(probabilities![0][1], p, ScoreTolerance) && OnnxRuntimeRun.Close(probabilities[0][0], 1 - p, ScoreTolerance), $"[{string.Join(", ", probabilities[0])}] vs σ = {p:R}");
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Regressor_OnnxRuntimesPrediction_IsPredicts(bool standardize)
    {
        Dataset wave = Datasets.Wave(60, seed: 5);
        var trainer = new Trainer(wave, new TrainingOptions { HiddenLayers = [8, 8], Activation = Activation.Tanh, Steps = 30, BatchSize = 16, Optimizer = OptimizerKind.Adam, Standardize = standardize });
        trainer.Run();
        Regressor regressor = trainer.ToRegressor();

        using InferenceSession session = OnnxRuntimeRun.Load(OnnxModelExport.ToBytes(regressor));
        double[] flat = wave.Features.SelectMany(row => row).ToArray();
        using OrtValue input = OrtValue.CreateTensorValueFromMemory(flat, [wave.Features.Count, wave.Features[0].Length]);
        using IDisposableReadOnlyCollection<OrtValue> results = session.Run(new RunOptions(), [OnnxModelExport.FeaturesInput], [input], [OnnxModelExport.PredictionOutput]);
        double[] got = results[0].GetTensorDataAsSpan<double>().ToArray();

        double[] expected = regressor.Predict(wave.Features);
        Assert.Equal(expected.Length, got.Length);
        Assert.True(got.Zip(expected).All(pair => OnnxRuntimeRun.Close(pair.First, pair.Second, ScoreTolerance)), $"first rows: [{string.Join(", ", got.Take(3))}] vs [{string.Join(", ", expected.Take(3))}]");
        Assert.Equal(regressor.TargetStandardizer is not null, standardize); // both forms of the output are covered
        Assert.Equal(regressor.TargetName, session.ModelMetadata.CustomMetadataMap[OnnxModelExport.TargetNameKey]);
    }

    [Fact]
    public void ClassNamesLossAndFeatureNames_AreInTheMetadata()
    {
        var data = new Dataset("colours", [[0.0, 1.0], [1.0, 0.0], [0.5, 0.5]], [0, 1, 2], ["red, dark", "grün", "blue"], ["x", "y"]);
        Classifier classifier = Trained(data, new TrainingOptions { HiddenLayers = [3], Steps = 2 });

        using InferenceSession session = OnnxRuntimeRun.Load(OnnxModelExport.ToBytes(classifier));

        Dictionary<string, string> metadata = session.ModelMetadata.CustomMetadataMap;
        Assert.Equal(["red, dark", "grün", "blue"], JsonSerializer.Deserialize<string[]>(metadata[OnnxModelExport.ClassNamesKey])!);
        Assert.Equal(["x", "y"], JsonSerializer.Deserialize<string[]>(metadata["feature_names"])!);
        Assert.Equal("SoftmaxCrossEntropy", metadata["loss"]);
        Assert.Equal("AutoGrad", session.ModelMetadata.ProducerName);
    }

    [Fact]
    public void NaNWeight_IsRefused_NamingIt()
    {
        Classifier classifier = Trained(Datasets.Moons(20, seed: 1), new TrainingOptions { HiddenLayers = [3], Steps = 1 });
        classifier.Model.Layers[1].Parameters[0].Data = double.NaN;

        var error = Assert.Throws<ArgumentException>(() => OnnxModelExport.ToBytes(classifier));

        Assert.Contains("neuron0.w0", error.Message);
        Assert.Contains("layer 2", error.Message);
    }
}
