using System.Globalization;
using AutoGrad.Data;
using AutoGrad.Nn;

namespace AutoGrad.Training;

/// <summary>
/// A trained classifier with what it takes to use it on new data: the network, how its features were
/// standardised, how its outputs are read (the loss it was trained with) and the name of each class.
/// <see cref="Trainer.ToClassifier"/> makes one; <see cref="ClassifierFile"/> saves and loads it.
/// </summary>
public sealed class Classifier : TrainedModel
{
    private readonly string[] _classNames;

    /// <summary>Puts the pieces together, checking that they fit each other.</summary>
    /// <param name="model">The network; it is used, not copied.</param>
    /// <param name="loss">The loss it was trained with: hinge and binary cross-entropy read one output by its sign, the others take the argmax.</param>
    /// <param name="classNames">A name per class, in index order: 2 for a one-output model, one per output otherwise.</param>
    /// <param name="standardizer">The standardisation fitted on the training data, or null if features go in as they are.</param>
    /// <param name="featureNames">The training data's feature names (<see cref="Dataset.FeatureNames"/>), or null if it had none.</param>
    /// <exception cref="ArgumentException">The pieces disagree (outputs and classes, inputs and standardised features or feature names); the message says how.</exception>
    public Classifier(Mlp model, LossKind loss, IReadOnlyList<string> classNames, Standardizer? standardizer, IReadOnlyList<string>? featureNames = null)
        : base(model, standardizer, featureNames)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        if (!Enum.IsDefined(loss))
        {
            throw new ArgumentOutOfRangeException(nameof(loss), loss, "Expected a named LossKind.");
        }

        int outputs = model.LayerSizes[^1];
        int expectedClasses = ReadsSign(loss) ? 2 : outputs;
        if (ReadsSign(loss) && outputs != 1)
        {
            throw new ArgumentException($"A {loss} classifier reads one output, but {model} has {outputs}.", nameof(model));
        }

        if (classNames.Count != expectedClasses || classNames.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException($"{model} trained with {loss} tells {expectedClasses} classes apart; got {classNames.Count} class names (none may be empty).", nameof(classNames));
        }

        // Names are shown in tables and written one per line (quoted as CSV where they hold a comma or quote).
        if (classNames.FirstOrDefault(name => name.Any(char.IsControl)) is { } unwritable)
        {
            throw new ArgumentException($"The class name '{unwritable.ReplaceLineEndings(" ")}' holds a line break or control character; expected a name on one line.", nameof(classNames));
        }

        if (classNames.GroupBy(name => name, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1) is { } repeated)
        {
            throw new ArgumentException($"The class name '{repeated.Key}' is given {repeated.Count()} times; expected a different name for each class.", nameof(classNames));
        }

        Loss = loss;
        _classNames = classNames.ToArray();
    }

    /// <summary>The loss it was trained with, which says how its outputs are read.</summary>
    public LossKind Loss { get; }

    /// <summary>The name of each class, in index order (the label text of the training data).</summary>
    public IReadOnlyList<string> ClassNames => _classNames;

    /// <summary>The class predicted for one example.</summary>
    /// <param name="features">As many raw (unstandardised) features as <see cref="TrainedModel.FeatureCount"/>.</param>
    /// <exception cref="ArgumentException">The example has another number of features.</exception>
    public int Predict(IReadOnlyList<double> features) => ClassOf(Loss, Outputs(features, 0));

    /// <summary>
    /// The class predicted for each example. The network's forward pass is recorded once and replayed
    /// for every row (<see cref="Compilation.CompiledGraph"/>), so thousands of rows take milliseconds.
    /// </summary>
    /// <param name="rows">Raw feature vectors, each of <see cref="TrainedModel.FeatureCount"/> numbers.</param>
    /// <exception cref="ArgumentException">A row has another number of features (the message gives the row).</exception>
    public int[] Predict(IReadOnlyList<double[]> rows) => Scores(rows).Select(scores => ClassOf(Loss, scores)).ToArray();

    /// <summary>
    /// The mean of <see cref="Loss"/> over the examples of <paramref name="data"/>, without weight decay:
    /// the data loss a <see cref="Trainer"/> minimises, measured on any labelled examples (a validation part, say).
    /// </summary>
    /// <param name="data">Raw examples whose class indices mean the same classes as <see cref="ClassNames"/>.</param>
    /// <exception cref="ArgumentException">The data has other features or other classes.</exception>
    public override double MeanLoss(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!data.ClassNames.SequenceEqual(_classNames))
        {
            throw new ArgumentException($"'{data.Name}' has the classes [{string.Join(", ", data.ClassNames)}] but the classifier knows [{string.Join(", ", _classNames)}].", nameof(data));
        }

        return LossTargets.Mean(Loss, data, Scores(data.Features));
    }

    /// <summary>The share of <paramref name="data"/> classified correctly.</summary>
    /// <param name="data">Raw examples whose class indices mean the same classes as <see cref="ClassNames"/>.</param>
    public double Accuracy(Dataset data) => Evaluate(data).Accuracy;

    /// <summary>Predicts every example of <paramref name="data"/> and counts the outcomes by true and predicted class.</summary>
    /// <param name="data">Raw examples whose class indices mean the same classes as <see cref="ClassNames"/>.</param>
    /// <exception cref="ArgumentException">The data has other features or other classes.</exception>
    public ConfusionMatrix Evaluate(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!data.ClassNames.SequenceEqual(_classNames))
        {
            throw new ArgumentException($"'{data.Name}' has the classes [{string.Join(", ", data.ClassNames)}] but the classifier knows [{string.Join(", ", _classNames)}].", nameof(data));
        }

        return new ConfusionMatrix(_classNames, data.Labels, Predict(data.Features));
    }

    /// <summary>
    /// The index of the class named <paramref name="label"/>, or −1 if there is none. When every class
    /// name is a number, labels are compared as numbers (so "1.0" and "+1" find class "1"), as
    /// <see cref="CsvDataset.Load"/> made the names; otherwise exactly.
    /// </summary>
    /// <param name="label">A label as written in a data file.</param>
    public int ClassIndexOf(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        string trimmed = label.Trim();
        int exact = Array.IndexOf(_classNames, trimmed);
        if (exact >= 0 || !_classNames.All(n => TryNumber(n, out _)) || !TryNumber(trimmed, out double number))
        {
            return exact;
        }

        return Array.FindIndex(_classNames, n => TryNumber(n, out double value) && value == number);
    }

    /// <summary>The class a model's outputs stand for: the sign of one output for the binary losses, else the first largest output.</summary>
    internal static int ClassOf(LossKind loss, ReadOnlySpan<double> outputs)
    {
        if (ReadsSign(loss))
        {
            return outputs[0] > 0 ? 1 : 0;
        }

        int best = 0;
        for (int k = 1; k < outputs.Length; k++)
        {
            best = outputs[k] > outputs[best] ? k : best; // the first on a tie, as Functions.Argmax
        }

        return best;
    }

    /// <summary>Whether the loss trains one output read by its sign (class 1 where it is positive).</summary>
    internal static bool ReadsSign(LossKind loss) => loss is LossKind.Hinge or LossKind.BinaryCrossEntropy;

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
