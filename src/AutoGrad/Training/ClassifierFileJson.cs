using System.Text.Json.Serialization;

namespace AutoGrad.Training;

/// <summary>
/// The trained model file's JSON contract (classifiers and regressors), generated at compile time (see <see cref="Nn.ModelFileJson"/>);
/// how it is written (naming, indentation, numbers) is <see cref="Nn.ModelFile.Json"/>'s, as for model files.
/// </summary>
[JsonSerializable(typeof(TrainedModelFile.TrainedModelDocument))]
internal sealed partial class ClassifierFileJson : JsonSerializerContext;
