using ScottPlot;

namespace AutoGrad.Plots;

/// <summary>
/// Square images of pixel values (row by row, as the digits' features) laid out in one plot, a
/// caption above each: one title for the whole picture, and one colour scale for every image.
/// </summary>
internal static class ImageMosaic
{
    /// <summary>Space between images, in pixels of the images.</summary>
    private const double Gap = 1.5;

    /// <summary>Room above each image for its caption, in pixels of the images.</summary>
    private const double CaptionRoom = 2.5;

    /// <summary>
    /// A plot of <paramref name="images"/> (each side × side values), <paramref name="columns"/> to a row,
    /// drawn through <paramref name="colormap"/> with <paramref name="low"/> to <paramref name="high"/> spanning it.
    /// </summary>
    /// <returns>The plot and the heatmap of the first image (for a colour bar: all share its scale).</returns>
    public static (Plot Plot, ScottPlot.Plottables.Heatmap First) Draw(IReadOnlyList<(IReadOnlyList<double> Pixels, string Caption)> images, int side, int columns, IColormap colormap, double low, double high)
    {
        var plot = new Plot();
        ScottPlot.Plottables.Heatmap? first = null;
        int rows = (images.Count + columns - 1) / columns;
        double cellWidth = side + Gap, cellHeight = side + Gap + CaptionRoom;
        for (int k = 0; k < images.Count; k++)
        {
            var values = new double[side, side];
            for (int i = 0; i < side * side; i++)
            {
                values[i / side, i % side] = images[k].Pixels[i]; // heatmap row 0 is drawn at the top
            }

            double left = (k % columns) * cellWidth;
            double bottom = (rows - 1 - k / columns) * cellHeight;
            var image = plot.Add.Heatmap(values);
            image.Colormap = colormap;
            image.ManualRange = new ScottPlot.Range(low, high);
            image.Rectangle = new CoordinateRect(left, left + side, bottom, bottom + side);
            first ??= image;
            var caption = plot.Add.Text(images[k].Caption, left + side / 2.0, bottom + side + 0.3);
            caption.LabelAlignment = Alignment.LowerCenter;
            caption.LabelFontSize = 15;
        }

        plot.Axes.SetLimits(-Gap, columns * cellWidth, -Gap, Math.Max(1, rows) * cellHeight);
        plot.Axes.Frameless(); // no axes: a caller's Title() brings the title back
        plot.Axes.SquareUnits(); // square pixels stay square
        plot.HideGrid();
        return (plot, first ?? plot.Add.Heatmap(new double[1, 1]));
    }

    /// <summary>The side of the square images the data's features are, or null when they are not images.</summary>
    /// <param name="featureCount">The features of one example.</param>
    /// <param name="isImageData">Whether the data is known to be images (the built-in digits are).</param>
    public static int? Side(int featureCount, bool isImageData)
    {
        int side = (int)Math.Round(Math.Sqrt(featureCount));
        return isImageData && side * side == featureCount ? side : null;
    }
}
