using AutoGrad.Plots;
using ScottPlot;

namespace AutoGrad.Interactive;

/// <summary>
/// A ScottPlot picture as an HTML image (a PNG inside the page, so a saved notebook keeps it): the plots that
/// AutoGrad.Plots draws for training runs and the lessons, and any plot a cell makes.
/// </summary>
internal static class PlotImages
{
    /// <summary>The size a single plot is drawn at, in pixels: that of <c>decision-boundary.png</c>, so it shows as <c>autograd train</c> draws it.</summary>
    public const int PlotWidth = DecisionBoundaryPlot.Width, PlotHeight = DecisionBoundaryPlot.Height;

    /// <summary>The plot drawn at <see cref="PlotWidth"/> × <see cref="PlotHeight"/>, its legend moved off the data as the saved figures do.</summary>
    public static string Of(Plot plot)
    {
        return Img(PlotPng.Of(plot, PlotWidth, PlotHeight), PlotWidth, PlotHeight);
    }

    /// <summary>Several panels drawn as one picture of this size.</summary>
    public static string Of(Multiplot plots, int width, int height)
    {
        return Img(PlotPng.Of(plots, width, height), width, height);
    }

    /// <summary>A run's training curves, as <c>training.png</c> shows them.</summary>
    public static string Of(TrainingRecorder run) =>
        Of(TrainingPictures.DrawCurves(run), TrainingCurvePlot.Width, TrainingCurvePlot.Height);

    private static string Img(byte[] png, int width, int height) =>
        $"<img class=\"autograd-plot\" width=\"{width}\" height=\"{height}\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\"/>";
}
