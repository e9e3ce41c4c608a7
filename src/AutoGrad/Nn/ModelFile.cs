using System.Text.Json;
using System.Text.Json.Serialization;

namespace AutoGrad.Nn;

/// <summary>
/// Saves and loads an <see cref="Mlp"/> as JSON: its architecture and every parameter, written in
/// shortest round-trip form so a load restores each parameter bit for bit.
/// </summary>
public static class ModelFile
{
    private const string FormatName = "autograd-mlp";
    private const int FormatVersion = 1;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
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
        var document = new ModelDocument(
            FormatName,
            FormatVersion,
            model.InputCount,
            model.LayerSizes.ToArray(),
            ActivationNames.NameOf(model.Options.HiddenActivation),
            ActivationNames.NameOf(model.Options.OutputActivation),
            model.Parameters().Select(p => p.Data).ToArray());
        string fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        string temporary = $"{fullPath}.tmp-{Environment.ProcessId}";
        File.WriteAllText(temporary, JsonSerializer.Serialize(document, Json));
        File.Move(temporary, fullPath, overwrite: true);
    }

    /// <summary>Reads a model saved by <see cref="Save"/>, building the architecture the file describes.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a model file, or is corrupt; the message says which.</exception>
    public static Mlp Load(string path)
    {
        ModelDocument document = Read(path);
        var model = new Mlp(document.Inputs, document.Layers, new MlpOptions
        {
            HiddenActivation = ParseActivation(path, document.HiddenActivation),
            OutputActivation = ParseActivation(path, document.OutputActivation),
        });
        CopyParameters(path, document, model);
        return model;
    }

    /// <summary>Reads a saved model's parameters into an existing model of the same architecture.</summary>
    /// <param name="model">The model to fill.</param>
    /// <param name="path">The file.</param>
    /// <exception cref="InvalidDataException">The file is corrupt, or holds another architecture (the message names both).</exception>
    public static void LoadInto(Mlp model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ModelDocument document = Read(path);
        string stored = $"MLP({document.Inputs}, [{string.Join(", ", document.Layers)}], {document.HiddenActivation})";
        if (stored != model.ToString() || document.OutputActivation != ActivationNames.NameOf(model.Options.OutputActivation))
        {
            throw new InvalidDataException($"{path} holds {stored} with a {document.OutputActivation} output, but the model is {model} with a {ActivationNames.NameOf(model.Options.OutputActivation)} output.");
        }

        CopyParameters(path, document, model);
    }

    private static ModelDocument Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ModelDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<ModelDocument>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a valid model file: the JSON is corrupt ({e.Message})", e);
        }

        if (document?.Format != FormatName)
        {
            throw new InvalidDataException($"{path} is not an AutoGrad model file (expected \"format\": \"{FormatName}\").");
        }

        if (document.Version != FormatVersion)
        {
            throw new InvalidDataException($"{path} is model format version {document.Version}; this AutoGrad reads version {FormatVersion}.");
        }

        if (document.Layers is null || document.Parameters is null || document.Inputs < 1 || document.Layers.Length == 0 || document.Layers.Any(n => n < 1))
        {
            throw new InvalidDataException($"{path} is corrupt: it lacks a valid architecture (inputs, layers) or its parameters.");
        }

        return document;
    }

    private static void CopyParameters(string path, ModelDocument document, Mlp model)
    {
        IReadOnlyList<Value> parameters = model.Parameters();
        if (document.Parameters.Length != parameters.Count)
        {
            throw new InvalidDataException($"{path} is corrupt: it has {document.Parameters.Length} parameters but {model} needs {parameters.Count}.");
        }

        for (int i = 0; i < parameters.Count; i++)
        {
            parameters[i].Data = document.Parameters[i];
        }
    }

    private static Activation ParseActivation(string path, string? name)
    {
        try
        {
            return ActivationNames.Parse(name!);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{path} is corrupt: {e.Message}", e);
        }
    }

    private sealed record ModelDocument(
        string Format,
        int Version,
        int Inputs,
        int[] Layers,
        string HiddenActivation,
        string OutputActivation,
        double[] Parameters);
}
