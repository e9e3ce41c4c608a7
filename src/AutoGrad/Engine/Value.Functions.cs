namespace AutoGrad;

// Elementary functions and the n-ary Sum and Dot. Forward value and local derivative stand together.
public sealed partial class Value
{
    /// <summary>eˣ. ∂/∂x = eˣ.</summary>
    public Value Exp() => Unary(Op.Exp, ExpRule(Data, out double da), this, da);

    internal static double ExpRule(double a, out double da)
    {
        double e = Math.Exp(a);
        da = e;
        return e;
    }

    /// <summary>ln x (natural logarithm). ∂/∂x = 1/x. For x ≤ 0 the result is NaN or −∞, as IEEE 754.</summary>
    public Value Log() => Unary(Op.Log, LogRule(Data, out double da), this, da);

    internal static double LogRule(double a, out double da)
    {
        da = 1 / a;
        return Math.Log(a);
    }

    /// <summary>√x. ∂/∂x = 1 / (2√x). For x &lt; 0 the result is NaN, as IEEE 754.</summary>
    public Value Sqrt() => Unary(Op.Sqrt, SqrtRule(Data, out double da), this, da);

    internal static double SqrtRule(double a, out double da)
    {
        double root = Math.Sqrt(a);
        da = 0.5 / root;
        return root;
    }

    /// <summary>|x|. ∂/∂x = sign(x), and 0 at the kink x = 0 (as PyTorch).</summary>
    public Value Abs() => Unary(Op.Abs, AbsRule(Data, out double da), this, da);

    internal static double AbsRule(double a, out double da)
    {
        da = a > 0 ? 1 : a < 0 ? -1 : 0;
        return Math.Abs(a);
    }

    /// <summary>sin x. ∂/∂x = cos x.</summary>
    public Value Sin() => Unary(Op.Sin, SinRule(Data, out double da), this, da);

    internal static double SinRule(double a, out double da)
    {
        da = Math.Cos(a);
        return Math.Sin(a);
    }

    /// <summary>cos x. ∂/∂x = −sin x.</summary>
    public Value Cos() => Unary(Op.Cos, CosRule(Data, out double da), this, da);

    internal static double CosRule(double a, out double da)
    {
        da = -Math.Sin(a);
        return Math.Cos(a);
    }

    /// <summary>
    /// max(a, b). The gradient flows to the larger input: ∂/∂a = 1 if a ≥ b, else 0; on a tie it
    /// goes to <paramref name="a"/> alone.
    /// </summary>
    /// <param name="a">The first value; it wins ties.</param>
    /// <param name="b">The second value.</param>
    /// <exception cref="ArgumentNullException">Either value is null.</exception>
    public static Value Max(Value a, Value b)
    {
        ThrowIfNull(a, b);
        return Binary(Op.Max, MaxRule(a.Data, b.Data, out double da, out double db), a, b, da, db);
    }

    internal static double MaxRule(double a, double b, out double da, out double db)
    {
        bool firstWins = a >= b;
        da = firstWins ? 1 : 0;
        db = firstWins ? 0 : 1;
        return firstWins ? a : b;
    }

    /// <summary>
    /// min(a, b). The gradient flows to the smaller input: ∂/∂a = 1 if a ≤ b, else 0; on a tie it
    /// goes to <paramref name="a"/> alone.
    /// </summary>
    /// <param name="a">The first value; it wins ties.</param>
    /// <param name="b">The second value.</param>
    /// <exception cref="ArgumentNullException">Either value is null.</exception>
    public static Value Min(Value a, Value b)
    {
        ThrowIfNull(a, b);
        return Binary(Op.Min, MinRule(a.Data, b.Data, out double da, out double db), a, b, da, db);
    }

    internal static double MinRule(double a, double b, out double da, out double db)
    {
        bool firstWins = a <= b;
        da = firstWins ? 1 : 0;
        db = firstWins ? 0 : 1;
        return firstWins ? a : b;
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
        double sum = 0;
        for (int i = 0; i < inputs.Length; i++)
        {
            sum += (inputs[i] ?? throw NullItem(nameof(terms), i)).Data;
        }

        return Nary(Op.Sum, sum, inputs, partials: null);
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
        var partials = new double[2 * n];
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

        double dot = 0;
        for (int i = 0; i < n; i++)
        {
            Value ai = inputs[i] ?? throw NullItem(nameof(a), i);
            Value bi = inputs[n + i] ?? throw NullItem(nameof(b), i);
            dot += ai.Data * bi.Data;
            partials[i] = bi.Data;     // ∂/∂aᵢ = bᵢ
            partials[n + i] = ai.Data; // ∂/∂bᵢ = aᵢ
        }

        return Nary(Op.Dot, dot, inputs, partials);
    }

    /// <summary>
    /// log Σ exp(xᵢ) as a single node, computed stably as m + log Σ exp(xᵢ − m) with m = max xᵢ, so no
    /// exponent is positive and nothing overflows; m is found afresh whenever the node is evaluated
    /// (also in a compiled replay). ∂/∂xᵢ = softmax(x)ᵢ.
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
        var data = new double[terms.Count];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = terms[i] ?? throw NullItem(nameof(terms), i);
            data[i] = inputs[i].Data;
        }

        var partials = new double[inputs.Length];
        return Nary(Op.LogSumExp, LogSumExpRule(data, partials), inputs, partials);
    }

    internal static double LogSumExpRule(ReadOnlySpan<double> x, Span<double> partials)
    {
        double max = double.NegativeInfinity;
        foreach (double xi in x)
        {
            max = Math.Max(max, xi);
        }

        if (double.IsInfinity(max))
        {
            partials.Fill(double.NaN); // all −∞, or some +∞: no finite softmax
            return max;
        }

        // Subtract the max so every exponent is ≤ 0: exp cannot overflow, and the largest term is 1.
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            partials[i] = Math.Exp(x[i] - max);
            sum += partials[i];
        }

        for (int i = 0; i < x.Length; i++)
        {
            partials[i] /= sum; // ∂/∂xᵢ = softmax(x)ᵢ
        }

        return max + Math.Log(sum);
    }

    private static ArgumentException NullItem(string parameter, int index) =>
        new($"Item {index} of '{parameter}' is null; expected a Value.", parameter);
}
