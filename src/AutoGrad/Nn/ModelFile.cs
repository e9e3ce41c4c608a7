using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using AutoGrad.IO;

namespace AutoGrad.Nn;

/// <summary>
/// Saves and loads an <see cref="Mlp"/> as JSON: its architecture and every parameter, written in
/// shortest round-trip form so a load restores each parameter bit for bit.
/// </summary>
public static class ModelFile
{
    /// <summary>The "format" a model file states.</summary>
    internal const string FormatName = "autograd-mlp";
    private const int FormatVersion = 1;

    /// <summary>
    /// How model files are written; files that embed a model (a classifier file) write theirs the same
    /// way, with their own generated contract (<see cref="For"/>). No reflection: see <see cref="ModelFileJson"/>.
    /// </summary>
    internal static readonly JsonSerializerOptions Json = For(ModelFileJson.Default);

    /// <summary>The model file's way of writing JSON, with <paramref name="contract"/> saying which types it reads and writes.</summary>
    internal static JsonSerializerOptions For(IJsonTypeInfoResolver contract) => new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        TypeInfoResolver = contract,
    };

    /// <summary>
    /// Writes the model to <paramref name="path"/>. The write is atomic: the JSON goes to a temporary
    /// file beside the target, which is then moved over it, so a crash never leaves half a file.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="path">The file to write; its folder is created if needed.</param>
    public static void Save(Mlp model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(Describe(model), Json));
    }

    /// <summary>The document <see cref="Save"/> writes, for a file that embeds a model.</summary>
    internal static ModelDocument Describe(Mlp model) => new(
        FormatName,
        FormatVersion,
        model.InputCount,
        model.LayerSizes.ToArray(),
        ActivationNames.NameOf(model.Options.HiddenActivation),
        ActivationNames.NameOf(model.Options.OutputActivation),
        model.Parameters.Select(p => p.Data).ToArray())
    {
        // Written only when set, so files of networks without them stay as they were.
        BatchNorm = model.Options.BatchNorm,
        Dropout = model.Options.Dropout,
        MaxoutPieces = model.Layers.Any(l => l.Activation == Activation.Maxout) ? model.Options.MaxoutPieces : 0,
        RunningMeans = model.BatchNorms.Count > 0 ? model.BatchNorms.SelectMany(n => n.RunningMean).ToArray() : null,
        RunningVariances = model.BatchNorms.Count > 0 ? model.BatchNorms.SelectMany(n => n.RunningVariance).ToArray() : null,
    };

    /// <summary>The model a document describes, checked as <see cref="Load"/> checks a file.</summary>
    /// <exception cref="DataFormatException">The document is not a valid model; the message names <paramref name="path"/>.</exception>
    internal static Mlp Build(string path, ModelDocument? document)
    {
        Validate(path, document);
        var model = new Mlp(document!.Inputs, document.Layers, new MlpOptions
        {
            HiddenActivation = ParseActivation(path, "hiddenActivation", document.HiddenActivation),
            OutputActivation = ParseActivation(path, "outputActivation", document.OutputActivation),
            BatchNorm = document.BatchNorm,
            Dropout = document.Dropout,
            MaxoutPieces = document.MaxoutPieces == 0 ? new MlpOptions().MaxoutPieces : document.MaxoutPieces,
        });
        CopyParameters(path, document, model);
        return model;
    }

    /// <summary>Reads a model saved by <see cref="Save"/>, building the architecture the file describes.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is not a model file, or is corrupt; the message says which.</exception>
    public static Mlp Load(string path) => Build(path, Read(path));

    /// <summary>Reads a saved model's parameters into an existing model of the same architecture.</summary>
    /// <param name="model">The model to fill; it is left unchanged if the file does not fit it.</param>
    /// <param name="path">The file.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">
    /// The file is corrupt, or holds another architecture: the message names the first difference
    /// (inputs, layer sizes, hidden or output activation) with the file's value and the model's.
    /// </exception>
    public static void LoadInto(Mlp model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ModelDocument document = Read(path);
        if (FirstDifference(document, model) is { } difference)
        {
            throw new DataFormatException(path, 0, null, $"the file's architecture differs from the model {model}: {difference}.");
        }

        CopyParameters(path, document, model);
    }

    /// <summary>The first way the stored architecture differs from the model's, or null if they agree.</summary>
    private static string? FirstDifference(ModelDocument document, Mlp model)
    {
        string hidden = ActivationNames.NameOf(model.Options.HiddenActivation);
        string output = ActivationNames.NameOf(model.Options.OutputActivation);
        if (document.Inputs != model.InputCount)
        {
            return $"the file has {document.Inputs} inputs but the model has {model.InputCount}";
        }

        if (!document.Layers.SequenceEqual(model.LayerSizes))
        {
            return $"the file has layer sizes [{string.Join(", ", document.Layers)}] but the model has [{string.Join(", ", model.LayerSizes)}]";
        }

        if (!string.Equals(document.HiddenActivation, hidden, StringComparison.OrdinalIgnoreCase))
        {
            return $"the file's hidden activation is {document.HiddenActivation} but the model's is {hidden}";
        }

        if (!string.Equals(document.OutputActivation, output, StringComparison.OrdinalIgnoreCase))
        {
            return $"the file's output activation is {document.OutputActivation} but the model's is {output}";
        }

        bool maxout = model.Layers.Any(l => l.Activation == Activation.Maxout);
        if (maxout && document.MaxoutPieces != model.Options.MaxoutPieces)
        {
            return $"the file's maxout units have {document.MaxoutPieces} pieces but the model's have {model.Options.MaxoutPieces}";
        }

        if (document.BatchNorm != model.Options.BatchNorm)
        {
            return $"the file's network {(document.BatchNorm ? "has" : "has no")} batch norm but the model {(model.Options.BatchNorm ? "has" : "has none")}";
        }

        return null;
    }

    private static ModelDocument Read(string path)
    {
        ModelDocument? document = ReadDocument<ModelDocument>(path, Json, e => $"the JSON is corrupt ({e.Message})");
        Validate(path, document);
        return document!;
    }

    /// <summary>
    /// Reads a model file's JSON into <typeparamref name="TDocument"/>; malformed JSON becomes a
    /// <see cref="DataFormatException"/> naming the file and line, in the words <paramref name="problem"/> gives.
    /// </summary>
    internal static TDocument? ReadDocument<TDocument>(string path, JsonSerializerOptions json, Func<JsonException, string> problem)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            return JsonSerializer.Deserialize<TDocument>(File.ReadAllText(path), json);
        }
        catch (JsonException e)
        {
            throw new DataFormatException(path, (int)(e.LineNumber ?? -1) + 1, null, $"not a valid model file: {problem(e)}", e);
        }
    }

    private static void Validate(string path, ModelDocument? document)
    {
        if (document?.Format != FormatName)
        {
            throw new DataFormatException(path, 0, null, $"not an AutoGrad model file (expected \"format\": \"{FormatName}\").");
        }

        if (document.Version != FormatVersion)
        {
            throw new DataFormatException(path, 0, null, $"the file is model format version {document.Version}; this AutoGrad reads version {FormatVersion}.");
        }

        if (document.Layers is null || document.Parameters is null || document.Inputs < 1 || document.Layers.Length == 0 || document.Layers.Any(n => n < 1))
        {
            throw new DataFormatException(path, 0, null, "the file is corrupt: it lacks a valid architecture (inputs, layers) or its parameters.");
        }

        // Check the size before building anything: an edited architecture of 10⁵-unit layers would
        // otherwise exhaust memory before the parameter count is compared. Every neuron has at least
        // its weights and a bias, so this is a lower bound (PReLU adds a slope each), counted as
        // new Mlp(...) counts it and held to the same Limits.MaxElements.
        long needed = Mlp.MinimumParameterCount(document.Inputs, document.Layers, stopAbove: Math.Min(document.Parameters.Length, Limits.MaxElements));
        if (needed > document.Parameters.Length)
        {
            throw new DataFormatException(path, 0, null,
                $"the file is corrupt: it has {document.Parameters.Length} parameters but its architecture ({document.Inputs} inputs, layers [{string.Join(", ", document.Layers)}]) needs at least {needed}.");
        }

        if (needed > Limits.MaxElements)
        {
            throw new DataFormatException(path, 0, null, string.Create(CultureInfo.InvariantCulture,
                $"the file's architecture ({document.Inputs} inputs, layers [{string.Join(", ", document.Layers)}]) needs at least {needed:N0} parameters, more than AutoGrad builds (Limits.MaxElements = {Limits.MaxElements:N0})."));
        }

        int notFinite = Array.FindIndex(document.Parameters, p => !double.IsFinite(p));
        if (notFinite >= 0)
        {
            throw new DataFormatException(path, 0, null,
                string.Create(CultureInfo.InvariantCulture, $"the file is corrupt: parameter {notFinite} is {document.Parameters[notFinite]}; expected a finite number."));
        }

        if (document.MaxoutPieces is not 0 and (< 2 or > Neuron.MaxMaxoutPieces))
        {
            throw new DataFormatException(path, 0, null, $"the file is corrupt: its \"maxoutPieces\" is {document.MaxoutPieces}; expected 2 to {Neuron.MaxMaxoutPieces}.");
        }

        if (!(document.Dropout is >= 0 and < 1))
        {
            throw new DataFormatException(path, 0, null, string.Create(CultureInfo.InvariantCulture, $"the file is corrupt: its \"dropout\" is {document.Dropout}; expected a probability in [0, 1)."));
        }

        // Batch norm keeps a running mean and variance per hidden unit, the variances positive.
        int hiddenUnits = document.Layers[..^1].Sum();
        int[] expected = document.BatchNorm ? [hiddenUnits, hiddenUnits] : [0, 0];
        if ((document.RunningMeans?.Length ?? 0) != expected[0] || (document.RunningVariances?.Length ?? 0) != expected[1]
            || document.RunningMeans?.Any(m => !double.IsFinite(m)) == true || document.RunningVariances?.Any(v => !(double.IsFinite(v) && v >= 0)) == true)
        {
            throw new DataFormatException(path, 0, null, document.BatchNorm
                ? $"the file is corrupt: a network with batch norm needs {hiddenUnits} finite \"runningMeans\" and as many \"runningVariances\" at least 0, one per hidden unit."
                : "the file is corrupt: it has batch norm statistics (\"runningMeans\", \"runningVariances\") but no \"batchNorm\": true.");
        }
    }

    private static void CopyParameters(string path, ModelDocument document, Mlp model)
    {
        IReadOnlyList<Value> parameters = model.Parameters;
        if (document.Parameters.Length != parameters.Count)
        {
            throw new DataFormatException(path, 0, null, $"the file is corrupt: it has {document.Parameters.Length} parameters but {model} needs {parameters.Count}.");
        }

        for (int i = 0; i < parameters.Count; i++)
        {
            parameters[i].Data = document.Parameters[i];
        }

        int start = 0;
        foreach (BatchNorm norm in model.BatchNorms)
        {
            int count = norm.RunningMean.Count;
            norm.RestoreRunningStatistics(document.RunningMeans.AsSpan(start, count), document.RunningVariances.AsSpan(start, count));
            start += count;
        }
    }

    private static Activation ParseActivation(string path, string field, string? name)
    {
        try
        {
            return ActivationNames.Parse(name!);
        }
        catch (ArgumentException e)
        {
            throw new DataFormatException(path, 0, null, $"the file is corrupt: its \"{field}\" is not an activation. {e.Message}", e);
        }
    }

    /// <summary>A model file's JSON: the architecture and every parameter.</summary>
    internal sealed record ModelDocument(
        string Format,
        int Version,
        int Inputs,
        int[] Layers,
        string HiddenActivation,
        string OutputActivation,
        double[] Parameters)
    {
        /// <summary>Whether each hidden layer is batch-normalised (absent in files of networks without it).</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
        public bool BatchNorm { get; init; }

        /// <summary>The pieces of each maxout unit (absent, 0, when no layer is maxout).</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
        public int MaxoutPieces { get; init; }

        /// <summary>The dropout probability the network was trained with (absent when 0).</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
        public double Dropout { get; init; }

        /// <summary>Batch norm's running means, hidden layer by hidden layer (absent without batch norm).</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public double[]? RunningMeans { get; init; }

        /// <summary>Batch norm's running variances, as <see cref="RunningMeans"/>.</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public double[]? RunningVariances { get; init; }
    }
}
