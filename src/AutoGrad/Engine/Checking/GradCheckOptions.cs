namespace AutoGrad.Checking;

/// <summary>
/// Tolerances for <see cref="GradCheck"/>. An input passes when
/// |analytic − numerical| ≤ <see cref="AbsoluteTolerance"/> + <see cref="RelativeTolerance"/> · |numerical|.
/// The defaults are PyTorch's gradcheck defaults for double precision.
/// </summary>
public sealed record GradCheckOptions
{
    /// <summary>The relative step of the central difference (see <see cref="NumericalDerivative.DefaultStep"/>); positive, finite, below 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to NaN, ±∞, 0, a negative number or 1 and above.</exception>
    public double Step
    {
        get;
        init => field = double.IsFinite(value) && value > 0 && value < 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Step), value, $"Step must be a relative step above 0 and below 1, such as 1e-6, but got {value}.");
    } = NumericalDerivative.DefaultStep;

    /// <summary>The absolute tolerance; 10⁻⁵ by default. Finite and ≥ 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to NaN, ±∞ or a negative number.</exception>
    public double AbsoluteTolerance
    {
        get;
        init => field = CheckTolerance(value);
    } = 1e-5;

    /// <summary>The relative tolerance; 10⁻³ by default. Finite and ≥ 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to NaN, ±∞ or a negative number.</exception>
    public double RelativeTolerance
    {
        get;
        init => field = CheckTolerance(value);
    } = 1e-3;

    // A tolerance of +∞ (or NaN, which compares false) would pass every gradient, right or wrong.
    private static double CheckTolerance(double value, [System.Runtime.CompilerServices.CallerMemberName] string? name = null) =>
        double.IsFinite(value) && value >= 0
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number ≥ 0, but got {value}: a tolerance of ∞ or NaN would pass every gradient.");

    /// <summary>The defaults.</summary>
    public static GradCheckOptions Default { get; } = new();
}
