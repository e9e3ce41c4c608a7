namespace AutoGrad.Checking;

/// <summary>Numerical differentiation by central difference, the reference analytic gradients are checked against.</summary>
public static class NumericalDerivative
{
    /// <summary>
    /// The default relative step, 10⁻⁶, as PyTorch's gradcheck: near the cube root of machine epsilon,
    /// where truncation error (∝ h²) and rounding error (∝ ε/h) of a central difference balance.
    /// </summary>
    public const double DefaultStep = 1e-6;

    /// <summary>
    /// f′(x) ≈ (f(x + h) − f(x − h)) / (2h), with h = <paramref name="step"/> · max(1, |x|) so the step
    /// stays meaningful for large x. The error is O(h²) for smooth f.
    /// </summary>
    /// <param name="function">The function f.</param>
    /// <param name="x">The point.</param>
    /// <param name="step">The relative step; positive and finite.</param>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is not positive and finite, or <paramref name="x"/> is not finite.</exception>
    public static double CentralDifference(Func<double, double> function, double x, double step = DefaultStep)
    {
        ArgumentNullException.ThrowIfNull(function);
        CheckStep(step);
        if (!double.IsFinite(x))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "Expected a finite point.");
        }

        double h = StepAt(x, step);
        return (function(x + h) - function(x - h)) / (2 * h);
    }

    /// <summary>The absolute step used at <paramref name="x"/>: <paramref name="step"/> · max(1, |x|), rounded so x ± h are exact.</summary>
    internal static double StepAt(double x, double step)
    {
        double h = step * Math.Max(1, Math.Abs(x));
        // Round h to the spacing x + h actually has, so the divisor 2h is the true distance.
        return (x + h) - x;
    }

    internal static void CheckStep(double step)
    {
        if (!(step > 0) || !double.IsFinite(step))
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "Expected a positive, finite relative step such as 1e-6.");
        }
    }
}
