namespace AutoGrad.Compilation;

/// <summary>
/// Which <see cref="BatchKernel"/> runs each op in the batched replay. The switch has no default
/// arm, so an op added to <see cref="Op"/> without saying how it runs over a block of points does
/// not compile (CS8509).
/// </summary>
internal static class BatchKernels
{
#pragma warning disable CS8524 // values of Op that have no name are not ops
    /// <summary>How the batched replay runs <paramref name="op"/> with this constant.</summary>
    public static BatchKernel Of(Op op, double constant) => op switch
    {
        Op.Add => BatchKernel.Add,
        Op.Sub => BatchKernel.Sub,
        Op.Mul => BatchKernel.Mul,
        Op.Div => BatchKernel.Div,
        Op.Neg => BatchKernel.Neg,
        Op.Relu => BatchKernel.Relu,

        // A NaN slope makes every lane NaN in the scalar kernel, even where x > 0: left to it.
        Op.LeakyRelu => double.IsNaN(constant) ? BatchKernel.PerLane : BatchKernel.LeakyRelu,
        Op.Abs => BatchKernel.Abs,
        Op.Max => BatchKernel.Max,
        Op.Min => BatchKernel.Min,
        Op.Sum => BatchKernel.Sum,
        Op.Dot => BatchKernel.Dot,

        // Library calls (exp, log, pow, sin, …) have no vector form that rounds as they do: each lane
        // calls the very kernel the scalar replay calls.
        Op.Pow or Op.PowValue or Op.Exp or Op.Log or Op.Sqrt or Op.Tanh or Op.Sigmoid or Op.Step
            or Op.Elu or Op.Prelu or Op.Softplus or Op.Sin or Op.Cos or Op.Atan or Op.Softsign => BatchKernel.PerLane,
        Op.LogSumExp => BatchKernel.PerLaneGathered,
        Op.Custom => BatchKernel.Custom,
        Op.Leaf => throw new ArgumentException("A leaf is not an op: it has no kernel.", nameof(op)),
    };
#pragma warning restore CS8524

    /// <summary>True for kernels whose inputs are listed in <see cref="BatchProgram.GatheredInputs"/> (n-ary and custom ops).</summary>
    public static bool IsGathered(BatchKernel kernel) =>
        kernel is BatchKernel.Sum or BatchKernel.Dot or BatchKernel.DotSharedWeights or BatchKernel.PerLaneGathered or BatchKernel.Custom;
}
