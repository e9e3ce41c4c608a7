namespace AutoGrad.Compilation;

/// <summary>
/// A compiled graph's instructions as the batched replay runs them: the nodes laid out as in the
/// compiled graph (leaves first, then op k as node <see cref="LeafCount"/> + k, the output last), and
/// each op with the kernel that runs it over a block of points.
/// </summary>
/// <param name="LeafCount">How many leaves come first.</param>
/// <param name="NodeCount">How many nodes, leaves included.</param>
/// <param name="Steps">One per op, in the order of the recording.</param>
/// <param name="GatheredInputs">The input positions of n-ary and custom ops, at each step's A .. A + B.</param>
/// <param name="CustomRules">The functions of each custom op, by step; null when the graph has none.</param>
internal sealed record BatchProgram(int LeafCount, int NodeCount, BatchStep[] Steps, int[] GatheredInputs, CustomRule[]? CustomRules);

/// <summary>
/// One op of a <see cref="BatchProgram"/>. A unary or binary op reads nodes <see cref="A"/> and
/// <see cref="B"/> (−1 for a unary op); an n-ary or custom op reads the positions
/// GatheredInputs[<see cref="A"/> .. <see cref="A"/> + <see cref="B"/>).
/// </summary>
/// <param name="Op">The op, whose kernel <see cref="OpCatalog"/> holds.</param>
/// <param name="Kernel">How the batched replay runs it.</param>
/// <param name="A">The first input, or where the gathered inputs start.</param>
/// <param name="B">The second input (−1 for none), or how many gathered inputs there are.</param>
/// <param name="Constant">The op's constant (Pow's exponent, LeakyRelu's slope); 0 for others.</param>
internal readonly record struct BatchStep(Op Op, BatchKernel Kernel, int A, int B, double Constant);

/// <summary>How the batched replay runs an op over a block of points.</summary>
internal enum BatchKernel : byte
{
    // Written out over vectors of lanes, one IEEE operation per lane for each the scalar rule does.
    Add,
    Sub,
    Mul,
    Div,
    Neg,
    Relu,
    LeakyRelu,
    Abs,
    Max,
    Min,
    Sum,
    Dot,

    /// <summary>A Dot whose first half (a neuron's weights) are all leaves that are not inputs: each weight is the same at every point, broadcast from one number instead of read from its row.</summary>
    DotSharedWeights,

    // AutoGrad's own elementary functions and exact IEEE ops over vectors of lanes (LaneMath, ILaneOps),
    // each storing its local derivative in a slope row as PerLane does; backward is PerLane's.
    Exp,
    Log,
    Sin,
    Cos,
    Sqrt,
    Step,
    Softsign,
    Sigmoid,

    /// <summary>ELU with its α as the step's constant.</summary>
    Elu,

    /// <summary>Pow with the constant exponent 2: x · x, slope 2 · x.</summary>
    Square,

    /// <summary>A unary or binary op: its scalar kernel (<see cref="OpCatalog.Evaluators"/>) called for each lane, the chain rule over vectors.</summary>
    PerLane,

    /// <summary>An n-ary op: its scalar kernels (<see cref="OpCatalog.GatheredForwards"/>, <see cref="OpCatalog.GatheredBackwards"/>) called for each lane.</summary>
    PerLaneGathered,

    /// <summary>A custom op: its <see cref="CustomRule"/> called for each lane.</summary>
    Custom,
}
