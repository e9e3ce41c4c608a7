using System.Runtime.CompilerServices;

namespace AutoGrad;

// Arithmetic. Each public op is one line that builds the node; its rule, right below, declares the
// forward value and the local derivatives together. Everything else — backward, the compiled
// replay, diagrams — is driven from the rule (see OpCatalog).
public sealed partial class Value
{
    /// <summary>a + b. ∂/∂a = 1, ∂/∂b = 1.</summary>
    /// <param name="a">The left term (a number converts to a constant).</param>
    /// <param name="b">The right term (a number converts to a constant).</param>
    /// <exception cref="ArgumentNullException">Either value is null.</exception>
    public static Value operator +(Value a, Value b)
    {
        ThrowIfNull(a, b);
        return Binary<AddRule>(a, b);
    }

    internal readonly struct AddRule : IBinaryRule
    {
        public static Op Op => Op.Add;
        public static string Symbol => "+";
        public static (string A, string B)? OperandNames => null; // a + b = b + a
        public static bool ConstantSlopes => true;
        public static double Forward(double a, double b) => a + b;
        public static T DerivativeA<T>(T a, T b, T y) where T : IScalar<T> => T.Constant(1);
        public static T DerivativeB<T>(T a, T b, T y) where T : IScalar<T> => T.Constant(1);

        // Generated replay: a + b; backward ∂/∂a = ∂/∂b = 1, and 1 · g is g exactly.
        public static ReplayCode? Replay { get; } = new(
            Forward: w => { w.Input(0); w.Input(1); w.Add(); },
            Backward: w => { w.AddToGradient(0, w.Upstream); w.AddToGradient(1, w.Upstream); });
    }

    /// <summary>a − b. ∂/∂a = 1, ∂/∂b = −1.</summary>
    /// <param name="a">The value subtracted from.</param>
    /// <param name="b">The value subtracted.</param>
    /// <exception cref="ArgumentNullException">Either value is null.</exception>
    public static Value operator -(Value a, Value b)
    {
        ThrowIfNull(a, b);
        return Binary<SubRule>(a, b);
    }

    internal readonly struct SubRule : IBinaryRule
    {
        public static Op Op => Op.Sub;
        public static string Symbol => "−";
        public static (string A, string B)? OperandNames => ("a", "b");
        public static bool ConstantSlopes => true;
        public static double Forward(double a, double b) => a - b;
        public static T DerivativeA<T>(T a, T b, T y) where T : IScalar<T> => T.Constant(1);
        public static T DerivativeB<T>(T a, T b, T y) where T : IScalar<T> => T.Constant(-1);
    }

    /// <summary>a · b. ∂/∂a = b, ∂/∂b = a.</summary>
    /// <param name="a">The left factor.</param>
    /// <param name="b">The right factor.</param>
    /// <exception cref="ArgumentNullException">Either value is null.</exception>
    public static Value operator *(Value a, Value b)
    {
        ThrowIfNull(a, b);
        return Binary<MulRule>(a, b);
    }

    internal readonly struct MulRule : IBinaryRule
    {
        public static Op Op => Op.Mul;
        public static string Symbol => "×";
        public static (string A, string B)? OperandNames => null; // a · b = b · a
        public static double Forward(double a, double b) => a * b;
        public static T DerivativeA<T>(T a, T b, T y) where T : IScalar<T> => b;
        public static T DerivativeB<T>(T a, T b, T y) where T : IScalar<T> => a;

        // Generated replay: a · b; backward ∂/∂a = b, then ∂/∂b = a, each times g.
        public static ReplayCode? Replay { get; } = new(
            Forward: w => { w.Input(0); w.Input(1); w.Mul(); },
            Backward: w =>
            {
                w.AddToGradient(0, () => { w.Input(1); w.Upstream(); w.Mul(); });
                w.AddToGradient(1, () => { w.Input(0); w.Upstream(); w.Mul(); });
            });
    }

    /// <summary>
    /// a / b. ∂/∂a = 1/b, ∂/∂b = −a/b². Domain: b ≠ 0. Division by zero follows IEEE 754: a nonzero a
    /// over 0 is ±∞ (with infinite slopes); 0 / 0 is NaN with NaN derivatives.
    /// </summary>
    /// <param name="a">The numerator.</param>
    /// <param name="b">The denominator.</param>
    /// <exception cref="ArgumentNullException">Either value is null.</exception>
    public static Value operator /(Value a, Value b)
    {
        ThrowIfNull(a, b);
        return Binary<DivRule>(a, b);
    }

    internal readonly struct DivRule : IBinaryRule
    {
        public static Op Op => Op.Div;
        public static string Symbol => "÷";
        public static (string A, string B)? OperandNames => ("a", "b");
        public static double Forward(double a, double b) => a / b;
        public static T DerivativeA<T>(T a, T b, T y) where T : IScalar<T> => T.Constant(1) / b;
        public static T DerivativeB<T>(T a, T b, T y) where T : IScalar<T> => -y / b;   // −a/b² = −(a/b)/b
    }

    /// <summary>−a. ∂/∂a = −1.</summary>
    /// <param name="a">The value negated.</param>
    /// <exception cref="ArgumentNullException"><paramref name="a"/> is null.</exception>
    public static Value operator -(Value a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return Unary<NegRule>(a);
    }

    internal readonly struct NegRule : IUnaryRule
    {
        public static Op Op => Op.Neg;
        public static string Symbol => "neg";
        public static double Forward(double x, double constant) => -x;
        public static T Derivative<T>(T x, T y, double constant) where T : IScalar<T> => T.Constant(-1);
    }

    /// <summary>
    /// thisᵖ for a constant exponent p. ∂/∂this = p · thisᵖ⁻¹ (0 when p = 0). Domain: every x for an
    /// integer p ≥ 0; x ≠ 0 for a negative p (0 gives ±∞); x ≥ 0 for a fractional p (a negative x
    /// gives NaN value and derivative).
    /// For p = 2 the value is x · x, correctly rounded (<see cref="Math.Pow"/> may differ from it in the
    /// last bit in rare cases; before 2026-12 AutoGrad returned Math.Pow's), so x² and its derivative
    /// 2 · x run as one multiplication per point over vectors too; x⁰ = 1 and x¹ = x are exact either way.
    /// </summary>
    /// <param name="exponent">The constant exponent p.</param>
    /// <returns>A node whose <see cref="Parameter"/> is the exponent.</returns>
    public Value Pow(double exponent) => Unary<PowRule>(this, exponent);

    internal readonly struct PowRule : IUnaryRule
    {
        public static Op Op => Op.Pow;
        public static string Symbol => "^{0}";
        public static bool HasConstant => true;
        public static double Forward(double x, double p) => Elementary.Pow(x, p);

        // x⁰ = 1 everywhere, so its slope is 0 (avoids 0 · 0⁻¹ = NaN at x = 0).
        public static T Derivative<T>(T x, T y, double p) where T : IScalar<T> =>
            p == 0 ? T.Constant(0) : T.Constant(p) * T.Pow(x, p - 1);
    }

    /// <summary>
    /// thisᵉ where the exponent e is itself a value. ∂/∂this = e · thisᵉ⁻¹, ∂/∂e = thisᵉ · ln(this).
    /// Where this = 0, ∂/∂e is the limit from the right: 0 for e &gt; 0, −∞ for e ≤ 0; where this &lt; 0 it
    /// is NaN (ln is undefined).
    /// Domain: this &gt; 0; a negative base with a non-integer exponent gives NaN.
    /// </summary>
    /// <param name="exponent">The exponent e.</param>
    /// <exception cref="ArgumentNullException"><paramref name="exponent"/> is null.</exception>
    public Value Pow(Value exponent)
    {
        ArgumentNullException.ThrowIfNull(exponent);
        return Binary<PowValueRule>(this, exponent);
    }

    internal readonly struct PowValueRule : IBinaryRule
    {
        public static Op Op => Op.PowValue;
        public static string Symbol => "pow";
        public static (string A, string B)? OperandNames => ("base", "exp");
        public static double Forward(double a, double b) => Math.Pow(a, b);

        public static T DerivativeA<T>(T a, T b, T y) where T : IScalar<T> =>
            b.Primal == 0 ? T.Constant(0) : b * T.Pow(a, b - T.Constant(1));

        // At a = 0: the limit of aᵉ·ln a from the right, 0 for e > 0 and −∞ for e ≤ 0.
        public static T DerivativeB<T>(T a, T b, T y) where T : IScalar<T> =>
            a.Primal > 0 ? y * T.Log(a)
            : a.Primal == 0 ? T.Constant(b.Primal > 0 ? 0 : double.NegativeInfinity)
            : T.Constant(double.NaN);
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
