namespace AutoGrad.Training;

/// <summary>How often each true class was predicted as each class: the diagonal holds the right answers.</summary>
public sealed class ConfusionMatrix
{
    private readonly int[,] _counts;

    /// <summary>Counts predictions against the truth.</summary>
    /// <param name="classNames">A name per class, in index order.</param>
    /// <param name="actual">Each example's true class index.</param>
    /// <param name="predicted">Each example's predicted class index.</param>
    /// <exception cref="ArgumentException">
    /// The lists differ in length, an index is not a class, a class name is null, or there are so many
    /// classes that the table would hold more than <see cref="Limits.MaxElements"/> counts.
    /// </exception>
    public ConfusionMatrix(IReadOnlyList<string> classNames, IReadOnlyList<int> actual, IReadOnlyList<int> predicted)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(predicted);
        if (actual.Count != predicted.Count)
        {
            throw new ArgumentException($"Got {actual.Count} true classes but {predicted.Count} predictions; expected one of each per example.", nameof(predicted));
        }

        if (classNames.Count == 0)
        {
            throw new ArgumentException("Expected at least one class name; got an empty list.", nameof(classNames));
        }

        for (int c = 0; c < classNames.Count; c++)
        {
            if (classNames[c] is null)
            {
                throw new ArgumentException($"Class name {c} is null; expected a name for every class.", nameof(classNames));
            }
        }

        Limits.ThrowIfTooLarge((long)classNames.Count * classNames.Count, $"A confusion matrix of {classNames.Count} classes", nameof(classNames));
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
    /// <exception cref="ArgumentOutOfRangeException">An index is not a class (0 to <see cref="ClassNames"/>.Count − 1).</exception>
    public int this[int actual, int predicted]
    {
        get
        {
            int classes = ClassNames.Count;
            if ((uint)actual >= (uint)classes || (uint)predicted >= (uint)classes)
            {
                throw new ArgumentOutOfRangeException((uint)actual >= (uint)classes ? nameof(actual) : nameof(predicted),
                    $"Got the cell [{actual}, {predicted}]; expected class indices from 0 to {classes - 1}.");
            }

            return _counts[actual, predicted];
        }
    }
}
