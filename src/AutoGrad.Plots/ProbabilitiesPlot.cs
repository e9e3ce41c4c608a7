using System.Globalization;
using AutoGrad.Data;
using AutoGrad.Training;
using ScottPlot;

namespace AutoGrad.Plots;

/// <summary>A few images, each beside the bars of how sure the classifier is of each class.</summary>
public static class ProbabilitiesPlot
{
    /// <summary>How many images are drawn: the first ones of the data, and the first it gets wrong if none of those is wrong.</summary>
    public const int Images = 6;

    /// <summary>Saves the picture (1,100 × 900 pixels) to <paramref name="path"/>, atomically.</summary>
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
        return PngFile.Save(Draw(classifier, data, side), path, 1100, 900);
    }

    /// <summary>Rows of [image, bars], two to a row.</summary>
    /// <param name="classifier">The trained classifier.</param>
    /// <param name="data">Labelled images, side × side pixels each, row by row.</param>
    /// <param name="side">The images' side.</param>
    /// <returns>The panels, for a caller that changes them before saving.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="classifier"/> or <paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="data"/> has other features or classes than <paramref name="classifier"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="side"/>² is not the number of features.</exception>
    public static Multiplot Draw(Classifier classifier, Dataset data, int side)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(data);
        PlotArguments.Fits(classifier, data, nameof(data));
        PlotArguments.ImageSide(side, data.FeatureCount, nameof(side));
        int[] predicted = classifier.Predict(data.Features);
        List<int> chosen = Enumerable.Range(0, Math.Min(Images, data.Count)).ToList();
        int firstWrong = Enumerable.Range(0, data.Count).FirstOrDefault(i => predicted[i] != data.Labels[i], -1);
        if (firstWrong >= Images && chosen.Count == Images)
        {
            chosen[^1] = firstWrong; // show one mistake too, when there is one
        }

        double[][] scores = classifier.Scores(chosen.Select(i => data.Features[i]).ToArray());
        double high = data.Features.Max(f => f.Max());
        double low = Math.Min(0, data.Features.Min(f => f.Min()));
        string meaning = ClassConfidence.Meaning(classifier.Loss);
        var panels = new List<Plot>();
        for (int c = 0; c < chosen.Count; c++)
        {
            int i = chosen[c];
            (Plot image, _) = ImageMosaic.Draw([(data.Features[i], "")], side, 1, new ScottPlot.Colormaps.GrayscaleReversed(), low, high);
            image.Title(string.Create(CultureInfo.InvariantCulture, $"{data.Name} #{i + 1}: true {data.ClassNames[data.Labels[i]]}"), size: 16);
            panels.Add(image);

            double[] p = ClassConfidence.PerClass(classifier.Loss, scores[c]);
            var bars = new Plot();
            var drawn = bars.Add.Bars(p.Select((v, k) => new Bar
            {
                Position = k,
                Value = v,
                FillColor = k == predicted[i] ? (predicted[i] == data.Labels[i] ? Colors.SeaGreen : Colors.Crimson) : Colors.Gray,
                LineWidth = 0,
                Label = v >= 0.005 ? v.ToString("0.00", CultureInfo.InvariantCulture) : "", // the visible bars get their value
            }).ToList());
            drawn.ValueLabelStyle.FontSize = 12;
            bars.Axes.Bottom.SetTicks(Enumerable.Range(0, p.Length).Select(k => (double)k).ToArray(), data.ClassNames.ToArray());
            bars.Axes.SetLimits(-0.6, p.Length - 0.4, 0, 1.15);
            bars.Title(string.Create(CultureInfo.InvariantCulture, $"predicted {data.ClassNames[predicted[i]]} ({p[predicted[i]]:P0}){(predicted[i] == data.Labels[i] ? "" : ", wrong")}"), size: 16);
            bars.XLabel("class");
            bars.YLabel(meaning.Split(',')[0].Split('(')[0].Trim());
            bars.Axes.Left.Label.FontSize = 13;
            panels.Add(bars);
        }

        var grid = new Multiplot(panels[0]);
        foreach (Plot panel in panels.Skip(1))
        {
            grid.AddPlot(panel);
        }

        grid.Layout = new ScottPlot.MultiplotLayouts.Grid((panels.Count + 3) / 4, 4);
        return grid;
    }
}
