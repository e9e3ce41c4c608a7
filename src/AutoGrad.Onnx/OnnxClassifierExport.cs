using System.Text.Json;
using AutoGrad.Nn;
using AutoGrad.Training;
using Google.Protobuf;
using Onnx;
using static AutoGrad.Onnx.OnnxGraphBuilder;

namespace AutoGrad.Onnx;

/// <summary>
/// Writes a trained <see cref="Classifier"/> as an ONNX model of tensor operators, for a batch of rows
/// at once: input <c>features</c> [N, F] float64 (raw, as <c>autograd predict</c> reads them: the stored
/// standardisation is folded into the first layer's weights), one MatMul + Add + activation per layer,
/// and the outputs <c>scores</c> (the network's outputs, as <see cref="Classifier.Scores"/>),
/// <c>probabilities</c> (softmax for softmax cross-entropy, σ for binary cross-entropy; absent for the
/// losses that define none) and <c>label</c> (the predicted class index, int64, as
/// <see cref="Classifier.Predict(IReadOnlyList{double[]})"/>). The class names, the loss and the
/// feature names are in the model's metadata.
/// </summary>
public static class OnnxClassifierExport
{
    /// <summary>The input: [N, F] float64 raw features.</summary>
    public const string FeaturesInput = "features";

    /// <summary>The output holding the network's outputs, [N, K] float64.</summary>
    public const string ScoresOutput = "scores";

    /// <summary>The output holding each class's probability, [N, classes] float64 (softmax and binary cross-entropy models only).</summary>
    public const string ProbabilitiesOutput = "probabilities";

    /// <summary>The output holding the predicted class index, [N] int64; its name is in the <see cref="ClassNamesKey"/> metadata.</summary>
    public const string LabelOutput = "label";

    /// <summary>The metadata key whose value is the class names, a JSON array in index order.</summary>
    public const string ClassNamesKey = "class_names";

    /// <summary>Writes <paramref name="classifier"/> as an ONNX model file.</summary>
    /// <param name="classifier">A trained classifier (from <see cref="Trainer.ToClassifier"/> or <see cref="ClassifierFile.Load"/>).</param>
    /// <param name="path">The .onnx file to write; written whole or not at all.</param>
    /// <exception cref="ArgumentException">A weight, bias or statistic is NaN; the message names it.</exception>
    /// <exception cref="IOException">The file cannot be written; the message names the path.</exception>
    public static void Save(Classifier classifier, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        OnnxFile.Write(path, ToBytes(classifier));
    }

    /// <summary>The ONNX model of <paramref name="classifier"/> as the bytes of a .onnx file (see <see cref="Save"/>).</summary>
    /// <param name="classifier">A trained classifier.</param>
    /// <exception cref="ArgumentException">A weight, bias or statistic is NaN; the message names it.</exception>
    public static byte[] ToBytes(Classifier classifier) => Build(classifier).ToByteArray();

    internal static ModelProto Build(Classifier classifier)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        Mlp mlp = classifier.Model;
        var g = new OnnxGraphBuilder("autograd_classifier");
        g.Reserve(FeaturesInput);
        g.AddInput(FeaturesInput, DoubleType, [null, mlp.InputCount]);
        g.Reserve(ScoresOutput);
        g.Reserve(ProbabilitiesOutput);
        g.Reserve(LabelOutput);

        string activations = FeaturesInput;
        for (int l = 0; l < mlp.Layers.Count; l++)
        {
            activations = WriteLayer(g, classifier, l, activations);
        }

        g.NodeInto(ScoresOutput, "Identity", [activations]);
        int outputs = mlp.LayerSizes[^1];
        g.AddOutput(ScoresOutput, DoubleType, [null, outputs]);
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
            string positive = g.Node("Greater", [g.Node("Reshape", [activations, g.Int64s("flat", [-1])]), g.Constant(0)]);
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
        if (classifier.FeatureNames is { } names)
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = "feature_names", Value = JsonSerializer.Serialize(names.ToArray()) });
        }

        return model;
    }

    /// <summary>Layer <paramref name="l"/>: MatMul + Add per piece, batch norm's affine map if any, then the activation.</summary>
    private static string WriteLayer(OnnxGraphBuilder g, Classifier classifier, int l, string x)
    {
        Mlp mlp = classifier.Model;
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

            if (l == 0 && classifier.Standardizer is { } standardizer)
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
