using AutoGrad.Data;
using AutoGrad.Training;

namespace AutoGrad.Plots;

/// <summary>
/// The whole training part, and the validation part if there is one, measured after a step: the
/// dots of <c>training.png</c> (<see cref="TrainingCurvePlot"/>), beside the loss of every step's batch.
/// </summary>
/// <param name="Step">The steps done, from 1.</param>
/// <param name="TrainingLoss">The mean loss over the training part (no weight decay).</param>
/// <param name="TrainingMeasure">The share of the training part classified right; for a regression, its RMSE (in the target's units).</param>
/// <param name="ValidationLoss">The same over the validation part, or null without one.</param>
/// <param name="ValidationMeasure">The same measure on the validation part, or null.</param>
public sealed record TrainingCheckpoint(int Step, double TrainingLoss, double TrainingMeasure, double? ValidationLoss, double? ValidationMeasure)
{
    /// <summary>Measures <paramref name="model"/> after <paramref name="step"/> steps: a classifier's accuracy, a regressor's RMSE.</summary>
    /// <param name="step">The steps done, from 1.</param>
    /// <param name="model">The model as it is now (<see cref="Trainer.ToModel"/>).</param>
    /// <param name="train">The training part.</param>
    /// <param name="validation">The validation part, or null.</param>
    /// <returns>The losses and measures of <paramref name="model"/> on both parts.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="train"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is less than 1.</exception>
    /// <exception cref="ArgumentException"><paramref name="model"/> is neither a <see cref="Classifier"/> nor a <see cref="Regressor"/>.</exception>
    public static TrainingCheckpoint Measure(int step, TrainedModel model, Dataset train, Dataset? validation = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        double Of(Dataset data) => model switch
        {
            Regressor regressor => regressor.Evaluate(data).Rmse,
            Classifier classifier => classifier.Accuracy(data),
            _ => throw new ArgumentException($"A {model.GetType().Name} has no measure to draw; expected a Classifier or a Regressor.", nameof(model)),
        };
        return new(step, model.MeanLoss(train), Of(train), validation is null ? null : model.MeanLoss(validation), validation is null ? null : Of(validation));
    }
}
