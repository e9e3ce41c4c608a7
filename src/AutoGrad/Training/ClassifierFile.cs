using AutoGrad.Nn;

namespace AutoGrad.Training;

/// <summary>
/// Saves and loads a <see cref="Classifier"/> as JSON (<see cref="TrainedModelFile"/>'s classifier format):
/// the network as <see cref="ModelFile"/> writes it (bit-exact), and beside it the loss, the class names,
/// the standardiser's means and deviations and, when the training data had a header, the feature names —
/// everything <c>autograd predict</c> and <c>autograd eval</c> need to read new data as training did.
/// </summary>
public static class ClassifierFile
{
    /// <summary>Writes the classifier to <paramref name="path"/>, atomically (nothing half-written), making its folder if needed.</summary>
    /// <param name="classifier">The classifier.</param>
    /// <param name="path">The file.</param>
    public static void Save(Classifier classifier, string path) => TrainedModelFile.Save(classifier, path);

    /// <summary>Reads a classifier saved by <see cref="Save"/>.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">
    /// The file is not a classifier file (a bare network file from <see cref="ModelFile"/>, as
    /// <c>autograd train</c> wrote before it stored standardisation and class names, and a regressor's
    /// file, are named as such), or it is corrupt; the message says which.
    /// </exception>
    public static Classifier Load(string path) =>
        TrainedModelFile.Load(path) as Classifier
        ?? throw new DataFormatException(path, 0, null, $"a regressor file (\"format\": \"{TrainedModelFile.RegressorFormat}\"): its output is a number, not a class; load it with TrainedModelFile.Load.");
}
