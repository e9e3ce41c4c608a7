using AutoGrad.Data;
using AutoGrad.Training;
using ScottPlot;

namespace AutoGrad.Cli.Plots;

/// <summary>The class the model predicts over the plane, with the training points drawn on top.</summary>
internal static class DecisionBoundaryPlot
{
    private const int GridSize = 120;

    public static void Save(Classifier classifier, Dataset data, string path)
    {
        double[] xs = data.Features.Select(f => f[0]).ToArray();
        double[] ys = data.Features.Select(f => f[1]).ToArray();
        (double xMin, double xMax) = Padded(xs.Min(), xs.Max());
        (double yMin, double yMax) = Padded(ys.Min(), ys.Max());

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

        int[] predicted = classifier.Predict(points);
        var classes = new double[GridSize, GridSize];
        for (int i = 0; i < predicted.Length; i++)
        {
            classes[i / GridSize, i % GridSize] = predicted[i];
        }

        var plot = new Plot();
        IPalette palette = new ScottPlot.Palettes.Category10();
        var regions = plot.Add.Heatmap(classes);
        regions.Colormap = new ClassColormap(palette, data.ClassCount);
        regions.Position = new CoordinateRect(xMin, xMax, yMin, yMax);
        regions.Opacity = 0.35;
        for (int c = 0; c < data.ClassCount; c++)
        {
            int[] members = Enumerable.Range(0, data.Count).Where(i => data.Labels[i] == c).ToArray();
            var scatter = plot.Add.ScatterPoints(members.Select(i => xs[i]).ToArray(), members.Select(i => ys[i]).ToArray());
            scatter.Color = palette.GetColor(c);
            scatter.MarkerSize = 7;
            scatter.LegendText = data.ClassNames[c];
        }

        plot.Axes.SetLimits(xMin, xMax, yMin, yMax);
        plot.Title($"Decision boundary: {classifier.Model} on {data.Name}");
        plot.ShowLegend(Alignment.UpperRight);
        PngFile.Save(plot, path, 700, 600);
    }

    private static (double Low, double High) Padded(double low, double high)
    {
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
