using System.Globalization;

namespace AutoGrad.Checking;

/// <summary>One input's result in a <see cref="GradCheckReport"/>.</summary>
/// <param name="Index">The input's position in the point.</param>
/// <param name="Point">The input's value.</param>
/// <param name="Analytic">∂f/∂input from <see cref="Value.Backward"/>.</param>
/// <param name="Numerical">∂f/∂input by central difference.</param>
/// <param name="Allowed">The largest |analytic − numerical| the tolerances accept here: absolute + relative · |numerical|.</param>
public sealed record GradCheckEntry(int Index, double Point, double Analytic, double Numerical, double Allowed)
{
    /// <summary>|analytic − numerical|.</summary>
    public double AbsoluteError => Math.Abs(Analytic - Numerical);

    /// <summary>What was checked when it is not simply input <see cref="Index"/>, for example "∂²f/∂x0∂x1" or a parameter's label; null otherwise.</summary>
    public string? Name { get; init; }

    /// <summary>What the check concluded (set by <see cref="GradCheck"/>).</summary>
    public GradCheckOutcome Outcome { get; init; }

    /// <summary>Why, when the entry did not simply pass: which tolerance was exceeded, the wrong sign, the rounding error, the kink, what changed in the graph.</summary>
    public string? Reason { get; init; }

    /// <summary>True when <see cref="Outcome"/> is <see cref="GradCheckOutcome.Passed"/>.</summary>
    public bool Passed => Outcome == GradCheckOutcome.Passed;

    /// <summary>The error as a share of what is allowed: above 1 is outside the tolerances.</summary>
    public double ErrorRatio => AbsoluteError / Allowed;

    /// <summary>One line: the input, both derivatives, the error, the bound and the outcome with its reason.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Name ?? $"input {Index}"} at {Point:R}: analytic {Analytic:R}, numerical {Numerical:R}, |difference| {AbsoluteError:G3} (allowed {Allowed:G3}); {(Outcome == GradCheckOutcome.GraphChanged ? "graph changed" : Outcome.ToString().ToLowerInvariant())}{(Reason is null ? "" : ": " + Reason)}");
}
