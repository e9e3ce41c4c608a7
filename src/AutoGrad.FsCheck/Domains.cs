using System.Globalization;
using FsCheck;
using FsCheck.Fluent;

namespace AutoGrad.FsCheck;

/// <summary>
/// Generators of finite doubles inside an op's domain and away from its kinks, for the coordinates of
/// the points a gradient is checked at. FsCheck's default <see cref="double"/> generator yields NaN
/// and ±∞ within a few cases; every generator here yields finite numbers only.
/// </summary>
/// <example>
/// <code>
/// Gen&lt;double[]&gt; points = Points.Of(Domains.Positive, Domains.AwayFromZero(0.2));  // log(x0) / x1
/// </code>
/// </example>
public static class Domains
{
    // Evenly spaced points: uniform enough, and every value prints in a few digits.
    private const int Steps = 1_000_000;

    /// <summary>Doubles in [-5, 5]: for ops defined and smooth everywhere (add, mul, exp, tanh, sin, …).</summary>
    public static Gen<double> Anywhere { get; } = Between(-5, 5);

    /// <summary>Doubles in [0.05, 10]: for log, sqrt and powers with a non-integer exponent, kept clear of 0.</summary>
    public static Gen<double> Positive { get; } = Between(0.05, 10);

    /// <summary>Doubles from [<paramref name="low"/>, <paramref name="high"/>], chosen among a million evenly spaced points.</summary>
    /// <param name="low">The smallest value; finite.</param>
    /// <param name="high">The largest value; finite and greater than <paramref name="low"/>.</param>
    /// <returns>A generator of finite doubles in the interval.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A bound is not finite, or <paramref name="high"/> ≤ <paramref name="low"/>.</exception>
    public static Gen<double> Between(double low, double high)
    {
        CheckFinite(low, nameof(low));
        CheckFinite(high, nameof(high));
        if (!(high > low))
        {
            throw new ArgumentOutOfRangeException(nameof(high), high, string.Create(CultureInfo.InvariantCulture, $"Between expects high > low, but got low {low:R} and high {high:R}."));
        }

        // Round away the binary noise (0.369028, not 0.36902800000000013) so counterexamples read well.
        int digits = (int)Math.Ceiling(-Math.Log10((high - low) / Steps)) + 1;
        return Gen.Choose(0, Steps).Select(i =>
        {
            double x = low + (high - low) * (i / (double)Steps);
            return digits is >= 0 and <= 15 ? Math.Clamp(Math.Round(x, digits), low, high) : x;
        });
    }

    /// <summary>
    /// Doubles of either sign with <paramref name="gap"/> ≤ |x| ≤ <paramref name="limit"/>: for ops with
    /// a kink at 0 (relu, leaky relu, elu, prelu, abs) or a pole there (division, negative powers).
    /// </summary>
    /// <param name="gap">The smallest magnitude; positive and finite. Keep it well above the central difference's step (10⁻⁶).</param>
    /// <param name="limit">The largest magnitude; finite and greater than <paramref name="gap"/>.</param>
    /// <returns>A generator of finite doubles at least <paramref name="gap"/> from zero.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gap"/> is not positive and finite, or <paramref name="limit"/> is not finite and greater than it.</exception>
    public static Gen<double> AwayFromZero(double gap, double limit = 5)
    {
        CheckFinite(gap, nameof(gap));
        if (!(gap > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(gap), gap, string.Create(CultureInfo.InvariantCulture, $"AwayFromZero expects a positive gap, but got {gap:R}."));
        }

        CheckFinite(limit, nameof(limit));
        if (!(limit > gap))
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, string.Create(CultureInfo.InvariantCulture, $"AwayFromZero expects limit > gap, but got gap {gap:R} and limit {limit:R}."));
        }

        return from magnitude in Between(gap, limit)
               from sign in Gen.Elements(-1.0, 1.0)
               select sign * magnitude;
    }

    private static void CheckFinite(double value, string name)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"Expected a finite number for '{name}', but got {value.ToString(CultureInfo.InvariantCulture)}.");
        }
    }
}
