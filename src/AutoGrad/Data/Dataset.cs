namespace AutoGrad.Data;

/// <summary>Examples for classification: a feature vector and a class index for each.</summary>
public sealed class Dataset
{
    /// <summary>Creates a dataset, checking that every example has the same number of features and a valid class.</summary>
    /// <param name="name">A short name for messages and plots.</param>
    /// <param name="features">One feature vector per example, all equally long.</param>
    /// <param name="labels">One class index per example, from 0 to <paramref name="classNames"/>.Count − 1.</param>
    /// <param name="classNames">A name per class, in index order.</param>
    /// <param name="featureNames">
    /// A name per feature, in order (a CSV file's header), or null when the features have none. A
    /// classifier trained on named features keeps the names, so new data can be matched by name.
    /// </param>
    /// <exception cref="ArgumentException">The lists disagree; the message names the first bad example, or the feature names are not one distinct name per feature.</exception>
    public Dataset(string name, IReadOnlyList<double[]> features, IReadOnlyList<int> labels, IReadOnlyList<string> classNames, IReadOnlyList<string>? featureNames = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(classNames);
        for (int c = 0; c < classNames.Count; c++)
        {
            if (classNames[c] is null)
            {
                throw new ArgumentException($"Class name {c} is null; expected a name for every class.", nameof(classNames));
            }
        }

        for (int i = 0; i < features.Count; i++)
        {
            if (features[i] is null)
            {
                throw new ArgumentException($"Feature vector {i} is null; expected an array of numbers for every example.", nameof(features));
            }
        }
        if (features.Count != labels.Count)
        {
            throw new ArgumentException($"Got {features.Count} feature vectors but {labels.Count} labels; expected one label per example.", nameof(labels));
        }

        if (features.Count == 0)
        {
            throw new ArgumentException("A dataset needs at least one example.", nameof(features));
        }

        int width = features[0].Length;
        for (int i = 0; i < features.Count; i++)
        {
            if (features[i].Length != width)
            {
                throw new ArgumentException($"Example {i} has {features[i].Length} features but example 0 has {width}.", nameof(features));
            }

            if ((uint)labels[i] >= (uint)classNames.Count)
            {
                throw new ArgumentException($"Example {i} has class {labels[i]}; expected 0 to {classNames.Count - 1}.", nameof(labels));
            }
        }

        if (featureNames is not null && FeatureColumns.NamesProblem(featureNames, width) is { } problem)
        {
            throw new ArgumentException(problem, nameof(featureNames));
        }

        Name = name;
        FeatureNames = featureNames?.ToArray();
        Features = features.ToArray();
        Labels = labels.ToArray();
        ClassNames = classNames.ToArray();
    }

    /// <summary>A short name for messages and plots.</summary>
    public string Name { get; }

    /// <summary>A name per feature, in order (a CSV file's header), or null when the features have none.</summary>
    public IReadOnlyList<string>? FeatureNames { get; }

    /// <summary>One feature vector per example.</summary>
    public IReadOnlyList<double[]> Features { get; }

    /// <summary>One class index per example.</summary>
    public IReadOnlyList<int> Labels { get; }

    /// <summary>A name per class, in index order.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>How many examples.</summary>
    public int Count => Labels.Count;

    /// <summary>Features per example.</summary>
    public int FeatureCount => Features[0].Length;

    /// <summary>How many classes.</summary>
    public int ClassCount => ClassNames.Count;
}
