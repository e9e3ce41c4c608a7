namespace AutoGrad;

// Activation functions. Each rule declares the forward value and the local derivative together;
// the convention chosen at each kink is stated where it is made.
public sealed partial class Value
{
    /// <summary>tanh x. ∂/∂x = 1 − tanh²x. Domain: every x; tanh(±∞) = ±1 with slope 0.</summary>
    public Value Tanh() => Unary<TanhRule>(this);

    internal readonly struct TanhRule : IUnaryRule
    {
        public static Op Op => Op.Tanh;
        public static string Symbol => "tanh";
        public static double Forward(double x, double constant) => Math.Tanh(x);
        public static T Derivative<T>(T x, T y, double constant) where T : IScalar<T> => T.Constant(1) - y * y;
    }

    /// <summary>σ(x) = 1 / (1 + e⁻ˣ). ∂/∂x = σ(x)(1 − σ(x)). Computed without overflow for any x. Domain: every x; σ(+∞) = 1 and σ(−∞) = 0, both with slope 0.</summary>
    public Value Sigmoid() => Unary<SigmoidRule>(this);

    internal readonly struct SigmoidRule : IUnaryRule
    {
        public static Op Op => Op.Sigmoid;
        public static string Symbol => "σ";

        public static double Forward(double x, double constant)
        {
            // e^(−|x|) never overflows; pick the form that uses it.
            double e = Elementary.Exp(-Math.Abs(x));
            return x >= 0 ? 1 / (1 + e) : e / (1 + e);
        }

        public static T Derivative<T>(T x, T y, double constant) where T : IScalar<T> => y * (T.Constant(1) - y);
    }

    /// <summary>ReLU: max(0, x). ∂/∂x = 1 for x &gt; 0, else 0 (ReLU′(0) = 0, as PyTorch). Domain: every x; ReLU(NaN) is NaN, not 0.</summary>
    public Value Relu() => Unary<ReluRule>(this);

    internal readonly struct ReluRule : IUnaryRule
    {
        public static Op Op => Op.Relu;
        public static string Symbol => "ReLU";
        public static int Branch(double x, double constant) => x > 0 ? 1 : x < 0 ? -1 : 0;
        public static double Forward(double x, double constant) => x > 0 ? x : 0;
        public static T Derivative<T>(T x, T y, double constant) where T : IScalar<T> => T.Constant(x.Primal > 0 ? 1 : 0);

        // Generated replay: this rule's kernel, so the branch is decided on every run; backward its stored slope times g.
        public static ReplayCode? Replay { get; } = new(
            Forward: w => { w.Input(0); w.UnaryKernel<ReluRule>(); },
            Backward: w => w.AddToGradient(0, () => { w.StoredPartial(); w.Upstream(); w.Mul(); }));
    }

    /// <summary>
    /// Softsign: x / (1 + |x|), an S-shaped activation like tanh with values in (−1, 1), reached
    /// polynomially rather than exponentially (no exp to compute). ∂/∂x = 1 / (1 + |x|)² = (1 − |y|)².
    /// Domain: every x; softsign(±∞) = ±1 with slope 0; softsign(NaN) is NaN.
    /// </summary>
    public Value Softsign() => Unary<SoftsignRule>(this);

    internal readonly struct SoftsignRule : IUnaryRule
    {
        public static Op Op => Op.Softsign;
        public static string Symbol => "softsign";

        // The slope is smooth, but its own slope jumps at 0 (−2 for x > 0, +2 for x < 0): checks of
        // second derivatives must not straddle it.
        public static int Branch(double x, double constant) => x > 0 ? 1 : x < 0 ? -1 : 0;

        public static double Forward(double x, double constant) => double.IsInfinity(x) ? Math.Sign(x) : x / (1 + Math.Abs(x));

        // 1 / (1 + |x|) = 1 − |y|, so the slope is (1 − |y|)²; |y| is y or −y by x's sign (x = 0 takes y).
        public static T Derivative<T>(T x, T y, double constant) where T : IScalar<T>
        {
            T distance = x.Primal >= 0 ? T.Constant(1) - y : T.Constant(1) + y;
            return distance * distance;
        }
    }

    /// <summary>
    /// The step function: 1 for x &gt; 0, else 0 — the perceptron's activation, the notes' "Step Function".
    /// ∂/∂x = 0 on both sides, and 0 at the jump x = 0 too (it has no derivative there; the kink is
    /// declared, so gradient checks skip it). A gradient that is zero everywhere is why networks learn
    /// with a sigmoid instead. Domain: every x; Step(NaN) is NaN.
    /// </summary>
    public Value Step() => Unary<StepRule>(this);

    internal readonly struct StepRule : IUnaryRule
    {
        public static Op Op => Op.Step;
        public static string Symbol => "step";
        public static int Branch(double x, double constant) => x > 0 ? 1 : x < 0 ? -1 : 0;

        // Step(0) = 0, as the notes' h(x) = 1 only when x > 0.
        public static double Forward(double x, double constant) => double.IsNaN(x) ? double.NaN : x > 0 ? 1 : 0;

        public static T Derivative<T>(T x, T y, double constant) where T : IScalar<T> => T.Constant(0);
    }

    /// <summary>Leaky ReLU: x for x &gt; 0, else slope · x. ∂/∂x = 1 for x &gt; 0, else the slope (also at 0).</summary>
    /// <param name="slope">The constant slope for x ≤ 0.</param>
    /// <returns>A node whose <see cref="Parameter"/> is the slope.</returns>
    public Value LeakyRelu(double slope = 0.01) => Unary<LeakyReluRule>(this, slope);

    internal readonly struct LeakyReluRule : IUnaryRule
    {
        public static Op Op => Op.LeakyRelu;
        public static string Symbol => "LeakyReLU({0})";
        public static bool HasConstant => true;
        public static int Branch(double x, double constant) => x > 0 ? 1 : x < 0 ? -1 : 0;
        public static double Forward(double x, double slope) => x > 0 ? x : slope * x;
        public static T Derivative<T>(T x, T y, double slope) where T : IScalar<T> => T.Constant(x.Primal > 0 ? 1 : slope);
    }

    /// <summary>
    /// ELU: x for x &gt; 0, else α(eˣ − 1). ∂/∂x = 1 for x &gt; 0, else αeˣ (also at 0, where both
    /// sides meet when α = 1).
    /// </summary>
    /// <param name="alpha">The constant α, the value ELU approaches as x → −∞ is −α.</param>
    /// <returns>A node whose <see cref="Parameter"/> is α.</returns>
    public Value Elu(double alpha = 1.0) => Unary<EluRule>(this, alpha);

    internal readonly struct EluRule : IUnaryRule
    {
        public static Op Op => Op.Elu;
        public static string Symbol => "ELU({0})";
        public static bool HasConstant => true;
        public static int Branch(double x, double constant) => x > 0 ? 1 : x < 0 ? -1 : 0;
        public static double Forward(double x, double alpha) => x > 0 ? x : alpha * (Elementary.Exp(x) - 1);
        public static T Derivative<T>(T x, T y, double alpha) where T : IScalar<T> =>
            x.Primal > 0 ? T.Constant(1) : T.Constant(alpha) * T.Exp(x);
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
        return Binary<PreluRule>(this, slope);
    }

    internal readonly struct PreluRule : IBinaryRule
    {
        public static Op Op => Op.Prelu;
        public static string Symbol => "PReLU";
        public static (string A, string B)? OperandNames => ("x", "slope");
        public static int Branch(double x, double slope) => x > 0 ? 1 : x < 0 ? -1 : 0;
        public static double Forward(double x, double slope) => x > 0 ? x : slope * x;
        public static T DerivativeA<T>(T x, T slope, T y) where T : IScalar<T> => x.Primal > 0 ? T.Constant(1) : slope;
        public static T DerivativeB<T>(T x, T slope, T y) where T : IScalar<T> => x.Primal > 0 ? T.Constant(0) : x;
    }

    /// <summary>Softplus: ln(1 + eˣ), a smooth ReLU. ∂/∂x = σ(x). Computed without overflow for any x. Domain: every x.</summary>
    public Value Softplus() => Unary<SoftplusRule>(this);

    internal readonly struct SoftplusRule : IUnaryRule
    {
        public static Op Op => Op.Softplus;
        public static string Symbol => "softplus";

        // ln(1 + eˣ) = max(x, 0) + ln(1 + e^(−|x|)): the exponent is never positive.
        public static double Forward(double x, double constant) => Math.Max(x, 0) + Precise.Log1p(Elementary.Exp(-Math.Abs(x)));

        public static T Derivative<T>(T x, T y, double constant) where T : IScalar<T> => T.Sigmoid(x);
    }
}
