using System.Globalization;

namespace AutoGrad.Checking;

/// <summary>One input's result in a <see cref="GradCheckReport"/>.</summary>
/// <param name="Index">The input's position in the point.</param>
/// <param name="Point">The input's value.</param>
/// <param name="Analytic">∂f/∂input from <see cref="Value.Backward"/>.</param>
/// <param name="Numerical">∂f/∂input by central difference.</param>
/// <param name="Allowed">The largest |analytic − numerical| the tolerances accept here.</param>
public sealed record GradCheckEntry(int Index, double Point, double Analytic, double Numerical, double Allowed)
{
    /// <summary>|analytic − numerical|.</summary>
    public double AbsoluteError => Math.Abs(Analytic - Numerical);

    /// <summary>What was checked when it is not simply input <see cref="Index"/>, for example "∂²f/∂x0∂x1"; null otherwise.</summary>
    public string? Name { get; init; }

    /// <summary>True when the error is within <see cref="Allowed"/> (false if either gradient is NaN).</summary>
    public bool Passed => AbsoluteError <= Allowed;

    /// <summary>The error as a share of what is allowed: above 1 fails.</summary>
    public double ErrorRatio => AbsoluteError / Allowed;

    /// <summary>One line: the input, both gradients, the error and the bound.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Name ?? $"input {Index}"} at {Point:R}: analytic {Analytic:R}, numerical {Numerical:R}, |difference| {AbsoluteError:G3} (allowed {Allowed:G3})");
}
