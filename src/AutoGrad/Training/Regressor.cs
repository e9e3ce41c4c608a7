using AutoGrad.Data;
using AutoGrad.Nn;

namespace AutoGrad.Training;

/// <summary>
/// A trained regression: a network with one linear output, trained with the mean squared error,
/// with how its features were standardised and, when the target was standardised too, the target's
/// mean and deviation, so its predictions come back in the target's own units.
/// <see cref="Trainer.ToRegressor"/> makes one; <see cref="TrainedModelFile"/> saves and loads it.
/// </summary>
public sealed class Regressor : TrainedModel
{
    /// <summary>Puts the pieces together, checking that they fit each other.</summary>
    /// <param name="model">The network, with one output; it is used, not copied.</param>
    /// <param name="targetName">What the target is called (<see cref="Dataset.TargetName"/>), on one line.</param>
    /// <param name="standardizer">The standardisation of the features fitted on the training data, or null if features go in as they are.</param>
    /// <param name="targetStandardizer">
    /// The target's mean and deviation on the training data (a <see cref="Data.Standardizer"/> of one
    /// feature) when the network learnt the standardised target, or null when it learnt the target as it is.
    /// </param>
    /// <param name="featureNames">The training data's feature names, or null if it had none.</param>
    /// <exception cref="ArgumentException">The pieces disagree (the network has another number of outputs or inputs, the target standardiser is not of one value, the name is empty or not on one line).</exception>
    public Regressor(Mlp model, string targetName, Standardizer? standardizer, Standardizer? targetStandardizer, IReadOnlyList<string>? featureNames = null)
        : base(model, standardizer, featureNames)
    {
        ArgumentException.ThrowIfNullOrEmpty(targetName);
        if (model.LayerSizes[^1] != 1)
        {
            throw new ArgumentException($"A regressor reads one output, but {model} has {model.LayerSizes[^1]}.", nameof(model));
        }

        if (targetName.Any(char.IsControl))
        {
            throw new ArgumentException($"The target name '{targetName.ReplaceLineEndings(" ")}' holds a line break or control character; expected a name on one line.", nameof(targetName));
        }

        if (targetStandardizer is { FeatureCount: not 1 })
        {
            throw new ArgumentException($"The target standardiser holds {targetStandardizer.FeatureCount} means; expected 1, the target's.", nameof(targetStandardizer));
        }

        TargetName = targetName;
        TargetStandardizer = targetStandardizer;
    }

    /// <summary>What the target is called.</summary>
    public string TargetName { get; }

    /// <summary>The target's mean and deviation the network's output is scaled back with, or null when it learnt the target as it is.</summary>
    public Standardizer? TargetStandardizer { get; }

    /// <summary>The loss it was trained with: always <see cref="LossKind.MeanSquaredError"/>.</summary>
    public LossKind Loss => LossKind.MeanSquaredError;

    /// <summary>The prediction for one example, in the target's units.</summary>
    /// <param name="features">As many raw (unstandardised) features as <see cref="TrainedModel.FeatureCount"/>.</param>
    /// <exception cref="ArgumentException">The example has another number of features.</exception>
    public double Predict(IReadOnlyList<double> features) => Unscaled(Outputs(features, 0)[0]);

    /// <summary>The prediction for each example, in the target's units; the forward pass is recorded once and replayed for every row.</summary>
    /// <param name="rows">Raw feature vectors, each of <see cref="TrainedModel.FeatureCount"/> numbers.</param>
    /// <exception cref="ArgumentException">A row has another number of features (the message gives the row).</exception>
    public double[] Predict(IReadOnlyList<double[]> rows) => Scores(rows).Select(output => Unscaled(output[0])).ToArray();

    /// <summary>The root mean squared and mean absolute errors on <paramref name="data"/>, in the target's units.</summary>
    /// <param name="data">Raw examples with numeric targets (<see cref="Dataset.IsRegression"/>).</param>
    /// <exception cref="ArgumentException">The data has classes rather than targets.</exception>
    public RegressionMetrics Evaluate(Dataset data) => RegressionMetrics.Of(Predict(Targets(data).Features), data.Targets!);

    /// <summary>
    /// The mean squared error over <paramref name="data"/> in the units the network learnt (the
    /// standardised target when <see cref="TargetStandardizer"/> is set), without weight decay: the data
    /// loss a <see cref="Trainer"/> minimises, measured on any examples (a validation part, say).
    /// </summary>
    /// <param name="data">Raw examples with numeric targets.</param>
    /// <exception cref="ArgumentException">The data has classes rather than targets.</exception>
    public override double MeanLoss(Dataset data)
    {
        Dataset learnt = Scaled(Targets(data), TargetStandardizer);
        return LossTargets.Mean(Loss, learnt, Scores(learnt.Features));
    }

    /// <summary>The data with its targets as the network learns them: standardised with <paramref name="targetStandardizer"/>, or as they are when it is null.</summary>
    internal static Dataset Scaled(Dataset data, Standardizer? targetStandardizer) =>
        targetStandardizer is { } scale ? data.With([.. data.Features], [.. data.Targets!.Select(t => scale.Transform([t])[0])]) : data;

    private double Unscaled(double output) =>
        TargetStandardizer is { } scale ? output * scale.Deviations[0] + scale.Means[0] : output;

    private static Dataset Targets(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.IsRegression
            ? data
            : throw new ArgumentException($"'{data.Name}' has classes, not numeric targets; a regressor is measured on examples with a number to predict.", nameof(data));
    }
}
