using System.Xml.Linq;
using AutoGrad.Checking;
using AutoGrad.Data;
using AutoGrad.Graphs;
using AutoGrad.Interactive;
using AutoGrad.Plots;
using AutoGrad.Tests.Graphs;
using AutoGrad.Tests.Plots;
using AutoGrad.Training;
using Microsoft.DotNet.Interactive.Formatting;
using SkiaSharp;

namespace AutoGrad.Tests.Interactive;

/// <summary>
/// What a notebook shows for AutoGrad's results once <see cref="NotebookFormatters.Register"/> has run
/// (as the package's extension script runs it): formatted through .NET Interactive's own Formatter, and
/// every box and cell compared with the value behind it.
/// </summary>
[Collection(nameof(ProcessEnvironment))]
public sealed class NotebookFormattersTests
{
    public NotebookFormattersTests() => NotebookFormatters.Register();

    [SkippableFact]
    public void Value_IsShownAsItsGraphDrawn_WithEachNodesDataAndGrad()
    {
        Skip.IfNot(Graphviz.IsInstalled, "Graphviz (dot) is not installed: sudo apt-get install graphviz");
        var x = new Value(1.0, "x");
        var y = new Value(2.0, "y");
        Value s = x + y;
        s.Label = "s";
        Value z = s.Pow(2);
        z.Label = "z";
        z.Backward();

        string html = z.ToDisplayString(HtmlFormatter.MimeType);

        string[][] boxes = GraphSvg.Boxes(html);
        Assert.Equal(4, boxes.Length);
        foreach (Value v in new[] { x, y, s, z })
        {
            Assert.Contains(boxes, texts => texts.SequenceEqual([v.Label!, $"data {v.Data}", $"grad {v.Grad}"]));
        }

        Assert.Equal([1.0, 2.0, 3.0, 9.0, 6.0, 6.0, 6.0, 1.0], [x.Data, y.Data, s.Data, z.Data, x.Grad, y.Grad, s.Grad, z.Grad]);
    }

    [Fact]
    public void Value_WithoutGraphviz_IsShownAsMermaidText_AndATableOfItsNodes()
    {
        var x = new Value(3.0, "x");
        Value z = x * x;
        z.Label = "z";
        z.Backward();
        string? path = Environment.GetEnvironmentVariable("PATH");
        string empty = Directory.CreateTempSubdirectory("autograd-nodot-").FullName;
        string html;
        try
        {
            Environment.SetEnvironmentVariable("PATH", empty); // a PATH with no 'dot' on it
            html = z.ToDisplayString(HtmlFormatter.MimeType);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", path);
            Directory.Delete(empty);
        }

        Assert.Contains("Graphviz (dot) is not installed", html, StringComparison.Ordinal);
        string mermaid = XElement.Parse(html[html.IndexOf("<pre", StringComparison.Ordinal)..(html.IndexOf("</pre>", StringComparison.Ordinal) + 6)]).Value;
        Assert.Equal(MermaidExporter.Export(z), mermaid);
        Assert.Equal([["0", "x", "", "3", "6"], ["1", "z", "Mul", "9", "1"]], Rows(html));
    }

    [Fact]
    public void ValueArray_IsATable_WithARowPerValue()
    {
        var a = new Value(0.5, "a");
        Value b = a.Tanh();
        b.Label = "b <tanh>";
        b.Backward();

        string html = new[] { a, b }.ToDisplayString(HtmlFormatter.MimeType);

        Assert.Equal([["0", "a", "", "0.5", Number(a.Grad)], ["1", "b <tanh>", "Tanh", Number(b.Data), "1"]], Rows(html));
        Assert.Contains("b &lt;tanh&gt;", html, StringComparison.Ordinal); // labels are encoded
    }

    [Fact]
    public void GradCheckReport_IsATable_WithARowPerInput()
    {
        GradCheckReport report = GradCheck.Check(v => v[0] * v[1].Exp(), [2.0, 0.5]);

        string html = report.ToDisplayString(HtmlFormatter.MimeType);

        Assert.Contains("GradCheck passed", html, StringComparison.Ordinal);
        string[][] rows = Rows(html);
        Assert.Equal(report.Entries.Count, rows.Length);
        for (int i = 0; i < rows.Length; i++)
        {
            GradCheckEntry e = report.Entries[i];
            Assert.Equal([Number(e.Point), Number(e.Analytic), Number(e.Numerical), e.Outcome.ToString()], [rows[i][1], rows[i][2], rows[i][3], rows[i][6]]);
        }
    }

    [Fact]
    public void ConfusionMatrix_IsATable_RowsTrueColumnsPredicted_WithTheAccuracy()
    {
        var matrix = new ConfusionMatrix(["cat", "dog"], [0, 0, 0, 1, 1], [0, 1, 1, 1, 0]);

        string html = matrix.ToDisplayString(HtmlFormatter.MimeType);

        XElement table = XElement.Parse(html).Element("table")!;
        Assert.Equal(["true \\ predicted", "cat", "dog"], table.Element("thead")!.Descendants("th").Select(th => th.Value));
        Assert.Equal([["cat", "1", "2"], ["dog", "1", "1"]], table.Element("tbody")!.Elements("tr").Select(tr => tr.Elements().Select(c => c.Value).ToArray()));
        Assert.Contains("2 of 5 right, accuracy: 0.4000", html, StringComparison.Ordinal);
    }

    [Fact]
    public void TrainingRun_IsShownAsItsTrainingCurves_ThePictureTrainingPicturesSaves()
    {
        Dataset moons = Datasets.Moons(40, noise: 0.1, seed: 3);
        var trainer = new Trainer(moons, new TrainingOptions { Steps = 6 });
        var run = new TrainingRecorder(trainer, moons, checkpoints: 3);
        trainer.Run(run.Hooks);
        string folder = Directory.CreateTempSubdirectory("autograd-notebook-").FullName;
        try
        {
            string saved = TrainingPictures.Save(run, folder).Single(p => p.EndsWith("training.png", StringComparison.Ordinal));

            string html = run.ToDisplayString(HtmlFormatter.MimeType);

            string shown = Path.Combine(folder, "shown.png");
            File.WriteAllBytes(shown, InlineImage.Png(html));
            TrainingPicturesTests.AssertSamePicture(saved, shown);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Plot_IsShownAsAnImage_OfThePlotsOwnPixels()
    {
        var plot = new ScottPlot.Plot();
        plot.Add.Scatter(new double[] { 0, 1, 2 }, new double[] { 0, 1, 4 });

        string html = plot.ToDisplayString(HtmlFormatter.MimeType);

        using SKBitmap shown = SKBitmap.Decode(InlineImage.Png(html));
        using SKBitmap drawn = SKBitmap.Decode(plot.GetImageBytes(shown.Width, shown.Height, ScottPlot.ImageFormat.Png));
        Assert.Equal((DecisionBoundaryPlot.Width, DecisionBoundaryPlot.Height), (shown.Width, shown.Height));
        Assert.Equal(drawn.Pixels, shown.Pixels);
    }

    /// <summary>The cells of every body row of the (first) table in <paramref name="html"/>.</summary>
    private static string[][] Rows(string html)
    {
        int start = html.IndexOf("<table", StringComparison.Ordinal);
        int end = html.IndexOf("</table>", StringComparison.Ordinal) + "</table>".Length;
        XElement table = XElement.Parse(html[start..end]);
        return table.Element("tbody")!.Elements("tr").Select(tr => tr.Elements().Select(c => c.Value).ToArray()).ToArray();
    }

    private static string Number(double x) => x.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
}
