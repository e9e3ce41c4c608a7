using AutoGrad.Plots;
using ScottPlot;

namespace AutoGrad.Cli.Experiments;

/// <summary>A file an experiment produces, written only when the command saves it.</summary>
/// <param name="FileName">The file's name in the experiment's folder, as <c>histograms.png</c>.</param>
/// <param name="Save">Writes the file, atomically, to the path given.</param>
internal sealed record ExperimentFile(string FileName, Action<string> Save)
{
    /// <summary>The panels a figure draws (empty for a CSV file), so tests can check what a saved figure shows.</summary>
    public IReadOnlyList<Plot> Panels { get; init; } = [];

    /// <summary>The picture's size in pixels, or (0, 0) for a file that is not a picture.</summary>
    public (int Width, int Height) Size { get; init; }

    /// <summary>A figure, saved as PNG.</summary>
    public static ExperimentFile Png(string fileName, Plot plot, int width = 800, int height = 500) =>
        new(fileName, path => PngFile.Save(plot, path, width, height)) { Panels = [plot], Size = (width, height) };

    /// <summary>A grid of panels, saved as one PNG.</summary>
    public static ExperimentFile Png(string fileName, Multiplot plots, int width, int height) =>
        new(fileName, path => PngFile.Save(plots, path, width, height)) { Panels = plots.Subplots.GetPlots(), Size = (width, height) };
}
