using System.Globalization;
using AutoGrad.Nn;
using AutoGrad.Training;
using ScottPlot;

namespace AutoGrad.Plots;

/// <summary>
/// A training run as two panels, one per measure: the loss above, the accuracy (a regression's RMSE) below. Each draws the
/// batch the step trained on (every step) and, at checkpoints, the whole training part and the
/// validation part (with --split), so the two can be compared on one axis.
/// </summary>
public static class TrainingCurvePlot
{
    /// <summary>The picture's width in pixels.</summary>
    public const int Width = 900;

    /// <summary>The picture's height in pixels.</summary>
    public const int Height = 800;

    /// <summary>Saves the picture (<see cref="Width"/> × <see cref="Height"/> pixels) to <paramref name="path"/>, atomically.</summary>
    /// <param name="history">Every step's batch loss and accuracy: at least one step.</param>
    /// <param name="checkpoints">The whole training part and the validation part, measured now and then; may be empty.</param>
    /// <param name="title">What was trained: the data, the model, the optimizer (<see cref="Title"/>).</param>
    /// <param name="lossName">The loss, as the loss axis names it.</param>
    /// <param name="path">The PNG file to write; its folder is made if missing.</param>
    /// <returns><paramref name="path"/>, now written.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="history"/> is empty, or <paramref name="path"/> is blank or does not end in .png.</exception>
    public static string Save(IReadOnlyList<StepResult> history, IReadOnlyList<TrainingCheckpoint> checkpoints, string title, string lossName, string path)
    {
        PlotArguments.PngPath(path, nameof(path));
        return PngFile.Save(Draw(history, checkpoints, title, lossName), path, Width, Height);
    }

    /// <summary>The two panels, for a caller that changes them before saving (ScottPlot's <see cref="Multiplot"/>).</summary>
    /// <param name="history">Every step's batch loss and accuracy: at least one step.</param>
    /// <param name="checkpoints">The whole training part and the validation part, measured now and then; may be empty.</param>
    /// <param name="title">What was trained: the data, the model, the optimizer (<see cref="Title"/>).</param>
    /// <param name="lossName">The loss, as the loss axis names it.</param>
    /// <returns>The loss panel above, the accuracy panel below.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="history"/> is empty.</exception>
    public static Multiplot Draw(IReadOnlyList<StepResult> history, IReadOnlyList<TrainingCheckpoint> checkpoints, string title, string lossName)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(checkpoints);
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(lossName);
        if (history.Count == 0)
        {
            throw new ArgumentException("The history has no step; expected at least one StepResult.", nameof(history));
        }

        double[] steps = history.Select(h => (double)h.Step + 1).ToArray();
        double[] marks = checkpoints.Select(c => (double)c.Step).ToArray();
        bool validation = checkpoints.Any(c => c.ValidationLoss is not null);
        IEnumerable<double> allLosses = history.Select(h => h.Loss).Concat(checkpoints.Select(c => c.TrainingLoss)).Concat(checkpoints.Select(c => c.ValidationLoss ?? 1));
        bool logLoss = allLosses.All(v => v > 0); // an exact 0 (hinge) has no logarithm: then a linear axis
        double[] LossValues(IEnumerable<double> values) => logLoss ? FigureKit.Log10(values) : values.ToArray();

        var loss = new Plot();
        Batch(loss, steps, LossValues(history.Select(h => h.Loss)), "batch of each step");
        Checkpoints(loss, marks, LossValues(checkpoints.Select(c => c.TrainingLoss)), "training part", Colors.Black, MarkerShape.FilledCircle);
        if (validation)
        {
            Checkpoints(loss, marks, LossValues(checkpoints.Select(c => c.ValidationLoss!.Value)), "validation part", Colors.OrangeRed, MarkerShape.FilledSquare);
        }

        loss.Title(title);
        loss.YLabel($"loss ({lossName}{(logLoss ? ", log scale" : "")})");
        loss.XLabel("step");
        if (logLoss)
        {
            FigureKit.Log10Ticks(loss.Axes.Left, LossValues(allLosses));
        }

        bool regression = history.Count > 0 && history[0].Rmse is not null; // a regression's steps measure the RMSE, not an accuracy
        var accuracy = new Plot();
        Batch(accuracy, steps, history.Select(h => h.Rmse ?? h.Accuracy).ToArray(), "batch of each step");
        Checkpoints(accuracy, marks, checkpoints.Select(c => c.TrainingMeasure).ToArray(), "training part", Colors.Black, MarkerShape.FilledCircle);
        if (validation)
        {
            Checkpoints(accuracy, marks, checkpoints.Select(c => c.ValidationMeasure!.Value).ToArray(), "validation part", Colors.OrangeRed, MarkerShape.FilledSquare);
        }

        string measure = regression ? "RMSE" : "Accuracy";
        accuracy.Axes.SetLimitsY(0, regression ? 1.05 * history.Select(h => h.Rmse!.Value).Concat(checkpoints.Select(c => c.TrainingMeasure)).Concat(checkpoints.Select(c => c.ValidationMeasure ?? 0)).Where(double.IsFinite).DefaultIfEmpty(1).Max() : 1.02);
        accuracy.Title(validation ? $"{measure}: training and validation" : $"{measure} on the training data");
        accuracy.YLabel(regression ? "RMSE (root mean squared error, target units)" : "accuracy (share right)");
        accuracy.XLabel("step");
        foreach (Plot panel in new[] { loss, accuracy })
        {
            FigureKit.ReadableAt(panel, 900);
            FigureKit.FitLength(panel.Axes.Left.Label, 0.9f * Height / 2); // a standardised regression's loss name with L2 runs to 70 characters
            panel.ShowLegend();
        }

        loss.Axes.Title.Label.FontSize = 15;
        return TwoRows(loss, accuracy);
    }

    private static Multiplot TwoRows(Plot top, Plot bottom)
    {
        var grid = new Multiplot(top);
        grid.AddPlot(bottom);
        grid.Layout = new ScottPlot.MultiplotLayouts.Grid(2, 1);
        return grid;
    }

    private static void Batch(Plot plot, double[] steps, double[] values, string label)
    {
        var line = plot.Add.ScatterLine(steps, values);
        line.LegendText = label;
        line.LineWidth = 1;
        line.Color = Colors.SteelBlue.WithAlpha(0.6);
    }

    private static void Checkpoints(Plot plot, double[] steps, double[] values, string label, Color color, MarkerShape shape)
    {
        var line = plot.Add.Scatter(steps, values);
        line.LegendText = label;
        line.LineWidth = 2;
        line.MarkerShape = shape;
        line.MarkerSize = 7;
        line.Color = color;
    }

    /// <summary>"moons: MLP(2, [16, 16, 1], relu), sgd" — what a picture of a run is about.</summary>
    /// <param name="dataset">The data's name.</param>
    /// <param name="model">The network trained.</param>
    /// <param name="optimizer">The optimizer, named by its word (<see cref="TrainingNames.Optimizers"/>).</param>
    /// <returns>The title.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="dataset"/> or <paramref name="model"/> is null.</exception>
    public static string Title(string dataset, Mlp model, OptimizerKind optimizer) =>
        string.Create(CultureInfo.InvariantCulture, $"{dataset ?? throw new ArgumentNullException(nameof(dataset))}: {model ?? throw new ArgumentNullException(nameof(model))}, {TrainingNames.Optimizers.NameOf(optimizer)}");
}
