using AutoGrad.Training;

namespace AutoGrad.Plots;

/// <summary>
/// How sure a classifier is of each class, from its outputs (<see cref="TrainedModel.Scores"/>): what the
/// pictures shade and draw as bars. The largest entry is the class the classifier predicts (for mean
/// squared error, unless two outputs pass 1 and clamp to the same value).
/// </summary>
internal static class ClassConfidence
{
    /// <summary>
    /// One number in [0, 1] per class: the softmax probabilities (softmax cross-entropy),
    /// [1 − σ(s), σ(s)] (binary cross-entropy), the outputs clamped to [0, 1] (mean squared error, whose
    /// outputs aim at one-hot targets), and for the hinge loss, which gives no probability,
    /// [(1 − m) / 2, (1 + m) / 2] with the margin m = the score clamped to [−1, 1].
    /// </summary>
    public static double[] PerClass(LossKind loss, IReadOnlyList<double> outputs) => loss switch
    {
        LossKind.SoftmaxCrossEntropy => Softmax(outputs),
        LossKind.BinaryCrossEntropy => [1 - Sigmoid(outputs[0]), Sigmoid(outputs[0])],
        LossKind.Hinge => [(1 - Math.Clamp(outputs[0], -1, 1)) / 2, (1 + Math.Clamp(outputs[0], -1, 1)) / 2],
        LossKind.MeanSquaredError => outputs.Select(o => Math.Clamp(o, 0, 1)).ToArray(),
        _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, "Unknown loss; expected one of the LossKind values."),
    };

    /// <summary>What <see cref="PerClass"/> means for a loss, in words for a picture's labels.</summary>
    public static string Meaning(LossKind loss) => loss switch
    {
        LossKind.SoftmaxCrossEntropy => "softmax probability",
        LossKind.BinaryCrossEntropy => "sigmoid probability",
        LossKind.Hinge => "hinge margin clamped to ±1, not a probability",
        LossKind.MeanSquaredError => "output clamped to [0, 1], not a probability",
        _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, "Unknown loss; expected one of the LossKind values."),
    };

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    private static double[] Softmax(IReadOnlyList<double> logits)
    {
        double max = logits.Max(); // subtract the largest so exp cannot overflow
        double[] e = logits.Select(z => Math.Exp(z - max)).ToArray();
        double sum = e.Sum();
        return e.Select(v => v / sum).ToArray();
    }
}
