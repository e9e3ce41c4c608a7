using System.Runtime.CompilerServices;

namespace AutoGrad;

// Arithmetic. Each public op is one line that builds the node; the rule below it computes the
// forward value and the local derivatives together (the compiled replay calls the same rules).
public sealed partial class Value
{
    /// <summary>a + b. ∂/∂a = 1, ∂/∂b = 1.</summary>
    /// <param name="a">The left term (a number converts to a constant).</param>
    /// <param name="b">The right term (a number converts to a constant).</param>
    /// <exception cref="ArgumentNullException">Either value is null.</exception>
    public static Value operator +(Value a, Value b)
    {
        ThrowIfNull(a, b);
        return Binary(Op.Add, AddRule(a.Data, b.Data, out double da, out double db), a, b, da, db);
    }

    internal static double AddRule(double a, double b, out double da, out double db)
    {
        da = 1;
        db = 1;
        return a + b;
    }

    /// <summary>a − b. ∂/∂a = 1, ∂/∂b = −1.</summary>
    /// <param name="a">The value subtracted from.</param>
    /// <param name="b">The value subtracted.</param>
    /// <exception cref="ArgumentNullException">Either value is null.</exception>
    public static Value operator -(Value a, Value b)
    {
        ThrowIfNull(a, b);
        return Binary(Op.Sub, SubRule(a.Data, b.Data, out double da, out double db), a, b, da, db);
    }

    internal static double SubRule(double a, double b, out double da, out double db)
    {
        da = 1;
        db = -1;
        return a - b;
    }

    /// <summary>a · b. ∂/∂a = b, ∂/∂b = a.</summary>
    /// <param name="a">The left factor.</param>
    /// <param name="b">The right factor.</param>
    /// <exception cref="ArgumentNullException">Either value is null.</exception>
    public static Value operator *(Value a, Value b)
    {
        ThrowIfNull(a, b);
        return Binary(Op.Mul, MulRule(a.Data, b.Data, out double da, out double db), a, b, da, db);
    }

    internal static double MulRule(double a, double b, out double da, out double db)
    {
        da = b;
        db = a;
        return a * b;
    }

    /// <summary>a / b. ∂/∂a = 1/b, ∂/∂b = −a/b². Division by zero follows IEEE 754 (±∞ or NaN).</summary>
    /// <param name="a">The numerator.</param>
    /// <param name="b">The denominator.</param>
    /// <exception cref="ArgumentNullException">Either value is null.</exception>
    public static Value operator /(Value a, Value b)
    {
        ThrowIfNull(a, b);
        return Binary(Op.Div, DivRule(a.Data, b.Data, out double da, out double db), a, b, da, db);
    }

    internal static double DivRule(double a, double b, out double da, out double db)
    {
        double quotient = a / b;
        da = 1 / b;
        db = -quotient / b;
        return quotient;
    }

    /// <summary>−a. ∂/∂a = −1.</summary>
    /// <param name="a">The value negated.</param>
    /// <exception cref="ArgumentNullException"><paramref name="a"/> is null.</exception>
    public static Value operator -(Value a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return Unary(Op.Neg, NegRule(a.Data, out double da), a, da);
    }

    internal static double NegRule(double a, out double da)
    {
        da = -1;
        return -a;
    }

    /// <summary>thisᵖ for a constant exponent p. ∂/∂this = p · thisᵖ⁻¹.</summary>
    /// <param name="exponent">The constant exponent p.</param>
    /// <returns>A node whose <see cref="Parameter"/> is the exponent.</returns>
    public Value Pow(double exponent) =>
        Unary(Op.Pow, PowRule(Data, exponent, out double da), this, da, exponent);

    internal static double PowRule(double a, double exponent, out double da)
    {
        // x⁰ = 1 everywhere, so its slope is 0 (avoids 0 · 0⁻¹ = NaN at x = 0).
        da = exponent == 0 ? 0 : exponent * Math.Pow(a, exponent - 1);
        return Math.Pow(a, exponent);
    }

    /// <summary>
    /// thisᵉ where the exponent e is itself a value. ∂/∂this = e · thisᵉ⁻¹, ∂/∂e = thisᵉ · ln(this).
    /// ∂/∂e is 0 where this = 0 (the limit for e &gt; 0) and NaN where this &lt; 0 (ln is undefined).
    /// </summary>
    /// <param name="exponent">The exponent e.</param>
    /// <exception cref="ArgumentNullException"><paramref name="exponent"/> is null.</exception>
    public Value Pow(Value exponent)
    {
        ArgumentNullException.ThrowIfNull(exponent);
        return Binary(Op.PowValue, PowValueRule(Data, exponent.Data, out double da, out double db), this, exponent, da, db);
    }

    internal static double PowValueRule(double a, double b, out double da, out double db)
    {
        double power = Math.Pow(a, b);
        da = b == 0 ? 0 : b * Math.Pow(a, b - 1);
        db = a > 0 ? power * Math.Log(a) : a == 0 ? 0 : double.NaN;
        return power;
    }

    private static void ThrowIfNull(
        Value a,
        Value b,
        [CallerArgumentExpression(nameof(a))] string? nameA = null,
        [CallerArgumentExpression(nameof(b))] string? nameB = null)
    {
        ArgumentNullException.ThrowIfNull(a, nameA);
        ArgumentNullException.ThrowIfNull(b, nameB);
    }
}
