using System.Globalization;
using AutoGrad.Data;
using AutoGrad.Training;

namespace AutoGrad.Plots;

/// <summary>The images a classifier gets wrong, each captioned with its true and its predicted label.</summary>
internal static class MisclassifiedPlot
{
    /// <summary>The most images drawn (the first ones wrong, in the data's order).</summary>
    public const int MaxImages = 24;

    private const int Columns = 8;

    /// <summary>Saves the picture to <paramref name="path"/>, atomically.</summary>
    public static void Save(Classifier classifier, Dataset data, int side, string path)
    {
        ScottPlot.Plot plot = Draw(classifier, data, side, out int shown);
        int rows = Math.Max(1, (shown + Columns - 1) / Columns);
        PngFile.Save(plot, path, 900, 90 + 140 * rows);
    }

    /// <summary>The first <see cref="MaxImages"/> wrongly classified images of <paramref name="data"/> (side × side pixels each).</summary>
    public static ScottPlot.Plot Draw(Classifier classifier, Dataset data, int side, out int shown)
    {
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
