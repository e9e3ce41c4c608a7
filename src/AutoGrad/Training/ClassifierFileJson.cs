using System.Text.Json.Serialization;

namespace AutoGrad.Training;

/// <summary>
/// The classifier file's JSON contract, generated at compile time (see <see cref="Nn.ModelFileJson"/>);
/// how it is written (naming, indentation, numbers) is <see cref="Nn.ModelFile.Json"/>'s, as for model files.
/// </summary>
[JsonSerializable(typeof(ClassifierFile.ClassifierDocument))]
internal sealed partial class ClassifierFileJson : JsonSerializerContext;
