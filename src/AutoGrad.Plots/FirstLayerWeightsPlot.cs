using System.Globalization;
using AutoGrad.Nn;
using ScottPlot;

namespace AutoGrad.Plots;

/// <summary>
/// The first layer's weights as images: unit j's weights on the side × side input pixels, drawn where
/// the pixels are, red for positive and blue for negative on one scale for every unit.
/// </summary>
public static class FirstLayerWeightsPlot
{
    /// <summary>The most units drawn.</summary>
    public const int MaxUnits = 32;

    private const int Columns = 8;

    /// <summary>Saves the picture to <paramref name="path"/>, atomically: 1,000 pixels wide, 100 + 140 per row of 8 units high.</summary>
    /// <param name="model">A network whose inputs are side × side images.</param>
    /// <param name="side">The images' side.</param>
    /// <param name="standardized">Whether the network reads standardised pixels (the title says so).</param>
    /// <param name="path">The PNG file to write; its folder is made if missing.</param>
    /// <returns><paramref name="path"/>, now written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is blank or does not end in .png.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="side"/>² is not the model's number of inputs.</exception>
    public static string Save(Mlp model, int side, bool standardized, string path)
    {
        PlotArguments.PngPath(path, nameof(path));
        ArgumentNullException.ThrowIfNull(model);
        int units = Math.Min(MaxUnits, model.Layers[0].OutputCount);
        int rows = (units + Columns - 1) / Columns;
        return PngFile.Save(Draw(model, side, standardized), path, 1000, 100 + 140 * rows);
    }

    /// <summary>The weights of the first <see cref="MaxUnits"/> units of <paramref name="model"/>'s first layer.</summary>
    /// <param name="model">A network whose inputs are side × side images.</param>
    /// <param name="side">The images' side.</param>
    /// <param name="standardized">Whether the network reads standardised pixels (the title says so).</param>
    /// <returns>The plot, for a caller that changes it before saving.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="side"/>² is not the model's number of inputs.</exception>
    public static Plot Draw(Mlp model, int side, bool standardized)
    {
        ArgumentNullException.ThrowIfNull(model);
        PlotArguments.ImageSide(side, model.InputCount, nameof(side));
        Layer first = model.Layers[0];
        int stride = first.Parameters.Count / first.OutputCount; // each unit's weights, then its bias (and PReLU slope)
        int units = Math.Min(MaxUnits, first.OutputCount);
        var images = new List<(IReadOnlyList<double>, string)>();
        for (int j = 0; j < units; j++)
        {
            double[] weights = first.Parameters.Skip(j * stride).Take(first.InputCount).Select(w => w.Data).ToArray();
            images.Add((weights, string.Create(CultureInfo.InvariantCulture, $"unit {j + 1}")));
        }

        double extreme = images.SelectMany(i => i.Item1).Max(Math.Abs);
        (Plot plot, ScottPlot.Plottables.Heatmap scale) = ImageMosaic.Draw(images, side, Columns, new ScottPlot.Colormaps.Balance(), -extreme, extreme);
        var bar = plot.Add.ColorBar(scale);
        bar.Label = "weight";
        string shown = units < first.OutputCount ? string.Create(CultureInfo.InvariantCulture, $" (the first {units} of {first.OutputCount})") : "";
        plot.Title(string.Create(CultureInfo.InvariantCulture, $"First layer's weights, one {side}×{side} image per unit{shown}\neach pixel: the weight on that input pixel{(standardized ? " (standardised)" : "")}"));
        FigureKit.ReadableAt(plot, 1000);
        return plot;
    }
}
