using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AutoGrad.Compilation;

/// <summary>
/// Runs a <see cref="BatchProgram"/> forward and backward over one block of points held in a
/// <see cref="BatchMemory"/>: each instruction is decoded once per block and applied to all its
/// points, a vector of lanes at a time.
/// </summary>
internal abstract class BatchRunner
{
    /// <summary>How many lanes one vector holds.</summary>
    public abstract int VectorLanes { get; }

    /// <summary>The instruction set the vectors use.</summary>
    public abstract string InstructionSet { get; }

    /// <summary>The widest vectors the hardware runs natively: 8 doubles with AVX-512, 4 with AVX2, 2 with SSE2 or NEON, else 1.</summary>
    public static int HardwareLanes =>
        Vector512.IsHardwareAccelerated ? 8 : Vector256.IsHardwareAccelerated ? 4 : Vector128.IsHardwareAccelerated ? 2 : 1;

    /// <summary>The runner for vectors of <paramref name="lanes"/> doubles (tests run every width, whatever the hardware).</summary>
    public static BatchRunner For(int lanes) => lanes switch
    {
        8 => new BatchRunner<Vector512<double>, Lanes512>(),
        4 => new BatchRunner<Vector256<double>, Lanes256>(),
        2 => new BatchRunner<Vector128<double>, Lanes128>(),
        1 => new BatchRunner<double, Lanes1>(),
        _ => throw new ArgumentOutOfRangeException(nameof(lanes), lanes, "Vectors hold 1, 2, 4 or 8 doubles."),
    };

    /// <summary>Computes every op node at the block's first <paramref name="lanes"/> points from the leaf rows.</summary>
    public abstract void Forward(BatchMemory memory, int lanes);

    /// <summary>
    /// Computes the gradient rows of every node that <see cref="BatchMemory.NeedsGradient"/>, from the
    /// output down, in the scalar replay's order of additions for each point.
    /// </summary>
    public abstract void Backward(BatchMemory memory, int lanes);
}

/// <summary>The runner for one vector type (the JIT specialises it: no call per lane).</summary>
/// <typeparam name="TV">The vector type.</typeparam>
/// <typeparam name="TOps">Its arithmetic.</typeparam>
internal sealed unsafe class BatchRunner<TV, TOps> : BatchRunner
    where TV : struct
    where TOps : struct, ILaneOps<TV>
{
    public override int VectorLanes => TOps.Count;

    public override string InstructionSet => TOps.Name;

    public override void Forward(BatchMemory memory, int lanes)
    {
        // Work on whole vectors: lanes past the block's points compute on stale numbers, which are
        // never read back; per-lane calls stop at the last point.
        int width = memory.Width, used = RoundUp(lanes);
        int leafCount = memory.Program.LeafCount;
        ref double values = ref memory.Values;
        ref double partials = ref memory.Partials;
        ref int scaled = ref MemoryMarshal.GetArrayDataReference(memory.ScaledInputs);
        BatchStep[] steps = memory.Program.Steps;
        for (int k = 0; k < steps.Length; k++)
        {
            BatchStep step = steps[k];
            ref double y = ref Unsafe.Add(ref values, (leafCount + k) * width);
            bool gathered = BatchKernels.IsGathered(step.Kernel);
            ref double a = ref Unsafe.Add(ref values, (gathered ? 0 : step.A) * width);
            switch (step.Kernel)
            {
                case BatchKernel.Add:
                    Binary<AddOp>(ref y, ref a, ref Unsafe.Add(ref values, step.B * width), used, 0);
                    break;
                case BatchKernel.Mul:
                    Binary<MulOp>(ref y, ref a, ref Unsafe.Add(ref values, step.B * width), used, 0);
                    break;
                case BatchKernel.Sub:
                    Binary<SubOp>(ref y, ref a, ref Unsafe.Add(ref values, step.B * width), used, 0);
                    break;
                case BatchKernel.Div:
                    Binary<DivOp>(ref y, ref a, ref Unsafe.Add(ref values, step.B * width), used, 0);
                    break;
                case BatchKernel.Max:
                    Binary<MaxOp>(ref y, ref a, ref Unsafe.Add(ref values, step.B * width), used, 0);
                    break;
                case BatchKernel.Min:
                    Binary<MinOp>(ref y, ref a, ref Unsafe.Add(ref values, step.B * width), used, 0);
                    break;
                case BatchKernel.Neg:
                    Binary<NegOp>(ref y, ref a, ref a, used, 0);
                    break;
                case BatchKernel.Relu:
                    Binary<ReluOp>(ref y, ref a, ref a, used, 0);
                    break;
                case BatchKernel.LeakyRelu:
                    Binary<LeakyReluOp>(ref y, ref a, ref a, used, step.Constant);
                    break;
                case BatchKernel.Abs:
                    Binary<AbsOp>(ref y, ref a, ref a, used, 0);
                    break;
                case BatchKernel.Dot:
                    ForwardDot(ref values, ref y, ref Unsafe.Add(ref scaled, step.A), step.B / 2, used);
                    break;
                case BatchKernel.DotSharedWeights:
                    ForwardDotSharedWeights(ref values, ref y, ref Unsafe.Add(ref scaled, step.A), ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(memory.Program.GatheredInputs), step.A), memory.LeafValues, step.B / 2, used);
                    break;
                case BatchKernel.Sum:
                    ForwardSum(ref values, ref y, ref Unsafe.Add(ref scaled, step.A), step.B, used);
                    break;
                case BatchKernel.Exp:
                    WithSlope<ExpOp>(ref y, ref a, ref Unsafe.Add(ref partials, memory.PartialRow[k] * width), used);
                    break;
                case BatchKernel.Log:
                    WithSlope<LogOp>(ref y, ref a, ref Unsafe.Add(ref partials, memory.PartialRow[k] * width), used);
                    break;
                case BatchKernel.Sin:
                    WithSlope<SinOp>(ref y, ref a, ref Unsafe.Add(ref partials, memory.PartialRow[k] * width), used);
                    break;
                case BatchKernel.Cos:
                    WithSlope<CosOp>(ref y, ref a, ref Unsafe.Add(ref partials, memory.PartialRow[k] * width), used);
                    break;
                case BatchKernel.Sqrt:
                    WithSlope<SqrtOp>(ref y, ref a, ref Unsafe.Add(ref partials, memory.PartialRow[k] * width), used);
                    break;
                case BatchKernel.Step:
                    WithSlope<StepOp>(ref y, ref a, ref Unsafe.Add(ref partials, memory.PartialRow[k] * width), used);
                    break;
                case BatchKernel.Softsign:
                    WithSlope<SoftsignOp>(ref y, ref a, ref Unsafe.Add(ref partials, memory.PartialRow[k] * width), used);
                    break;
                case BatchKernel.Square:
                    WithSlope<SquareOp>(ref y, ref a, ref Unsafe.Add(ref partials, memory.PartialRow[k] * width), used);
                    break;
                case BatchKernel.Sigmoid:
                    WithSlope<SigmoidOp>(ref y, ref a, ref Unsafe.Add(ref partials, memory.PartialRow[k] * width), used);
                    break;
                case BatchKernel.Elu:
                    EluWithSlope(ref y, ref a, ref Unsafe.Add(ref partials, memory.PartialRow[k] * width), used, step.Constant);
                    break;
                case BatchKernel.PerLane:
                    ForwardPerLane(step, ref y, ref a, ref Unsafe.Add(ref values, Math.Max(step.B, 0) * width), ref Unsafe.Add(ref partials, memory.PartialRow[k] * width), width, lanes);
                    break;
                case BatchKernel.PerLaneGathered:
                    ForwardGathered(step, ref values, ref y, memory.ScaledInputs.AsSpan(step.A, step.B), lanes);
                    break;
                default:
                    ForwardCustom(memory, k, step, ref y, lanes);
                    break;
            }
        }
    }

    public override void Backward(BatchMemory memory, int lanes)
    {
        int width = memory.Width, used = RoundUp(lanes);
        int leafCount = memory.Program.LeafCount;
        ref double values = ref memory.Values;
        ref double grads = ref memory.Grads;
        ref double partials = ref memory.Partials;
        bool[] needs = memory.NeedsGradient;
        foreach (int node in memory.ClearedRows)
        {
            memory.GradientRow(node)[..used].Clear();
        }

        // The seed ∂output/∂output, added to the cleared row as the scalar replay adds it.
        int output = memory.Program.NodeCount - 1;
        if (needs[output])
        {
            ref double seed = ref Unsafe.Add(ref grads, output * width);
            for (int i = 0; i < used; i += TOps.Count)
            {
                TOps.Store(ref Unsafe.Add(ref seed, i), TOps.Add(TOps.Load(ref Unsafe.Add(ref seed, i)), TOps.Splat(1)));
            }
        }

        BatchStep[] steps = memory.Program.Steps;
        for (int k = steps.Length - 1; k >= 0; k--)
        {
            int node = leafCount + k;
            if (!needs[node])
            {
                continue;
            }

            BatchStep step = steps[k];
            ref double g = ref Unsafe.Add(ref grads, node * width);
            ref double y = ref Unsafe.Add(ref values, node * width);
            // A unary or binary op's input rows (row 0 stands in for what a step does not have).
            bool gathered = BatchKernels.IsGathered(step.Kernel);
            int first = gathered ? 0 : step.A, second = gathered || step.B < 0 ? 0 : step.B;
            ref double a = ref Unsafe.Add(ref values, first * width);
            ref double b = ref Unsafe.Add(ref values, second * width);
            ref double ga = ref Unsafe.Add(ref grads, first * width);
            ref double gb = ref Unsafe.Add(ref grads, second * width);
            bool toA = !gathered && needs[first];
            bool toB = !gathered && step.B >= 0 && needs[second];
            switch (step.Kernel)
            {
                case BatchKernel.Add:
                    // ∂/∂a = ∂/∂b = 1, and 1 · g is g exactly.
                    Accumulate<TakeG>(toA, ref ga, ref a, ref b, ref y, ref g, used, 0);
                    Accumulate<TakeG>(toB, ref gb, ref a, ref b, ref y, ref g, used, 0);
                    break;
                case BatchKernel.Sub:
                    Accumulate<TakeG>(toA, ref ga, ref a, ref b, ref y, ref g, used, 0);
                    Accumulate<MinusOneTimesG>(toB, ref gb, ref a, ref b, ref y, ref g, used, 0);
                    break;
                case BatchKernel.Mul:
                    Accumulate<BTimesG>(toA, ref ga, ref a, ref b, ref y, ref g, used, 0);
                    Accumulate<ATimesG>(toB, ref gb, ref a, ref b, ref y, ref g, used, 0);
                    break;
                case BatchKernel.Div:
                    Accumulate<DivSlopeA>(toA, ref ga, ref a, ref b, ref y, ref g, used, 0);
                    Accumulate<DivSlopeB>(toB, ref gb, ref a, ref b, ref y, ref g, used, 0);
                    break;
                case BatchKernel.Neg:
                    Accumulate<MinusOneTimesG>(toA, ref ga, ref a, ref b, ref y, ref g, used, 0);
                    break;
                case BatchKernel.Relu:
                    Accumulate<ReluSlope>(toA, ref ga, ref a, ref b, ref y, ref g, used, 0);
                    break;
                case BatchKernel.LeakyRelu:
                    Accumulate<LeakyReluSlope>(toA, ref ga, ref a, ref b, ref y, ref g, used, step.Constant);
                    break;
                case BatchKernel.Abs:
                    Accumulate<AbsSlope>(toA, ref ga, ref a, ref b, ref y, ref g, used, 0);
                    break;
                case BatchKernel.Max:
                    Accumulate<MaxSlopeA>(toA, ref ga, ref a, ref b, ref y, ref g, used, 0);
                    Accumulate<MaxSlopeB>(toB, ref gb, ref a, ref b, ref y, ref g, used, 0);
                    break;
                case BatchKernel.Min:
                    Accumulate<MinSlopeA>(toA, ref ga, ref a, ref b, ref y, ref g, used, 0);
                    Accumulate<MinSlopeB>(toB, ref gb, ref a, ref b, ref y, ref g, used, 0);
                    break;
                case BatchKernel.Exp or BatchKernel.Log or BatchKernel.Sin or BatchKernel.Cos or BatchKernel.Sqrt
                    or BatchKernel.Step or BatchKernel.Softsign or BatchKernel.Sigmoid or BatchKernel.Elu or BatchKernel.Square:
                    Accumulate<BTimesG>(toA, ref ga, ref a, ref Unsafe.Add(ref partials, memory.PartialRow[k] * width), ref y, ref g, used, 0);
                    break;
                case BatchKernel.PerLane:
                    // The stored local derivatives, times g: the scalar replay's d · g.
                    ref double slopes = ref Unsafe.Add(ref partials, memory.PartialRow[k] * width);
                    Accumulate<BTimesG>(toA, ref ga, ref a, ref slopes, ref y, ref g, used, 0);
                    Accumulate<BTimesG>(toB, ref gb, ref a, ref Unsafe.Add(ref slopes, width), ref y, ref g, used, 0);
                    break;
                case BatchKernel.Sum:
                    BackwardSum(ref grads, ref g, memory.ScaledInputs.AsSpan(step.A, step.B), needs, width, used);
                    break;
                case BatchKernel.Dot:
                    BackwardDot(ref values, ref grads, ref g, memory.ScaledInputs.AsSpan(step.A, step.B), needs, width, used);
                    break;
                case BatchKernel.DotSharedWeights:
                    BackwardDotSharedWeights(ref values, ref grads, ref g, memory.ScaledInputs.AsSpan(step.A, step.B), memory.Program.GatheredInputs.AsSpan(step.A, step.B), memory.LeafValues, needs, width, used);
                    break;
                case BatchKernel.PerLaneGathered:
                    BackwardGathered(step, ref values, ref grads, ref y, ref g, memory.ScaledInputs.AsSpan(step.A, step.B), lanes);
                    break;
                default:
                    BackwardCustom(memory, k, step, ref grads, ref y, ref g, lanes);
                    break;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int RoundUp(int lanes) => (lanes + TOps.Count - 1) / TOps.Count * TOps.Count;

    /// <summary>y = f(a, b) over <paramref name="used"/> lanes; unary ops ignore b.</summary>
    /// <remarks>Not inlined (nor <see cref="Accumulate"/>): each kernel stays a small loop of its own, and the loop over instructions a small switch of calls.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Binary<TOp>(ref double y, ref double a, ref double b, int used, double constant)
        where TOp : struct, ILaneFunction
    {
        TV c = TOps.Splat(constant);
        for (int i = 0; i < used; i += TOps.Count)
        {
            TOps.Store(ref Unsafe.Add(ref y, i), TOp.Apply(TOps.Load(ref Unsafe.Add(ref a, i)), TOps.Load(ref Unsafe.Add(ref b, i)), c));
        }
    }

    /// <summary>grad += slope · g over <paramref name="used"/> lanes, when the gradient is wanted.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Accumulate<TSlope>(bool wanted, ref double grad, ref double a, ref double b, ref double y, ref double g, int used, double constant)
        where TSlope : struct, ISlopeTimesG
    {
        if (!wanted)
        {
            return;
        }

        TV c = TOps.Splat(constant);
        for (int i = 0; i < used; i += TOps.Count)
        {
            TV term = TSlope.Term(ref Unsafe.Add(ref a, i), ref Unsafe.Add(ref b, i), ref Unsafe.Add(ref y, i), TOps.Load(ref Unsafe.Add(ref g, i)), c);
            ref double at = ref Unsafe.Add(ref grad, i);
            TOps.Store(ref at, TOps.Add(TOps.Load(ref at), term));
        }
    }

    /// <summary>y = f(a) and its local derivative over <paramref name="used"/> lanes, as the op's rule computes them on one double.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void WithSlope<TOp>(ref double y, ref double a, ref double slope, int used)
        where TOp : struct, ISlopedFunction
    {
        for (int i = 0; i < used; i += TOps.Count)
        {
            TOps.Store(ref Unsafe.Add(ref y, i), TOp.Apply(TOps.Load(ref Unsafe.Add(ref a, i)), out TV d));
            TOps.Store(ref Unsafe.Add(ref slope, i), d);
        }
    }

    /// <summary>ELU over <paramref name="used"/> lanes: y = x &gt; 0 ? x : α·(eˣ − 1), ∂/∂x = x &gt; 0 ? 1 : α·eˣ, as <see cref="Value.EluRule"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void EluWithSlope(ref double y, ref double a, ref double slope, int used, double alpha)
    {
        TV c = TOps.Splat(alpha);
        for (int i = 0; i < used; i += TOps.Count)
        {
            TV x = TOps.Load(ref Unsafe.Add(ref a, i));
            TV positive = TOps.GreaterThan(x, TOps.Splat(0));
            TV e = LaneMath<TV, TOps>.Exp(x);
            TOps.Store(ref Unsafe.Add(ref y, i), TOps.Select(positive, x, TOps.Mul(c, TOps.Sub(e, TOps.Splat(1)))));
            TOps.Store(ref Unsafe.Add(ref slope, i), TOps.Select(positive, TOps.Splat(1), TOps.Mul(c, e)));
        }
    }

    /// <summary>Σ aᵢ·bᵢ from 0, in input order, as <see cref="Value.DotRule"/> adds: two vectors of points at a time, for two chains in flight.</summary>
    private static void ForwardDot(ref double values, ref double y, ref int scaled, int n, int used)
    {
        int i = 0;
        for (; i + (2 * TOps.Count) <= used; i += 2 * TOps.Count)
        {
            TV first = TOps.Splat(0), second = TOps.Splat(0);
            for (int j = 0; j < n; j++)
            {
                ref double aj = ref Unsafe.Add(ref values, Unsafe.Add(ref scaled, j) + i);
                ref double bj = ref Unsafe.Add(ref values, Unsafe.Add(ref scaled, n + j) + i);
                first = TOps.Add(first, TOps.Mul(TOps.Load(ref aj), TOps.Load(ref bj)));
                second = TOps.Add(second, TOps.Mul(TOps.Load(ref Unsafe.Add(ref aj, TOps.Count)), TOps.Load(ref Unsafe.Add(ref bj, TOps.Count))));
            }

            TOps.Store(ref Unsafe.Add(ref y, i), first);
            TOps.Store(ref Unsafe.Add(ref y, i + TOps.Count), second);
        }

        for (; i < used; i += TOps.Count)
        {
            TV dot = TOps.Splat(0);
            for (int j = 0; j < n; j++)
            {
                dot = TOps.Add(dot, TOps.Mul(
                    TOps.Load(ref Unsafe.Add(ref values, Unsafe.Add(ref scaled, j) + i)),
                    TOps.Load(ref Unsafe.Add(ref values, Unsafe.Add(ref scaled, n + j) + i))));
            }

            TOps.Store(ref Unsafe.Add(ref y, i), dot);
        }
    }

    /// <summary>
    /// <see cref="ForwardDot"/> where every aᵢ is a leaf shared by all points: aᵢ is broadcast from its
    /// one value (the number its row holds in every lane), so only the bᵢ rows are read.
    /// </summary>
    private static void ForwardDotSharedWeights(ref double values, ref double y, ref int scaled, ref int nodes, double[] leafValues, int n, int used)
    {
        ref double weights = ref MemoryMarshal.GetArrayDataReference(leafValues);
        int i = 0;
        for (; i + (2 * TOps.Count) <= used; i += 2 * TOps.Count)
        {
            TV first = TOps.Splat(0), second = TOps.Splat(0);
            for (int j = 0; j < n; j++)
            {
                TV weight = TOps.Splat(Unsafe.Add(ref weights, Unsafe.Add(ref nodes, j)));
                ref double bj = ref Unsafe.Add(ref values, Unsafe.Add(ref scaled, n + j) + i);
                first = TOps.Add(first, TOps.Mul(weight, TOps.Load(ref bj)));
                second = TOps.Add(second, TOps.Mul(weight, TOps.Load(ref Unsafe.Add(ref bj, TOps.Count))));
            }

            TOps.Store(ref Unsafe.Add(ref y, i), first);
            TOps.Store(ref Unsafe.Add(ref y, i + TOps.Count), second);
        }

        for (; i < used; i += TOps.Count)
        {
            TV dot = TOps.Splat(0);
            for (int j = 0; j < n; j++)
            {
                TV weight = TOps.Splat(Unsafe.Add(ref weights, Unsafe.Add(ref nodes, j)));
                dot = TOps.Add(dot, TOps.Mul(weight, TOps.Load(ref Unsafe.Add(ref values, Unsafe.Add(ref scaled, n + j) + i))));
            }

            TOps.Store(ref Unsafe.Add(ref y, i), dot);
        }
    }

    /// <summary><see cref="BackwardDot"/> with the shared aᵢ broadcast: ∂/∂aᵢ = bᵢ (when a weight's gradient is wanted), then ∂/∂bᵢ = aᵢ, each times g.</summary>
    private static void BackwardDotSharedWeights(ref double values, ref double grads, ref double g, ReadOnlySpan<int> rows, ReadOnlySpan<int> nodes, double[] leafValues, bool[] needs, int width, int used)
    {
        int n = rows.Length / 2;
        for (int j = 0; j < n; j++)
        {
            if (needs[nodes[j]])
            {
                ref double into = ref Unsafe.Add(ref grads, rows[j]);
                ref double partner = ref Unsafe.Add(ref values, rows[j + n]);
                for (int i = 0; i < used; i += TOps.Count)
                {
                    TV term = TOps.Mul(TOps.Load(ref Unsafe.Add(ref partner, i)), TOps.Load(ref Unsafe.Add(ref g, i)));
                    TOps.Store(ref Unsafe.Add(ref into, i), TOps.Add(TOps.Load(ref Unsafe.Add(ref into, i)), term));
                }
            }
        }

        for (int j = n; j < rows.Length; j++)
        {
            if (needs[nodes[j]])
            {
                ref double into = ref Unsafe.Add(ref grads, rows[j]);
                TV weight = TOps.Splat(leafValues[nodes[j - n]]);
                for (int i = 0; i < used; i += TOps.Count)
                {
                    TV term = TOps.Mul(weight, TOps.Load(ref Unsafe.Add(ref g, i)));
                    TOps.Store(ref Unsafe.Add(ref into, i), TOps.Add(TOps.Load(ref Unsafe.Add(ref into, i)), term));
                }
            }
        }
    }

    /// <summary>Σ xᵢ from 0, in input order, as <see cref="Value.SumRule"/> adds.</summary>
    private static void ForwardSum(ref double values, ref double y, ref int scaled, int n, int used)
    {
        for (int i = 0; i < used; i += TOps.Count)
        {
            TV sum = TOps.Splat(0);
            for (int j = 0; j < n; j++)
            {
                sum = TOps.Add(sum, TOps.Load(ref Unsafe.Add(ref values, Unsafe.Add(ref scaled, j) + i)));
            }

            TOps.Store(ref Unsafe.Add(ref y, i), sum);
        }
    }

    /// <summary>The op's scalar kernel at each point, which also stores its two local derivatives.</summary>
    private static void ForwardPerLane(BatchStep step, ref double y, ref double a, ref double b, ref double partials, int width, int lanes)
    {
        delegate*<double, double, double, out double, out double, double> kernel = OpCatalog.Evaluators[(int)step.Op];
        bool binary = step.B >= 0;
        double constant = step.Constant;
        ref double second = ref Unsafe.Add(ref partials, width);
        for (int l = 0; l < lanes; l++)
        {
            Unsafe.Add(ref y, l) = kernel(Unsafe.Add(ref a, l), binary ? Unsafe.Add(ref b, l) : 0, constant, out Unsafe.Add(ref partials, l), out Unsafe.Add(ref second, l));
        }
    }

    /// <summary>An n-ary op's scalar kernel at each point: its inputs' rows, read at the point's lane.</summary>
    private static void ForwardGathered(BatchStep step, ref double values, ref double y, ReadOnlySpan<int> rows, int lanes)
    {
        delegate*<ref double, ReadOnlySpan<int>, double> kernel = OpCatalog.GatheredForwards[(int)step.Op];
        for (int l = 0; l < lanes; l++)
        {
            Unsafe.Add(ref y, l) = kernel(ref Unsafe.Add(ref values, l), rows);
        }
    }

    private static void ForwardCustom(BatchMemory memory, int k, BatchStep step, ref double y, int lanes)
    {
        CustomRule rule = memory.Program.CustomRules![k];
        ReadOnlySpan<int> rows = memory.ScaledInputs.AsSpan(step.A, step.B);
        Span<double> inputs = memory.CustomScratch.AsSpan(0, step.B);
        ref double values = ref memory.Values;
        for (int l = 0; l < lanes; l++)
        {
            for (int j = 0; j < rows.Length; j++)
            {
                inputs[j] = Unsafe.Add(ref values, rows[j] + l);
            }

            Unsafe.Add(ref y, l) = rule.Forward(inputs);
        }
    }

    /// <summary>Every ∂/∂xᵢ = 1: g itself, added into each wanted input in input order.</summary>
    private static void BackwardSum(ref double grads, ref double g, ReadOnlySpan<int> rows, bool[] needs, int width, int used)
    {
        for (int j = 0; j < rows.Length; j++)
        {
            if (needs[rows[j] / width])
            {
                ref double into = ref Unsafe.Add(ref grads, rows[j]);
                for (int i = 0; i < used; i += TOps.Count)
                {
                    TOps.Store(ref Unsafe.Add(ref into, i), TOps.Add(TOps.Load(ref Unsafe.Add(ref into, i)), TOps.Load(ref Unsafe.Add(ref g, i))));
                }
            }
        }
    }

    /// <summary>∂/∂aᵢ = bᵢ for every i, then ∂/∂bᵢ = aᵢ, each times g: the order <see cref="Value.DotRule"/> hands them out.</summary>
    private static void BackwardDot(ref double values, ref double grads, ref double g, ReadOnlySpan<int> rows, bool[] needs, int width, int used)
    {
        int n = rows.Length / 2;
        for (int j = 0; j < rows.Length; j++)
        {
            if (!needs[rows[j] / width])
            {
                continue;
            }

            ref double into = ref Unsafe.Add(ref grads, rows[j]);
            ref double partner = ref Unsafe.Add(ref values, rows[j < n ? j + n : j - n]);
            for (int i = 0; i < used; i += TOps.Count)
            {
                TV term = TOps.Mul(TOps.Load(ref Unsafe.Add(ref partner, i)), TOps.Load(ref Unsafe.Add(ref g, i)));
                TOps.Store(ref Unsafe.Add(ref into, i), TOps.Add(TOps.Load(ref Unsafe.Add(ref into, i)), term));
            }
        }
    }

    private static void BackwardGathered(BatchStep step, ref double values, ref double grads, ref double y, ref double g, ReadOnlySpan<int> rows, int lanes)
    {
        delegate*<ref double, ReadOnlySpan<int>, double, ref double, double, void> kernel = OpCatalog.GatheredBackwards[(int)step.Op];
        for (int l = 0; l < lanes; l++)
        {
            kernel(ref Unsafe.Add(ref values, l), rows, Unsafe.Add(ref y, l), ref Unsafe.Add(ref grads, l), Unsafe.Add(ref g, l));
        }
    }

    private static void BackwardCustom(BatchMemory memory, int k, BatchStep step, ref double grads, ref double y, ref double g, int lanes)
    {
        CustomRule rule = memory.Program.CustomRules![k];
        ReadOnlySpan<int> rows = memory.ScaledInputs.AsSpan(step.A, step.B);
        Span<double> inputs = memory.CustomScratch.AsSpan(0, step.B);
        ref double values = ref memory.Values;
        for (int l = 0; l < lanes; l++)
        {
            for (int j = 0; j < rows.Length; j++)
            {
                inputs[j] = Unsafe.Add(ref values, rows[j] + l);
            }

            for (int j = 0; j < rows.Length; j++)
            {
                Unsafe.Add(ref grads, rows[j] + l) += rule.Derivative(inputs, Unsafe.Add(ref y, l), j) * Unsafe.Add(ref g, l);
            }
        }
    }

    /// <summary>A lane-wise forward function y = f(a, b, constant).</summary>
    private interface ILaneFunction
    {
        static abstract TV Apply(TV a, TV b, TV constant);
    }

    /// <summary>A lane-wise unary function with its local derivative, each the very operations of the op's rule on one double.</summary>
    private interface ISlopedFunction
    {
        static abstract TV Apply(TV x, out TV slope);
    }

    /// <summary>
    /// A lane-wise term of the chain rule: a local derivative times g, as the scalar replay multiplies
    /// them. It reads only the rows it needs (a, b, y at the current vector).
    /// </summary>
    private interface ISlopeTimesG
    {
        static abstract TV Term(ref double a, ref double b, ref double y, TV g, TV constant);
    }

    private readonly struct AddOp : ILaneFunction
    {
        public static TV Apply(TV a, TV b, TV constant) => TOps.Add(a, b);
    }

    private readonly struct SubOp : ILaneFunction
    {
        public static TV Apply(TV a, TV b, TV constant) => TOps.Sub(a, b);
    }

    private readonly struct MulOp : ILaneFunction
    {
        public static TV Apply(TV a, TV b, TV constant) => TOps.Mul(a, b);
    }

    private readonly struct DivOp : ILaneFunction
    {
        public static TV Apply(TV a, TV b, TV constant) => TOps.Div(a, b);
    }

    private readonly struct NegOp : ILaneFunction
    {
        public static TV Apply(TV a, TV b, TV constant) => TOps.Negate(a);
    }

    // Branch ops decide per lane with compare + select. A NaN lane must stay NaN (the scalar kernel
    // makes it NaN, and the replay sends NaN lanes to the scalar path by the output): where a
    // comparison with NaN is false, the select takes the NaN input explicitly.
    private readonly struct ReluOp : ILaneFunction
    {
        // x > 0 ? x : 0 (so ReLU(−0) = +0).
        public static TV Apply(TV a, TV b, TV constant) => TOps.Select(TOps.Or(TOps.GreaterThan(a, TOps.Splat(0)), TOps.IsNaN(a)), a, TOps.Splat(0));
    }

    private readonly struct LeakyReluOp : ILaneFunction
    {
        // x > 0 ? x : slope · x (NaN stays NaN through the product).
        public static TV Apply(TV a, TV b, TV constant) => TOps.Select(TOps.GreaterThan(a, TOps.Splat(0)), a, TOps.Mul(constant, a));
    }

    private readonly struct AbsOp : ILaneFunction
    {
        public static TV Apply(TV a, TV b, TV constant) => TOps.Abs(a);
    }

    private readonly struct MaxOp : ILaneFunction
    {
        // a ≥ b ? a : b (a wins ties, so max(−0, +0) = −0); a NaN a is kept, a NaN b is taken already.
        public static TV Apply(TV a, TV b, TV constant) => TOps.Select(TOps.Or(TOps.GreaterThanOrEqual(a, b), TOps.IsNaN(a)), a, b);
    }

    private readonly struct MinOp : ILaneFunction
    {
        public static TV Apply(TV a, TV b, TV constant) => TOps.Select(TOps.Or(TOps.LessThanOrEqual(a, b), TOps.IsNaN(a)), a, b);
    }

    // The unary rules over lanes. Each does, per lane, what Value.*Rule.Forward and Derivative<Real> do
    // on one double (LaneMath with Lanes1 is what Elementary calls).
    private readonly struct ExpOp : ISlopedFunction
    {
        // ∂/∂x = eˣ = y.
        public static TV Apply(TV x, out TV slope) => slope = LaneMath<TV, TOps>.Exp(x);
    }

    private readonly struct LogOp : ISlopedFunction
    {
        // ∂/∂x = x == 0 ? +∞ : 1 / x.
        public static TV Apply(TV x, out TV slope)
        {
            slope = TOps.Select(TOps.Equal(x, TOps.Splat(0)), TOps.Splat(double.PositiveInfinity), TOps.Div(TOps.Splat(1), x));
            return LaneMath<TV, TOps>.Log(x);
        }
    }

    private readonly struct SinOp : ISlopedFunction
    {
        // ∂/∂x = cos x, from the same reduction.
        public static TV Apply(TV x, out TV slope)
        {
            LaneMath<TV, TOps>.SinCos(x, out TV sin, out slope);
            return sin;
        }
    }

    private readonly struct CosOp : ISlopedFunction
    {
        // ∂/∂x = −sin x.
        public static TV Apply(TV x, out TV slope)
        {
            LaneMath<TV, TOps>.SinCos(x, out TV sin, out TV cos);
            slope = TOps.Negate(sin);
            return cos;
        }
    }

    private readonly struct SqrtOp : ISlopedFunction
    {
        // y = √x + 0 (√−0 = −0 becomes +0); ∂/∂x = 0.5 / y.
        public static TV Apply(TV x, out TV slope)
        {
            TV y = TOps.Add(TOps.Sqrt(x), TOps.Splat(0));
            slope = TOps.Div(TOps.Splat(0.5), y);
            return y;
        }
    }

    private readonly struct StepOp : ISlopedFunction
    {
        // NaN → NaN, x > 0 → 1, else 0; ∂/∂x = 0.
        public static TV Apply(TV x, out TV slope)
        {
            slope = TOps.Splat(0);
            return TOps.Select(TOps.IsNaN(x), TOps.Splat(double.NaN), TOps.Select(TOps.GreaterThan(x, TOps.Splat(0)), TOps.Splat(1), TOps.Splat(0)));
        }
    }

    private readonly struct SoftsignOp : ISlopedFunction
    {
        // y = ±∞ → ±1, else x / (1 + |x|); ∂/∂x = d·d with d = x ≥ 0 ? 1 − y : 1 + y.
        public static TV Apply(TV x, out TV slope)
        {
            TV signOfX = TOps.Or(TOps.And(x, TOps.Splat(-0.0)), TOps.Splat(1));
            TV y = TOps.Select(
                TOps.Equal(TOps.Abs(x), TOps.Splat(double.PositiveInfinity)),
                signOfX,
                TOps.Div(x, TOps.Add(TOps.Splat(1), TOps.Abs(x))));
            TV distance = TOps.Select(TOps.GreaterThanOrEqual(x, TOps.Splat(0)), TOps.Sub(TOps.Splat(1), y), TOps.Add(TOps.Splat(1), y));
            slope = TOps.Mul(distance, distance);
            return y;
        }
    }

    private readonly struct SigmoidOp : ISlopedFunction
    {
        // e = e^(−|x|); y = x ≥ 0 ? 1 / (1 + e) : e / (1 + e); ∂/∂x = y·(1 − y).
        public static TV Apply(TV x, out TV slope)
        {
            TV e = LaneMath<TV, TOps>.Exp(TOps.Negate(TOps.Abs(x)));
            TV onePlus = TOps.Add(TOps.Splat(1), e);
            TV y = TOps.Select(TOps.GreaterThanOrEqual(x, TOps.Splat(0)), TOps.Div(TOps.Splat(1), onePlus), TOps.Div(e, onePlus));
            slope = TOps.Mul(y, TOps.Sub(TOps.Splat(1), y));
            return y;
        }
    }

    private readonly struct SquareOp : ISlopedFunction
    {
        // x² = x · x (Elementary.Pow's p = 2); ∂/∂x = 2 · x¹, and x¹ is x.
        public static TV Apply(TV x, out TV slope)
        {
            slope = TOps.Mul(TOps.Splat(2), x);
            return TOps.Mul(x, x);
        }
    }

    private readonly struct TakeG : ISlopeTimesG
    {
        public static TV Term(ref double a, ref double b, ref double y, TV g, TV constant) => g;
    }

    private readonly struct MinusOneTimesG : ISlopeTimesG
    {
        public static TV Term(ref double a, ref double b, ref double y, TV g, TV constant) => TOps.Mul(TOps.Splat(-1), g);
    }

    private readonly struct ATimesG : ISlopeTimesG
    {
        public static TV Term(ref double a, ref double b, ref double y, TV g, TV constant) => TOps.Mul(TOps.Load(ref a), g);
    }

    private readonly struct BTimesG : ISlopeTimesG
    {
        public static TV Term(ref double a, ref double b, ref double y, TV g, TV constant) => TOps.Mul(TOps.Load(ref b), g);
    }

    private readonly struct DivSlopeA : ISlopeTimesG
    {
        // (1 / b) · g
        public static TV Term(ref double a, ref double b, ref double y, TV g, TV constant) => TOps.Mul(TOps.Div(TOps.Splat(1), TOps.Load(ref b)), g);
    }

    private readonly struct DivSlopeB : ISlopeTimesG
    {
        // (−y / b) · g, as DivRule writes −a/b²
        public static TV Term(ref double a, ref double b, ref double y, TV g, TV constant) => TOps.Mul(TOps.Div(TOps.Negate(TOps.Load(ref y)), TOps.Load(ref b)), g);
    }

    private readonly struct ReluSlope : ISlopeTimesG
    {
        public static TV Term(ref double a, ref double b, ref double y, TV g, TV constant) => TOps.Mul(TOps.Select(TOps.GreaterThan(TOps.Load(ref a), TOps.Splat(0)), TOps.Splat(1), TOps.Splat(0)), g);
    }

    private readonly struct LeakyReluSlope : ISlopeTimesG
    {
        public static TV Term(ref double a, ref double b, ref double y, TV g, TV constant) => TOps.Mul(TOps.Select(TOps.GreaterThan(TOps.Load(ref a), TOps.Splat(0)), TOps.Splat(1), constant), g);
    }

    private readonly struct AbsSlope : ISlopeTimesG
    {
        // x > 0 ? 1 : x < 0 ? −1 : 0
        public static TV Term(ref double a, ref double b, ref double y, TV g, TV constant) =>
            TOps.Mul(TOps.Select(TOps.GreaterThan(TOps.Load(ref a), TOps.Splat(0)), TOps.Splat(1), TOps.Select(TOps.LessThan(TOps.Load(ref a), TOps.Splat(0)), TOps.Splat(-1), TOps.Splat(0))), g);
    }

    private readonly struct MaxSlopeA : ISlopeTimesG
    {
        public static TV Term(ref double a, ref double b, ref double y, TV g, TV constant) => TOps.Mul(TOps.Select(TOps.GreaterThanOrEqual(TOps.Load(ref a), TOps.Load(ref b)), TOps.Splat(1), TOps.Splat(0)), g);
    }

    private readonly struct MaxSlopeB : ISlopeTimesG
    {
        public static TV Term(ref double a, ref double b, ref double y, TV g, TV constant) => TOps.Mul(TOps.Select(TOps.GreaterThanOrEqual(TOps.Load(ref a), TOps.Load(ref b)), TOps.Splat(0), TOps.Splat(1)), g);
    }

    private readonly struct MinSlopeA : ISlopeTimesG
    {
        public static TV Term(ref double a, ref double b, ref double y, TV g, TV constant) => TOps.Mul(TOps.Select(TOps.LessThanOrEqual(TOps.Load(ref a), TOps.Load(ref b)), TOps.Splat(1), TOps.Splat(0)), g);
    }

    private readonly struct MinSlopeB : ISlopeTimesG
    {
        public static TV Term(ref double a, ref double b, ref double y, TV g, TV constant) => TOps.Mul(TOps.Select(TOps.LessThanOrEqual(TOps.Load(ref a), TOps.Load(ref b)), TOps.Splat(0), TOps.Splat(1)), g);
    }
}
