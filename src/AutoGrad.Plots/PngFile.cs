using AutoGrad.IO;
using ScottPlot;

namespace AutoGrad.Plots;

/// <summary>
/// Saves a plot as PNG atomically (see <see cref="AtomicFile"/>), its legend first moved off the data
/// at the size it is saved (<see cref="FigureKit.PlaceLegend(Plot, int, int)"/>).
/// </summary>
internal static class PngFile
{
    /// <summary>Saves <paramref name="plot"/> at this size; returns <paramref name="path"/>.</summary>
    public static string Save(Plot plot, string path, int width, int height)
    {
        FigureKit.PlaceLegend(plot, width, height);
        AtomicFile.Write(path, temporary => plot.SavePng(temporary, width, height));
        return path;
    }

    /// <summary>Saves several plots drawn as one picture (a grid of panels).</summary>
    public static string Save(Multiplot plots, string path, int width, int height)
    {
        FigureKit.PlaceLegends(plots, width, height);
        AtomicFile.Write(path, temporary => plots.SavePng(temporary, width, height));
        return path;
    }
}
