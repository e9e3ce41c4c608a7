using AutoGrad.Data;
using AutoGrad.Plots;
using AutoGrad.Training;
using ScottPlot;
using SkiaSharp;

namespace AutoGrad.Tests.Plots;

/// <summary>
/// The pictures of a run trained in C# with <see cref="Trainer"/>: <see cref="TrainingPictures.Save"/>
/// writes what fits, each a PNG of its size and pixel for pixel the picture of the run's own numbers
/// (the curve's points are the recorded losses, the checkpoints the recorder's measurements).
/// </summary>
public sealed class TrainingPicturesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("autograd-plots-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Trains 15 steps on moons with a validation part, recorded at about 5 checkpoints.</summary>
    private static (TrainingRecorder Run, DatasetSplit Split) MoonsRun()
    {
        DatasetSplit split = DatasetSplit.Create(Datasets.Moons(60, 0.1, 4), 0.6, 0.2, 0.2, 4);
        var trainer = new Trainer(split.Train, new TrainingOptions { Steps = 15 });
        var run = new TrainingRecorder(trainer, split.Train, split.Validation, checkpoints: 5);
        trainer.Run(run.Hooks);
        return (run, split);
    }

    [Fact]
    public void Save_AfterATrainerRun_WritesTheCurvesAndTheBoundary_OfTheirSizes_DrawnFromTheRunsNumbers()
    {
        (TrainingRecorder run, DatasetSplit split) = MoonsRun();
        string folder = Path.Combine(_folder, "pictures");

        IReadOnlyList<string> written = TrainingPictures.Save(run, folder);

        Assert.Equal([Path.Combine(folder, "training.png"), Path.Combine(folder, "decision-boundary.png")], written);
        Assert.Equal(written.Order(StringComparer.Ordinal), Directory.GetFiles(folder).Order(StringComparer.Ordinal)); // no temporary left beside them
        Assert.Equal((TrainingCurvePlot.Width, TrainingCurvePlot.Height), PngSize(written[0]));
        Assert.Equal((DecisionBoundaryPlot.Width, DecisionBoundaryPlot.Height), PngSize(written[1]));

        // The checkpoints: the first step, every 3rd (15 / 5), the last; each the classifier's own measurement then.
        Assert.Equal([1, 3, 6, 9, 12, 15], run.Checkpoints.Select(c => c.Step));
        Classifier classifier = run.Trainer.ToClassifier();
        Assert.Equal(classifier.Accuracy(split.Validation), run.Checkpoints[^1].ValidationMeasure);
        Assert.Equal(15, run.History.Count);

        // The curve drawn from the recorder: its batch line is every step's loss, its dots the checkpoints.
        string title = TrainingCurvePlot.Title(split.Train.Name, run.Trainer.Model, run.Trainer.Options.Optimizer);
        Multiplot curves = TrainingCurvePlot.Draw(run.History, run.Checkpoints, title, TrainingPictures.LossName(run.Trainer));
        Plot loss = curves.Subplots.GetPlots()[0];
        Assert.Contains("hinge", loss.Axes.Left.Label.Text, StringComparison.Ordinal);
        bool log = loss.Axes.Left.Label.Text.Contains("log scale", StringComparison.Ordinal);
        double[] batch = Series(loss, "batch of each step").Select(c => log ? Math.Pow(10, c.Y) : c.Y).ToArray();
        Assert.Equal(run.History.Select(h => h.Loss), batch, new Tolerance(1e-12));
        Plot accuracy = curves.Subplots.GetPlots()[1];
        Assert.Equal(run.Checkpoints.Select(c => (double)c.Step), Series(accuracy, "validation part").Select(c => c.X));
        Assert.Equal(run.Checkpoints.Select(c => c.ValidationMeasure!.Value), Series(accuracy, "validation part").Select(c => c.Y));

        // ...and the files are those pictures, pixel for pixel.
        SamePicture.Assert(TrainingCurvePlot.Save(run.History, run.Checkpoints, title, TrainingPictures.LossName(run.Trainer), Path.Combine(_folder, "expected-training.png")), written[0]);
        SamePicture.Assert(DecisionBoundaryPlot.Save(classifier, split.Train, Path.Combine(_folder, "expected-boundary.png"), split.Validation), written[1]);
    }

    [Fact]
    public void Save_OfARunWithoutCheckpoints_MeasuresTheLastStep()
    {
        Dataset moons = Datasets.Moons(30, 0.1, 5);
        var trainer = new Trainer(moons, new TrainingOptions { Steps = 4 });
        var run = new TrainingRecorder(trainer, moons, checkpoints: 0);
        trainer.Run(run.Hooks);

        IReadOnlyList<string> written = TrainingPictures.Save(run, _folder);

        Assert.Empty(run.Checkpoints);
        TrainingCheckpoint last = TrainingCheckpoint.Measure(4, trainer.ToClassifier(), moons);
        string title = TrainingCurvePlot.Title(moons.Name, trainer.Model, trainer.Options.Optimizer);
        string expected = TrainingCurvePlot.Save(run.History, [last], title, TrainingPictures.LossName(run.Trainer), Path.Combine(_folder, "expected.png"));
        SamePicture.Assert(expected, written[0]);
    }

    [Fact]
    public void Save_OfARegression_WritesTheCurvesOnly_DrawnWithItsRmse()
    {
        Dataset wave = Datasets.Wave(30, 0.1, 2);
        var trainer = new Trainer(wave, new TrainingOptions { Steps = 5, Optimizer = OptimizerKind.Adam });
        var run = new TrainingRecorder(trainer, wave, checkpoints: 5);
        trainer.Run(run.Hooks);

        IReadOnlyList<string> written = TrainingPictures.Save(run, _folder);

        Assert.Equal([Path.Combine(_folder, "training.png")], written);
        Assert.Equal(trainer.ToRegressor().Evaluate(wave).Rmse, run.Checkpoints[^1].TrainingMeasure);
        string title = TrainingCurvePlot.Title(wave.Name, trainer.Model, trainer.Options.Optimizer);
        SamePicture.Assert(TrainingCurvePlot.Save(run.History, run.Checkpoints, title, TrainingPictures.LossName(trainer), Path.Combine(_folder, "expected.png")), written[0]);
        Assert.Equal("imageSide", Assert.Throws<ArgumentException>(() => TrainingPictures.Save(run, _folder, imageSide: 1)).ParamName);
    }

    [Fact]
    public void Save_WithAnImageSide_WritesTheFourImagePictures_OfTheData_Shown()
    {
        DatasetSplit split = DatasetSplit.Create(Datasets.Digits(), 0.8, 0.1, 0.1, 0);
        var trainer = new Trainer(split.Train, new TrainingOptions { HiddenLayers = [16], Steps = 20, BatchSize = 32, Standardize = true });
        var run = new TrainingRecorder(trainer, split.Train, split.Validation, checkpoints: 2);
        trainer.Run(run.Hooks);

        IReadOnlyList<string> written = TrainingPictures.Save(run, _folder, split.Test, imageSide: 8);

        Assert.Equal(["training.png", "confusion-matrix.png", "misclassified.png", "first-layer-weights.png", "probabilities.png"], written.Select(Path.GetFileName));
        Assert.Equal((810, 750), PngSize(written[1])); // 10 classes
        Assert.Equal(900, PngSize(written[2]).Width);
        Assert.Equal((1000, 100 + 140 * 2), PngSize(written[3])); // 16 units, 8 to a row
        Assert.Equal((1100, 900), PngSize(written[4]));
        ConfusionMatrix onTest = trainer.ToClassifier().Evaluate(split.Test);
        SamePicture.Assert(ConfusionMatrixPlot.Save(onTest, split.Test.Name, Path.Combine(_folder, "expected.png")), written[1]);
    }

    // One recorder handed to a second trainer once recorded steps 1-5 twice, and checkpoints that measured
    // the first trainer's model at the second one's steps: training.png drew two runs as one, zigzagging.
    [Fact]
    public void Record_OfAStepThatDoesNotFollowTheLast_AsASecondTrainersRun_IsRefused_AndNotRecorded()
    {
        Dataset moons = Datasets.Moons(40, 0.1, 1);
        var first = new Trainer(moons, new TrainingOptions { Steps = 5 });
        var second = new Trainer(moons, new TrainingOptions { Steps = 5, Seed = 3 });
        var run = new TrainingRecorder(first, moons);
        first.Run(run.Hooks);

        var error = Assert.Throws<ArgumentException>(() => second.Run(run.Hooks));

        Assert.Equal("step", error.ParamName);
        Assert.StartsWith("Step 1 came after step 5; expected step 6: a recorder records one trainer's run, step by step (make a TrainingRecorder for each trainer).", error.Message, StringComparison.Ordinal);
        Assert.Equal([0, 1, 2, 3, 4], run.History.Select(h => h.Step));
        Assert.Equal([1, 2, 3, 4, 5], run.Checkpoints.Select(c => c.Step));
        first.Run(run.Hooks, steps: 2); // the same trainer going on is its run going on
        Assert.Equal(7, run.History.Count);
    }

    [Fact]
    public void PublicMethods_RefuseBadInput_NamingIt()
    {
        (TrainingRecorder run, DatasetSplit split) = MoonsRun();
        Dataset digits = Datasets.Digits();
        var untrained = new TrainingRecorder(new Trainer(split.Train), split.Train);

        Assert.Equal("run", Assert.Throws<ArgumentNullException>(() => TrainingPictures.Save(null!, _folder)).ParamName);
        Assert.Equal("directory", Assert.Throws<ArgumentException>(() => TrainingPictures.Save(run, " ")).ParamName);
        ArgumentException empty = Assert.Throws<ArgumentException>(() => TrainingPictures.Save(untrained, _folder));
        Assert.Equal("run", empty.ParamName);
        Assert.Contains("no step", empty.Message, StringComparison.Ordinal);
        ArgumentOutOfRangeException side = Assert.Throws<ArgumentOutOfRangeException>(() => TrainingPictures.Save(run, _folder, imageSide: 3));
        Assert.Equal("imageSide", side.ParamName);
        Assert.Contains("expected a side whose square is 2", side.Message, StringComparison.Ordinal);
        ArgumentException shown = Assert.Throws<ArgumentException>(() => TrainingPictures.Save(run, _folder, shown: digits));
        Assert.Equal("shown", shown.ParamName);
        Assert.Contains("'digits' has 64 features but the model reads 2", shown.Message, StringComparison.Ordinal);
        Assert.Equal("train", Assert.Throws<ArgumentException>(() => new TrainingRecorder(run.Trainer, digits)).ParamName);
        Assert.Equal("path", Assert.Throws<ArgumentException>(() => DecisionBoundaryPlot.Save(run.Trainer.ToClassifier(), split.Train, Path.Combine(_folder, "boundary.jpg"))).ParamName);
        Assert.Equal("train", Assert.Throws<ArgumentException>(() => DecisionBoundaryPlot.Draw(run.Trainer.ToClassifier(), digits)).ParamName);
        Assert.Equal("side", Assert.Throws<ArgumentOutOfRangeException>(() => FirstLayerWeightsPlot.Draw(run.Trainer.Model, 8, standardized: false)).ParamName);
        Assert.Equal("data", Assert.Throws<ArgumentException>(() => MisclassifiedPlot.Draw(run.Trainer.ToClassifier(), digits, 8, out _)).ParamName);
        Assert.Equal("history", Assert.Throws<ArgumentException>(() => TrainingCurvePlot.Draw([], [], "t", "hinge")).ParamName);
        Assert.Equal("run", Assert.Throws<ArgumentException>(() => TrainingPictures.DrawCurves(untrained)).ParamName);
        Assert.Equal("run", Assert.Throws<ArgumentNullException>(() => TrainingPictures.DrawCurves(null!)).ParamName);
        Assert.Equal("plot", Assert.Throws<ArgumentNullException>(() => PlotPng.Of((Plot)null!, 10, 10)).ParamName);
        Assert.Equal("width", Assert.Throws<ArgumentOutOfRangeException>(() => PlotPng.Of(new Plot(), 0, 10)).ParamName);
        Assert.Equal("height", Assert.Throws<ArgumentOutOfRangeException>(() => PlotPng.Of(TrainingPictures.DrawCurves(run), 10, -1)).ParamName);
        Assert.Empty(Directory.GetFiles(_folder)); // nothing was written by a refused call
    }

    private static IReadOnlyList<Coordinates> Series(Plot panel, string legend) =>
        panel.GetPlottables<ScottPlot.Plottables.Scatter>().Single(s => s.LegendText == legend).Data.GetScatterPoints();

    private static (int Width, int Height) PngSize(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        using SKBitmap? bitmap = SKBitmap.Decode(bytes);
        Assert.NotNull(bitmap);
        return (bitmap.Width, bitmap.Height);
    }

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon * Math.Max(1, Math.Abs(x));

        public int GetHashCode(double obj) => 0;
    }
}
