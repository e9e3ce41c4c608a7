using System.Globalization;
using AutoGrad.Data;
using AutoGrad.Training;

namespace AutoGrad.Plots;

/// <summary>The checks every public drawing method makes on its input, each naming the argument and what was expected.</summary>
internal static class PlotArguments
{
    /// <summary>Throws unless <paramref name="data"/> has <paramref name="features"/> features.</summary>
    public static void SameFeatures(int features, Dataset data, string parameter)
    {
        if (data.FeatureCount != features)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"'{data.Name}' has {data.FeatureCount} features but the model reads {features}; expected data of {features} features."), parameter);
        }
    }

    /// <summary>Throws unless <paramref name="data"/> has the features and the classes <paramref name="classifier"/> knows.</summary>
    public static void Fits(Classifier classifier, Dataset data, string parameter)
    {
        SameFeatures(classifier.FeatureCount, data, parameter);
        if (data.ClassCount != classifier.ClassNames.Count)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"'{data.Name}' has {data.ClassCount} classes but the classifier knows {classifier.ClassNames.Count}; expected data of its classes."), parameter);
        }
    }

    /// <summary>Throws unless <paramref name="side"/> × <paramref name="side"/> is the number of features <paramref name="features"/>.</summary>
    public static void ImageSide(int side, int features, string parameter)
    {
        if (side < 1 || (long)side * side != features)
        {
            throw new ArgumentOutOfRangeException(parameter, side, string.Create(CultureInfo.InvariantCulture, $"Images of side {side} have {(long)side * side} pixels but the data has {features} features; expected a side whose square is {features}."));
        }
    }

    /// <summary>Throws unless <paramref name="path"/> is a file name ending in .png.</summary>
    public static void PngPath(string path, string parameter)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path, parameter);
        if (!path.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"'{path}' does not end in .png; expected the name of a PNG file.", parameter);
        }
    }
}
