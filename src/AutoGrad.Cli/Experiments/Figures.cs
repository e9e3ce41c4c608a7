using ScottPlot;

namespace AutoGrad.Cli.Experiments;

/// <summary>The few ways the experiments draw: lines, and panels in a grid.</summary>
internal static class Figures
{
    /// <summary>Panels in rows and columns, as one picture.</summary>
    public static Multiplot Grid(IReadOnlyList<Plot> panels, int rows, int columns)
    {
        var grid = new Multiplot(panels[0]); // a Multiplot starts with one panel: make it the first
        foreach (Plot panel in panels.Skip(1))
        {
            grid.AddPlot(panel);
        }

        grid.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns);
        return grid;
    }

    /// <summary>A labelled line without markers.</summary>
    public static ScottPlot.Plottables.Scatter Line(Plot plot, IReadOnlyList<double> xs, IReadOnlyList<double> ys, string label, float width = 2)
    {
        var line = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray());
        line.LegendText = label;
        line.LineWidth = width;
        return line;
    }
}
