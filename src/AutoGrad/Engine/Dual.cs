using System.Globalization;

namespace AutoGrad;

/// <summary>
/// A dual number x + ẋε (ε² = 0) for forward-mode differentiation: <see cref="Primal"/> carries the
/// value and <see cref="Tangent"/> the directional derivative along the tangents the inputs started
/// with. One pass gives a Jacobian-vector product (JVP) without building a graph.
/// </summary>
/// <remarks>
/// Every op runs the same declaration reverse mode uses — its forward value and local derivative —
/// so there is no second copy of the calculus: an op's tangent is Σ ∂y/∂xᵢ · ẋᵢ with the very
/// ∂y/∂xᵢ a <see cref="Value"/> node records, NaN policy and kink conventions included.
/// </remarks>
/// <example>
/// <code>
/// var x = new Dual(2.0, 1.0);        // seed dx = 1
/// Dual y = (x * x).Sin();             // y = sin(x²)
/// Console.WriteLine(y.Tangent);       // dy/dx = 2x·cos(x²) at x = 2
/// </code>
/// </example>
public readonly struct Dual : IEquatable<Dual>
{
    /// <summary>Creates x + ẋε.</summary>
    /// <param name="primal">The value x.</param>
    /// <param name="tangent">The tangent ẋ: 1 for the input being differentiated, 0 for constants.</param>
    public Dual(double primal, double tangent = 0)
    {
        Primal = primal;
        Tangent = tangent;
    }

    /// <summary>The value.</summary>
    public double Primal { get; }

    /// <summary>The derivative along the seeded direction.</summary>
    public double Tangent { get; }

    /// <summary>A constant (tangent 0), so <c>2 * x</c> and <c>x + 1</c> work.</summary>
    /// <param name="value">The constant.</param>
    public static implicit operator Dual(double value) => new(value);

    /// <summary>a + b.</summary>
    /// <param name="a">The left term.</param>
    /// <param name="b">The right term.</param>
    public static Dual operator +(Dual a, Dual b) => Apply(Op.Add, [a, b]);

    /// <summary>a − b.</summary>
    /// <param name="a">The value subtracted from.</param>
    /// <param name="b">The value subtracted.</param>
    public static Dual operator -(Dual a, Dual b) => Apply(Op.Sub, [a, b]);

    /// <summary>a · b.</summary>
    /// <param name="a">The left factor.</param>
    /// <param name="b">The right factor.</param>
    public static Dual operator *(Dual a, Dual b) => Apply(Op.Mul, [a, b]);

    /// <summary>a / b.</summary>
    /// <param name="a">The numerator.</param>
    /// <param name="b">The denominator.</param>
    public static Dual operator /(Dual a, Dual b) => Apply(Op.Div, [a, b]);

    /// <summary>−a.</summary>
    /// <param name="a">The value negated.</param>
    public static Dual operator -(Dual a) => Apply(Op.Neg, [a]);

    /// <summary>Equal when primal and tangent are (NaN equals NaN, as <see cref="double.Equals(double)"/>).</summary>
    /// <param name="left">One dual number.</param>
    /// <param name="right">The other.</param>
    public static bool operator ==(Dual left, Dual right) => left.Equals(right);

    /// <summary>Not <see cref="op_Equality"/>.</summary>
    /// <param name="left">One dual number.</param>
    /// <param name="right">The other.</param>
    public static bool operator !=(Dual left, Dual right) => !left.Equals(right);

    /// <summary>
    /// Applies any op to dual numbers, through the op's declaration (the ops below are shorthands).
    /// </summary>
    /// <param name="op">The op; not <see cref="Op.Leaf"/> or <see cref="Op.Custom"/>.</param>
    /// <param name="inputs">Its inputs: one for a unary op, two for a binary op, any number for Sum, Dot (2n) and LogSumExp (at least one).</param>
    /// <param name="constant">The constant of Pow, LeakyRelu or Elu (see <see cref="Value.Parameter"/>); ignored by other ops.</param>
    /// <exception cref="ArgumentException">The op takes another number of inputs, or is Leaf or Custom.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="op"/> is not a named member of <see cref="Op"/>.</exception>
    public static unsafe Dual Apply(Op op, ReadOnlySpan<Dual> inputs, double constant = 0)
    {
        if (!Enum.IsDefined(op))
        {
            throw new ArgumentOutOfRangeException(nameof(op), op, $"{op} is not a defined Op; expected one of {string.Join(", ", Enum.GetNames<Op>())}.");
        }

        OpInfo info = OpCatalog.Of(op);
        switch (info.Shape)
        {
            case OpShape.Unary or OpShape.Binary:
                int arity = info.Shape == OpShape.Unary ? 1 : 2;
                if (inputs.Length != arity)
                {
                    throw new ArgumentException($"{op} takes {arity} input(s) but got {inputs.Length}.", nameof(inputs));
                }

                double b = arity == 2 ? inputs[1].Primal : 0;
                double y = info.Evaluate(inputs[0].Primal, b, constant, out double da, out double db);
                double tangent = da * inputs[0].Tangent + (arity == 2 ? db * inputs[1].Tangent : 0);
                return new Dual(y, tangent);
            case OpShape.Nary:
                return ApplyNary(info, op, inputs);
            default:
                throw new ArgumentException($"{op} is not an op that dual numbers can apply; expected any op but Leaf and Custom.", nameof(op));
        }
    }

    /// <summary>thisᵖ for a constant p (see <see cref="Value.Pow(double)"/>).</summary>
    /// <param name="exponent">The constant exponent p.</param>
    public Dual Pow(double exponent) => Apply(Op.Pow, [this], exponent);

    /// <summary>thisᵉ for a dual exponent e (see <see cref="Value.Pow(Value)"/>).</summary>
    /// <param name="exponent">The exponent e.</param>
    public Dual Pow(Dual exponent) => Apply(Op.PowValue, [this, exponent]);

    /// <summary>eˣ.</summary>
    public Dual Exp() => Apply(Op.Exp, [this]);

    /// <summary>ln x (see <see cref="Value.Log"/> for the domain).</summary>
    public Dual Log() => Apply(Op.Log, [this]);

    /// <summary>√x (see <see cref="Value.Sqrt"/> for the domain).</summary>
    public Dual Sqrt() => Apply(Op.Sqrt, [this]);

    /// <summary>tanh x.</summary>
    public Dual Tanh() => Apply(Op.Tanh, [this]);

    /// <summary>σ(x).</summary>
    public Dual Sigmoid() => Apply(Op.Sigmoid, [this]);

    /// <summary>max(0, x), with slope 0 at 0.</summary>
    public Dual Relu() => Apply(Op.Relu, [this]);

    /// <summary>The step function: 1 if x &gt; 0, else 0, with slope 0 everywhere.</summary>
    public Dual Step() => Apply(Op.Step, [this]);

    /// <summary>Leaky ReLU with a constant slope.</summary>
    /// <param name="slope">The slope for x ≤ 0.</param>
    public Dual LeakyRelu(double slope = 0.01) => Apply(Op.LeakyRelu, [this], slope);

    /// <summary>ELU with a constant α.</summary>
    /// <param name="alpha">The constant α.</param>
    public Dual Elu(double alpha = 1.0) => Apply(Op.Elu, [this], alpha);

    /// <summary>PReLU with a dual slope.</summary>
    /// <param name="slope">The slope for x ≤ 0.</param>
    public Dual Prelu(Dual slope) => Apply(Op.Prelu, [this, slope]);

    /// <summary>ln(1 + eˣ).</summary>
    public Dual Softplus() => Apply(Op.Softplus, [this]);

    /// <summary>|x|, with slope 0 at 0.</summary>
    public Dual Abs() => Apply(Op.Abs, [this]);

    /// <summary>sin x.</summary>
    public Dual Sin() => Apply(Op.Sin, [this]);

    /// <summary>cos x.</summary>
    public Dual Cos() => Apply(Op.Cos, [this]);

    /// <summary>arctan x.</summary>
    public Dual Atan() => Apply(Op.Atan, [this]);

    /// <summary>softsign(x) = x / (1 + |x|), with tangent · 1 / (1 + |x|)².</summary>
    public Dual Softsign() => Apply(Op.Softsign, [this]);

    /// <summary>max(a, b); a wins ties.</summary>
    /// <param name="a">The first value.</param>
    /// <param name="b">The second value.</param>
    public static Dual Max(Dual a, Dual b) => Apply(Op.Max, [a, b]);

    /// <summary>min(a, b); a wins ties.</summary>
    /// <param name="a">The first value.</param>
    /// <param name="b">The second value.</param>
    public static Dual Min(Dual a, Dual b) => Apply(Op.Min, [a, b]);

    /// <summary>Σ xᵢ.</summary>
    /// <param name="terms">The terms.</param>
    public static Dual Sum(ReadOnlySpan<Dual> terms) => Apply(Op.Sum, terms);

    /// <summary>Σ aᵢ·bᵢ over two equally long lists, as one op (tangent Σ aᵢ′bᵢ + aᵢbᵢ′).</summary>
    /// <param name="a">The first vector.</param>
    /// <param name="b">The second vector, as long as <paramref name="a"/>.</param>
    /// <exception cref="ArgumentException">The lists differ in length.</exception>
    public static Dual Dot(ReadOnlySpan<Dual> a, ReadOnlySpan<Dual> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"Dot needs two lists of the same length, but 'a' has {a.Length} values and 'b' has {b.Length}.", nameof(b));
        }

        var inputs = new Dual[2 * a.Length];
        a.CopyTo(inputs);
        b.CopyTo(inputs.AsSpan(a.Length));
        return Apply(Op.Dot, inputs);
    }

    /// <summary>log Σ exp(xᵢ), computed stably.</summary>
    /// <param name="terms">At least one term.</param>
    public static Dual LogSumExp(ReadOnlySpan<Dual> terms) => Apply(Op.LogSumExp, terms);

    /// <inheritdoc/>
    public bool Equals(Dual other) => Primal.Equals(other.Primal) && Tangent.Equals(other.Tangent);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Dual other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Primal, Tangent);

    /// <summary>Shows the value and the tangent, as "Dual(primal=…, tangent=…)".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Dual(primal={Primal:R}, tangent={Tangent:R})");

    private static unsafe Dual ApplyNary(OpInfo info, Op op, ReadOnlySpan<Dual> inputs)
    {
        if (op == Op.LogSumExp && inputs.Length == 0)
        {
            throw new ArgumentException("LogSumExp needs at least one term; the list is empty.", nameof(inputs));
        }

        if (op == Op.Dot && inputs.Length % 2 != 0)
        {
            throw new ArgumentException($"Dot takes a₀…aₙ₋₁ then b₀…bₙ₋₁, an even number of inputs, but got {inputs.Length}.", nameof(inputs));
        }

        int n = inputs.Length;
        double[] primals = new double[Math.Max(n, 1)];  // never empty, so element 0 can be referenced
        double[] partials = new double[Math.Max(n, 1)];
        int[] positions = Enumerable.Range(0, n).ToArray();
        for (int i = 0; i < n; i++)
        {
            primals[i] = inputs[i].Primal;
        }

        double y = info.ForwardGathered(ref primals[0], positions);
        // The backward kernel with an upstream gradient of 1 into zeros leaves exactly ∂y/∂xᵢ.
        info.BackwardGathered(ref primals[0], positions, y, ref partials[0], 1);

        double tangent = 0;
        for (int i = 0; i < n; i++)
        {
            tangent += partials[i] * inputs[i].Tangent;
        }

        return new Dual(y, tangent);
    }
}
