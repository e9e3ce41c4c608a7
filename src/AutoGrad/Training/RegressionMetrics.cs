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

        var errors = new double[predictions.Count];
        double absolutes = 0;
        for (int i = 0; i < errors.Length; i++)
        {
            errors[i] = predictions[i] - targets[i];
            absolutes += Math.Abs(errors[i]) / errors.Length; // each term divided first: a sum of errors near 1e308 would overflow
        }

        return new RegressionMetrics(predictions.Count, RootMeanSquare(errors), absolutes);
    }

    /// <summary>
    /// √(Σ eᵢ² / n), each error divided by the largest first so the squares cannot overflow: errors
    /// near 1e200 have a finite RMSE although their squares are beyond a double.
    /// </summary>
    internal static double RootMeanSquare(ReadOnlySpan<double> errors)
    {
        double largest = 0;
        foreach (double error in errors)
        {
            largest = Math.Max(largest, Math.Abs(error)); // NaN propagates through Max
        }

        if (largest == 0 || !double.IsFinite(largest))
        {
            return largest;
        }

        double squares = 0;
        foreach (double error in errors)
        {
            double scaled = error / largest;
            squares += scaled * scaled;
        }

        return largest * Math.Sqrt(squares / errors.Length);
    }
}
