using System.Globalization;

namespace AutoGrad;

/// <summary>
/// What the rest of the engine knows about an op, taken from its declaration (an
/// <see cref="IUnaryRule"/>, <see cref="IBinaryRule"/> or <see cref="INaryRule"/> struct): its
/// shape, its diagram symbol, and kernels that evaluate the forward value and local derivatives
/// on doubles, which the dynamic graph and the compiled replay both call.
/// </summary>
internal sealed unsafe class OpInfo
{
    private OpInfo(Op op, OpShape shape, string symbol)
    {
        Op = op;
        Shape = shape;
        Symbol = symbol;
    }

    /// <summary>The op.</summary>
    public Op Op { get; }

    /// <summary>How the op takes its inputs.</summary>
    public OpShape Shape { get; }

    /// <summary>The diagram symbol; "{0}" stands for the op's constant.</summary>
    public string Symbol { get; }

    /// <summary>True for a unary op with a constant (see <see cref="Value.Parameter"/>).</summary>
    public bool HasConstant { get; private init; }

    /// <summary>
    /// What a diagram writes on the edge of input i of n when the order of the inputs matters (a/b of
    /// a − b, base/exp), from the rule's declaration; null when the op is symmetric in its inputs or
    /// has only one. Custom ops are taken to care about order: their inputs are x0, x1, ….
    /// </summary>
    public Func<int, int, string?> OperandName { get; private init; } = (index, count) => null;

    /// <summary>True for an n-ary op whose every local derivative is 1 (nothing is stored).</summary>
    public bool UnitPartials { get; private init; }

    /// <summary>Unary and binary ops: y = f(a, b, constant) with ∂y/∂a and ∂y/∂b (b and ∂y/∂b unused by a unary op).</summary>
    public delegate*<double, double, double, out double, out double, double> Evaluate { get; private init; }

    /// <summary>n-ary ops in a compiled graph: y from the inputs at the given positions of the value array.</summary>
    public delegate*<ref double, ReadOnlySpan<int>, double> ForwardGathered { get; private init; }

    /// <summary>n-ary ops in a compiled graph: adds ∂y/∂xᵢ · g to the gradient of each input, in input order.</summary>
    public delegate*<ref double, ReadOnlySpan<int>, double, ref double, double, void> BackwardGathered { get; private init; }

    /// <summary>n-ary ops in the dynamic graph: hands ∂y/∂xᵢ, from the inputs' data (head, then tail if any), to the chain rule at a node with value y.</summary>
    public delegate*<Value[], Value[]?, double, ref Value.ChainRuleSink, void> NaryBackward { get; private init; }

    /// <summary>n-ary ops in the dynamic graph: writes ∂y/∂xᵢ, from the inputs' data (head, then tail if any), for a node with value y.</summary>
    public delegate*<Value[], Value[]?, double, Span<double>, void> NaryPartialsOfValues { get; private init; }

    /// <summary>
    /// The local derivatives ∂node/∂inputᵢ of a node made by this op, built as graph nodes from the same
    /// rule that gave the numbers, so they can be differentiated again (derivatives of derivatives).
    /// A custom op's recorded numbers come back as constants.
    /// </summary>
    public Func<Value, Value[]> LocalDerivatives { get; private init; } = node => [];

    /// <summary>The op written out for the compiled replay's generated code, from its rule; null: the generated code calls the interpreter for it.</summary>
    public ReplayCode? Replay { get; private init; }

    /// <summary>Which side of its kink the op is on at these inputs and constant (see <see cref="IUnaryRule.Branch"/>); 0 for smooth ops.</summary>
    public Func<double[], double, int> BranchAt { get; private init; } = (inputs, constant) => 0;

    /// <summary>True when the rule declares a kink (its <see cref="IUnaryRule.Branch"/> tells two sides apart): ReLU, |x|, max, ….</summary>
    public bool HasKink { get; private init; }

    /// <summary>
    /// True when <paramref name="node"/>, made by this op, is within <paramref name="margin"/> of its
    /// kink: moving one of its inputs (every place the same value feeds it, together) that far either
    /// way changes the branch its declaration states.
    /// </summary>
    public bool IsNearKink(Value node, double margin)
    {
        if (!HasKink)
        {
            return false;
        }

        double[] inputs = Enumerable.Range(0, node.InputCount).Select(i => node.GetInput(i).Data).ToArray();
        double constant = node.Parameter ?? 0;
        int here = BranchAt(inputs, constant);
        for (int i = 0; i < inputs.Length; i++)
        {
            foreach (double step in (ReadOnlySpan<double>)[margin, -margin])
            {
                double[] moved = (double[])inputs.Clone();
                for (int j = 0; j < moved.Length; j++)
                {
                    if (node.GetInput(j) == node.GetInput(i))
                    {
                        moved[j] += step; // max(x, x) has no kink: x moves on both sides at once
                    }
                }

                if (BranchAt(moved, constant) != here)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The op's forward value at the given inputs and constant, through its kernel (for n-ary ops
    /// the inputs in order); used to check a node's local derivative on its own.
    /// </summary>
    public double ForwardAt(double[] inputs, double constant)
    {
        switch (Shape)
        {
            case OpShape.Unary:
                return Evaluate(inputs[0], 0, constant, out _, out _);
            case OpShape.Binary:
                return Evaluate(inputs[0], inputs[1], constant, out _, out _);
            case OpShape.Nary:
                int[] positions = Enumerable.Range(0, inputs.Length).ToArray();
                double[] values = inputs.Length == 0 ? [0] : inputs;
                return ForwardGathered(ref values[0], positions);
            default:
                throw new InvalidOperationException($"{Op} has no forward function of its own.");
        }
    }

    /// <summary>The text a diagram shows for <paramref name="node"/>, made by this op.</summary>
    public string SymbolOf(Value node) => Shape switch
    {
        OpShape.Custom => node.CustomName!,
        _ when HasConstant => string.Format(CultureInfo.InvariantCulture, Symbol, node.Parameter!.Value.ToString("G", CultureInfo.InvariantCulture)),
        _ => Symbol,
    };

    public static OpInfo Leaf() => new(Op.Leaf, OpShape.Leaf, "");

    public static OpInfo Custom() => new(Op.Custom, OpShape.Custom, "")
    {
        OperandName = (index, count) => count > 1 ? $"x{index}" : null, // as the derivative's index names them
        LocalDerivatives = node => Enumerable.Range(0, node.InputCount).Select(i => new Value(node.GetLocalGradient(i))).ToArray(),
    };

    public static OpInfo Unary<TRule>()
        where TRule : struct, IUnaryRule =>
        new(TRule.Op, OpShape.Unary, TRule.Symbol)
        {
            HasConstant = TRule.HasConstant,
            Replay = TRule.Replay,
            Evaluate = &EvaluateUnaryRule<TRule>,
            BranchAt = (inputs, constant) => TRule.Branch(inputs[0], constant),
            HasKink = TRule.Branch(1, 1) != TRule.Branch(-1, 1),
            LocalDerivatives = node => [TRule.Derivative(node.GetInput(0), node, node.Parameter ?? 0)],
        };

    public static OpInfo Binary<TRule>()
        where TRule : struct, IBinaryRule =>
        new(TRule.Op, OpShape.Binary, TRule.Symbol)
        {
            Evaluate = &EvaluateBinaryRule<TRule>,
            Replay = TRule.Replay,
            OperandName = (index, count) => TRule.OperandNames is { } names ? (index == 0 ? names.A : names.B) : null,
            BranchAt = (inputs, constant) => TRule.Branch(inputs[0], inputs[1]),
            HasKink = TRule.Branch(1, 0) != TRule.Branch(0, 1) || TRule.Branch(1, 1) != TRule.Branch(-1, 1),
            LocalDerivatives = node =>
                [TRule.DerivativeA(node.GetInput(0), node.GetInput(1), node), TRule.DerivativeB(node.GetInput(0), node.GetInput(1), node)],
        };

    public static OpInfo Nary<TRule>()
        where TRule : struct, INaryRule =>
        new(TRule.Op, OpShape.Nary, TRule.Symbol)
        {
            UnitPartials = TRule.UnitPartials,
            Replay = TRule.Replay,
            OperandName = (index, count) => TRule.OperandName(index, count),
            ForwardGathered = &ForwardGatheredRule<TRule>,
            BackwardGathered = &BackwardGatheredRule<TRule>,
            NaryBackward = &BackwardOfValuesRule<TRule>,
            NaryPartialsOfValues = &PartialsOfValuesRule<TRule>,
            LocalDerivatives = node =>
            {
                Value[] inputs = node.Inputs.ToArray();
                var partials = new Value[inputs.Length];
                var sink = new SpanSink<Value>(partials);
                TRule.Partials(new SpanInputs<Value>(inputs), node, ref sink);
                return partials;
            },
        };

    /// <summary>
    /// The kernel of a unary op: its rule's forward value, then its derivative at that point. NaN is
    /// never silent: a NaN input or constant, or a value outside the op's domain, gives a NaN value and
    /// a NaN derivative, whatever the rule would have said (ReLU(NaN) is NaN, not 0; 1^NaN is NaN, not 1).
    /// </summary>
    internal static double EvaluateUnaryRule<TRule>(double a, double b, double constant, out double da, out double db)
        where TRule : struct, IUnaryRule
    {
        db = 0;
        double y = TRule.Forward(a, constant);
        if (double.IsNaN(a) || double.IsNaN(y) || double.IsNaN(constant))
        {
            da = double.NaN;
            return double.NaN;
        }

        da = TRule.Derivative(new Real(a), new Real(y), constant).Number;
        return y;
    }

    /// <summary>The kernel of a binary op; NaN in either input, or a NaN value, makes value and both derivatives NaN.</summary>
    internal static double EvaluateBinaryRule<TRule>(double a, double b, double constant, out double da, out double db)
        where TRule : struct, IBinaryRule
    {
        double y = TRule.Forward(a, b);
        if (double.IsNaN(a) || double.IsNaN(b) || double.IsNaN(y))
        {
            da = double.NaN;
            db = double.NaN;
            return double.NaN;
        }

        da = TRule.DerivativeA(new Real(a), new Real(b), new Real(y)).Number;
        db = TRule.DerivativeB(new Real(a), new Real(b), new Real(y)).Number;
        return y;
    }

    /// <summary>
    /// The forward kernel of an n-ary op over inputs however they are stored (a node's own inputs, a
    /// compiled graph's arrays): y, the canonical NaN when y is NaN.
    /// </summary>
    internal static double ForwardNaryRule<TRule, TInputs>(TInputs x)
        where TRule : struct, INaryRule
        where TInputs : IInputs<double>, allows ref struct
    {
        double y = TRule.Forward(x);
        return double.IsNaN(y) ? double.NaN : y;
    }

    /// <summary>Hands every ∂y/∂xᵢ to <paramref name="partials"/>, in input order; all NaN when y is NaN (the NaN policy).</summary>
    internal static void NaryPartials<TRule, TInputs, TSink>(TInputs x, double y, ref TSink partials)
        where TRule : struct, INaryRule
        where TInputs : IInputs<Real>, allows ref struct
        where TSink : IPartialSink<Real>, allows ref struct
    {
        if (double.IsNaN(y))
        {
            for (int i = 0; i < x.Length; i++)
            {
                partials.Put(i, new Real(double.NaN));
            }

            return;
        }

        TRule.Partials<Real, TInputs, TSink>(x, new Real(y), ref partials);
    }

    /// <summary>The forward kernel of an n-ary op in a compiled graph, reading its inputs in place.</summary>
    internal static double ForwardGatheredRule<TRule>(ref double values, ReadOnlySpan<int> positions)
        where TRule : struct, INaryRule =>
        ForwardNaryRule<TRule, GatheredInputs>(new GatheredInputs(ref values, positions));

    /// <summary>The backward kernel of an n-ary op in a compiled graph: the chain rule, with nothing stored.</summary>
    internal static void BackwardGatheredRule<TRule>(ref double values, ReadOnlySpan<int> positions, double y, ref double grads, double upstream)
        where TRule : struct, INaryRule
    {
        var sink = new GradientSink(ref grads, positions, upstream);
        NaryPartials<TRule, GatheredInputs, GradientSink>(new GatheredInputs(ref values, positions), y, ref sink);
    }

    /// <summary>The backward kernel of an n-ary node in the dynamic graph: the chain rule, with nothing stored.</summary>
    internal static void BackwardOfValuesRule<TRule>(Value[] head, Value[]? tail, double y, ref Value.ChainRuleSink chainRule)
        where TRule : struct, INaryRule =>
        NaryPartials<TRule, ValueInputs, Value.ChainRuleSink>(new ValueInputs(head, tail), y, ref chainRule);

    /// <summary>The local derivatives of an n-ary node in the dynamic graph, as numbers.</summary>
    internal static void PartialsOfValuesRule<TRule>(Value[] head, Value[]? tail, double y, Span<double> partials)
        where TRule : struct, INaryRule
    {
        var sink = new NumberSink(partials);
        NaryPartials<TRule, ValueInputs, NumberSink>(new ValueInputs(head, tail), y, ref sink);
    }
}
