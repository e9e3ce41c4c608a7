using System.Text.Json;
using AutoGrad.Data;
using AutoGrad.IO;
using AutoGrad.Nn;

namespace AutoGrad.Training;

/// <summary>
/// Saves and loads a <see cref="Classifier"/> as JSON: the network as <see cref="ModelFile"/> writes it
/// (bit-exact), and beside it the loss, the class names, the standardiser's means and deviations and,
/// when the training data had a header, the feature names —
/// everything <c>autograd predict</c> and <c>autograd eval</c> need to read new data as training did.
/// </summary>
public static class ClassifierFile
{
    private const string FormatName = "autograd-classifier";
    private const int FormatVersion = 1;

    // Written as model files are (ModelFile.Json), with the classifier's own generated contract.
    private static readonly JsonSerializerOptions Json = ModelFile.For(ClassifierFileJson.Default);

    /// <summary>Writes the classifier to <paramref name="path"/>, atomically (nothing half-written), making its folder if needed.</summary>
    /// <param name="classifier">The classifier.</param>
    /// <param name="path">The file.</param>
    public static void Save(Classifier classifier, string path)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var document = new ClassifierDocument(
            FormatName,
            FormatVersion,
            TrainingNames.Losses.NameOf(classifier.Loss),
            classifier.ClassNames.ToArray(),
            classifier.Standardizer is { } s ? new StandardizerDocument(s.Means.ToArray(), s.Deviations.ToArray()) : null,
            ModelFile.Describe(classifier.Model),
            classifier.FeatureNames?.ToArray());
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(document, Json));
    }

    /// <summary>Reads a classifier saved by <see cref="Save"/>.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">
    /// The file is not a classifier file (a bare network file from <see cref="ModelFile"/>, as
    /// <c>autograd train</c> wrote before it stored standardisation and class names, is named as such),
    /// or it is corrupt; the message says which.
    /// </exception>
    public static Classifier Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ClassifierDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<ClassifierDocument>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new DataFormatException(path, (int)(e.LineNumber ?? -1) + 1, null, $"not a valid model file: {JsonProblem(e)}", e);
        }

        if (document?.Format == ModelFile.FormatName)
        {
            throw new DataFormatException(path, 0, null,
                $"a bare network file (\"format\": \"{ModelFile.FormatName}\", written by an older autograd train): it has no class names or feature standardisation, so its outputs cannot be read as classes; train the model again to get a classifier file.");
        }

        if (document?.Format != FormatName)
        {
            throw new DataFormatException(path, 0, null, $"not an AutoGrad classifier file (expected \"format\": \"{FormatName}\").");
        }

        if (document.Version != FormatVersion)
        {
            throw new DataFormatException(path, 0, null, $"the file is classifier format version {document.Version}; this AutoGrad reads version {FormatVersion}.");
        }

        string[] missing = [.. new (string Name, object? Value)[] { ("loss", document.Loss), ("classNames", document.ClassNames), ("model", document.Model) }
            .Where(member => member.Value is null).Select(member => $"\"{member.Name}\"")];
        if (missing.Length > 0)
        {
            throw new DataFormatException(path, 0, null, $"the classifier file is incomplete: it has no {string.Join(", ", missing)}; expected \"format\", \"version\", \"loss\", \"classNames\" and \"model\", as autograd train writes them.");
        }

        Mlp model = ModelFile.Build(path, document.Model);
        try
        {
            LossKind loss = TrainingNames.Losses.Parse(document.Loss ?? "");
            Standardizer? standardizer = document.Standardizer is { } s ? new Standardizer(s.Means ?? [], s.Deviations ?? []) : null;
            return new Classifier(model, loss, document.ClassNames ?? [], standardizer, document.FeatureNames);
        }
        catch (ArgumentException e)
        {
            throw new DataFormatException(path, 0, null, $"the file is corrupt: {e.Message}", e);
        }
    }

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

    internal sealed record ClassifierDocument(
        string Format,
        int Version,
        string? Loss,
        string[]? ClassNames,
        StandardizerDocument? Standardizer,
        ModelFile.ModelDocument? Model,
        string[]? FeatureNames = null); // absent in files written before feature names were kept

    internal sealed record StandardizerDocument(double[]? Means, double[]? Deviations);
}
