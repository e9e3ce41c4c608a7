namespace AutoGrad.Optim;

/// <summary>Plain gradient descent: p ← p − η g.</summary>
/// <param name="parameters">The values to update.</param>
/// <param name="learningRate">The base rate η.</param>
/// <param name="schedule">How η changes with the step; constant if null.</param>
public sealed class Sgd(IEnumerable<Value> parameters, double learningRate, LearningRateSchedule? schedule = null)
    : Optimizer(parameters, learningRate, schedule)
{
    /// <inheritdoc/>
    protected override double Update(int index, double gradient, double rate) => -rate * gradient;
}
