namespace AutoGrad.FsCheck;

/// <summary>
/// AutoGrad's built-in ops as steps of random graphs (<see cref="GraphRecipes.Over"/>). Each is
/// applied in a form that stays inside its domain whatever its inputs (log and sqrt of a positive
/// expression, division by one bounded away from zero), and some mix constants into the graph.
/// </summary>
public static class GraphOps
{
    /// <summary>a + b.</summary>
    public static GraphOp Add { get; } = new("add", 2, x => x[0] + x[1], "{0} + {1}");

    /// <summary>a − b.</summary>
    public static GraphOp Sub { get; } = new("sub", 2, x => x[0] - x[1], "{0} - {1}");

    /// <summary>a · b.</summary>
    public static GraphOp Mul { get; } = new("mul", 2, x => x[0] * x[1], "{0}·{1}");

    /// <summary>a / (b² + 0.5): a division whose denominator cannot reach zero.</summary>
    public static GraphOp Div { get; } = new("div", 2, x => x[0] / (x[1] * x[1] + 0.5), "{0} / ({1}² + 0.5)");

    /// <summary>−a.</summary>
    public static GraphOp Neg { get; } = new("neg", 1, x => -x[0], "-{0}");

    /// <summary>a³, a power with a constant exponent.</summary>
    public static GraphOp Pow { get; } = new("pow", 1, x => x[0].Pow(3), "{0}³");

    /// <summary>(a² + 0.5)^tanh(b), a power with a variable exponent and a positive base.</summary>
    public static GraphOp PowValue { get; } = new("powvalue", 2, x => (x[0] * x[0] + 0.5).Pow(x[1].Tanh()), "({0}² + 0.5)^tanh({1})");

    /// <summary>exp(tanh(a)), kept from overflowing.</summary>
    public static GraphOp Exp { get; } = new("exp", 1, x => x[0].Tanh().Exp(), "exp(tanh({0}))");

    /// <summary>log(a² + 0.5), a logarithm of a positive number.</summary>
    public static GraphOp Log { get; } = new("log", 1, x => (x[0] * x[0] + 0.5).Log(), "log({0}² + 0.5)");

    /// <summary>√(a² + 0.25), a square root away from 0.</summary>
    public static GraphOp Sqrt { get; } = new("sqrt", 1, x => (x[0] * x[0] + 0.25).Sqrt(), "sqrt({0}² + 0.25)");

    /// <summary>tanh(a).</summary>
    public static GraphOp Tanh { get; } = new("tanh", 1, x => x[0].Tanh());

    /// <summary>σ(a).</summary>
    public static GraphOp Sigmoid { get; } = new("sigmoid", 1, x => x[0].Sigmoid());

    /// <summary>relu(a); kinked at 0.</summary>
    public static GraphOp Relu { get; } = new("relu", 1, x => x[0].Relu());

    /// <summary>step(a): 1 if a &gt; 0, else 0; its value jumps at 0, its slope is 0 everywhere.</summary>
    public static GraphOp Step { get; } = new("step", 1, x => x[0].Step());

    /// <summary>leaky relu(a) with slope 0.2; kinked at 0.</summary>
    public static GraphOp LeakyRelu { get; } = new("leakyrelu", 1, x => x[0].LeakyRelu(0.2), "leakyrelu({0}, 0.2)");

    /// <summary>elu(a) with α = 1; kinked at 0 in its second derivative.</summary>
    public static GraphOp Elu { get; } = new("elu", 1, x => x[0].Elu());

    /// <summary>prelu(a) with the learnable slope b; kinked at a = 0.</summary>
    public static GraphOp Prelu { get; } = new("prelu", 2, x => x[0].Prelu(x[1]));

    /// <summary>softplus(a).</summary>
    public static GraphOp Softplus { get; } = new("softplus", 1, x => x[0].Softplus());

    /// <summary>|a|; kinked at 0.</summary>
    public static GraphOp Abs { get; } = new("abs", 1, x => x[0].Abs());

    /// <summary>sin(a).</summary>
    public static GraphOp Sin { get; } = new("sin", 1, x => x[0].Sin());

    /// <summary>cos(a).</summary>
    public static GraphOp Cos { get; } = new("cos", 1, x => x[0].Cos());

    /// <summary>atan(a).</summary>
    public static GraphOp Atan { get; } = new("atan", 1, x => x[0].Atan());

    /// <summary>softsign(a) = a / (1 + |a|); its second derivative jumps at 0.</summary>
    public static GraphOp Softsign { get; } = new("softsign", 1, x => x[0].Softsign());

    /// <summary>max(a, b); kinked where a = b.</summary>
    public static GraphOp Max { get; } = new("max", 2, x => Value.Max(x[0], x[1]));

    /// <summary>min(a, b); kinked where a = b.</summary>
    public static GraphOp Min { get; } = new("min", 2, x => Value.Min(x[0], x[1]));

    /// <summary>a + b + c + a as one n-ary sum node (a term repeated).</summary>
    public static GraphOp Sum { get; } = new("sum", 3, x => Value.Sum([x[0], x[1], x[2], x[0]]), "sum({0}, {1}, {2}, {0})");

    /// <summary>[a, b] · [c, a] as one dot-product node.</summary>
    public static GraphOp Dot { get; } = new("dot", 3, x => Value.Dot([x[0], x[1]], [x[2], x[0]]), "dot([{0}, {1}], [{2}, {0}])");

    /// <summary>A dot product of six pairs of a, b and c, as one node.</summary>
    public static GraphOp LongDot { get; } = new(
        "longdot", 3, x => Value.Dot([x[0], x[1], x[2], x[0], x[1], x[2]], [x[2], x[0], x[1], x[1], x[2], x[0]]), "dot([{0}, {1}, {2}, {0}, {1}, {2}], [{2}, {0}, {1}, {1}, {2}, {0}])");

    /// <summary>3a − 1, mixing constants into the graph.</summary>
    public static GraphOp Affine { get; } = new("affine", 1, x => 3 * x[0] - 1, "3·{0} - 1");

    /// <summary>log(eᵃ + eᵇ + eᶜ) as one node.</summary>
    public static GraphOp LogSumExp { get; } = new("logsumexp", 3, x => Value.LogSumExp([x[0], x[1], x[2]]));

    /// <summary>Every op above: each of AutoGrad's built-in ops at least once.</summary>
    public static IReadOnlyList<GraphOp> All { get; } =
    [
        Add, Sub, Mul, Div, Neg, Pow, PowValue, Exp, Log, Sqrt, Tanh, Sigmoid, Relu, Step, LeakyRelu, Elu, Prelu,
        Softplus, Abs, Sin, Cos, Atan, Softsign, Max, Min, Sum, Dot, LongDot, Affine, LogSumExp,
    ];

    /// <summary>
    /// The ops of <see cref="All"/> whose value and first two derivatives have no kink (all but relu,
    /// step, leaky relu, elu, prelu, abs, softsign, max and min): those whose graph holds no op that
    /// declares a kink, as the ops' own declarations say.
    /// </summary>
    public static IReadOnlyList<GraphOp> Smooth { get; } = All.Where(op => !HasAKink(op)).ToArray();

    /// <summary>Whether the graph <paramref name="op"/> builds holds a built-in op that declares a kink.</summary>
    internal static bool HasAKink(GraphOp op) =>
        op.Apply(Enumerable.Range(0, op.Arity).Select(i => new Value(0.5 + i)).ToArray())
            .TopologicalOrder().Any(node => node.Op is not (Op.Leaf or Op.Custom) && OpCatalog.Of(node.Op).HasKink);
}
