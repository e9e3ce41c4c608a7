using ScottPlot;

namespace AutoGrad.Cli.Plots;

/// <summary>Saves a plot as PNG atomically: to a temporary file beside the target, then moved over it.</summary>
internal static class PngFile
{
    public static void Save(Plot plot, string path, int width, int height)
    {
        string fullPath = Path.GetFullPath(path);
        string temporary = Path.Combine(Path.GetDirectoryName(fullPath)!, $".{Path.GetFileNameWithoutExtension(fullPath)}.tmp-{Environment.ProcessId}.png");
        plot.SavePng(temporary, width, height);
        File.Move(temporary, fullPath, overwrite: true);
    }
}
