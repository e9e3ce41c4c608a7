namespace AutoGrad.Data;

/// <summary>
/// Examples: a feature vector and, for classification, a class index for each, or, for regression
/// (<see cref="ForRegression"/>, <see cref="IsRegression"/>), a number to predict.
/// </summary>
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

    private Dataset(string name, double[][] features, double[] targets, string targetName, string[]? featureNames)
    {
        Name = name;
        FeatureNames = featureNames;
        Features = features;
        Labels = [];
        ClassNames = [];
        Targets = targets;
        TargetName = targetName;
    }

    /// <summary>
    /// Examples for regression: a feature vector and a number to predict (the target) for each. Such
    /// a dataset has no classes (<see cref="Labels"/> and <see cref="ClassNames"/> are empty).
    /// </summary>
    /// <param name="name">A short name for messages and plots.</param>
    /// <param name="features">One feature vector per example, all equally long, at least one example.</param>
    /// <param name="targets">One finite number per example.</param>
    /// <param name="targetName">What the target is called (a CSV file's column name), not empty.</param>
    /// <param name="featureNames">A name per feature, in order, or null when the features have none.</param>
    /// <exception cref="ArgumentException">The lists disagree or a target is not finite; the message names the first bad example.</exception>
    public static Dataset ForRegression(string name, IReadOnlyList<double[]> features, IReadOnlyList<double> targets, string targetName, IReadOnlyList<string>? featureNames = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentException.ThrowIfNullOrEmpty(targetName);
        if (features.Count != targets.Count)
        {
            throw new ArgumentException($"Got {features.Count} feature vectors but {targets.Count} targets; expected one target per example.", nameof(targets));
        }

        for (int i = 0; i < targets.Count; i++)
        {
            if (!double.IsFinite(targets[i]))
            {
                throw new ArgumentException(System.FormattableString.Invariant($"Example {i} has the target {targets[i]}; expected a finite number."), nameof(targets));
            }
        }

        // The classification constructor checks the features and names; one class stands in for the targets.
        var shape = new Dataset(name, features, new int[targets.Count], ["target"], featureNames);
        return new Dataset(name, [.. shape.Features], [.. targets], targetName, shape.FeatureNames?.ToArray());
    }

    /// <summary>A short name for messages and plots.</summary>
    public string Name { get; }

    /// <summary>A name per feature, in order (a CSV file's header), or null when the features have none.</summary>
    public IReadOnlyList<string>? FeatureNames { get; }

    /// <summary>One feature vector per example.</summary>
    public IReadOnlyList<double[]> Features { get; }

    /// <summary>One class index per example; empty for a regression dataset.</summary>
    public IReadOnlyList<int> Labels { get; }

    /// <summary>A name per class, in index order; empty for a regression dataset.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The number to predict for each example (<see cref="ForRegression"/>), or null for a classification dataset.</summary>
    public IReadOnlyList<double>? Targets { get; }

    /// <summary>What the target is called (a CSV file's column name), or null for a classification dataset.</summary>
    public string? TargetName { get; }

    /// <summary>Whether the examples have numeric targets rather than classes.</summary>
    public bool IsRegression => Targets is not null;

    /// <summary>How many examples.</summary>
    public int Count => Features.Count;

    /// <summary>Features per example.</summary>
    public int FeatureCount => Features[0].Length;

    /// <summary>How many classes; 0 for a regression dataset.</summary>
    public int ClassCount => ClassNames.Count;

    /// <summary>The examples at <paramref name="indices"/>, in that order, under another name; classes or targets and names kept.</summary>
    internal Dataset Subset(IReadOnlyList<int> indices, string name) =>
        Targets is { } targets
            ? new Dataset(name, indices.Select(i => Features[i]).ToArray(), indices.Select(i => targets[i]).ToArray(), TargetName!, FeatureNames?.ToArray())
            : new Dataset(name, indices.Select(i => Features[i]).ToArray(), indices.Select(i => Labels[i]).ToArray(), ClassNames, FeatureNames);

    /// <summary>The same examples with other feature vectors (as many, equally long) and, for a regression, other targets.</summary>
    internal Dataset With(double[][] features, double[]? targets = null) =>
        Targets is { } own
            ? new Dataset(Name, features, targets ?? [.. own], TargetName!, FeatureNames?.ToArray())
            : new Dataset(Name, features, Labels, ClassNames, FeatureNames);
}
