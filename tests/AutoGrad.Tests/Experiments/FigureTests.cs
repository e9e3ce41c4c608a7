using System.Globalization;
using AutoGrad.Cli.Experiments;
using AutoGrad.Plots;
using ScottPlot;
using SkiaSharp;

namespace AutoGrad.Tests.Experiments;

/// <summary>
/// The lessons' figures show what their text claims: each is checked against the numbers behind it,
/// saved through the command's own path, and its legend against what it draws.
/// </summary>
public sealed class FigureTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("autograd-figures-").FullName;

    public static TheoryData<string> ExperimentNames => [.. ExperimentCatalog.All.Select(e => e.Name)];

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Saves every PNG of an experiment's quick result (legends are placed as it is saved) and returns them.</summary>
    private List<ExperimentFile> SavedFigures(string name)
    {
        var figures = Quick.Result(name).Files.Where(f => f.FileName.EndsWith(".png", StringComparison.Ordinal)).ToList();
        foreach (ExperimentFile figure in figures)
        {
            figure.Save(Path.Combine(_folder, name + "-" + figure.FileName));
        }

        return figures;
    }

    [Theory]
    [MemberData(nameof(ExperimentNames))]
    public void EveryLessonFigure_HasNoLegendOverItsData_AndEveryPointInsideItsAxes(string name)
    {
        foreach (ExperimentFile figure in SavedFigures(name))
        {
            Assert.NotEmpty(figure.Panels);
            foreach (Plot panel in figure.Panels)
            {
                int? covered = FigureKit.LegendOverlap(panel);
                Assert.True(covered == 0, $"{name}/{figure.FileName}, panel '{panel.Axes.Title.Label.Text}': the legend covers {covered?.ToString(CultureInfo.InvariantCulture) ?? "a shaded area"} drawn pixels");
                AssertEveryPointInside(panel, $"{name}/{figure.FileName}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(ExperimentNames))]
    public void EveryLessonFigure_HasATitle_AndItsAxesLabelled(string name)
    {
        foreach (ExperimentFile figure in SavedFigures(name))
        {
            // Panels without axes (images) and the histogram grids (labelled on their outer panels) aside.
            foreach (Plot panel in figure.Panels)
            {
                Assert.False(string.IsNullOrWhiteSpace(panel.Axes.Title.Label.Text), $"{name}/{figure.FileName} has a panel without a title");
            }

            if (figure.Panels.Count == 1 || name is "numerical-diff" or "batchnorm" or "accuracy-as-loss")
            {
                foreach (Plot panel in figure.Panels)
                {
                    Assert.False(string.IsNullOrWhiteSpace(panel.Axes.Bottom.Label.Text), $"{name}/{figure.FileName}: no x-axis label");
                    Assert.False(string.IsNullOrWhiteSpace(panel.Axes.Left.Label.Text), $"{name}/{figure.FileName}: no y-axis label");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(ExperimentNames))]
    public void EveryCommittedLessonFigure_IsAPng_OfTheSizeItsExperimentDraws(string name)
    {
        foreach (ExperimentFile figure in Quick.Result(name).Files.Where(f => f.FileName.EndsWith(".png", StringComparison.Ordinal)))
        {
            string committed = Path.Combine(Repository.Root, "docs", "lessons", name, figure.FileName);
            Assert.True(File.Exists(committed), $"{committed} is missing");
            using SKBitmap? bitmap = SKBitmap.Decode(committed);
            Assert.NotNull(bitmap);
            Assert.Equal(figure.Size, (bitmap.Width, bitmap.Height));
        }
    }

    [Fact]
    public void LegendCheck_SeesALegendDrawnOverALine()
    {
        var plot = new Plot();
        plot.Add.ScatterLine(new double[] { 0, 1 }, new double[] { 0, 1 }).LegendText = "a diagonal";
        plot.Add.ScatterLine(new double[] { 0, 1 }, new double[] { 1, 1 }).LegendText = "along the top";
        plot.ShowLegend(Alignment.UpperRight);
        plot.RenderInMemory(400, 300);

        Assert.True(FigureKit.LegendOverlap(plot) > 0);
        PixelRect legend = FigureKit.LegendRect(plot)!.Value;
        Assert.True(legend.Right <= plot.LastRender.DataRect.Right && legend.Top >= plot.LastRender.DataRect.Top);

        FigureKit.PlaceLegend(plot, 400, 300);
        Assert.Equal(0, FigureKit.LegendOverlap(plot));
    }

    [Fact]
    public void Init_ReluHistograms_ShareOneXAxisPerRow_SoXavierIsSeenToFadeAndHeToKeep()
    {
        InitExperiment.Measurements measured = Quick.Init.Value;
        ExperimentFile figure = InitExperiment.Present(measured).Files.Single(f => f.FileName == "relu-histograms.png");
        InitExperiment.SetupResult[] relu = measured.Results.Where(r => r.Setup.Activation == AutoGrad.Nn.Activation.Relu).ToArray();
        for (int row = 0; row < relu.Length; row++)
        {
            Plot[] panels = figure.Panels.Skip(row * InitExperiment.Layers).Take(InitExperiment.Layers).ToArray();
            double widest = relu[row].Layers.Max(l => l.BinEdges[^1]);
            foreach (Plot panel in panels)
            {
                AxisLimits limits = panel.Axes.GetLimits();
                Assert.Equal(panels[0].Axes.GetLimits().Right, limits.Right);
                Assert.True(limits.Right >= widest, $"{relu[row].Setup.Init}: the axis ends at {limits.Right}, before the widest layer's {widest}");
            }

            Assert.Equal("unit output", figure.Panels[^1].Axes.Bottom.Label.Text);
        }
    }

    [Fact]
    public void Init_Gradients_HasWholeNumberLayerTicks()
    {
        ExperimentFile figure = InitExperiment.Present(Quick.Init.Value).Files.Single(f => f.FileName == "gradients.png");
        figure.Save(Path.Combine(_folder, "gradients.png"));
        Plot plot = figure.Panels.Single();
        double[] ticks = plot.Axes.Bottom.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Position).ToArray();
        Assert.Equal([1, 2, 3, 4, 5], ticks);
    }

    [Fact]
    public void BatchNorm_EveryLossOfEveryRun_IsInsideItsPanel()
    {
        BatchNormExperiment.Measurements measured = Quick.BatchNorm.Value;
        ExperimentFile figure = BatchNormExperiment.Present(measured).Files.Single(f => f.FileName == "loss-grid.png");
        figure.Save(Path.Combine(_folder, "loss-grid.png"));
        double highest = measured.Runs.Max(r => r.Loss.Max());
        foreach (Plot panel in figure.Panels)
        {
            Assert.True(panel.Axes.GetLimits().Top >= Math.Log10(highest), $"the panel's axis ends below the highest loss {highest}");
        }
    }

    [Fact]
    public void AccuracyAsLoss_MarksTheTrainedValueOfTheSweptWeight()
    {
        AccuracyAsLossExperiment.Measurements measured = Quick.AccuracyAsLoss.Value;
        Plot plot = AccuracyAsLossExperiment.Present(measured).Files.Single(f => f.FileName == "sweep.png").Panels.Single();
        ScottPlot.Plottables.VerticalLine mark = plot.GetPlottables<ScottPlot.Plottables.VerticalLine>().Single();
        Assert.Equal(measured.Parameters[0].Value, mark.Position);
        Assert.Equal((measured.Sweep.Weights[0] + measured.Sweep.Weights[^1]) / 2, mark.Position, 9);
    }

    [Theory]
    [InlineData("optimizers", "training.png")]
    [InlineData("activations", "loss.png")]
    [InlineData("depth", "loss.png")]
    public void LossCurves_AreDrawnOnALogAxis_FromTheCsvLosses(string name, string fileName)
    {
        ExperimentResult result = Quick.Result(name);
        Plot plot = result.Files.Single(f => f.FileName == fileName).Panels.Single();
        double[] drawn = plot.GetPlottables<ScottPlot.Plottables.Scatter>().SelectMany(s => s.Data.GetScatterPoints()).Select(c => c.Y).ToArray();
        string csv = name switch { "optimizers" => "training.csv", "activations" => "loss.csv", _ => "loss.csv" };
        string written = Path.Combine(_folder, csv);
        result.Files.Single(f => f.FileName == csv).Save(written);
        string[] header = File.ReadLines(written).First().Split(',');
        int lossColumn = Array.IndexOf(header, "loss");
        double[] losses = File.ReadLines(written).Skip(1).Select(l => double.Parse(l.Split(',')[lossColumn], CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(losses.Length, drawn.Length);
        Assert.Equal(losses.Select(Math.Log10).Order(), drawn.Order(), new Tolerance(1e-12));
        Assert.Contains("log scale", plot.Axes.Left.Label.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Activations_NeverFireBars_AreTheCountsOfTheCsv_AndSigmoidHasNoBar()
    {
        ActivationsExperiment.Measurements measured = Quick.Activations.Value;
        Plot plot = ActivationsExperiment.Present(measured).Files.Single(f => f.FileName == "never-fire.png").Panels.Single();
        Bar[] bars = plot.GetPlottables<ScottPlot.Plottables.BarPlot>().Single().Bars.ToArray();
        ActivationsExperiment.ActivationResult[] counted = measured.Activations.Where(a => a.Activation != AutoGrad.Nn.Activation.Sigmoid).ToArray();
        Assert.Equal(counted.SelectMany(a => new double[] { a.SilentAtStart, a.SilentAfterTraining }), bars.Select(b => b.Value));
        Assert.Contains(plot.GetPlottables<ScottPlot.Plottables.Text>(), t => t.LabelText.Contains("by definition", StringComparison.Ordinal));
        Assert.Contains("units that never fire", plot.Axes.Left.Label.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Activations_LinearBoundary_IsAContourLine_WithTheAccuracyInTheTitle()
    {
        ActivationsExperiment.Measurements measured = Quick.Activations.Value;
        Plot plot = ActivationsExperiment.Present(measured).Files.Single(f => f.FileName == "linear-5-layers-boundary.png").Panels.Single();
        Assert.NotEmpty(plot.GetPlottables<ScottPlot.Plottables.ContourLines>());
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"{measured.DeepLinear.Accuracy:P1}"), plot.Axes.Title.Label.Text, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(plot.Axes.Bottom.Label.Text));
        Assert.False(string.IsNullOrWhiteSpace(plot.Axes.Left.Label.Text));
    }

    [Fact]
    public void Depth_EveryNetworkHasItsOwnColour_AndAccuracyHasALogParameterAxis()
    {
        DepthExperiment.Measurements measured = Quick.Depth.Value;
        ExperimentResult result = DepthExperiment.Present(measured);
        Plot loss = result.Files.Single(f => f.FileName == "loss.png").Panels.Single();
        Color[] colours = loss.GetPlottables<ScottPlot.Plottables.Scatter>().Select(s => s.Color).ToArray();
        Assert.Equal(measured.Networks.Count, colours.Distinct().Count());

        Plot accuracy = result.Files.Single(f => f.FileName == "accuracy.png").Panels.Single();
        double[] xs = accuracy.GetPlottables<ScottPlot.Plottables.Scatter>().SelectMany(s => s.Data.GetScatterPoints()).Select(c => c.X).Distinct().Order().ToArray();
        Assert.Equal(measured.Networks.Select(n => Math.Log10(n.Parameters)).Distinct().Order(), xs);
    }

    [Fact]
    public void NumericalDiff_DrawsExactZerosOnTheirOwnRow_AndTheForwardCurveVisibleUnderTheCentral()
    {
        NumericalDiffExperiment.Measurements measured = Quick.NumericalDiff.Value;
        ExperimentFile figure = NumericalDiffExperiment.Present(measured).Files.Single(f => f.FileName == "errors.png");
        for (int k = 0; k < measured.Functions.Count; k++)
        {
            NumericalDiffExperiment.FunctionResult f = measured.Functions[k];
            Plot panel = figure.Panels[k];
            var lines = panel.GetPlottables<ScottPlot.Plottables.Scatter>().Where(s => s.LineWidth > 0).ToArray();
            ScottPlot.Plottables.Scatter forward = lines.Single(s => s.LegendText.StartsWith("forward (", StringComparison.Ordinal));
            ScottPlot.Plottables.Scatter central = lines.Single(s => s.LegendText.StartsWith("central (", StringComparison.Ordinal));
            Assert.True(forward.LineWidth > central.LineWidth + 2, "the forward curve must be wider than the central one drawn over it");
            Assert.Equal(f.ForwardErrors.Count(e => e > 0), forward.Data.GetScatterPoints().Count);

            int zeros = f.ForwardErrors.Count(e => e == 0) + f.CentralErrors.Count(e => e == 0);
            int drawnZeros = panel.GetPlottables<ScottPlot.Plottables.Scatter>().Where(s => s.LegendText.Contains("exactly 0", StringComparison.Ordinal)).Sum(s => s.Data.GetScatterPoints().Count);
            Assert.Equal(zeros, drawnZeros);
        }

        Assert.Contains(figure.Panels[2].GetPlottables<ScottPlot.Plottables.Scatter>(), s => s.LegendText.StartsWith("forward: exactly 0", StringComparison.Ordinal));
    }

    /// <summary>Every point of every line and marker of <paramref name="panel"/> lies inside its data area at the last render (nothing cut off by the axes).</summary>
    private static void AssertEveryPointInside(Plot panel, string what)
    {
        PixelRect area = panel.LastRender.DataRect.Expand(1);
        foreach (var scatter in panel.GetPlottables<ScottPlot.Plottables.Scatter>())
        {
            foreach (Coordinates c in scatter.Data.GetScatterPoints().Where(c => c.AreReal))
            {
                Pixel p = panel.GetPixel(c, scatter.Axes.XAxis, scatter.Axes.YAxis);
                Assert.True(area.Contains(p), $"{what}, panel '{panel.Axes.Title.Label.Text}': the point ({c.X}, {c.Y}) of '{scatter.LegendText}' is outside the axes");
            }
        }
    }

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon;

        public int GetHashCode(double obj) => 0;
    }
}
