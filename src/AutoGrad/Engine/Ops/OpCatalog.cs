namespace AutoGrad;

/// <summary>
/// The one table from <see cref="Op"/> to its declaration. The switch has no default arm, so an op
/// added to <see cref="Op"/> without a declaration here does not compile (CS8509).
/// </summary>
internal static unsafe class OpCatalog
{
    private static readonly OpInfo[] s_byOp = Enum.GetValues<Op>().Select(Checked).ToArray();

    /// <summary>The kernel of each unary and binary op, indexed by <see cref="Op"/> (null for others).</summary>
    internal static readonly delegate*<double, double, double, out double, out double, double>[] Evaluators = UnaryAndBinaryKernels();

    /// <summary>The compiled-graph forward kernel of each n-ary op, indexed by <see cref="Op"/> (null for others).</summary>
    internal static readonly delegate*<ref double, ReadOnlySpan<int>, double>[] GatheredForwards = GatheredForwardKernels();

    /// <summary>The compiled-graph backward kernel of each n-ary op, indexed by <see cref="Op"/> (null for others).</summary>
    internal static readonly delegate*<ref double, ReadOnlySpan<int>, double, ref double, double, void>[] GatheredBackwards = GatheredBackwardKernels();

    /// <summary>Every op, in the order of <see cref="Op"/>.</summary>
    public static IReadOnlyList<OpInfo> All => s_byOp;

    /// <summary>The declaration of <paramref name="op"/>.</summary>
    public static OpInfo Of(Op op) => s_byOp[(int)op];

#pragma warning disable CS8524 // values of Op that have no name are not ops
    private static OpInfo Declaration(Op op) => op switch
    {
        Op.Leaf => OpInfo.Leaf(),
        Op.Add => OpInfo.Binary<Value.AddRule>(),
        Op.Sub => OpInfo.Binary<Value.SubRule>(),
        Op.Mul => OpInfo.Binary<Value.MulRule>(),
        Op.Div => OpInfo.Binary<Value.DivRule>(),
        Op.Neg => OpInfo.Unary<Value.NegRule>(),
        Op.Pow => OpInfo.Unary<Value.PowRule>(),
        Op.PowValue => OpInfo.Binary<Value.PowValueRule>(),
        Op.Exp => OpInfo.Unary<Value.ExpRule>(),
        Op.Log => OpInfo.Unary<Value.LogRule>(),
        Op.Sqrt => OpInfo.Unary<Value.SqrtRule>(),
        Op.Tanh => OpInfo.Unary<Value.TanhRule>(),
        Op.Sigmoid => OpInfo.Unary<Value.SigmoidRule>(),
        Op.Relu => OpInfo.Unary<Value.ReluRule>(),
        Op.Step => OpInfo.Unary<Value.StepRule>(),
        Op.LeakyRelu => OpInfo.Unary<Value.LeakyReluRule>(),
        Op.Elu => OpInfo.Unary<Value.EluRule>(),
        Op.Prelu => OpInfo.Binary<Value.PreluRule>(),
        Op.Softplus => OpInfo.Unary<Value.SoftplusRule>(),
        Op.Abs => OpInfo.Unary<Value.AbsRule>(),
        Op.Sin => OpInfo.Unary<Value.SinRule>(),
        Op.Cos => OpInfo.Unary<Value.CosRule>(),
        Op.Atan => OpInfo.Unary<Value.AtanRule>(),
        Op.Max => OpInfo.Binary<Value.MaxRule>(),
        Op.Min => OpInfo.Binary<Value.MinRule>(),
        Op.Sum => OpInfo.Nary<Value.SumRule>(),
        Op.Dot => OpInfo.Nary<Value.DotRule>(),
        Op.LogSumExp => OpInfo.Nary<Value.LogSumExpRule>(),
        Op.Custom => OpInfo.Custom(),
        Op.Softsign => OpInfo.Unary<Value.SoftsignRule>(),
    };
#pragma warning restore CS8524

    private static delegate*<double, double, double, out double, out double, double>[] UnaryAndBinaryKernels()
    {
        var kernels = new delegate*<double, double, double, out double, out double, double>[s_byOp.Length];
        for (int i = 0; i < kernels.Length; i++)
        {
            kernels[i] = s_byOp[i].Evaluate;
        }

        return kernels;
    }

    private static delegate*<ref double, ReadOnlySpan<int>, double>[] GatheredForwardKernels()
    {
        var kernels = new delegate*<ref double, ReadOnlySpan<int>, double>[s_byOp.Length];
        for (int i = 0; i < kernels.Length; i++)
        {
            kernels[i] = s_byOp[i].ForwardGathered;
        }

        return kernels;
    }

    private static delegate*<ref double, ReadOnlySpan<int>, double, ref double, double, void>[] GatheredBackwardKernels()
    {
        var kernels = new delegate*<ref double, ReadOnlySpan<int>, double, ref double, double, void>[s_byOp.Length];
        for (int i = 0; i < kernels.Length; i++)
        {
            kernels[i] = s_byOp[i].BackwardGathered;
        }

        return kernels;
    }

    private static OpInfo Checked(Op op)
    {
        OpInfo info = Declaration(op);
        return info.Op == op
            ? info
            : throw new InvalidOperationException($"The declaration listed for Op.{op} declares Op.{info.Op}; each op needs its own rule.");
    }
}
