namespace AutoGrad.Training;

/// <summary>How far a regression's predictions are from the targets, in the target's units.</summary>
/// <param name="Count">How many examples.</param>
/// <param name="Rmse">The root mean squared error, √(Σ (ŷᵢ − yᵢ)² / n): what an L2 loss minimises, in the target's units.</param>
/// <param name="Mae">The mean absolute error, Σ |ŷᵢ − yᵢ| / n.</param>
public sealed record RegressionMetrics(int Count, double Rmse, double Mae)
{
    /// <summary>Measures predictions against targets.</summary>
    /// <param name="predictions">One prediction per example.</param>
    /// <param name="targets">One target per example, as many, at least one.</param>
    /// <exception cref="ArgumentException">The lists differ in length or are empty.</exception>
    public static RegressionMetrics Of(IReadOnlyList<double> predictions, IReadOnlyList<double> targets)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(targets);
        if (predictions.Count != targets.Count || predictions.Count == 0)
        {
            throw new ArgumentException($"Got {predictions.Count} predictions and {targets.Count} targets; expected as many of each, at least one.", nameof(targets));
        }

        double squares = 0, absolutes = 0;
        for (int i = 0; i < predictions.Count; i++)
        {
            double error = predictions[i] - targets[i];
            squares += error * error;
            absolutes += Math.Abs(error);
        }

        return new RegressionMetrics(predictions.Count, Math.Sqrt(squares / predictions.Count), absolutes / predictions.Count);
    }
}
