using System.Globalization;
using ScottPlot;

namespace AutoGrad.Plots;

/// <summary>
/// What every figure shares so it shows what it claims: a legend that never covers what is drawn
/// (placed in an empty corner, else beside the data), logarithmic axes for small values, whole-number
/// ticks, and the check that a legend covers no plotted point.
/// </summary>
internal static class FigureKit
{
    /// <summary>The corners and edges a legend may sit in, in the order they are tried.</summary>
    private static readonly Alignment[] LegendSpots =
    [
        Alignment.UpperRight, Alignment.UpperLeft, Alignment.LowerRight, Alignment.LowerLeft,
        Alignment.UpperCenter, Alignment.LowerCenter, Alignment.MiddleRight, Alignment.MiddleLeft,
    ];

    /// <summary>Pixels around a legend box that must be free too, so a line does not graze its edge.</summary>
    private const float Clearance = 8;

    /// <summary>
    /// Renders <paramref name="plot"/> at its final size and moves its legend to the first corner where
    /// it covers nothing drawn; when every corner covers something, the legend goes to the right of the data.
    /// </summary>
    public static void PlaceLegend(Plot plot, int width, int height)
    {
        plot.RenderInMemory(width, height);
        PlaceLegendAfterRender(plot);
    }

    /// <summary>Places the legend of every panel of <paramref name="plots"/> drawn at this size (see <see cref="PlaceLegend(Plot, int, int)"/>).</summary>
    public static void PlaceLegends(Multiplot plots, int width, int height)
    {
        // A render lays the panels out: each one's LastRender then holds its data area.
        using var surface = SkiaSharp.SKSurface.Create(new SkiaSharp.SKImageInfo(width, height));
        plots.Render(surface.Canvas, new PixelRect(0, width, height, 0));
        foreach (Plot plot in plots.Subplots.GetPlots())
        {
            PlaceLegendAfterRender(plot);
        }
    }

    private static void PlaceLegendAfterRender(Plot plot)
    {
        if (!HasInnerLegend(plot))
        {
            return;
        }

        List<Pixel>? drawn = DrawnPixels(plot);
        if (drawn is not null)
        {
            foreach (Alignment spot in LegendSpots)
            {
                plot.Legend.Alignment = spot;
                if (CountCovered(LegendRect(plot)!.Value, drawn) == 0)
                {
                    return;
                }
            }
        }

        plot.ShowLegend(Edge.Right); // beside the data area, never on it
    }

    /// <summary>
    /// How many drawn pixels (points, line samples every 2 pixels, bar areas) of the last render lie
    /// under the legend box or within <see cref="Clearance"/> of it; 0 when the legend sits outside the data area.
    /// </summary>
    /// <returns>The count, or null when the plot draws something whose pixels cannot be listed (a heatmap, a contour) under an inner legend.</returns>
    public static int? LegendOverlap(Plot plot)
    {
        if (!HasInnerLegend(plot))
        {
            return 0;
        }

        List<Pixel>? drawn = DrawnPixels(plot);
        return drawn is null ? null : CountCovered(LegendRect(plot)!.Value, drawn);
    }

    /// <summary>
    /// Where ScottPlot drew the legend inside the data area at the last render (as
    /// <c>Legend.Render</c> places it: its layout aligned inside the data area less the margin), or
    /// null when there is no legend inside the data area.
    /// </summary>
    public static PixelRect? LegendRect(Plot plot)
    {
        if (!HasInnerLegend(plot))
        {
            return null;
        }

        using Paint paint = Paint.NewDisposablePaint();
        PixelRect inside = plot.LastRender.DataRect.Contract(plot.Legend.Margin);
        return plot.Legend.GetLayout(inside.Size, paint).LegendRect.AlignedInside(inside, plot.Legend.Alignment);
    }

    /// <summary>The pixels of the data area that the plottables of <paramref name="plot"/> drew at the last render; null if one of them cannot say.</summary>
    public static List<Pixel>? DrawnPixels(Plot plot)
    {
        var pixels = new List<Pixel>();
        foreach (IPlottable plottable in plot.GetPlottables().Where(p => p.IsVisible))
        {
            IXAxis x = plottable.Axes.XAxis;
            IYAxis y = plottable.Axes.YAxis;
            Pixel At(Coordinates c) => plot.GetPixel(c, x, y);
            switch (plottable)
            {
                case ScottPlot.Plottables.Scatter scatter:
                    Pixel[] points = scatter.Data.GetScatterPoints().Where(c => c.AreReal).Select(At).ToArray();
                    pixels.AddRange(points);
                    if (scatter.LineWidth > 0 && scatter.LineStyle.IsVisible)
                    {
                        for (int i = 1; i < points.Length; i++)
                        {
                            AddSegment(pixels, points[i - 1], points[i]);
                        }
                    }

                    break;
                case ScottPlot.Plottables.Markers markers:
                    pixels.AddRange(markers.Data.GetScatterPoints().Where(c => c.AreReal).Select(At));
                    break;
                case ScottPlot.Plottables.Marker marker:
                    pixels.Add(At(marker.Location));
                    break;
                case ScottPlot.Plottables.BarPlot bars:
                    foreach (Bar bar in bars.Bars.Where(b => b.IsVisible))
                    {
                        AddArea(pixels, At(new Coordinates(bar.Rect.Left, bar.Rect.Bottom)), At(new Coordinates(bar.Rect.Right, bar.Rect.Top)));
                    }

                    break;
                case ScottPlot.Plottables.VerticalLine line:
                    PixelRect data = plot.LastRender.DataRect;
                    float px = x.GetPixel(line.Position, data);
                    AddSegment(pixels, new Pixel(px, data.Top), new Pixel(px, data.Bottom));
                    break;
                case ScottPlot.Plottables.HorizontalLine line:
                    PixelRect area = plot.LastRender.DataRect;
                    float py = y.GetPixel(line.Position, area);
                    AddSegment(pixels, new Pixel(area.Left, py), new Pixel(area.Right, py));
                    break;
                case ScottPlot.Plottables.Text:
                case ScottPlot.Plottables.Annotation:
                    break; // words placed by hand, not data
                default:
                    return null;
            }
        }

        return pixels;
    }

    /// <summary>
    /// Ticks for an axis whose values are log10 of the data (ScottPlot draws linear axes: plot log10 x
    /// and label it x). Over a few decades every 1, 2 and 5 × 10ᵏ is labelled, as a decimal (0.02), so
    /// small values can be read and compared; over more, the powers of ten (10⁻³), with 2…9 as minor ticks.
    /// </summary>
    /// <param name="axis">The axis.</param>
    /// <param name="logValues">log10 of every value the axis shows (NaN ignored), to know its span.</param>
    public static void Log10Ticks(IAxis axis, IEnumerable<double> logValues)
    {
        double[] finite = logValues.Where(double.IsFinite).ToArray();
        double low = finite.Length == 0 ? 0 : finite.Min(), high = finite.Length == 0 ? 1 : finite.Max();
        if (high - low > 3.5)
        {
            Log10Ticks(axis);
            return;
        }

        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int decade = (int)Math.Floor(low) - 1; decade <= (int)Math.Ceiling(high); decade++)
        {
            for (int m = 1; m <= 9; m++)
            {
                double position = Math.Log10(m * Math.Pow(10, decade));
                if (m is 1 or 2 or 5)
                {
                    ticks.AddMajor(position, (m * Math.Pow(10, decade)).ToString("0.#####", CultureInfo.InvariantCulture));
                }
                else
                {
                    ticks.AddMinor(position);
                }
            }
        }

        axis.TickGenerator = ticks;
    }

    /// <summary>Ticks at the powers of ten (10⁻³) for an axis of log10 values, with the 2…9 minor ticks between.</summary>
    public static void Log10Ticks(IAxis axis) =>
        axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            IntegerTicksOnly = true,
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            LabelFormatter = PowerOfTen,
        };

    /// <summary>10 to the whole number <paramref name="exponent"/>, as 10⁻³ (1 and 10 as they are).</summary>
    public static string PowerOfTen(double exponent)
    {
        int k = (int)Math.Round(exponent);
        return k switch
        {
            0 => "1",
            1 => "10",
            _ => "10" + string.Concat(k.ToString(CultureInfo.InvariantCulture).Select(c => c == '-' ? '⁻' : "⁰¹²³⁴⁵⁶⁷⁸⁹"[c - '0'])),
        };
    }

    /// <summary>A number as 5.6·10⁻⁹ (two significant digits, the power of ten in superscript), or as it is from 0.01 to 1000.</summary>
    public static string Decimal(double value)
    {
        if (value == 0 || (Math.Abs(value) >= 0.01 && Math.Abs(value) < 1000))
        {
            return value.ToString("0.###", CultureInfo.InvariantCulture);
        }

        int exponent = (int)Math.Floor(Math.Log10(Math.Abs(value)));
        double mantissa = Math.Round(value / Math.Pow(10, exponent), 1);
        return mantissa.ToString("0.#", CultureInfo.InvariantCulture) + "·" + PowerOfTen(exponent);
    }

    /// <summary>log10 of every value, with exact zeros (no logarithm) as NaN so nothing is drawn for them.</summary>
    public static double[] Log10(IEnumerable<double> values) => values.Select(v => v > 0 ? Math.Log10(v) : double.NaN).ToArray();

    /// <summary>A tick at each whole number from <paramref name="first"/> to <paramref name="last"/> and nowhere else.</summary>
    public static void WholeNumberTicks(IAxis axis, int first, int last)
    {
        double[] positions = Enumerable.Range(first, last - first + 1).Select(k => (double)k).ToArray();
        axis.SetTicks(positions, positions.Select(p => p.ToString(CultureInfo.InvariantCulture)).ToArray());
    }

    /// <summary>
    /// Fonts large enough to read once docs/lessons.md shrinks a picture to the page's width (about
    /// 900 pixels): pass the picture's width and every text is scaled by width / 900, never below ScottPlot's own size.
    /// </summary>
    public static void ReadableAt(Plot plot, int pictureWidth)
    {
        float scale = Math.Max(1f, pictureWidth / 900f);
        plot.Axes.Title.Label.FontSize = 17 * scale;
        foreach (IAxis axis in plot.Axes.GetAxes())
        {
            axis.Label.FontSize = 15 * scale;
            axis.TickLabelStyle.FontSize = 13 * scale;
        }

        plot.Legend.FontSize = 13 * scale;
    }

    /// <summary>
    /// Shrinks <paramref name="label"/>'s font, if need be, until its text is at most
    /// <paramref name="length"/> pixels long: a long axis label is cut at the panel's edges, not wrapped.
    /// </summary>
    public static void FitLength(LabelStyle label, float length)
    {
        using Paint paint = Paint.NewDisposablePaint();
        float measured = label.Measure(paint).Width;
        if (measured > length)
        {
            label.FontSize *= length / measured;
        }
    }

    private static bool HasInnerLegend(Plot plot) =>
        plot.Legend.IsVisible && plot.Legend.GetItems().Length > 0;

    private static int CountCovered(PixelRect legend, List<Pixel> drawn)
    {
        PixelRect zone = legend.Expand(Clearance);
        return drawn.Count(zone.Contains);
    }

    private static void AddSegment(List<Pixel> pixels, Pixel from, Pixel to)
    {
        float length = MathF.Sqrt((to.X - from.X) * (to.X - from.X) + (to.Y - from.Y) * (to.Y - from.Y));
        int samples = Math.Min(10_000, (int)(length / 2) + 1);
        for (int i = 1; i < samples; i++)
        {
            float t = (float)i / samples;
            pixels.Add(new Pixel(from.X + t * (to.X - from.X), from.Y + t * (to.Y - from.Y)));
        }
    }

    private static void AddArea(List<Pixel> pixels, Pixel corner, Pixel opposite)
    {
        float left = Math.Min(corner.X, opposite.X), right = Math.Max(corner.X, opposite.X);
        float top = Math.Min(corner.Y, opposite.Y), bottom = Math.Max(corner.Y, opposite.Y);
        for (float px = left; px <= right; px += 3)
        {
            for (float py = top; py <= bottom; py += 3)
            {
                pixels.Add(new Pixel(px, py));
            }
        }

        pixels.Add(new Pixel(right, top)); // a sliver thinner than the grid still counts
    }
}
