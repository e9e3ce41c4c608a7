using System.Globalization;
using AutoGrad.Data;
using AutoGrad.Training;
using ScottPlot;

namespace AutoGrad.Plots;

/// <summary>
/// The class the model predicts over the plane, shaded by how sure it is, the boundary drawn as a
/// contour line, and the points on top: the training points filled, held-out points hollow.
/// </summary>
public static class DecisionBoundaryPlot
{
    /// <summary>The picture's width in pixels.</summary>
    public const int Width = 920;

    /// <summary>The picture's height in pixels.</summary>
    public const int Height = 620;

    private const int GridSize = 200;

    /// <summary>Saves the picture (<see cref="Width"/> × <see cref="Height"/> pixels) to <paramref name="path"/>, atomically.</summary>
    /// <param name="classifier">A classifier of two features.</param>
    /// <param name="train">The points it trained on, drawn filled.</param>
    /// <param name="path">The PNG file to write; its folder is made if missing.</param>
    /// <param name="heldOut">Points it did not train on (the validation part), drawn hollow; or null.</param>
    /// <returns><paramref name="path"/>, now written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="classifier"/> or <paramref name="train"/> is null.</exception>
    /// <exception cref="ArgumentException">The classifier or a dataset has other than 2 features, or <paramref name="path"/> is blank or does not end in .png.</exception>
    public static string Save(Classifier classifier, Dataset train, string path, Dataset? heldOut = null)
    {
        PlotArguments.PngPath(path, nameof(path));
        return PngFile.Save(Draw(classifier, train, heldOut), path, Width, Height);
    }

    /// <summary>
    /// The picture of <paramref name="classifier"/> over the plane of <paramref name="train"/>'s two
    /// features, its accuracy on each set in the title.
    /// </summary>
    /// <param name="classifier">A classifier of two features.</param>
    /// <param name="train">The points it trained on, drawn filled.</param>
    /// <param name="heldOut">Points it did not train on (the validation part), drawn hollow; or null.</param>
    /// <returns>The plot, for a caller that changes it before saving.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="classifier"/> or <paramref name="train"/> is null.</exception>
    /// <exception cref="ArgumentException">The classifier or a dataset has other than 2 features.</exception>
    public static Plot Draw(Classifier classifier, Dataset train, Dataset? heldOut = null)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(train);
        if (classifier.FeatureCount != 2)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The classifier reads {classifier.FeatureCount} features; expected 2, the plane the boundary is drawn on."), nameof(classifier));
        }

        PlotArguments.SameFeatures(2, train, nameof(train));
        if (heldOut is not null)
        {
            PlotArguments.SameFeatures(2, heldOut, nameof(heldOut));
        }

        IEnumerable<double[]> all = heldOut is null ? train.Features : train.Features.Concat(heldOut.Features);
        (double xMin, double xMax) = Padded(all.Select(f => f[0]));
        (double yMin, double yMax) = Padded(all.Select(f => f[1]));

        // Row 0 is the top of the picture, so rows run from yMax down; every point is predicted in one call.
        var points = new double[GridSize * GridSize][];
        for (int row = 0; row < GridSize; row++)
        {
            double y = yMax - (row + 0.5) * (yMax - yMin) / GridSize;
            for (int column = 0; column < GridSize; column++)
            {
                points[row * GridSize + column] = [xMin + (column + 0.5) * (xMax - xMin) / GridSize, y];
            }
        }

        double[][] scores = classifier.Scores(points);
        int[] predicted = classifier.Predict(points);
        int classes = train.ClassCount;
        double chance = 1.0 / classes;
        var regions = new double[GridSize, GridSize];
        var alpha = new byte[GridSize, GridSize];
        var margins = new Coordinates3d[classes == 2 ? 1 : classes][,];
        for (int m = 0; m < margins.Length; m++)
        {
            margins[m] = new Coordinates3d[GridSize, GridSize];
        }

        for (int i = 0; i < predicted.Length; i++)
        {
            int row = i / GridSize, column = i % GridSize;
            regions[row, column] = predicted[i];
            double sure = ClassConfidence.PerClass(classifier.Loss, scores[i])[predicted[i]];

            // Pale where the model hesitates (chance), deep where it is sure.
            alpha[row, column] = (byte)Math.Round(20 + 150 * Math.Clamp((sure - chance) / (1 - chance), 0, 1));
            double[] p = ClassConfidence.PerClass(classifier.Loss, scores[i]);
            for (int m = 0; m < margins.Length; m++)
            {
                // The boundary around class m is where its confidence equals the best other class's: the zero of this margin.
                int k = classes == 2 ? 1 : m;
                double others = p.Where((_, j) => j != k).Max();
                margins[m][row, column] = new Coordinates3d(points[i][0], points[i][1], p[k] - others);
            }
        }

        var plot = new Plot();
        IPalette palette = new ScottPlot.Palettes.Category10();
        var shading = plot.Add.Heatmap(regions);
        shading.Colormap = new ClassColormap(palette, classes);
        shading.ManualRange = new ScottPlot.Range(0, Math.Max(1, classes - 1));
        shading.Rectangle = new CoordinateRect(xMin, xMax, yMin, yMax);
        shading.AlphaMap = alpha;
        shading.Smooth = true;
        foreach (Coordinates3d[,] margin in margins)
        {
            var boundary = plot.Add.ContourLines(margin);
            boundary.ContourLineLevels = [0];
            boundary.Update(margin);
            boundary.LineColor = Colors.Black;
            boundary.LineWidth = 2;
            boundary.LabelStyle.IsVisible = false;
        }

        Points(plot, palette, train, filled: true, heldOut is null ? "" : " (training)");
        if (heldOut is not null)
        {
            Points(plot, palette, heldOut, filled: false, " (held out)");
        }

        plot.Axes.SetLimits(xMin, xMax, yMin, yMax);
        string accuracy = string.Create(CultureInfo.InvariantCulture, $"training accuracy {classifier.Accuracy(train):P1}") +
            (heldOut is null ? "" : string.Create(CultureInfo.InvariantCulture, $", held-out {classifier.Accuracy(heldOut):P1}"));
        plot.Title($"{classifier.Model} on {train.Name}\n{accuracy}");
        plot.Axes.Title.Label.FontSize = 16;
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "decision boundary", LineColor = Colors.Black, LineWidth = 2 });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"shade: how sure the model is\nof the predicted class, pale = unsure\n({ClassConfidence.Meaning(classifier.Loss).Replace(", ", ",\n", StringComparison.Ordinal)})", FillColor = Colors.Gray.WithAlpha(0.5) });
        plot.XLabel($"{FeatureName(classifier, 0)} (as in the data)");
        plot.YLabel($"{FeatureName(classifier, 1)} (as in the data)");
        plot.ShowLegend(Edge.Right); // the shading covers the whole plane: a legend inside would hide part of it
        return plot;
    }

    private static void Points(Plot plot, IPalette palette, Dataset data, bool filled, string suffix)
    {
        for (int c = 0; c < data.ClassCount; c++)
        {
            int[] members = Enumerable.Range(0, data.Count).Where(i => data.Labels[i] == c).ToArray();
            var scatter = plot.Add.ScatterPoints(members.Select(i => data.Features[i][0]).ToArray(), members.Select(i => data.Features[i][1]).ToArray());
            scatter.MarkerShape = filled ? MarkerShape.FilledCircle : MarkerShape.OpenTriangleUp;
            scatter.MarkerSize = filled ? 7 : 9;
            scatter.MarkerLineWidth = 2;
            scatter.Color = palette.GetColor(c);
            scatter.MarkerLineColor = filled ? Colors.Black.WithAlpha(0.6) : palette.GetColor(c);
            scatter.LegendText = data.ClassNames[c] + suffix;
        }
    }

    private static string FeatureName(Classifier classifier, int index) =>
        classifier.FeatureNames?[index] ?? $"feature {index + 1}";

    private static (double Low, double High) Padded(IEnumerable<double> values)
    {
        double low = values.Min(), high = values.Max();
        double margin = Math.Max(0.25, 0.1 * (high - low));
        return (low - margin, high + margin);
    }

    /// <summary>Maps class index k (0 to count − 1, spread over [0, 1] by the heatmap) to the palette's k-th colour.</summary>
    private sealed class ClassColormap(IPalette palette, int count) : IColormap
    {
        public string Name => "classes";

        public Color GetColor(double position) =>
            palette.GetColor((int)Math.Round(Math.Clamp(position, 0, 1) * (count - 1)));
    }
}
