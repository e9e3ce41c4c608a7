namespace AutoGrad.Checking;

/// <summary>
/// Tolerances for <see cref="GradCheck"/>. An input passes when
/// |analytic − numerical| ≤ <see cref="AbsoluteTolerance"/> + <see cref="RelativeTolerance"/> · |numerical|.
/// The defaults are PyTorch's gradcheck defaults for double precision.
/// </summary>
public sealed record GradCheckOptions
{
    /// <summary>The relative step of the central difference (see <see cref="NumericalDerivative.DefaultStep"/>).</summary>
    public double Step { get; init; } = NumericalDerivative.DefaultStep;

    /// <summary>The absolute tolerance; 10⁻⁵ by default.</summary>
    public double AbsoluteTolerance { get; init; } = 1e-5;

    /// <summary>The relative tolerance; 10⁻³ by default.</summary>
    public double RelativeTolerance { get; init; } = 1e-3;

    /// <summary>The defaults.</summary>
    public static GradCheckOptions Default { get; } = new();
}
