using System.Text.Json.Serialization;

namespace AutoGrad.Nn;

/// <summary>
/// The model file's JSON contract, generated at compile time: file-based apps (<c>dotnet run app.cs</c>)
/// and native AOT turn reflection-based JSON off, so the serializer must not need it.
/// </summary>
[JsonSerializable(typeof(ModelFile.ModelDocument))]
internal sealed partial class ModelFileJson : JsonSerializerContext;
