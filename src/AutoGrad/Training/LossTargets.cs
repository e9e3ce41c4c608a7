using AutoGrad.Data;
using AutoGrad.Nn;

namespace AutoGrad.Training;

/// <summary>
/// How a loss reads an example, written once: how many outputs the network has, the target vector an
/// example's class (or number) becomes, and the loss of one example's outputs against it.
/// <see cref="Trainer"/>'s batches and the models' <c>MeanLoss</c> both use it.
/// </summary>
internal static class LossTargets
{
    /// <summary>The outputs a network trained with <paramref name="loss"/> on <paramref name="data"/> has: 1 for a regression or a loss that reads a sign, else one per class.</summary>
    public static int Outputs(LossKind loss, Dataset data) =>
        data.IsRegression || Classifier.ReadsSign(loss) ? 1 : data.ClassCount;

    /// <summary>Writes example <paramref name="example"/>'s target into <paramref name="target"/> (as long as the network's outputs).</summary>
    public static void Encode(LossKind loss, Dataset data, int example, Span<double> target)
    {
        if (data.Targets is { } targets)
        {
            target[0] = targets[example];
            return;
        }

        int label = data.Labels[example];
        for (int k = 0; k < target.Length; k++)
        {
            target[k] = loss switch
            {
                LossKind.Hinge => label == 1 ? 1 : -1,
                LossKind.BinaryCrossEntropy => label,
                LossKind.SoftmaxCrossEntropy or LossKind.MeanSquaredError => k == label ? 1 : 0, // one-hot
                _ => throw TrainingOptions.Undefined(loss, nameof(loss)),
            };
        }
    }

    /// <summary>The loss of one example: its outputs against its encoded target.</summary>
    public static Value Loss(LossKind loss, Value[] outputs, Value[] target) => loss switch
    {
        LossKind.Hinge => Losses.Hinge(outputs[0], target[0]),
        LossKind.BinaryCrossEntropy => Losses.BinaryCrossEntropyWithLogits(outputs[0], target[0]),
        LossKind.SoftmaxCrossEntropy => Losses.SoftmaxCrossEntropy(outputs, target),
        LossKind.MeanSquaredError => Losses.MeanSquaredError(outputs, target),
        _ => throw TrainingOptions.Undefined(loss, nameof(loss)),
    };

    /// <summary>The mean loss of <paramref name="scores"/> (a network's outputs, one row per example of <paramref name="data"/>), the examples' targets read as <paramref name="data"/> holds them.</summary>
    public static double Mean(LossKind loss, Dataset data, double[][] scores)
    {
        double sum = 0;
        var target = new double[scores.Length == 0 ? 0 : scores[0].Length];
        for (int i = 0; i < scores.Length; i++)
        {
            Encode(loss, data, i, target);
            Value[] outputs = scores[i].Select(s => new Value(s)).ToArray();
            sum += Loss(loss, outputs, target.Select(t => new Value(t)).ToArray()).Data;
        }

        return scores.Length == 0 ? 0 : sum / scores.Length;
    }
}
