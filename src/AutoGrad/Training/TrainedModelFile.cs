using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using AutoGrad.Data;
using AutoGrad.IO;
using AutoGrad.Nn;

namespace AutoGrad.Training;

/// <summary>
/// Saves and loads a <see cref="TrainedModel"/> as JSON: the network as <see cref="ModelFile"/> writes it
/// (bit-exact), and beside it the standardiser's means and deviations, the feature names when the
/// training data had a header, and how the output is read — for a classifier
/// (<c>"format": "autograd-classifier"</c>) the loss and the class names, for a regressor
/// (<c>"format": "autograd-regressor"</c>) the target's name and, when it was standardised, its mean and deviation.
/// Everything <c>autograd predict</c> and <c>autograd eval</c> need to read new data as training did.
/// </summary>
public static class TrainedModelFile
{
    /// <summary>The format a classifier file declares.</summary>
    public const string ClassifierFormat = "autograd-classifier";

    /// <summary>The format a regressor file declares.</summary>
    public const string RegressorFormat = "autograd-regressor";

    private const int FormatVersion = 1;

    // Written as model files are (ModelFile.Json), with the trained model's own generated contract.
    private static readonly JsonSerializerOptions Json = ModelFile.For(ClassifierFileJson.Default);

    /// <summary>Writes the model to <paramref name="path"/>, atomically (nothing half-written), making its folder if needed.</summary>
    /// <param name="model">A <see cref="Classifier"/> or a <see cref="Regressor"/>.</param>
    /// <param name="path">The file.</param>
    public static void Save(TrainedModel model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        StandardizerDocument? standardizer = Describe(model.Standardizer);
        TrainedModelDocument document = model switch
        {
            Classifier classifier => new TrainedModelDocument(
                ClassifierFormat, FormatVersion, TrainingNames.Losses.NameOf(classifier.Loss), classifier.ClassNames.ToArray(), standardizer, ModelFile.Describe(model.Model), model.FeatureNames?.ToArray()),
            Regressor regressor => new TrainedModelDocument(
                RegressorFormat, FormatVersion, TrainingNames.Losses.NameOf(regressor.Loss), null, standardizer, ModelFile.Describe(model.Model), model.FeatureNames?.ToArray())
            {
                Target = new TargetDocument(regressor.TargetName, regressor.TargetStandardizer?.Means[0], regressor.TargetStandardizer?.Deviations[0]),
            },
            _ => throw new ArgumentException($"A {model.GetType().Name} has no file format; expected a Classifier or a Regressor.", nameof(model)),
        };
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(document, Json));
    }

    /// <summary>Reads a classifier or a regressor saved by <see cref="Save"/>; the file's <c>format</c> says which.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">
    /// The file is not a trained model's file (a bare network file from <see cref="ModelFile"/>, as
    /// <c>autograd train</c> wrote before it stored standardisation and class names, is named as such),
    /// or it is corrupt; the message says which.
    /// </exception>
    public static TrainedModel Load(string path)
    {
        TrainedModelDocument? document = ModelFile.ReadDocument<TrainedModelDocument>(path, Json, JsonProblem);

        if (document?.Format == ModelFile.FormatName)
        {
            throw new DataFormatException(path, 0, null,
                $"a bare network file (\"format\": \"{ModelFile.FormatName}\", written by an older autograd train): it has no class names or feature standardisation, so its outputs cannot be read as classes; train the model again to get a classifier file.");
        }

        bool regressor = document?.Format == RegressorFormat;
        if (document is null || (!regressor && document.Format != ClassifierFormat))
        {
            throw new DataFormatException(path, 0, null, $"not an AutoGrad classifier file (expected \"format\": \"{ClassifierFormat}\"). Nor is it a regressor file (\"format\": \"{RegressorFormat}\").");
        }

        string kind = regressor ? "regressor" : "classifier";
        if (document.Version != FormatVersion)
        {
            throw new DataFormatException(path, 0, null, $"the file is {kind} format version {document.Version}; this AutoGrad reads version {FormatVersion}.");
        }

        (string Name, object? Value)[] required = regressor
            ? [("loss", document.Loss), ("target", document.Target), ("model", document.Model)]
            : [("loss", document.Loss), ("classNames", document.ClassNames), ("model", document.Model)];
        string[] missing = [.. required.Where(member => member.Value is null).Select(member => $"\"{member.Name}\"")];
        if (missing.Length > 0)
        {
            throw new DataFormatException(path, 0, null, $"the {kind} file is incomplete: it has no {string.Join(", ", missing)}; expected \"format\", \"version\", {string.Join(", ", required[..^1].Select(m => $"\"{m.Name}\""))} and \"model\", as autograd train writes them.");
        }

        Mlp model = ModelFile.Build(path, document.Model);
        try
        {
            LossKind loss = TrainingNames.Losses.Parse(document.Loss ?? "");
            Standardizer? standardizer = document.Standardizer is { } s ? new Standardizer(s.Means ?? [], s.Deviations ?? []) : null;
            if (!regressor)
            {
                return new Classifier(model, loss, document.ClassNames ?? [], standardizer, document.FeatureNames);
            }

            if (loss != LossKind.MeanSquaredError)
            {
                throw new ArgumentException($"A regressor is trained with mse; the file says '{document.Loss}'.");
            }

            TargetDocument target = document.Target!;
            if (TargetProblem(target) is { } problem)
            {
                throw new DataFormatException(path, 0, null, $"the file is corrupt: {problem}");
            }

            Standardizer? targetStandardizer = (target.Mean, target.Deviation) switch
            {
                (null, null) => null,
                (double mean, double deviation) => new Standardizer([mean], [deviation]),
                _ => throw new ArgumentException("The target has a mean without a deviation or a deviation without a mean; expected both (a standardised target) or neither."),
            };
            return new Regressor(model, target.Name ?? "", standardizer, targetStandardizer, document.FeatureNames);
        }
        catch (ArgumentException e)
        {
            string message = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);
            throw new DataFormatException(path, 0, null, $"the file is corrupt: {message}", e);
        }
    }

    /// <summary>What is wrong with a regressor file's target in its own words (a Standardizer's would call it "feature 1"), or null.</summary>
    private static string? TargetProblem(TargetDocument target)
    {
        if (string.IsNullOrEmpty(target.Name))
        {
            return "the target has no name; expected the name of the column it was read from.";
        }

        if (target.Mean is double mean && !double.IsFinite(mean))
        {
            return string.Create(CultureInfo.InvariantCulture, $"the target's mean is {mean}; expected a finite number.");
        }

        return target.Deviation is double deviation && !(double.IsFinite(deviation) && deviation > 0)
            ? string.Create(CultureInfo.InvariantCulture, $"the target's deviation is {deviation}; expected a finite number above 0.")
            : null;
    }

    private static StandardizerDocument? Describe(Standardizer? standardizer) =>
        standardizer is { } s ? new StandardizerDocument(s.Means.ToArray(), s.Deviations.ToArray()) : null;

    /// <summary>What is wrong with the JSON, in words: never .NET's type names (its own message names the private record it was reading into).</summary>
    private static string JsonProblem(JsonException e)
    {
        string message = e.Message;
        if (message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return e.Path is null or "$" ? "it holds JSON, but not an object of a classifier's members" : $"the JSON value at {e.Path} is not what a classifier file holds there";
        }

        int details = message.IndexOf(" Path:", StringComparison.Ordinal);
        return $"the JSON is corrupt ({(details < 0 ? message : message[..details])})";
    }

    /// <summary>A classifier's or a regressor's file: the members of both, each kind leaving the other's out.</summary>
    internal sealed record TrainedModelDocument(
        string Format,
        int Version,
        string? Loss,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string[]? ClassNames, // a regressor has none
        StandardizerDocument? Standardizer,
        ModelFile.ModelDocument? Model,
        string[]? FeatureNames = null) // absent in files written before feature names were kept
    {
        /// <summary>A regressor's target; absent in a classifier's file.</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public TargetDocument? Target { get; init; }
    }

    internal sealed record StandardizerDocument(double[]? Means, double[]? Deviations);

    /// <summary>The target's name, and its mean and deviation when the network learnt it standardised (both absent otherwise).</summary>
    internal sealed record TargetDocument(
        string? Name,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Mean,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Deviation);
}
