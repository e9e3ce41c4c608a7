using System.Globalization;
using AutoGrad.Checking;
using AutoGrad.Training;
using Microsoft.DotNet.Interactive.Formatting;
using static Microsoft.DotNet.Interactive.Formatting.PocketViewTags;

namespace AutoGrad.Interactive;

/// <summary>The tables the notebook formatters show, built with .NET Interactive's PocketView (which encodes every text).</summary>
internal static class Tables
{
    /// <summary>One row per value: index, label, op, data, grad.</summary>
    public static string Values(IReadOnlyList<Value> values) => ValuesView(values).ToDisplayString(HtmlFormatter.MimeType);

    /// <summary>As <see cref="Values"/>, as a view to put inside another.</summary>
    public static PocketView ValuesView(IReadOnlyList<Value> values)
    {
        object[] rows = values.Select((v, i) => (object)tr(
            td(i.ToString(CultureInfo.InvariantCulture)),
            td(v.Label ?? ""),
            td(v.IsLeaf ? "" : v.CustomName ?? v.Op.ToString()),
            td(Number(v.Data)),
            td(Number(v.Grad)))).ToArray();
        return table[@class: "autograd-values"](
            thead(tr(th("#"), th("label"), th("op"), th("data"), th("grad"))),
            tbody(rows));
    }

    /// <summary>The report's verdict, one row per input (point, analytic, numerical, difference, allowed, outcome) and the culprit op.</summary>
    public static string GradCheck(GradCheckReport report)
    {
        object[] rows = report.Entries.Select(e => (object)tr(
            td(e.Name ?? "x" + e.Index.ToString(CultureInfo.InvariantCulture)),
            td(Number(e.Point)),
            td(Number(e.Analytic)),
            td(Number(e.Numerical)),
            td(Number(e.AbsoluteError)),
            td(Number(e.Allowed)),
            td(e.Outcome.ToString()),
            td(e.Reason ?? ""))).ToArray();
        PocketView view = div[@class: "autograd-gradcheck"](
            p(b($"GradCheck {report.Outcome.ToString().ToLowerInvariant()}"), $" (output {Number(report.Output)})"),
            table(
                thead(tr(th("input"), th("point"), th("analytic"), th("numerical"), th("|difference|"), th("allowed"), th("outcome"), th("reason"))),
                tbody(rows)),
            report.Culprit is { } culprit ? p($"Culprit: {culprit}") : p(""));
        return view.ToDisplayString(HtmlFormatter.MimeType);
    }

    /// <summary>A row per true class, a column per predicted class, and the accuracy.</summary>
    public static string Confusion(ConfusionMatrix matrix)
    {
        int n = matrix.ClassNames.Count;
        object[] header = new object[n + 1];
        header[0] = th("true \\ predicted");
        for (int j = 0; j < n; j++)
        {
            header[j + 1] = th(matrix.ClassNames[j]);
        }

        object[] rows = new object[n];
        for (int i = 0; i < n; i++)
        {
            object[] cells = new object[n + 1];
            cells[0] = th(matrix.ClassNames[i]);
            for (int j = 0; j < n; j++)
            {
                cells[j + 1] = td(matrix[i, j].ToString(CultureInfo.InvariantCulture));
            }

            rows[i] = tr(cells);
        }

        PocketView view = div[@class: "autograd-confusion"](
            table(thead(tr(header)), tbody(rows)),
            p($"{matrix.Correct} of {matrix.Total} right, accuracy: {matrix.Accuracy.ToString("0.0000", CultureInfo.InvariantCulture)}"));
        return view.ToDisplayString(HtmlFormatter.MimeType);
    }

    /// <summary>A number as the diagrams print it: round-trip, invariant culture.</summary>
    private static string Number(double x) => x.ToString("G6", CultureInfo.InvariantCulture);
}
