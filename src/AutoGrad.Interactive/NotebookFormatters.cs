using AutoGrad.Checking;
using AutoGrad.Plots;
using AutoGrad.Training;
using Microsoft.DotNet.Interactive.Formatting;

namespace AutoGrad.Interactive;

/// <summary>
/// How AutoGrad's results look in a Polyglot Notebook (.NET Interactive): a <see cref="Value"/> shows its
/// graph drawn with data and grad per node (as micrograd's <c>draw_dot</c>), and a <see cref="Value"/> array,
/// a <see cref="GradCheckReport"/> and a <see cref="ConfusionMatrix"/> show as tables, and plots (ScottPlot's
/// <see cref="ScottPlot.Plot"/> and <see cref="ScottPlot.Multiplot"/>, as AutoGrad.Plots draws them, and a
/// <see cref="TrainingRecorder"/>'s training curves) show as images.
/// </summary>
/// <remarks>
/// Loading the package in a notebook (<c>#r "nuget: AutoGrad.Interactive"</c>) calls <see cref="Register"/>
/// through the package's extension script (extension.dib, which the package carries where .NET Interactive looks for one); call it yourself only where
/// extensions are not loaded. The formatters go into .NET Interactive's own <see cref="Formatter"/>.
/// </remarks>
public static class NotebookFormatters
{
    /// <summary>
    /// Registers the HTML formatters for <see cref="Value"/>, <see cref="Value"/>[], <see cref="GradCheckReport"/>
    /// <see cref="ConfusionMatrix"/>, ScottPlot's <see cref="ScottPlot.Plot"/> and <see cref="ScottPlot.Multiplot"/> and
    /// <see cref="TrainingRecorder"/> with .NET Interactive's <see cref="Formatter"/>, and makes HTML their
    /// preferred display. Calling it again registers them again (the latest registration wins), which is harmless.
    /// </summary>
    public static void Register()
    {
        Formatter.Register<Value>((value, writer) => writer.Write(GraphHtml.Of(value)), HtmlFormatter.MimeType);
        Formatter.Register<Value[]>((values, writer) => writer.Write(Tables.Values(values)), HtmlFormatter.MimeType);
        Formatter.Register<GradCheckReport>((report, writer) => writer.Write(Tables.GradCheck(report)), HtmlFormatter.MimeType);
        Formatter.Register<ConfusionMatrix>((matrix, writer) => writer.Write(Tables.Confusion(matrix)), HtmlFormatter.MimeType);
        Formatter.Register<ScottPlot.Plot>((plot, writer) => writer.Write(PlotImages.Of(plot)), HtmlFormatter.MimeType);
        Formatter.Register<ScottPlot.Multiplot>((plots, writer) => writer.Write(PlotImages.Of(plots, TrainingCurvePlot.Width, TrainingCurvePlot.Height)), HtmlFormatter.MimeType);
        Formatter.Register<TrainingRecorder>((run, writer) => writer.Write(PlotImages.Of(run)), HtmlFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(ScottPlot.Plot), HtmlFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(ScottPlot.Multiplot), HtmlFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(TrainingRecorder), HtmlFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(Value), HtmlFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(Value[]), HtmlFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(GradCheckReport), HtmlFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(ConfusionMatrix), HtmlFormatter.MimeType);
    }
}
