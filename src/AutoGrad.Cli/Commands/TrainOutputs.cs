using AutoGrad.Plots;

namespace AutoGrad.Cli.Commands;

/// <summary>
/// The files <c>autograd train</c> writes to its output folder, each named once: the model and one
/// file per <see cref="TrainingPicture"/> (named by <see cref="TrainingPictures.FileNameOf"/>). The --output check, the help text and <c>predict</c>'s
/// default --model read their names from here.
/// </summary>
/// <param name="Folder">The output folder.</param>
internal sealed record TrainOutputs(string Folder)
{
    /// <summary>The model's file name.</summary>
    public const string ModelFileName = "model.json";

    /// <summary>Every file a run may write: the model, then the pictures.</summary>
    public static IReadOnlyList<string> FileNames { get; } = [ModelFileName, .. TrainingPictures.FileNames];

    /// <summary>The model file.</summary>
    public string Model => Path.Combine(Folder, ModelFileName);

    /// <summary>A picture's file.</summary>
    public string PathOf(TrainingPicture picture) => Path.Combine(Folder, TrainingPictures.FileNameOf(picture));
}
