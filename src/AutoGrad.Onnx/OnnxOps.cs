using static AutoGrad.Onnx.OnnxGraphBuilder;

namespace AutoGrad.Onnx;

/// <summary>
/// The one table from <see cref="Op"/> to ONNX operators. The switch has no default arm, so an op
/// added to <see cref="Op"/> without a row here does not compile (CS8509); the tests run every row in
/// ONNX Runtime and check that every op is mapped or refused by name.
/// </summary>
/// <remarks>
/// Every mapped op but Atan computes in double (tensor(double)) in ONNX Runtime's CPU provider. Where ONNX has
/// an operator whose CPU kernel takes only float (Elu, LeakyRelu, PRelu, Softplus), the op is written with
/// double-capable operators instead, with AutoGrad's own formula and branch (x &gt; 0), so the file
/// computes what AutoGrad computes.
/// </remarks>
internal static class OnnxOps
{
    private static readonly OnnxOpRule[] s_byOp = Enum.GetValues<Op>().Select(Rule).ToArray();

    /// <summary>Every row, in the order of <see cref="Op"/>.</summary>
    public static IReadOnlyList<OnnxOpRule> All => s_byOp;

    /// <summary>The row of <paramref name="op"/>.</summary>
    public static OnnxOpRule Of(Op op) => s_byOp[(int)op];

#pragma warning disable CS8524 // values of Op that have no name are not ops
    private static OnnxOpRule Rule(Op op) => op switch
    {
        Op.Leaf => new(op, "graph input (a chosen leaf), else initializer", null, null),
        Op.Add => Binary(op, "Add"),
        Op.Sub => Binary(op, "Sub"),
        Op.Mul => Binary(op, "Mul"),
        Op.Div => Binary(op, "Div"),
        Op.Neg => Unary(op, "Neg"),
        Op.Pow => OnnxOpRule.Mapped(op, "Pow(x, exponent)", (g, n, x) => g.Node("Pow", [x[0], g.Constant(n.Parameter!.Value)])),
        Op.PowValue => Binary(op, "Pow"),
        Op.Exp => Unary(op, "Exp"),
        Op.Log => Unary(op, "Log"),
        Op.Sqrt => Unary(op, "Sqrt"),
        Op.Tanh => Unary(op, "Tanh"),
        Op.Sigmoid => Unary(op, "Sigmoid"),
        Op.Relu => Unary(op, "Relu"),
        Op.LeakyRelu => OnnxOpRule.Mapped(op, "Where(Greater(x, 0), x, Mul(x, slope))",
            (g, n, x) => Positive(g, x[0], x[0], g.Node("Mul", [x[0], g.Constant(n.Parameter!.Value)]))),
        Op.Elu => OnnxOpRule.Mapped(op, "Where(Greater(x, 0), x, Mul(α, Sub(Exp(x), 1)))",
            (g, n, x) => Positive(g, x[0], x[0], g.Node("Mul", [g.Constant(n.Parameter!.Value), g.Node("Sub", [g.Node("Exp", [x[0]]), g.Constant(1)])]))),
        Op.Prelu => OnnxOpRule.Mapped(op, "Where(Greater(x, 0), x, Mul(slope, x))",
            (g, n, x) => Positive(g, x[0], x[0], g.Node("Mul", [x[1], x[0]]))),
        Op.Softplus => OnnxOpRule.Mapped(op, "Add(Max(x, 0), Log(Add(1, Exp(Neg(Abs(x))))))",
            (g, n, x) => g.Node("Add", [g.Node("Max", [x[0], g.Constant(0)]), g.Node("Log", [g.Node("Add", [g.Constant(1), g.Node("Exp", [g.Node("Neg", [g.Node("Abs", [x[0]])])])])])])),
        Op.Abs => Unary(op, "Abs"),
        Op.Sin => Unary(op, "Sin"),
        Op.Cos => Unary(op, "Cos"),
        // ONNX Runtime's CPU provider has Atan for float only ("Could not find an implementation for Atan(7)"
        // with double): the value goes through float, about 7 digits; its derivative 1/(1 + x²) stays double.
        Op.Atan => OnnxOpRule.Mapped(op, "Cast(Atan(Cast(x, float)), double) (no double kernel)",
            (g, n, x) => g.Node("Cast", [g.Node("Atan", [g.Node("Cast", [x[0]], Attribute("to", FloatType))])], Attribute("to", DoubleType))),
        Op.Max => Binary(op, "Max"),
        Op.Min => Binary(op, "Min"),
        Op.Sum => OnnxOpRule.Mapped(op, "Sum (one node, all terms)", (g, n, x) => g.Node("Sum", x)),
        Op.Dot => OnnxOpRule.Mapped(op, "MatMul(a, b) of the two stacked lists (SequenceConstruct, ConcatFromSequence)", (g, n, x) =>
        {
            int half = x.Count / 2;
            return g.Node("MatMul", [Stack(g, x.Take(half).ToArray()), Stack(g, x.Skip(half).ToArray())]);
        }),
        Op.LogSumExp => OnnxOpRule.Mapped(op, "ReduceLogSumExp of the stacked terms (SequenceConstruct, ConcatFromSequence)",
            (g, n, x) => g.Node("ReduceLogSumExp", [Stack(g, x)], Attribute("keepdims", 0))),
        Op.Custom => OnnxOpRule.Refused(op,
            "a custom op has no ONNX operator: given as numbers, it is known at one point only; given as .NET functions, ONNX cannot run them. " +
            "Build it from AutoGrad's ops to export it."),
        Op.Step => OnnxOpRule.Mapped(op, "Cast(Greater(x, 0), double)",
            (g, n, x) => g.Node("Cast", [g.Node("Greater", [x[0], g.Constant(0)])], Attribute("to", DoubleType))),
        // ONNX's Softsign, like Softplus, has a float kernel only in ONNX Runtime: written with double-capable operators.
        Op.Softsign => OnnxOpRule.Mapped(op, "Div(x, Add(1, Abs(x)))",
            (g, n, x) => g.Node("Div", [x[0], g.Node("Add", [g.Constant(1), g.Node("Abs", [x[0]])])])),
    };
#pragma warning restore CS8524

    private static OnnxOpRule Unary(Op op, string onnx) => OnnxOpRule.Mapped(op, onnx, (g, n, x) => g.Node(onnx, [x[0]]));

    private static OnnxOpRule Binary(Op op, string onnx) => OnnxOpRule.Mapped(op, onnx, (g, n, x) => g.Node(onnx, [x[0], x[1]]));

    /// <summary>x &gt; 0 ? <paramref name="then"/> : <paramref name="otherwise"/>, the branch AutoGrad's kinked activations take.</summary>
    private static string Positive(OnnxGraphBuilder g, string x, string then, string otherwise) =>
        g.Node("Where", [g.Node("Greater", [x, g.Constant(0)]), then, otherwise]);

    /// <summary>Scalars stacked into one vector, in order: two nodes whatever their number.</summary>
    private static string Stack(OnnxGraphBuilder g, IReadOnlyList<string> scalars) =>
        g.Node("ConcatFromSequence", [g.Node("SequenceConstruct", scalars)], Attribute("axis", 0), Attribute("new_axis", 1));
}
