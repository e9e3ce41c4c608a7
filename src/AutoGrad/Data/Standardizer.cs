using System.Globalization;

namespace AutoGrad.Data;

/// <summary>
/// Feature standardisation: each feature x becomes (x − mean) / deviation, so every feature of the
/// data it was fitted on has mean 0 and standard deviation 1. Fit it on the training examples only
/// and apply the same means and deviations to validation, test and new data: fitting on anything
/// else would let those examples leak into training.
/// </summary>
/// <example>
/// <code>
/// Standardizer scaler = Standardizer.Fit(split.Train);
/// Dataset train = scaler.Transform(split.Train), test = scaler.Transform(split.Test);
/// </code>
/// </example>
public sealed class Standardizer
{
    private readonly double[] _means;
    private readonly double[] _deviations;

    /// <summary>A standardiser with known means and deviations (for example read back from a model file).</summary>
    /// <param name="means">One finite mean per feature; at least one.</param>
    /// <param name="deviations">One finite, positive deviation per feature.</param>
    /// <exception cref="ArgumentException">The lists differ in length or are empty, or a value is not as described (the message gives the feature).</exception>
    public Standardizer(IReadOnlyList<double> means, IReadOnlyList<double> deviations)
    {
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(deviations);
        if (means.Count == 0 || means.Count != deviations.Count)
        {
            throw new ArgumentException($"Got {means.Count} means and {deviations.Count} deviations; expected one of each per feature, at least one.", nameof(deviations));
        }

        for (int f = 0; f < means.Count; f++)
        {
            if (!double.IsFinite(means[f]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The mean of feature {f + 1} is {means[f]}; expected a finite number."), nameof(means));
            }

            if (!double.IsFinite(deviations[f]) || deviations[f] <= 0)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The deviation of feature {f + 1} is {deviations[f]}; expected a finite number above 0."), nameof(deviations));
            }
        }

        _means = means.ToArray();
        _deviations = deviations.ToArray();
    }

    /// <summary>Each feature's mean on the data it was fitted on.</summary>
    public IReadOnlyList<double> Means => _means;

    /// <summary>
    /// Each feature's standard deviation on that data (the population one, dividing by n, as
    /// scikit-learn's StandardScaler); 1 for a feature that was constant there.
    /// </summary>
    public IReadOnlyList<double> Deviations => _deviations;

    /// <summary>How many features it expects.</summary>
    public int FeatureCount => _means.Length;

    /// <summary>Computes each feature's mean and standard deviation over <paramref name="data"/>.</summary>
    /// <param name="data">The training examples (only those: see the class remarks).</param>
    /// <exception cref="ArgumentException">A feature's values are so far apart that their spread is not a finite double.</exception>
    public static Standardizer Fit(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Fit(data.Features, f => $"Feature {f + 1} of '{data.Name}'");
    }

    /// <summary>The mean and deviation of each column of <paramref name="rows"/>; <paramref name="what"/> names column f in the error.</summary>
    internal static Standardizer Fit(IReadOnlyList<double[]> rows, Func<int, string> what) =>
        TryFit(rows, what, out string? problem) ?? throw new ArgumentException(problem, "data");

    /// <summary>What stops <see cref="Fit(Dataset)"/> on <paramref name="data"/> (a feature, or a regression's target, spreading beyond a double), or null: the problem as data.</summary>
    internal static string? Problem(Dataset data)
    {
        TryFit(data.Features, f => $"Feature {f + 1} of '{data.Name}'", out string? problem);
        if (problem is null && data.Targets is { } targets)
        {
            TryFit([.. targets.Select(t => new[] { t })], _ => $"The target of '{data.Name}'", out problem);
        }

        return problem;
    }

    private static Standardizer? TryFit(IReadOnlyList<double[]> rows, Func<int, string> what, out string? problem)
    {
        problem = null;
        int n = rows.Count;
        var means = new double[rows[0].Length];
        var deviations = new double[means.Length];
        for (int f = 0; f < means.Length; f++)
        {
            // Divide before adding, so the sum of huge values cannot overflow.
            double mean = 0;
            for (int i = 0; i < n; i++)
            {
                mean += rows[i][f] / n;
            }

            // The spread as m·sqrt(Σ(d/m)²/n), m the largest |d|, so squares of huge values cannot overflow.
            double largest = 0;
            for (int i = 0; i < n; i++)
            {
                largest = Math.Max(largest, Math.Abs(rows[i][f] - mean));
            }

            double sumOfSquares = 0;
            for (int i = 0; largest > 0 && i < n; i++)
            {
                double scaled = (rows[i][f] - mean) / largest;
                sumOfSquares += scaled * scaled;
            }

            double deviation = largest * Math.Sqrt(sumOfSquares / n);
            if (!double.IsFinite(mean) || !double.IsFinite(deviation))
            {
                problem = $"{what(f)} spreads beyond what a double holds; expected values whose differences are finite.";
                return null;
            }

            means[f] = mean;

            // A constant feature (deviation 0) is only shifted: dividing by 0 would give NaN, and a
            // feature that never varied in training carries no information worth amplifying.
            deviations[f] = deviation > 0 ? deviation : 1;
        }

        return new Standardizer(means, deviations);
    }

    /// <summary>The standardised copy of one feature vector: (xᵢ − meanᵢ) / deviationᵢ.</summary>
    /// <param name="features">As many numbers as <see cref="FeatureCount"/>.</param>
    /// <exception cref="ArgumentException">The vector has another length.</exception>
    public double[] Transform(IReadOnlyList<double> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Count != _means.Length)
        {
            throw new ArgumentException($"Got {features.Count} features; the standardiser was fitted on {_means.Length}.", nameof(features));
        }

        var result = new double[_means.Length];
        for (int f = 0; f < result.Length; f++)
        {
            result[f] = (features[f] - _means[f]) / _deviations[f];
        }

        return result;
    }

    /// <summary>The dataset with every example standardised; the labels (or targets), class names and feature names are kept.</summary>
    /// <param name="data">Examples with <see cref="FeatureCount"/> features.</param>
    /// <exception cref="ArgumentException">The data has another number of features.</exception>
    public Dataset Transform(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.FeatureCount != _means.Length)
        {
            throw new ArgumentException($"'{data.Name}' has {data.FeatureCount} features; the standardiser was fitted on {_means.Length}.", nameof(data));
        }

        return data.With(data.Features.Select(Transform).ToArray());
    }
}
