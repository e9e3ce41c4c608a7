using AutoGrad.Checking;
using AutoGrad.Training;
using Microsoft.DotNet.Interactive.Formatting;

namespace AutoGrad.Interactive;

/// <summary>
/// How AutoGrad's results look in a Polyglot Notebook (.NET Interactive): a <see cref="Value"/> shows its
/// graph drawn with data and grad per node (as micrograd's <c>draw_dot</c>), and a <see cref="Value"/> array,
/// a <see cref="GradCheckReport"/> and a <see cref="ConfusionMatrix"/> show as tables.
/// </summary>
/// <remarks>
/// Loading the package in a notebook (<c>#r "nuget: AutoGrad.Interactive"</c>) calls <see cref="Register"/>
/// through the package's <c>interactive-extensions/dotnet/extension.dib</c>; call it yourself only where
/// extensions are not loaded. The formatters go into .NET Interactive's own <see cref="Formatter"/>.
/// </remarks>
public static class NotebookFormatters
{
    /// <summary>
    /// Registers the HTML formatters for <see cref="Value"/>, <see cref="Value"/>[], <see cref="GradCheckReport"/>
    /// and <see cref="ConfusionMatrix"/> with .NET Interactive's <see cref="Formatter"/>, and makes HTML their
    /// preferred display. Calling it again registers them again (the latest registration wins), which is harmless.
    /// </summary>
    public static void Register()
    {
        Formatter.Register<Value>((value, writer) => writer.Write(GraphHtml.Of(value)), HtmlFormatter.MimeType);
        Formatter.Register<Value[]>((values, writer) => writer.Write(Tables.Values(values)), HtmlFormatter.MimeType);
        Formatter.Register<GradCheckReport>((report, writer) => writer.Write(Tables.GradCheck(report)), HtmlFormatter.MimeType);
        Formatter.Register<ConfusionMatrix>((matrix, writer) => writer.Write(Tables.Confusion(matrix)), HtmlFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(Value), HtmlFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(Value[]), HtmlFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(GradCheckReport), HtmlFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(ConfusionMatrix), HtmlFormatter.MimeType);
    }
}
