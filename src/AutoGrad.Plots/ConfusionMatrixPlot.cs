using System.Globalization;
using AutoGrad.Training;
using ScottPlot;

namespace AutoGrad.Plots;

/// <summary>The confusion matrix as a picture: a row per true class, a column per predicted class, each cell's count written in it and shaded by its share of the row.</summary>
public static class ConfusionMatrixPlot
{
    /// <summary>Saves the picture to <paramref name="path"/>, atomically: 500 to 1,000 pixels high by its classes, 60 wider for the colour bar.</summary>
    /// <param name="matrix">The counts (<see cref="Classifier.Evaluate"/>).</param>
    /// <param name="dataName">The data they were counted on, for the title.</param>
    /// <param name="path">The PNG file to write; its folder is made if missing.</param>
    /// <returns><paramref name="path"/>, now written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="matrix"/> or <paramref name="dataName"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is blank or does not end in .png.</exception>
    public static string Save(ConfusionMatrix matrix, string dataName, string path)
    {
        PlotArguments.PngPath(path, nameof(path));
        ArgumentNullException.ThrowIfNull(matrix);
        int size = Math.Clamp(200 + 55 * matrix.ClassNames.Count, 500, 1000);
        return PngFile.Save(Draw(matrix, dataName), path, size + 60, size);
    }

    /// <summary>The picture of <paramref name="matrix"/>, measured on <paramref name="dataName"/>.</summary>
    /// <param name="matrix">The counts.</param>
    /// <param name="dataName">The data they were counted on, for the title.</param>
    /// <returns>The plot, for a caller that changes it before saving.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="matrix"/> or <paramref name="dataName"/> is null.</exception>
    public static Plot Draw(ConfusionMatrix matrix, string dataName)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(dataName);
        int n = matrix.ClassNames.Count;
        var shares = new double[n, n];
        for (int a = 0; a < n; a++)
        {
            int row = Enumerable.Range(0, n).Sum(p => matrix[a, p]);
            for (int p = 0; p < n; p++)
            {
                shares[a, p] = row == 0 ? 0 : (double)matrix[a, p] / row;
            }
        }

        var plot = new Plot();
        var cells = plot.Add.Heatmap(shares);
        cells.Colormap = new ScottPlot.Colormaps.Reversed(new ScottPlot.Colormaps.Blues()); // white for none, deep blue for all
        cells.ManualRange = new ScottPlot.Range(0, 1);
        cells.Rectangle = new CoordinateRect(-0.5, n - 0.5, -0.5, n - 0.5);
        for (int a = 0; a < n; a++)
        {
            for (int p = 0; p < n; p++)
            {
                // Heatmap row 0 is drawn at the top: true class a sits at y = n − 1 − a.
                var count = plot.Add.Text(matrix[a, p].ToString(CultureInfo.InvariantCulture), p, n - 1 - a);
                count.LabelAlignment = Alignment.MiddleCenter;
                count.LabelFontSize = n > 12 ? 11 : 15;
                count.LabelBold = a == p;
                count.LabelFontColor = shares[a, p] > 0.5 ? Colors.White : Colors.Black;
            }
        }

        double[] positions = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.SetTicks(positions, matrix.ClassNames.ToArray());
        plot.Axes.Left.SetTicks(positions, matrix.ClassNames.Reverse().ToArray());
        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        plot.HideGrid();
        var bar = plot.Add.ColorBar(cells);
        bar.Label = "share of the true class's examples";
        plot.Title(string.Create(CultureInfo.InvariantCulture, $"Confusion matrix on {dataName}: {matrix.Correct} of {matrix.Total} right ({matrix.Accuracy:P1})"));
        plot.XLabel("predicted class");
        plot.YLabel("true class");
        FigureKit.ReadableAt(plot, 900);
        return plot;
    }
}
