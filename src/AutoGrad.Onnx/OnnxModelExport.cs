using System.Text.Json;
using AutoGrad.Nn;
using AutoGrad.Training;
using Google.Protobuf;
using Onnx;
using static AutoGrad.Onnx.OnnxGraphBuilder;

namespace AutoGrad.Onnx;

/// <summary>
/// Writes a trained model (what <c>autograd train</c> saves) as an ONNX model of tensor operators, for a
/// batch of rows at once: input <c>features</c> [N, F] float64 (raw, as <c>autograd predict</c> reads them:
/// the stored standardisation is folded into the first layer's weights), one MatMul + Add + activation
/// per layer, and the output <c>scores</c> (the network's outputs, as <see cref="TrainedModel.Scores"/>).
/// A <see cref="Classifier"/> adds <c>probabilities</c> (softmax for softmax cross-entropy, σ for binary
/// cross-entropy; absent for the losses that define none) and <c>label</c> (the predicted class index,
/// int64, as <see cref="Classifier.Predict(IReadOnlyList{double[]})"/>), with the class names, the loss
/// and the feature names in the model's metadata. A <see cref="Regressor"/> adds <c>prediction</c> [N]
/// float64, the number <see cref="Regressor.Predict(IReadOnlyList{double[]})"/> gives (the target's
/// standardisation undone), with the target's name in the metadata.
/// </summary>
public static class OnnxModelExport
{
    /// <summary>The input: [N, F] float64 raw features.</summary>
    public const string FeaturesInput = "features";

    /// <summary>The output holding the network's outputs, [N, K] float64.</summary>
    public const string ScoresOutput = "scores";

    /// <summary>A classifier's output holding each class's probability, [N, classes] float64 (softmax and binary cross-entropy models only).</summary>
    public const string ProbabilitiesOutput = "probabilities";

    /// <summary>A classifier's output holding the predicted class index, [N] int64; the names are in the <see cref="ClassNamesKey"/> metadata.</summary>
    public const string LabelOutput = "label";

    /// <summary>A regressor's output holding the predicted number, [N] float64.</summary>
    public const string PredictionOutput = "prediction";

    /// <summary>The metadata key whose value is a classifier's class names, a JSON array in index order.</summary>
    public const string ClassNamesKey = "class_names";

    /// <summary>The metadata key whose value is a regressor's target name.</summary>
    public const string TargetNameKey = "target_name";

    /// <summary>Writes <paramref name="model"/> as an ONNX model file.</summary>
    /// <param name="model">A trained classifier or regressor (from a <see cref="Trainer"/> or <see cref="TrainedModelFile.Load"/>).</param>
    /// <param name="path">The .onnx file to write; written whole or not at all.</param>
    /// <exception cref="ArgumentException">A weight, bias or statistic is NaN; the message names it.</exception>
    /// <exception cref="NotSupportedException">The model is of a kind this version cannot write; the message says which.</exception>
    /// <exception cref="IOException">The file cannot be written; the message names the path.</exception>
    public static void Save(TrainedModel model, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        OnnxFile.Write(path, ToBytes(model));
    }

    /// <summary>The ONNX model of <paramref name="model"/> as the bytes of a .onnx file (see <see cref="Save"/>).</summary>
    /// <param name="model">A trained classifier or regressor.</param>
    /// <exception cref="ArgumentException">A weight, bias or statistic is NaN; the message names it.</exception>
    /// <exception cref="NotSupportedException">The model is of a kind this version cannot write.</exception>
    public static byte[] ToBytes(TrainedModel model) => Build(model).ToByteArray();

    internal static ModelProto Build(TrainedModel trained)
    {
        ArgumentNullException.ThrowIfNull(trained);
        Mlp mlp = trained.Model;
        var g = new OnnxGraphBuilder("autograd_model");
        g.Reserve(FeaturesInput);
        g.AddInput(FeaturesInput, DoubleType, [null, mlp.InputCount]);
        foreach (string output in (string[])[ScoresOutput, ProbabilitiesOutput, LabelOutput, PredictionOutput])
        {
            g.Reserve(output);
        }

        string activations = FeaturesInput;
        for (int l = 0; l < mlp.Layers.Count; l++)
        {
            activations = WriteLayer(g, trained, l, activations);
        }

        g.NodeInto(ScoresOutput, "Identity", [activations]);
        g.AddOutput(ScoresOutput, DoubleType, [null, mlp.LayerSizes[^1]]);
        ModelProto model = trained switch
        {
            Classifier classifier => Classify(g, classifier, activations),
            Regressor regressor => Regress(g, regressor, activations),
            _ => throw new NotSupportedException($"A {trained.GetType().Name} cannot be exported to ONNX; expected a Classifier or a Regressor."),
        };
        if (trained.FeatureNames is { } names)
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = "feature_names", Value = JsonSerializer.Serialize(names.ToArray()) });
        }

        return model;
    }

    private static ModelProto Classify(OnnxGraphBuilder g, Classifier classifier, string activations)
    {
        Mlp mlp = classifier.Model;
        int outputs = mlp.LayerSizes[^1];
        switch (classifier.Loss)
        {
            case LossKind.SoftmaxCrossEntropy:
                g.NodeInto(ProbabilitiesOutput, "Softmax", [activations], Attribute("axis", 1));
                g.AddOutput(ProbabilitiesOutput, DoubleType, [null, outputs]);
                break;
            case LossKind.BinaryCrossEntropy:
                string p = g.Node("Sigmoid", [activations]);
                g.NodeInto(ProbabilitiesOutput, "Concat", [g.Node("Sub", [g.Constant(1), p]), p], Attribute("axis", 1));
                g.AddOutput(ProbabilitiesOutput, DoubleType, [null, 2]);
                break;
            default:
                break; // hinge scores and squared-error outputs are not probabilities
        }

        if (classifier.Loss is LossKind.Hinge or LossKind.BinaryCrossEntropy)
        {
            // Class 1 where the one output is positive, as Classifier.Predict reads it.
            string positive = g.Node("Greater", [Flat(g, activations), g.Constant(0)]);
            g.NodeInto(LabelOutput, "Cast", [positive], Attribute("to", Int64Type));
        }
        else
        {
            // The first largest output on a tie, as Classifier.Predict (select_last_index = 0).
            g.NodeInto(LabelOutput, "ArgMax", [activations], Attribute("axis", 1), Attribute("keepdims", 0), Attribute("select_last_index", 0));
        }

        g.AddOutput(LabelOutput, Int64Type, [null]);
        ModelProto model = OnnxExport.Model(g.Graph, $"A classifier trained with AutoGrad ({mlp}, {classifier.Loss}). Input '{FeaturesInput}': raw features [N, {mlp.InputCount}]; outputs '{ScoresOutput}', " +
            $"{(g.Graph.Output.Any(o => o.Name == ProbabilitiesOutput) ? $"'{ProbabilitiesOutput}', " : "")}'{LabelOutput}' (an index into the '{ClassNamesKey}' metadata).");
        model.MetadataProps.Add(new StringStringEntryProto { Key = ClassNamesKey, Value = JsonSerializer.Serialize(classifier.ClassNames.ToArray()) });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "loss", Value = classifier.Loss.ToString() });
        return model;
    }

    private static ModelProto Regress(OnnxGraphBuilder g, Regressor regressor, string activations)
    {
        // output · σ + μ, the target's standardisation undone as Regressor.Predict does.
        string flat = Flat(g, activations);
        if (regressor.TargetStandardizer is { } scale)
        {
            g.NodeInto(PredictionOutput, "Add", [g.Node("Mul", [flat, g.Constant(scale.Deviations[0])]), g.Constant(scale.Means[0])]);
        }
        else
        {
            g.NodeInto(PredictionOutput, "Identity", [flat]);
        }

        g.AddOutput(PredictionOutput, DoubleType, [null]);
        ModelProto model = OnnxExport.Model(g.Graph, $"A regressor trained with AutoGrad ({regressor.Model}). Input '{FeaturesInput}': raw features [N, {regressor.FeatureCount}]; outputs '{ScoresOutput}' and '{PredictionOutput}', the predicted '{regressor.TargetName}'.");
        model.MetadataProps.Add(new StringStringEntryProto { Key = TargetNameKey, Value = regressor.TargetName });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "loss", Value = regressor.Loss.ToString() });
        return model;
    }

    /// <summary>[N, 1] as [N].</summary>
    private static string Flat(OnnxGraphBuilder g, string column) => g.Node("Reshape", [column, g.Int64s("flat", [-1])]);

    /// <summary>Layer <paramref name="l"/>: MatMul + Add per piece, batch norm's affine map if any, then the activation.</summary>
    private static string WriteLayer(OnnxGraphBuilder g, TrainedModel trained, int l, string x)
    {
        Mlp mlp = trained.Model;
        Layer layer = mlp.Layers[l];
        int inputs = layer.InputCount, units = layer.OutputCount;
        bool maxout = layer.Activation == Activation.Maxout;
        int pieces = maxout ? mlp.Options.MaxoutPieces : 1;
        bool prelu = layer.Activation == Activation.Prelu;
        int perNeuron = (inputs + 1) * pieces + (prelu ? 1 : 0);
        IReadOnlyList<Value> parameters = layer.Parameters;
        if (parameters.Count != perNeuron * units)
        {
            throw new NotSupportedException($"Layer {l + 1} of {mlp} has {parameters.Count} parameters; expected {perNeuron * units} for {units} {layer.Activation} neurons of {inputs} inputs.");
        }

        var sums = new string[pieces];
        for (int p = 0; p < pieces; p++)
        {
            var weights = new double[inputs * units]; // [inputs, units], row-major: MatMul(x [N, inputs], W)
            var biases = new double[units];
            for (int j = 0; j < units; j++)
            {
                int offset = j * perNeuron + p * (inputs + 1);
                for (int i = 0; i < inputs; i++)
                {
                    weights[i * units + j] = Checked(parameters[offset + i], l);
                }

                biases[j] = Checked(parameters[offset + inputs], l);
            }

            if (l == 0 && trained.Standardizer is { } standardizer)
            {
                // (x − μ)/σ · w + b = x · (w/σ) + (b − Σ μ·w/σ): the standardisation becomes the first layer's weights.
                for (int j = 0; j < units; j++)
                {
                    for (int i = 0; i < inputs; i++)
                    {
                        double scaled = weights[i * units + j] / standardizer.Deviations[i];
                        weights[i * units + j] = scaled;
                        biases[j] -= standardizer.Means[i] * scaled;
                    }
                }
            }

            string w = g.Fresh($"layer{l + 1}.piece{p}.W");
            g.AddInitializer(w, weights, [inputs, units]);
            string b = g.Fresh($"layer{l + 1}.piece{p}.b");
            g.AddInitializer(b, biases, [units]);
            sums[p] = g.Node("Add", [g.Node("MatMul", [x, w]), b]);
        }

        string z = sums[0];
        if (l < mlp.BatchNorms.Count)
        {
            z = WriteBatchNorm(g, mlp.BatchNorms[l], l, z);
        }

        return layer.Activation switch
        {
            Activation.Linear => z,
            Activation.Tanh => g.Node("Tanh", [z]),
            Activation.Sigmoid => g.Node("Sigmoid", [z]),
            Activation.Relu => g.Node("Relu", [z]),
            Activation.LeakyRelu => Positive(g, z, g.Node("Mul", [z, g.Constant(0.01)])),
            Activation.Elu => Positive(g, z, g.Node("Mul", [g.Constant(1.0), g.Node("Sub", [g.Node("Exp", [z]), g.Constant(1)])])),
            Activation.Prelu => Positive(g, z, g.Node("Mul", [Slopes(g, parameters, units, perNeuron, l), z])),
            Activation.Maxout => g.Node("Max", sums),
            _ => throw new NotSupportedException($"Layer {l + 1} of {mlp} has the activation {layer.Activation}, which has no ONNX form here."),
        };
    }

    /// <summary>Evaluation-mode batch norm, (z − running mean) · γ/√(running variance + ε) + β per unit, as AutoGrad computes it.</summary>
    private static string WriteBatchNorm(OnnxGraphBuilder g, BatchNorm norm, int l, string z)
    {
        int units = norm.RunningMean.Count;
        IReadOnlyList<Value> parameters = norm.Parameters; // γ for every feature, then β
        var mean = new double[units];
        var scale = new double[units];
        var shift = new double[units];
        for (int f = 0; f < units; f++)
        {
            mean[f] = norm.RunningMean[f];
            scale[f] = Checked(parameters[f], l) / Math.Sqrt(norm.RunningVariance[f] + norm.Epsilon);
            shift[f] = Checked(parameters[units + f], l);
        }

        return g.Node("Add", [g.Node("Mul", [g.Node("Sub", [z, Vector(g, $"layer{l + 1}.bn.mean", mean, l)]), Vector(g, $"layer{l + 1}.bn.scale", scale, l)]), Vector(g, $"layer{l + 1}.bn.beta", shift, l)]);
    }

    private static string Slopes(OnnxGraphBuilder g, IReadOnlyList<Value> parameters, int units, int perNeuron, int l) =>
        Vector(g, $"layer{l + 1}.slope", Enumerable.Range(0, units).Select(j => Checked(parameters[j * perNeuron + perNeuron - 1], l)).ToArray(), l);

    private static string Vector(OnnxGraphBuilder g, string stem, double[] values, int l)
    {
        if (Array.FindIndex(values, double.IsNaN) is int bad and >= 0)
        {
            throw new ArgumentException($"Element {bad} of {stem} (layer {l + 1}) is NaN; expected a number. The model cannot be exported.");
        }

        string name = g.Fresh(stem);
        g.AddInitializer(name, values, [values.Length]);
        return name;
    }

    private static string Positive(OnnxGraphBuilder g, string z, string otherwise) =>
        g.Node("Where", [g.Node("Greater", [z, g.Constant(0)]), z, otherwise]);

    private static double Checked(Value parameter, int l) =>
        double.IsNaN(parameter.Data)
            ? throw new ArgumentException($"The parameter '{parameter.Label}' of layer {l + 1} is NaN; expected a number (was the model trained to divergence?). The model cannot be exported.")
            : parameter.Data;
}
