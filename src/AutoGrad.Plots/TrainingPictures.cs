using System.Globalization;
using AutoGrad.Data;
using AutoGrad.Training;
using ScottPlot;

namespace AutoGrad.Plots;

/// <summary>
/// Every picture of a training run that fits its data, written to one folder: the same pictures
/// <c>autograd train</c> draws, for a run trained in a script with <see cref="Trainer"/>.
/// </summary>
/// <example>
/// <code>
/// Dataset moons = Datasets.Moons(100);
/// var trainer = new Trainer(moons, new TrainingOptions { Steps = 200 });
/// var run = new TrainingRecorder(trainer, moons);
/// trainer.Run(run.Hooks);
/// foreach (string path in TrainingPictures.Save(run, "pictures"))
/// {
///     Console.WriteLine(path); // pictures/training.png, pictures/decision-boundary.png
/// }
/// </code>
/// </example>
public static class TrainingPictures
{
    /// <summary>The file name of every picture, in the order of <see cref="TrainingPicture"/>.</summary>
    public static IReadOnlyList<string> FileNames { get; } = Enum.GetValues<TrainingPicture>().Select(FileNameOf).ToArray();

    /// <summary>The file a picture is written to, such as <c>training.png</c>.</summary>
    /// <param name="picture">A picture.</param>
    /// <returns>The file's name, without a folder.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="picture"/> is not a <see cref="TrainingPicture"/> member.</exception>
    public static string FileNameOf(TrainingPicture picture) => picture switch
    {
        TrainingPicture.Training => "training.png",
        TrainingPicture.DecisionBoundary => "decision-boundary.png",
        TrainingPicture.ConfusionMatrix => "confusion-matrix.png",
        TrainingPicture.Misclassified => "misclassified.png",
        TrainingPicture.FirstLayerWeights => "first-layer-weights.png",
        TrainingPicture.Probabilities => "probabilities.png",
        _ => throw new ArgumentOutOfRangeException(nameof(picture), picture, "Unknown picture; expected a TrainingPicture member."),
    };

    /// <summary>
    /// The pictures that fit a classifier's run: the curves always, the decision boundary when the data
    /// has 2 features, and the four image pictures when the examples are images of side
    /// <paramref name="imageSide"/>. A regression's run draws the curves only.
    /// </summary>
    /// <param name="featureCount">The features of one example.</param>
    /// <param name="imageSide">The side of the square images the examples are, or null when they are not images.</param>
    /// <returns>The pictures, in the order of <see cref="TrainingPicture"/>.</returns>
    public static IReadOnlyList<TrainingPicture> For(int featureCount, int? imageSide)
    {
        var pictures = new List<TrainingPicture> { TrainingPicture.Training };
        if (featureCount == 2)
        {
            pictures.Add(TrainingPicture.DecisionBoundary);
        }

        if (imageSide is not null)
        {
            pictures.AddRange([TrainingPicture.ConfusionMatrix, TrainingPicture.Misclassified, TrainingPicture.FirstLayerWeights, TrainingPicture.Probabilities]);
        }

        return pictures;
    }

    /// <summary>
    /// Draws every picture that fits the run (<see cref="For"/>; a regression's run, the curves only) and writes each to
    /// <paramref name="directory"/> under its <see cref="FileNameOf"/> name, atomically (a picture is
    /// whole or not there; an earlier file of that name is replaced). Other files in the folder are left alone.
    /// </summary>
    /// <param name="run">The recorded run: at least one step.</param>
    /// <param name="directory">The folder to write to; made if missing.</param>
    /// <param name="shown">
    /// The data the image pictures show (the test part, say); the run's training data if null. It must
    /// have the features of the run's data.
    /// </param>
    /// <param name="imageSide">
    /// When the examples are square images (the digits: 8), their side: the confusion matrix, the
    /// misclassified images, the first layer's weights and the probabilities are drawn too. Null: no image pictures.
    /// </param>
    /// <returns>The paths written (<paramref name="directory"/> joined with each file name), in the order of <see cref="TrainingPicture"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="run"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="directory"/> is null, empty or blank; <paramref name="run"/> has recorded no step;
    /// <paramref name="shown"/> has other features than the run's data; <paramref name="imageSide"/> is given for a regression.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="imageSide"/>² is not the number of features.</exception>
    /// <exception cref="IOException">A picture could not be written (a file in the way of the folder, say).</exception>
    /// <exception cref="UnauthorizedAccessException">The folder is not writable.</exception>
    public static IReadOnlyList<string> Save(TrainingRecorder run, string directory, Dataset? shown = null, int? imageSide = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        RequireSteps(run);
        Dataset train = run.Train;
        if (shown is not null)
        {
            PlotArguments.SameFeatures(train.FeatureCount, shown, nameof(shown));
        }

        if (imageSide is int side)
        {
            PlotArguments.ImageSide(side, train.FeatureCount, nameof(imageSide));
        }

        Trainer trainer = run.Trainer;
        if (trainer.IsRegression)
        {
            if (imageSide is not null)
            {
                throw new ArgumentException($"'{train.Name}' is a regression, which has no image pictures (they show classes); expected imageSide null.", nameof(imageSide));
            }

            string curves = Path.Combine(directory, FileNameOf(TrainingPicture.Training));
            return [SaveCurves(run, curves)];
        }

        Classifier classifier = trainer.ToClassifier();
        Dataset images = shown ?? train;
        var written = new List<string>();
        foreach (TrainingPicture picture in For(train.FeatureCount, imageSide))
        {
            string path = Path.Combine(directory, FileNameOf(picture));
            written.Add(picture switch
            {
                TrainingPicture.Training => SaveCurves(run, path),
                TrainingPicture.DecisionBoundary => DecisionBoundaryPlot.Save(classifier, train, path, run.Validation),
                TrainingPicture.ConfusionMatrix => ConfusionMatrixPlot.Save(classifier.Evaluate(images), images.Name, path),
                TrainingPicture.Misclassified => MisclassifiedPlot.Save(classifier, images, imageSide!.Value, path),
                TrainingPicture.FirstLayerWeights => FirstLayerWeightsPlot.Save(trainer.Model, imageSide!.Value, trainer.Standardizer is not null, path),
                TrainingPicture.Probabilities => ProbabilitiesPlot.Save(classifier, images, imageSide!.Value, path),
                _ => throw new ArgumentOutOfRangeException(nameof(picture), picture, "Unknown picture; expected a TrainingPicture member."),
            });
        }

        return written;
    }

    /// <summary>
    /// The run's training curves (<see cref="TrainingCurvePlot"/>: the loss and, at each checkpoint, accuracy or
    /// RMSE, training and validation on one axis per measure), titled with the dataset, model and optimizer, as
    /// <see cref="Save"/> writes them to <c>training.png</c>; for a notebook, or to adjust before saving.
    /// </summary>
    /// <param name="run">The recorded run.</param>
    /// <returns>The panels, to be drawn at <see cref="TrainingCurvePlot.Width"/> × <see cref="TrainingCurvePlot.Height"/> pixels.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="run"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="run"/> has recorded no step.</exception>
    public static Multiplot DrawCurves(TrainingRecorder run)
    {
        ArgumentNullException.ThrowIfNull(run);
        RequireSteps(run);
        Trainer trainer = run.Trainer;
        return TrainingCurvePlot.Draw(run.History, run.CheckpointsToTheEnd(), TrainingCurvePlot.Title(run.Train.Name, trainer.Model, trainer.Options.Optimizer), LossName(trainer));
    }

    private static string SaveCurves(TrainingRecorder run, string path) =>
        PngFile.Save(DrawCurves(run), path, TrainingCurvePlot.Width, TrainingCurvePlot.Height);

    private static void RequireSteps(TrainingRecorder run)
    {
        if (run.History.Count == 0)
        {
            throw new ArgumentException("The run has recorded no step; expected a run trained with its Hooks (trainer.Run(run.Hooks)) or Record called after each step.", nameof(run));
        }
    }

    /// <summary>
    /// The loss as the loss axis names it: "hinge", what a regression's loss is of when its target is
    /// standardised, and the L2 term the batch loss adds ("hinge; batch: + L2 0.0001").
    /// </summary>
    internal static string LossName(Trainer trainer) =>
        TrainingNames.Losses.NameOf(trainer.Loss) + (trainer.TargetStandardizer is null ? "" : " of the standardised target") +
        (trainer.Options.L2 > 0 ? string.Create(CultureInfo.InvariantCulture, $"; batch: + L2 {trainer.Options.L2:g}") : "");
}
