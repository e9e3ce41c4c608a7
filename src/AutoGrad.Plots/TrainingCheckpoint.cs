using AutoGrad.Data;
using AutoGrad.Training;

namespace AutoGrad.Plots;

/// <summary>
/// The whole training part, and the validation part if there is one, measured after a step: the
/// dots of <c>training.png</c> (<see cref="TrainingCurvePlot"/>), beside the loss of every step's batch.
/// </summary>
/// <param name="Step">The steps done, from 1.</param>
/// <param name="TrainingLoss">The mean loss over the training part (no weight decay).</param>
/// <param name="TrainingAccuracy">The share of the training part classified right.</param>
/// <param name="ValidationLoss">The same over the validation part, or null without one.</param>
/// <param name="ValidationAccuracy">The share of the validation part classified right, or null.</param>
public sealed record TrainingCheckpoint(int Step, double TrainingLoss, double TrainingAccuracy, double? ValidationLoss, double? ValidationAccuracy)
{
    /// <summary>Measures <paramref name="classifier"/> after <paramref name="step"/> steps.</summary>
    /// <param name="step">The steps done, from 1.</param>
    /// <param name="classifier">The model as it is now (<see cref="Trainer.ToClassifier"/>).</param>
    /// <param name="train">The training part.</param>
    /// <param name="validation">The validation part, or null.</param>
    /// <returns>The losses and accuracies of <paramref name="classifier"/> on both parts.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="classifier"/> or <paramref name="train"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is less than 1.</exception>
    public static TrainingCheckpoint Measure(int step, Classifier classifier, Dataset train, Dataset? validation = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(train);
        return new(
            step,
            classifier.MeanLoss(train),
            classifier.Accuracy(train),
            validation is null ? null : classifier.MeanLoss(validation),
            validation is null ? null : classifier.Accuracy(validation));
    }
}
