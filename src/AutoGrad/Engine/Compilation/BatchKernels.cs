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

        // AutoGrad's own exp, log, sin, cos (LaneMath) and ops that are exact IEEE operations: vector kernels.
        Op.Exp => BatchKernel.Exp,
        Op.Log => BatchKernel.Log,
        Op.Sin => BatchKernel.Sin,
        Op.Cos => BatchKernel.Cos,
        Op.Sqrt => BatchKernel.Sqrt,
        Op.Step => BatchKernel.Step,
        Op.Softsign => BatchKernel.Softsign,
        Op.Sigmoid => BatchKernel.Sigmoid,
        Op.Elu => double.IsNaN(constant) ? BatchKernel.PerLane : BatchKernel.Elu, // a NaN α, as LeakyReLU's NaN slope
        Op.Pow => constant == 2 ? BatchKernel.Square : BatchKernel.PerLane,

        // Library calls that are still the platform's (pow, tanh, atan), softplus (log1p's branches) and
        // PReLU (binary): each lane calls the very kernel the scalar replay calls.
        Op.PowValue or Op.Tanh or Op.Prelu or Op.Softplus or Op.Atan => BatchKernel.PerLane,
        Op.LogSumExp => BatchKernel.PerLaneGathered,
        Op.Custom => BatchKernel.Custom,
        Op.Leaf => throw new ArgumentException("A leaf is not an op: it has no kernel.", nameof(op)),
    };
#pragma warning restore CS8524

#pragma warning disable CS8524 // values of BatchKernel that have no name are not kernels
    /// <summary>How many rows of local derivatives a step of this kernel keeps per point: two for a per-lane unary or binary op, one for the vector unary kernels that store their slope, else none.</summary>
    public static int SlopeRows(BatchKernel kernel) => kernel switch
    {
        BatchKernel.PerLane => 2,
        BatchKernel.Exp or BatchKernel.Log or BatchKernel.Sin or BatchKernel.Cos or BatchKernel.Sqrt
            or BatchKernel.Step or BatchKernel.Softsign or BatchKernel.Sigmoid or BatchKernel.Elu or BatchKernel.Square => 1,
        BatchKernel.Add or BatchKernel.Sub or BatchKernel.Mul or BatchKernel.Div or BatchKernel.Neg or BatchKernel.Relu
            or BatchKernel.LeakyRelu or BatchKernel.Abs or BatchKernel.Max or BatchKernel.Min or BatchKernel.Sum or BatchKernel.Dot
            or BatchKernel.DotSharedWeights or BatchKernel.PerLaneGathered or BatchKernel.Custom => 0,
    };
#pragma warning restore CS8524

    /// <summary>True for kernels whose inputs are listed in <see cref="BatchProgram.GatheredInputs"/> (n-ary and custom ops).</summary>
    public static bool IsGathered(BatchKernel kernel) =>
        kernel is BatchKernel.Sum or BatchKernel.Dot or BatchKernel.DotSharedWeights or BatchKernel.PerLaneGathered or BatchKernel.Custom;
}
