using ScottPlot;

namespace AutoGrad.Plots;

/// <summary>
/// A plot as PNG bytes, drawn as the saved pictures are drawn (the legend first moved off the data at
/// this size): for places that show a picture without a file, such as a notebook.
/// </summary>
public static class PlotPng
{
    /// <summary>The PNG of <paramref name="plot"/> at <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    /// <param name="plot">The plot, for example from <see cref="DecisionBoundaryPlot.Draw"/>.</param>
    /// <param name="width">The width in pixels, at least 1.</param>
    /// <param name="height">The height in pixels, at least 1.</param>
    /// <returns>The PNG file's bytes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="plot"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> or <paramref name="height"/> is less than 1.</exception>
    public static byte[] Of(Plot plot, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(plot);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        FigureKit.PlaceLegend(plot, width, height);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>The PNG of several panels drawn as one picture of <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    /// <param name="plots">The panels, for example from <see cref="TrainingPictures.DrawCurves"/>.</param>
    /// <param name="width">The width in pixels, at least 1.</param>
    /// <param name="height">The height in pixels, at least 1.</param>
    /// <returns>The PNG file's bytes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="plots"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> or <paramref name="height"/> is less than 1.</exception>
    public static byte[] Of(Multiplot plots, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(plots);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        FigureKit.PlaceLegends(plots, width, height);
        return plots.Render(width, height).GetImageBytes(ImageFormat.Png);
    }
}
