using AutoGrad.Compilation;

namespace AutoGrad;

/// <summary>
/// The elementary functions every AutoGrad engine computes with: the dynamic graph's op rules, their
/// derivatives (through <see cref="Real"/>, <see cref="Dual"/> and <see cref="Value"/>), the compiled
/// replay (interpreted and generated) and, lane by lane, the batched replay. Exp, Log, Sin and Cos
/// are AutoGrad's own (<see cref="LaneMath{TV, TOps}"/>, one lane), so a vector of points gives the
/// same bits as one point at a time; within their fast ranges every platform gives the same bits too
/// (outside them, e.g. sin of |x| ≥ 2²⁰·π/2 or exp with a subnormal result, they are the platform's
/// <see cref="Math"/> functions).
/// </summary>
internal static class Elementary
{
    /// <summary>eˣ, within one ulp of <see cref="Math.Exp"/>; exact at 0 and 1 as it is.</summary>
    public static double Exp(double x) => LaneMath<double, Lanes1>.Exp(x);

    /// <summary>ln x, within one ulp of <see cref="Math.Log(double)"/>; the same at 0, negatives, ∞ and NaN.</summary>
    public static double Log(double x) => LaneMath<double, Lanes1>.Log(x);

    /// <summary>sin x, within one ulp of <see cref="Math.Sin"/>; sin(±0) = ±0.</summary>
    public static double Sin(double x) => LaneMath<double, Lanes1>.Sin(x);

    /// <summary>cos x, within one ulp of <see cref="Math.Cos"/>; cos(±0) = 1.</summary>
    public static double Cos(double x) => LaneMath<double, Lanes1>.Cos(x);

    /// <summary>
    /// xᵖ for a constant p: x · x for p = 2 (correctly rounded, where pow may differ in the last bit, and
    /// one multiplication over a vector of points), else <see cref="Math.Pow"/>, whose x⁰ = 1 and x¹ = x
    /// are exact for every x.
    /// </summary>
    public static double Pow(double x, double p) => p == 2 ? x * x : Math.Pow(x, p);
}
