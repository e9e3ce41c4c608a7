namespace AutoGrad;

// Elementary functions and the n-ary Sum, Dot and LogSumExp. Each rule declares the forward value
// and the local derivative together.
public sealed partial class Value
{
    /// <summary>eˣ. ∂/∂x = eˣ. Domain: every x; e^(+∞) = +∞ with slope +∞, e^(−∞) = 0 with slope 0.</summary>
    public Value Exp() => Unary<ExpRule>(this);

    internal readonly struct ExpRule : IUnaryRule
    {
        public static Op Op => Op.Exp;
        public static string Symbol => "exp";
        public static double Forward(double x, double constant) => Elementary.Exp(x);
        public static T Derivative<T>(T x, T y, double constant) where T : IScalar<T> => y;
    }

    /// <summary>
    /// ln x (natural logarithm). ∂/∂x = 1/x. Domain: x &gt; 0. At x = ±0 the value is −∞ with slope +∞;
    /// for x &lt; 0 value and derivative are NaN.
    /// </summary>
    public Value Log() => Unary<LogRule>(this);

    internal readonly struct LogRule : IUnaryRule
    {
        public static Op Op => Op.Log;
        public static string Symbol => "log";
        public static double Forward(double x, double constant) => Elementary.Log(x);
        // At ±0 the slope is +∞, the limit from the right (1/−0 would say −∞, and ln has no left side).
        public static T Derivative<T>(T x, T y, double constant) where T : IScalar<T> =>
            x.Primal == 0 ? T.Constant(double.PositiveInfinity) : T.Constant(1) / x;
    }

    /// <summary>
    /// √x. ∂/∂x = 1 / (2√x). Domain: x ≥ 0; at x = ±0 the value is +0 and the slope +∞; for x &lt; 0
    /// value and derivative are NaN.
    /// </summary>
    public Value Sqrt() => Unary<SqrtRule>(this);

    internal readonly struct SqrtRule : IUnaryRule
    {
        public static Op Op => Op.Sqrt;
        public static string Symbol => "√";
        public static double Forward(double x, double constant) => Math.Sqrt(x) + 0.0; // √−0 is −0 in IEEE; + 0.0 makes it +0, whose slope is +∞
        public static T Derivative<T>(T x, T y, double constant) where T : IScalar<T> => T.Constant(0.5) / y;
    }

    /// <summary>|x|. ∂/∂x = sign(x), and 0 at the kink x = 0 (as PyTorch). Domain: every x.</summary>
    public Value Abs() => Unary<AbsRule>(this);

    internal readonly struct AbsRule : IUnaryRule
    {
        public static Op Op => Op.Abs;
        public static string Symbol => "abs";
        public static int Branch(double x, double constant) => x > 0 ? 1 : x < 0 ? -1 : 0;
        public static double Forward(double x, double constant) => Math.Abs(x);
        public static T Derivative<T>(T x, T y, double constant) where T : IScalar<T> =>
            T.Constant(x.Primal > 0 ? 1 : x.Primal < 0 ? -1 : 0);
    }

    /// <summary>sin x. ∂/∂x = cos x. Domain: every finite x; sin(±∞) and its derivative are NaN.</summary>
    public Value Sin() => Unary<SinRule>(this);

    internal readonly struct SinRule : IUnaryRule
    {
        public static Op Op => Op.Sin;
        public static string Symbol => "sin";
        public static double Forward(double x, double constant) => Elementary.Sin(x);
        public static T Derivative<T>(T x, T y, double constant) where T : IScalar<T> => T.Cos(x);
    }

    /// <summary>cos x. ∂/∂x = −sin x. Domain: every finite x; cos(±∞) and its derivative are NaN.</summary>
    public Value Cos() => Unary<CosRule>(this);

    internal readonly struct CosRule : IUnaryRule
    {
        public static Op Op => Op.Cos;
        public static string Symbol => "cos";
        public static double Forward(double x, double constant) => Elementary.Cos(x);
        public static T Derivative<T>(T x, T y, double constant) where T : IScalar<T> => -T.Sin(x);
    }

    /// <summary>arctan x, defined for every x, in (−π/2, π/2). ∂/∂x = 1 / (1 + x²).</summary>
    public Value Atan() => Unary<AtanRule>(this);

    internal readonly struct AtanRule : IUnaryRule
    {
        public static Op Op => Op.Atan;
        public static string Symbol => "atan";
        public static double Forward(double x, double constant) => Math.Atan(x);
        public static T Derivative<T>(T x, T y, double constant) where T : IScalar<T> => T.Constant(1) / (T.Constant(1) + x * x);
    }

    /// <summary>
    /// max(a, b). The gradient flows to the larger input: ∂/∂a = 1 if a ≥ b, else 0; on a tie it
    /// goes to <paramref name="a"/> alone. Domain: every a, b; NaN on either side gives NaN (as
    /// <see cref="Math.Max(double, double)"/>), whichever side it is on.
    /// </summary>
    /// <param name="a">The first value; it wins ties.</param>
    /// <param name="b">The second value.</param>
    /// <exception cref="ArgumentNullException">Either value is null.</exception>
    public static Value Max(Value a, Value b)
    {
        ThrowIfNull(a, b);
        return Binary<MaxRule>(a, b);
    }

    internal readonly struct MaxRule : IBinaryRule
    {
        public static Op Op => Op.Max;
        public static string Symbol => "max";
        public static (string A, string B)? OperandNames => null; // the same value either way; only the tie-breaking gradient prefers a
        public static int Branch(double a, double b) => a > b ? 1 : a < b ? -1 : 0;
        public static double Forward(double a, double b) => a >= b ? a : b;
        public static T DerivativeA<T>(T a, T b, T y) where T : IScalar<T> => T.Constant(a.Primal >= b.Primal ? 1 : 0);
        public static T DerivativeB<T>(T a, T b, T y) where T : IScalar<T> => T.Constant(a.Primal >= b.Primal ? 0 : 1);
    }

    /// <summary>
    /// min(a, b). The gradient flows to the smaller input: ∂/∂a = 1 if a ≤ b, else 0; on a tie it
    /// goes to <paramref name="a"/> alone. Domain: every a, b; NaN on either side gives NaN.
    /// </summary>
    /// <param name="a">The first value; it wins ties.</param>
    /// <param name="b">The second value.</param>
    /// <exception cref="ArgumentNullException">Either value is null.</exception>
    public static Value Min(Value a, Value b)
    {
        ThrowIfNull(a, b);
        return Binary<MinRule>(a, b);
    }

    internal readonly struct MinRule : IBinaryRule
    {
        public static Op Op => Op.Min;
        public static string Symbol => "min";
        public static (string A, string B)? OperandNames => null; // the same value either way; only the tie-breaking gradient prefers a
        public static int Branch(double a, double b) => a > b ? 1 : a < b ? -1 : 0;
        public static double Forward(double a, double b) => a <= b ? a : b;
        public static T DerivativeA<T>(T a, T b, T y) where T : IScalar<T> => T.Constant(a.Primal <= b.Primal ? 1 : 0);
        public static T DerivativeB<T>(T a, T b, T y) where T : IScalar<T> => T.Constant(a.Primal <= b.Primal ? 0 : 1);
    }

    /// <summary>
    /// Σ xᵢ as a single node with one input per term (not a chain of binary adds). ∂/∂xᵢ = 1.
    /// The sum of no terms is 0. Terms are added left to right.
    /// </summary>
    /// <param name="terms">The values to add; a value may appear more than once.</param>
    /// <exception cref="ArgumentNullException"><paramref name="terms"/> or one of its items is null.</exception>
    public static Value Sum(IEnumerable<Value> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        Value[] inputs = terms.ToArray();
        for (int i = 0; i < inputs.Length; i++)
        {
            _ = inputs[i] ?? throw NullItem(nameof(terms), i);
        }

        return Nary<SumRule>(inputs);
    }

    internal readonly struct SumRule : INaryRule
    {
        public static Op Op => Op.Sum;
        public static string Symbol => "Σ";
        public static string? OperandName(int index, int count) => null; // terms in any order
        public static bool UnitPartials => true;

        public static double Forward<TInputs>(TInputs x)
            where TInputs : IInputs<double>, allows ref struct
        {
            double sum = 0;
            for (int i = 0; i < x.Length; i++)
            {
                sum += x[i];
            }

            return sum;
        }

        public static void Partials<T, TInputs, TSink>(TInputs x, T y, ref TSink partials)
            where T : IScalar<T>
            where TInputs : IInputs<T>, allows ref struct
            where TSink : IPartialSink<T>, allows ref struct
        {
            for (int i = 0; i < x.Length; i++)
            {
                partials.Put(i, T.Constant(1));
            }
        }

        // Generated replay: Σ from 0 in input order, as Forward adds; backward every ∂/∂xᵢ = 1, so g itself.
        public static ReplayCode? Replay { get; } = new(
            Forward: w =>
            {
                w.Zero();
                for (int i = 0; i < w.InputCount; i++)
                {
                    w.Input(i);
                    w.Add();
                }

                w.CanonicalNaN();
            },
            Backward: w =>
            {
                for (int i = 0; i < w.InputCount; i++)
                {
                    w.AddToGradient(i, w.Upstream);
                }
            });
    }

    /// <summary>
    /// Σ aᵢ·bᵢ as a single node (a neuron's weighted sum is one Dot plus a bias).
    /// ∂/∂aᵢ = bᵢ, ∂/∂bᵢ = aᵢ. The node's inputs are a₀…aₙ₋₁ followed by b₀…bₙ₋₁.
    /// </summary>
    /// <param name="a">The first vector, for example the weights.</param>
    /// <param name="b">The second vector, for example the inputs; as long as <paramref name="a"/>.</param>
    /// <exception cref="ArgumentNullException">A list or one of its items is null.</exception>
    /// <exception cref="ArgumentException">The lists differ in length.</exception>
    public static Value Dot(IReadOnlyList<Value> a, IReadOnlyList<Value> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count)
        {
            throw new ArgumentException(
                $"Dot needs two lists of the same length, but 'a' has {a.Count} values and 'b' has {b.Count}.", nameof(b));
        }

        int n = a.Count;
        var inputs = new Value[2 * n];
        // Copy through spans: indexing arrays via IReadOnlyList<T> costs an interface call per item.
        if (a is Value[] aArray && b is Value[] bArray)
        {
            aArray.CopyTo(inputs, 0);
            bArray.CopyTo(inputs, n);
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                inputs[i] = a[i];
                inputs[n + i] = b[i];
            }
        }

        // One vectorised scan for null (a neuron's Dot is built on every forward pass).
        int bad = Array.IndexOf(inputs, null);
        if (bad >= 0)
        {
            throw bad < n ? NullItem(nameof(a), bad) : NullItem(nameof(b), bad - n);
        }

        return Nary<DotRule>(inputs);
    }

    /// <summary>
    /// <see cref="Dot"/> over two arrays the node keeps as they are, without copying them: for building
    /// code that owns both (a neuron's weights, the inputs its layer shares among its neurons), checked
    /// already (equal lengths, no null item) and never changed afterwards.
    /// </summary>
    /// <param name="a">The first array.</param>
    /// <param name="b">The second array.</param>
    /// <param name="aAreLeaves">Every item of <paramref name="a"/> is a leaf, and stays one (a neuron's weights).</param>
    /// <param name="bHasNoLeaves">No item of <paramref name="b"/> is a leaf (a hidden layer's outputs); with <paramref name="aAreLeaves"/>, no input is in both arrays.</param>
    internal static Value DotOfKept(Value[] a, Value[] b, bool aAreLeaves = false, bool bHasNoLeaves = false)
    {
        // DotRule.Forward written out over the two arrays: the same products summed in the same order.
        double dot = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += a[i].Data * b[i].Data;
        }

        var node = new Value(Op.Dot, double.IsNaN(dot) ? double.NaN : dot, a, b);
        if (aAreLeaves)
        {
            node._flags |= bHasNoLeaves ? (byte)(HeadAreLeavesFlag | TailHasNoLeavesFlag) : HeadAreLeavesFlag;
        }

        return WatchedForAnomalies(node);
    }

    internal readonly struct DotRule : INaryRule
    {
        public static Op Op => Op.Dot;
        public static string Symbol => "dot";
        public static string? OperandName(int index, int count) => index < count / 2 ? $"a{index}" : $"b{index - count / 2}"; // aᵢ pairs with bᵢ

        public static double Forward<TInputs>(TInputs x)
            where TInputs : IInputs<double>, allows ref struct
        {
            int n = x.Length / 2;
            double dot = 0;
            for (int i = 0; i < n; i++)
            {
                dot += x[i] * x[n + i];
            }

            return dot;
        }

        // Inputs are a₀…aₙ₋₁ then b₀…bₙ₋₁: ∂/∂aᵢ = bᵢ, ∂/∂bᵢ = aᵢ.
        public static void Partials<T, TInputs, TSink>(TInputs x, T y, ref TSink partials)
            where T : IScalar<T>
            where TInputs : IInputs<T>, allows ref struct
            where TSink : IPartialSink<T>, allows ref struct
        {
            int n = x.Length / 2;
            for (int i = 0; i < n; i++)
            {
                partials.Put(i, x[n + i]);
            }

            for (int i = 0; i < n; i++)
            {
                partials.Put(n + i, x[i]);
            }
        }

        // Generated replay: a₀·b₀ + a₁·b₁ + … from 0, as Forward adds; backward ∂/∂aᵢ = bᵢ for every i,
        // then ∂/∂bᵢ = aᵢ, each times g: the order Partials hands them out.
        public static ReplayCode? Replay { get; } = new(
            Forward: w =>
            {
                int n = w.InputCount / 2;
                w.Zero();
                for (int i = 0; i < n; i++)
                {
                    w.Input(i);
                    w.Input(n + i);
                    w.Mul();
                    w.Add();
                }

                w.CanonicalNaN();
            },
            Backward: w =>
            {
                int n = w.InputCount / 2;
                for (int i = 0; i < n; i++)
                {
                    int a = i, b = n + i;
                    w.AddToGradient(a, () => { w.Input(b); w.Upstream(); w.Mul(); });
                }

                for (int i = 0; i < n; i++)
                {
                    int a = i, b = n + i;
                    w.AddToGradient(b, () => { w.Input(a); w.Upstream(); w.Mul(); });
                }
            });
    }

    /// <summary>
    /// log Σ exp(xᵢ) as a single node, computed stably as m + log Σ exp(xᵢ − m) with m = max xᵢ, so no
    /// exponent is positive and nothing overflows; m is found afresh whenever the node is evaluated
    /// (also in a compiled replay). ∂/∂xᵢ = softmax(x)ᵢ = exp(xᵢ − y). Domain: every x; with some
    /// xᵢ = +∞ the value is +∞ and the softmax is shared among those xᵢ; with every xᵢ = −∞ the value is
    /// −∞ and the derivatives are NaN.
    /// </summary>
    /// <param name="terms">At least one value.</param>
    /// <exception cref="ArgumentException"><paramref name="terms"/> is empty or holds null.</exception>
    public static Value LogSumExp(IReadOnlyList<Value> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        if (terms.Count == 0)
        {
            throw new ArgumentException("LogSumExp needs at least one term; the list is empty.", nameof(terms));
        }

        var inputs = new Value[terms.Count];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = terms[i] ?? throw NullItem(nameof(terms), i);
        }

        return Nary<LogSumExpRule>(inputs);
    }

    internal readonly struct LogSumExpRule : INaryRule
    {
        public static Op Op => Op.LogSumExp;
        public static string Symbol => "logΣexp";
        public static string? OperandName(int index, int count) => null; // terms in any order

        public static double Forward<TInputs>(TInputs x)
            where TInputs : IInputs<double>, allows ref struct
        {
            double max = double.NegativeInfinity;
            for (int i = 0; i < x.Length; i++)
            {
                max = Math.Max(max, x[i]);
            }

            if (!double.IsFinite(max))
            {
                return max; // NaN, all −∞, or some +∞
            }

            // Subtract the max so every exponent is ≤ 0: exp cannot overflow, and the largest term is 1.
            // That 1 is kept out of the sum and added back by log1p, so a tiny rest is not rounded away:
            // LogSumExp(0, −40) is 4.2e−18, not 0.
            int first = 0;
            while (x[first] != max)
            {
                first++;
            }

            double rest = 0;
            for (int i = 0; i < x.Length; i++)
            {
                rest += i == first ? 0 : Elementary.Exp(x[i] - max);
            }

            return max + Precise.Log1p(rest);
        }

        // ∂y/∂xᵢ = softmax(x)ᵢ = exp(xᵢ − m) / Σ exp(xⱼ − m) for any m; m = max x keeps every exponent
        // ≤ 0 (no overflow) and the sum in [1, n] (no loss of digits, which exp(xᵢ − y) would suffer
        // when y is large). For derivatives of derivatives m is a constant: the softmax does not depend on it.
        public static void Partials<T, TInputs, TSink>(TInputs x, T y, ref TSink partials)
            where T : IScalar<T>
            where TInputs : IInputs<T>, allows ref struct
            where TSink : IPartialSink<T>, allows ref struct
        {
            double max = double.NegativeInfinity;
            int infinite = 0;
            for (int i = 0; i < x.Length; i++)
            {
                max = Math.Max(max, x[i].Primal);
                infinite += double.IsPositiveInfinity(x[i].Primal) ? 1 : 0;
            }

            if (infinite > 0)
            {
                // Some xᵢ = +∞: the softmax shares all its weight among those (∞ − ∞ would give NaN).
                for (int i = 0; i < x.Length; i++)
                {
                    partials.Put(i, T.Constant(double.IsPositiveInfinity(x[i].Primal) ? 1.0 / infinite : 0));
                }

                return;
            }

            T m = T.Constant(max);
            T sum = T.Constant(0);
            for (int i = 0; i < x.Length; i++)
            {
                sum += T.Exp(x[i] - m);
            }

            for (int i = 0; i < x.Length; i++)
            {
                partials.Put(i, T.Exp(x[i] - m) / sum);
            }
        }
    }

    private static ArgumentException NullItem(string parameter, int index) =>
        new($"Item {index} of '{parameter}' is null; expected a Value.", parameter);
}
