using AutoGrad.IO;
using ScottPlot;

namespace AutoGrad.Cli.Plots;

/// <summary>Saves a plot as PNG atomically (see <see cref="AtomicFile"/>).</summary>
internal static class PngFile
{
    public static void Save(Plot plot, string path, int width, int height) =>
        AtomicFile.Write(path, temporary => plot.SavePng(temporary, width, height));

    /// <summary>Saves several plots drawn as one picture (a grid of panels).</summary>
    public static void Save(Multiplot plots, string path, int width, int height) =>
        AtomicFile.Write(path, temporary => plots.SavePng(temporary, width, height));
}
