using System.Globalization;
using AutoGrad.Data;
using AutoGrad.Plots;
using AutoGrad.Training;
using ScottPlot;
using SkiaSharp;

namespace AutoGrad.Tests.Cli;

/// <summary>
/// The pictures of a training run: which are written for which data, that each is a PNG of its size,
/// that --no-plots and a failed run write none, and that what they draw is the run's.
/// </summary>
public sealed class TrainPicturesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("autograd-pictures-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (int ExitCode, string Console, string Errors) Run(params string[] args) => CliRun.Run(args);

    private static (int Width, int Height) PngSize(string path)
    {
        Assert.True(File.Exists(path), $"{path} was not written");
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        using SKBitmap? bitmap = SKBitmap.Decode(bytes);
        Assert.NotNull(bitmap);
        return (bitmap.Width, bitmap.Height);
    }

    [Fact]
    public void Train_OnMoonsWithSplit_WritesTheCurvesAndTheBoundary_OfTheirSizes_AndNoImagePictures()
    {
        string output = Path.Combine(_folder, "moons");
        (int exit, string console, string errors) = Run("train", "--steps", "20", "--split", "0.6,0.2,0.2", "-o", output);

        Assert.True(exit == 0, errors);
        Assert.Equal((TrainingCurvePlot.Width, TrainingCurvePlot.Height), PngSize(Path.Combine(output, "training.png")));
        Assert.Equal((DecisionBoundaryPlot.Width, DecisionBoundaryPlot.Height), PngSize(Path.Combine(output, "decision-boundary.png")));
        foreach (string image in new[] { "confusion-matrix.png", "misclassified.png", "first-layer-weights.png", "probabilities.png" })
        {
            Assert.False(File.Exists(Path.Combine(output, image)), $"{image} is for image data");
        }

        Assert.Contains(Path.Combine(output, "decision-boundary.png"), console.Replace("\n", "", StringComparison.Ordinal).Replace("│", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Train_OnDigitsWithSplit_WritesEveryImagePicture_OfItsSize()
    {
        string output = Path.Combine(_folder, "digits");
        (int exit, _, string errors) = Run("train", "--dataset", "digits", "--layers", "16", "--steps", "30", "--batch-size", "32", "--split", "0.8,0.1,0.1", "-o", output);

        Assert.True(exit == 0, errors);
        Assert.Equal((TrainingCurvePlot.Width, TrainingCurvePlot.Height), PngSize(Path.Combine(output, "training.png")));
        Assert.Equal((810, 750), PngSize(Path.Combine(output, "confusion-matrix.png"))); // 10 classes
        Assert.Equal((1000, 100 + 140 * 2), PngSize(Path.Combine(output, "first-layer-weights.png"))); // 16 units, 8 to a row
        Assert.Equal((1100, 900), PngSize(Path.Combine(output, "probabilities.png")));
        (int width, int height) = PngSize(Path.Combine(output, "misclassified.png"));
        Assert.Equal(900, width);
        Assert.Contains(height, new[] { 90 + 140, 90 + 280, 90 + 420 });
        Assert.False(File.Exists(Path.Combine(output, "decision-boundary.png")));
    }

    [Fact]
    public void Train_WithNoPlots_WritesOnlyTheModel_AndRemovesThePicturesOfAnEarlierRun()
    {
        string output = Path.Combine(_folder, "quiet");
        Assert.Equal(0, Run("train", "--steps", "5", "-o", output).ExitCode);
        Assert.True(File.Exists(Path.Combine(output, "training.png")));

        (int exit, string console, string errors) = Run("train", "--steps", "5", "--no-plots", "-o", output);

        Assert.True(exit == 0, errors);
        Assert.Equal(["model.json"], Directory.GetFiles(output).Select(f => Path.GetFileName(f)!).ToArray());
        Assert.Contains("training.png", console, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_ThatDiverges_WritesNoPicture()
    {
        string output = Path.Combine(_folder, "diverged");
        (int exit, _, string errors) = Run("train", "--learning-rate", "1e300", "--steps", "20", "-o", output);

        Assert.Equal(1, exit);
        Assert.Contains("diverged", errors, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output) && Directory.EnumerateFiles(output).Any(), "a failed run wrote files");
    }

    [Fact]
    public void Eval_WithPlot_WritesTheConfusionMatrixPicture_BesideTheTable()
    {
        string output = Path.Combine(_folder, "eval");
        Assert.Equal(0, Run("train", "--steps", "10", "--no-plots", "-o", output).ExitCode);
        string csv = Path.Combine(_folder, "moons.csv");
        Dataset moons = Datasets.Moons(40, 0.1, 3);
        File.WriteAllLines(csv, ["x,y,label", .. Enumerable.Range(0, moons.Count).Select(i => string.Create(CultureInfo.InvariantCulture, $"{moons.Features[i][0]},{moons.Features[i][1]},{moons.ClassNames[moons.Labels[i]]}"))]);
        string picture = Path.Combine(_folder, "pictures", "matrix.png");

        (int exit, string console, string errors) = Run("eval", "--model", Path.Combine(output, "model.json"), "--csv", csv, "--plot", picture);

        Assert.True(exit == 0, errors);
        Assert.Contains("true \\ predicted", console, StringComparison.Ordinal);
        Assert.Equal((500 + 60, 500), PngSize(picture)); // 2 classes: the smallest size
        CliRun.AssertUsageError(Run("eval", "--model", Path.Combine(output, "model.json"), "--csv", csv, "--plot", Path.Combine(_folder, "m.jpg")), $"--plot '{Path.Combine(_folder, "m.jpg")}': the picture is written as PNG; expected a file name ending in .png.");
    }

    [Fact]
    public void TrainingCurves_PutTrainingAndValidationOnOneAxisPerMeasure_TitledWithTheRun()
    {
        Dataset data = Datasets.Moons(60, 0.1, 1);
        DatasetSplit split = DatasetSplit.Create(data, 0.6, 0.2, 0.2, 1);
        var trainer = new Trainer(split.Train, new TrainingOptions { Steps = 10 });
        var history = new List<StepResult>();
        var checkpoints = new List<TrainingCheckpoint>();
        for (int i = 0; i < 10; i++)
        {
            history.Add(trainer.Step());
            checkpoints.Add(TrainingCheckpoint.Measure(i + 1, trainer.ToClassifier(), split.Train, split.Validation));
        }

        string title = TrainingCurvePlot.Title(split.Train.Name, trainer.Model, trainer.Options.Optimizer);
        Multiplot picture = TrainingCurvePlot.Draw(history, checkpoints, title, "hinge");
        Plot[] panels = picture.Subplots.GetPlots();

        Assert.Equal(2, panels.Length);
        Assert.Contains("MLP(2,", panels[0].Axes.Title.Label.Text, StringComparison.Ordinal);
        Assert.Contains("moons", panels[0].Axes.Title.Label.Text, StringComparison.Ordinal);
        Assert.Contains("sgd", panels[0].Axes.Title.Label.Text, StringComparison.Ordinal);
        Assert.Contains("hinge", panels[0].Axes.Left.Label.Text, StringComparison.Ordinal);
        foreach (Plot panel in panels)
        {
            string[] series = panel.GetPlottables<ScottPlot.Plottables.Scatter>().Select(s => s.LegendText).ToArray();
            Assert.Equal(["batch of each step", "training part", "validation part"], series);
        }

        // The validation points are the classifier's own accuracy on the validation part.
        double[] drawn = panels[1].GetPlottables<ScottPlot.Plottables.Scatter>().Single(s => s.LegendText == "validation part").Data.GetScatterPoints().Select(c => c.Y).ToArray();
        Assert.Equal(checkpoints.Select(c => c.ValidationMeasure!.Value), drawn);
        Assert.Equal(trainer.ToClassifier().Accuracy(split.Validation), drawn[^1]);
    }

    [Fact]
    public void DecisionBoundary_DrawsHeldOutPointsApart_WithTheAccuracyInTheTitle_AndTheLegendBesideTheData()
    {
        Dataset data = Datasets.Moons(80, 0.1, 2);
        DatasetSplit split = DatasetSplit.Create(data, 0.6, 0.2, 0.2, 2);
        var trainer = new Trainer(split.Train, new TrainingOptions { Steps = 30 });
        for (int i = 0; i < 30; i++)
        {
            trainer.Step();
        }

        Classifier classifier = trainer.ToClassifier();
        Plot plot = DecisionBoundaryPlot.Draw(classifier, split.Train, split.Validation);
        PngFile.Save(plot, Path.Combine(_folder, "boundary.png"), DecisionBoundaryPlot.Width, DecisionBoundaryPlot.Height);

        var points = plot.GetPlottables<ScottPlot.Plottables.Scatter>().ToArray();
        Assert.Equal(split.Train.Count, points.Where(p => p.LegendText.EndsWith("(training)", StringComparison.Ordinal)).Sum(p => p.Data.GetScatterPoints().Count));
        Assert.Equal(split.Validation.Count, points.Where(p => p.LegendText.EndsWith("(held out)", StringComparison.Ordinal)).Sum(p => p.Data.GetScatterPoints().Count));
        Assert.NotEqual(points.First(p => p.LegendText.EndsWith("(training)", StringComparison.Ordinal)).MarkerShape, points.First(p => p.LegendText.EndsWith("(held out)", StringComparison.Ordinal)).MarkerShape);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"{classifier.Accuracy(split.Validation):P1}"), plot.Axes.Title.Label.Text, StringComparison.Ordinal);
        Assert.NotEmpty(plot.GetPlottables<ScottPlot.Plottables.ContourLines>());
        Assert.Equal(0, FigureKit.LegendOverlap(plot));
        Assert.False(plot.Legend.IsVisible); // beside the data, in a panel of its own
    }

    [Fact]
    public void ImagePictures_ShowTheRunsNumbers()
    {
        Dataset digits = Datasets.Digits();
        DatasetSplit split = DatasetSplit.Create(digits, 0.8, 0.1, 0.1, 0);
        var trainer = new Trainer(split.Train, new TrainingOptions { HiddenLayers = [12], Steps = 40, BatchSize = 32, Standardize = true });
        for (int i = 0; i < 40; i++)
        {
            trainer.Step();
        }

        Classifier classifier = trainer.ToClassifier();
        ConfusionMatrix matrix = classifier.Evaluate(split.Test);
        Plot confusion = ConfusionMatrixPlot.Draw(matrix, split.Test.Name);
        string[] cells = confusion.GetPlottables<ScottPlot.Plottables.Text>().Select(t => t.LabelText).ToArray();
        Assert.Equal(Enumerable.Range(0, 10).SelectMany(a => Enumerable.Range(0, 10).Select(p => matrix[a, p].ToString(CultureInfo.InvariantCulture))), cells);

        int wrong = matrix.Total - matrix.Correct;
        Plot misclassified = MisclassifiedPlot.Draw(classifier, split.Test, 8, out int shown);
        Assert.Equal(Math.Min(wrong, MisclassifiedPlot.MaxImages), shown);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"{wrong} of {split.Test.Count}"), misclassified.Axes.Title.Label.Text, StringComparison.Ordinal);

        Plot weights = FirstLayerWeightsPlot.Draw(trainer.Model, 8, standardized: true);
        var images = weights.GetPlottables<ScottPlot.Plottables.Heatmap>().ToArray();
        Assert.Equal(12, images.Length);
        Assert.Equal(trainer.Model.Layers[0].Parameters[65].Data, images[1].Intensities[0, 0]); // unit 2's first weight: after unit 1's 64 weights and bias

        Multiplot probabilities = ProbabilitiesPlot.Draw(classifier, split.Test, 8);
        Plot bars = probabilities.Subplots.GetPlots()[1];
        double[] p = bars.GetPlottables<ScottPlot.Plottables.BarPlot>().Single().Bars.Select(b => b.Value).ToArray();
        Assert.Equal(1, p.Sum(), 9);
        Assert.Equal(classifier.Predict(split.Test.Features[0]), Array.IndexOf(p, p.Max()));
    }
}
