using AutoGrad.Training;
using ScottPlot;

namespace AutoGrad.Cli.Plots;

/// <summary>The loss (left axis) and the accuracy (right axis) at every training step.</summary>
internal static class TrainingCurvePlot
{
    public static void Save(IReadOnlyList<StepResult> history, string path)
    {
        double[] steps = history.Select(h => (double)h.Step + 1).ToArray();
        var plot = new Plot();
        var loss = plot.Add.Scatter(steps, history.Select(h => h.Loss).ToArray());
        loss.LegendText = "loss";
        loss.MarkerSize = 0;
        loss.LineWidth = 2;
        var accuracy = plot.Add.Scatter(steps, history.Select(h => h.Accuracy).ToArray());
        accuracy.LegendText = "accuracy";
        accuracy.MarkerSize = 0;
        accuracy.LineWidth = 2;
        accuracy.Axes.YAxis = plot.Axes.Right;
        plot.Axes.Right.Label.Text = "accuracy";
        plot.Axes.SetLimitsY(0, 1.02, plot.Axes.Right);
        plot.Title("Training");
        plot.XLabel("step");
        plot.YLabel("loss");
        plot.ShowLegend(Alignment.MiddleRight);
        PngFile.Save(plot, path, 800, 500);
    }
}
