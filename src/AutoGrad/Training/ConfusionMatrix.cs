namespace AutoGrad.Training;

/// <summary>How often each true class was predicted as each class: the diagonal holds the right answers.</summary>
public sealed class ConfusionMatrix
{
    private readonly int[,] _counts;

    /// <summary>Counts predictions against the truth.</summary>
    /// <param name="classNames">A name per class, in index order.</param>
    /// <param name="actual">Each example's true class index.</param>
    /// <param name="predicted">Each example's predicted class index.</param>
    /// <exception cref="ArgumentException">The lists differ in length, or an index is not a class.</exception>
    public ConfusionMatrix(IReadOnlyList<string> classNames, IReadOnlyList<int> actual, IReadOnlyList<int> predicted)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(predicted);
        if (actual.Count != predicted.Count)
        {
            throw new ArgumentException($"Got {actual.Count} true classes but {predicted.Count} predictions; expected one of each per example.", nameof(predicted));
        }

        ClassNames = classNames.ToArray();
        _counts = new int[classNames.Count, classNames.Count];
        for (int i = 0; i < actual.Count; i++)
        {
            if ((uint)actual[i] >= (uint)classNames.Count || (uint)predicted[i] >= (uint)classNames.Count)
            {
                throw new ArgumentException($"Example {i} has true class {actual[i]} and prediction {predicted[i]}; expected classes 0 to {classNames.Count - 1}.", nameof(actual));
            }

            _counts[actual[i], predicted[i]]++;
        }

        Total = actual.Count;
        Correct = Enumerable.Range(0, classNames.Count).Sum(k => _counts[k, k]);
    }

    /// <summary>A name per class, in index order.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>How many examples were counted.</summary>
    public int Total { get; }

    /// <summary>How many were predicted right.</summary>
    public int Correct { get; }

    /// <summary>The share predicted right; 0 when nothing was counted.</summary>
    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;

    /// <summary>How many examples of class <paramref name="actual"/> were predicted as <paramref name="predicted"/>.</summary>
    /// <param name="actual">The true class index.</param>
    /// <param name="predicted">The predicted class index.</param>
    public int this[int actual, int predicted] => _counts[actual, predicted];
}
