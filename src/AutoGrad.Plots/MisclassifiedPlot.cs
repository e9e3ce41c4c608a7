using System.Globalization;
using AutoGrad.Data;
using AutoGrad.Training;

namespace AutoGrad.Plots;

/// <summary>The images a classifier gets wrong, each captioned with its true and its predicted label.</summary>
public static class MisclassifiedPlot
{
    /// <summary>The most images drawn (the first ones wrong, in the data's order).</summary>
    public const int MaxImages = 24;

    private const int Columns = 8;

    /// <summary>Saves the picture to <paramref name="path"/>, atomically: 900 pixels wide, 90 + 140 per row of 8 images high.</summary>
    /// <param name="classifier">The trained classifier.</param>
    /// <param name="data">Labelled images (the test part, say), side × side pixels each, row by row.</param>
    /// <param name="side">The images' side.</param>
    /// <param name="path">The PNG file to write; its folder is made if missing.</param>
    /// <returns><paramref name="path"/>, now written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="classifier"/> or <paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="data"/> has other features or classes than <paramref name="classifier"/>, or <paramref name="path"/> is blank or does not end in .png.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="side"/>² is not the number of features.</exception>
    public static string Save(Classifier classifier, Dataset data, int side, string path)
    {
        PlotArguments.PngPath(path, nameof(path));
        ScottPlot.Plot plot = Draw(classifier, data, side, out int shown);
        int rows = Math.Max(1, (shown + Columns - 1) / Columns);
        return PngFile.Save(plot, path, 900, 90 + 140 * rows);
    }

    /// <summary>The first <see cref="MaxImages"/> wrongly classified images of <paramref name="data"/> (side × side pixels each).</summary>
    /// <param name="classifier">The trained classifier.</param>
    /// <param name="data">Labelled images, side × side pixels each, row by row.</param>
    /// <param name="side">The images' side.</param>
    /// <param name="shown">How many images are drawn.</param>
    /// <returns>The plot, for a caller that changes it before saving.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="classifier"/> or <paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="data"/> has other features or classes than <paramref name="classifier"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="side"/>² is not the number of features.</exception>
    public static ScottPlot.Plot Draw(Classifier classifier, Dataset data, int side, out int shown)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(data);
        PlotArguments.Fits(classifier, data, nameof(data));
        PlotArguments.ImageSide(side, data.FeatureCount, nameof(side));
        int[] predicted = classifier.Predict(data.Features);
        int[] wrong = Enumerable.Range(0, data.Count).Where(i => predicted[i] != data.Labels[i]).ToArray();
        double high = data.Features.Max(f => f.Max());
        double low = Math.Min(0, data.Features.Min(f => f.Min()));
        var images = wrong.Take(MaxImages)
            .Select(i => ((IReadOnlyList<double>)data.Features[i], $"{data.ClassNames[data.Labels[i]]} → {data.ClassNames[predicted[i]]}"))
            .ToList();
        shown = images.Count;
        (ScottPlot.Plot plot, _) = ImageMosaic.Draw(images, side, Columns, new ScottPlot.Colormaps.GrayscaleReversed(), low, high);
        string more = wrong.Length > MaxImages ? string.Create(CultureInfo.InvariantCulture, $", the first {MaxImages} shown") : "";
        plot.Title(string.Create(CultureInfo.InvariantCulture, $"Misclassified: {wrong.Length} of {data.Count} images of {data.Name}{more}\ncaption: true label → predicted label"));
        FigureKit.ReadableAt(plot, 900);
        return plot;
    }
}
