namespace AutoGrad;

// Activation functions. Forward value and local derivative stand together; the convention chosen
// at each kink is stated where it is made.
public sealed partial class Value
{
    /// <summary>tanh x. ∂/∂x = 1 − tanh²x.</summary>
    public Value Tanh() => Unary(Op.Tanh, TanhRule(Data, out double da), this, da);

    internal static double TanhRule(double a, out double da)
    {
        double t = Math.Tanh(a);
        da = 1 - t * t;
        return t;
    }

    /// <summary>σ(x) = 1 / (1 + e⁻ˣ). ∂/∂x = σ(x)(1 − σ(x)). Computed without overflow for any x.</summary>
    public Value Sigmoid() => Unary(Op.Sigmoid, SigmoidRule(Data, out double da), this, da);

    internal static double SigmoidRule(double a, out double da)
    {
        // e^(−|x|) never overflows; pick the form that uses it.
        double e = Math.Exp(-Math.Abs(a));
        double s = a >= 0 ? 1 / (1 + e) : e / (1 + e);
        da = s * (1 - s);
        return s;
    }

    /// <summary>ReLU: max(0, x). ∂/∂x = 1 for x &gt; 0, else 0 (ReLU′(0) = 0, as PyTorch).</summary>
    public Value Relu() => Unary(Op.Relu, ReluRule(Data, out double da), this, da);

    internal static double ReluRule(double a, out double da)
    {
        bool active = a > 0;
        da = active ? 1 : 0;
        return active ? a : 0;
    }

    /// <summary>Leaky ReLU: x for x &gt; 0, else slope · x. ∂/∂x = 1 for x &gt; 0, else the slope (also at 0).</summary>
    /// <param name="slope">The constant slope for x ≤ 0.</param>
    /// <returns>A node whose <see cref="Parameter"/> is the slope.</returns>
    public Value LeakyRelu(double slope = 0.01) =>
        Unary(Op.LeakyRelu, LeakyReluRule(Data, slope, out double da), this, da, slope);

    internal static double LeakyReluRule(double a, double slope, out double da)
    {
        bool active = a > 0;
        da = active ? 1 : slope;
        return active ? a : slope * a;
    }

    /// <summary>
    /// ELU: x for x &gt; 0, else α(eˣ − 1). ∂/∂x = 1 for x &gt; 0, else αeˣ (also at 0, where both
    /// sides meet when α = 1).
    /// </summary>
    /// <param name="alpha">The constant α, the value ELU approaches as x → −∞ is −α.</param>
    /// <returns>A node whose <see cref="Parameter"/> is α.</returns>
    public Value Elu(double alpha = 1.0) =>
        Unary(Op.Elu, EluRule(Data, alpha, out double da), this, da, alpha);

    internal static double EluRule(double a, double alpha, out double da)
    {
        if (a > 0)
        {
            da = 1;
            return a;
        }

        double e = Math.Exp(a);
        da = alpha * e;
        return alpha * (e - 1);
    }

    /// <summary>
    /// PReLU with a learnable slope: x for x &gt; 0, else slope · x. ∂/∂x = 1 for x &gt; 0, else the
    /// slope; ∂/∂slope = 0 for x &gt; 0, else x. Give every neuron (or channel) its own slope value
    /// and train it with the other parameters.
    /// </summary>
    /// <param name="slope">The slope for x ≤ 0, usually a parameter initialised to 0.25.</param>
    /// <exception cref="ArgumentNullException"><paramref name="slope"/> is null.</exception>
    public Value Prelu(Value slope)
    {
        ArgumentNullException.ThrowIfNull(slope);
        return Binary(Op.Prelu, PreluRule(Data, slope.Data, out double da, out double dslope), this, slope, da, dslope);
    }

    internal static double PreluRule(double a, double slope, out double da, out double dslope)
    {
        bool active = a > 0;
        da = active ? 1 : slope;
        dslope = active ? 0 : a;
        return active ? a : slope * a;
    }

    /// <summary>Softplus: ln(1 + eˣ), a smooth ReLU. ∂/∂x = σ(x). Computed without overflow for any x.</summary>
    public Value Softplus() => Unary(Op.Softplus, SoftplusRule(Data, out double da), this, da);

    internal static double SoftplusRule(double a, out double da)
    {
        // ln(1 + eˣ) = max(x, 0) + ln(1 + e^(−|x|)): the exponent is never positive.
        da = SigmoidRule(a, out _);
        return Math.Max(a, 0) + double.LogP1(Math.Exp(-Math.Abs(a)));
    }
}
