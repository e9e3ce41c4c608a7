using System.Globalization;
using FsCheck;
using FsCheck.Fluent;

namespace AutoGrad.FsCheck;

/// <summary>Generators of points (arrays of coordinates) for a function of several inputs, built from <see cref="Domains"/>.</summary>
/// <example>
/// <code>
/// Gen&lt;double[]&gt; anyThree = Points.Of(3, Domains.Anywhere);
/// Gen&lt;double[]&gt; forDivision = Points.Of(Domains.Anywhere, Domains.AwayFromZero(0.2));
/// </code>
/// </example>
public static class Points
{
    /// <summary>Points whose coordinates come from the given generators, in order (coordinate i from <c>coordinates[i]</c>).</summary>
    /// <param name="coordinates">One generator per coordinate; at least one.</param>
    /// <returns>A generator of arrays as long as <paramref name="coordinates"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="coordinates"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="coordinates"/> is empty or holds a null generator.</exception>
    public static Gen<double[]> Of(params Gen<double>[] coordinates)
    {
        ArgumentNullException.ThrowIfNull(coordinates);
        if (coordinates.Length == 0)
        {
            throw new ArgumentException("Points.Of expects at least one coordinate generator, but got none.", nameof(coordinates));
        }

        for (int i = 0; i < coordinates.Length; i++)
        {
            if (coordinates[i] is null)
            {
                throw new ArgumentException($"Coordinate generator {i} is null; expected a Gen<double> such as Domains.Anywhere.", nameof(coordinates));
            }
        }

        return Gen.CollectToArray(coordinates);
    }

    /// <summary>Points of <paramref name="count"/> coordinates, each from the same generator.</summary>
    /// <param name="count">The number of coordinates; at least 1.</param>
    /// <param name="each">The generator of every coordinate, for example <see cref="Domains.Anywhere"/>.</param>
    /// <returns>A generator of arrays of length <paramref name="count"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="each"/> is null.</exception>
    public static Gen<double[]> Of(int count, Gen<double> each)
    {
        if (count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"Points.Of expects at least 1 coordinate, but got {count}.");
        }

        ArgumentNullException.ThrowIfNull(each);
        return Of(Enumerable.Repeat(each, count).ToArray());
    }

    /// <summary>
    /// Two coordinates at least <paramref name="gap"/> apart (the first in [-5, 5], the second up to
    /// 3 away from it): for max and min, whose derivative jumps where the two inputs tie.
    /// </summary>
    /// <param name="gap">The smallest distance between the two coordinates; positive, finite and less than 3.</param>
    /// <returns>A generator of two-coordinate points off the diagonal.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gap"/> is not positive, finite and less than 3.</exception>
    public static Gen<double[]> Apart(double gap)
    {
        if (!(gap > 0 && gap < 3))
        {
            throw new ArgumentOutOfRangeException(nameof(gap), gap, string.Create(CultureInfo.InvariantCulture, $"Points.Apart expects a gap in (0, 3), but got {gap:R}."));
        }

        return from a in Domains.Anywhere
               from offset in Domains.AwayFromZero(gap, 3)
               select new[] { a, a + offset };
    }
}
