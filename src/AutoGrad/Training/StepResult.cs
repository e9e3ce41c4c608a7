namespace AutoGrad.Training;

/// <summary>What one training step measured, on the batch it trained on (before its update).</summary>
/// <param name="Step">The step's number, from 0.</param>
/// <param name="Loss">The total loss: data loss plus regularisation.</param>
/// <param name="Accuracy">The share of the batch classified correctly; NaN for a regression (see <see cref="Rmse"/>).</param>
/// <param name="LearningRate">The rate the step used.</param>
public sealed record StepResult(int Step, double Loss, double Accuracy, double LearningRate)
{
    /// <summary>For a regression, the root mean squared error on the batch, in the target's own units (not standardised); null for a classifier.</summary>
    public double? Rmse { get; init; }
}
