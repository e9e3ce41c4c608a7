using System.Globalization;

namespace AutoGrad.Compilation;

/// <summary>
/// One <see cref="CompiledGraph"/> evaluated at many points in one call: a row of input values per
/// point in, a row of outputs (and of gradients) per point out. Each point's numbers equal, bit for
/// bit, what the compiled graph (and a fresh dynamic graph) gives at that point; branches (ReLU, Max,
/// Abs, …) are decided for each point on its own.
/// </summary>
/// <remarks>
/// Made by <see cref="CompiledGraph.Batch"/>. The leaves listed as <see cref="Inputs"/> take a new value
/// at each point; every other leaf keeps the value it has in the compiled graph's
/// <see cref="CompiledGraph.LeafValues"/> when the call starts (a model's parameters, typically).
/// A call leaves the compiled graph as it was: its leaf values, node values and gradients do not change.
/// Not safe for concurrent calls on one instance (it owns its working memory); make one per thread.
/// A point whose output is NaN, and every point while <see cref="Anomaly.IsDetecting"/>, is run through
/// the compiled graph itself, which such a call changes for its duration and then puts back: calls
/// on two batched replays of one compiled graph at once must not meet such points.
/// <para><b>How it runs.</b> The points are taken a block at a time (<see cref="BlockPoints"/> of
/// them). Within a block every node's values at the block's points lie side by side (node-major: row i
/// holds node i, lane p point p), so each recorded instruction is decoded once per block and applied to
/// a vector of points per machine instruction (<see cref="VectorLanes"/> doubles: 8 with AVX-512, 4
/// with AVX2, 2 with SSE2 or NEON, else 1). Add, Sub, Mul, Div, Neg, Sum, Dot, ReLU, LeakyReLU, Abs,
/// Max, Min, Sqrt, Step, Softsign, x², and (through AutoGrad's own elementary functions, written once
/// over lanes) Exp, Log, Sin, Cos, Sigmoid and ELU, forward and backward, are written out over vectors
/// with one IEEE operation per lane for each operation the scalar rule does (no fused multiply-add; −x
/// and |x| by the sign bit; branches by compare and select per lane, so max(−0, +0) = −0 and ReLU(−0) =
/// +0 as in the scalar rule). Ops whose scalar kernel still calls the platform's math library (tanh,
/// atan, softplus, pow with another exponent, …) call that very kernel for each lane, and custom ops
/// their functions, so they round as the scalar replay does.
/// Backward adds each point's contributions in the scalar replay's order, and only into the nodes that
/// lead to a gradient asked for (<see cref="GradientsOf"/>): a model's parameters, when only the input
/// gradients are wanted, cost nothing. NaN carries forward through every op, so a point with a NaN
/// anywhere has a NaN output; such points (rare) are run again by the compiled graph's scalar replay,
/// which applies the NaN policy (a NaN node sends NaN to its inputs' gradients) exactly.</para>
/// <para><b>Memory.</b> Made at the first call and reused by every later one (no allocation per
/// call after the first): 8 bytes × <see cref="BlockPoints"/> × (2 × nodes + 2 × per-lane ops) for
/// values, gradients and the local derivatives of per-lane ops. The block holds
/// <see cref="DefaultBlockPoints"/> points, narrowed so that memory stays within
/// <see cref="MemoryBudgetBytes"/> for large graphs, but never below one vector of points.</para>
/// </remarks>
/// <example>
/// <code>
/// var x = new Value(0, "x");
/// var compiled = CompiledGraph.Compile((x * x).Tanh());
/// var batch = compiled.Batch([x]);
/// double[] xs = [0.1, 0.2, 0.3], ys = new double[3], slopes = new double[3];
/// batch.Evaluate(xs, ys, slopes);   // ys[i] = tanh(xs[i]²), slopes[i] = d/dx at xs[i]
/// </code>
/// </example>
public sealed class BatchedReplay
{
    /// <summary>Points per block unless the graph is large (measured: see docs/performance.md, round three).</summary>
    internal const int DefaultBlockPoints = 128;

    /// <summary>The most a block's memory may take before the block is narrowed: 16 MiB.</summary>
    internal const long MemoryBudgetBytes = 16L << 20;

    private readonly CompiledGraph _graph;
    private readonly int[] _inputSlots;
    private readonly Value[] _inputs;
    private readonly Value[] _outputs;
    private readonly int[] _outputNodes;
    private readonly Value[] _gradientsOf;
    private readonly int[] _gradientSlots;
    private readonly BatchProgram _program;
    private readonly bool[] _needsGradient;
    private readonly int[] _sharedLeaves; // the leaves that are not inputs: the same at every point
    private readonly long[] _sharedBits;  // their values when their rows were last filled
    private readonly BatchRunner _runner;
    private BatchMemory? _memory;          // made at the first call
    private bool _sharedFilled;
    private double[]? _savedGraph;         // the compiled graph's numbers while points run through it
    private bool _graphSaved;

    internal BatchedReplay(CompiledGraph graph, Value[] inputs, Value[] outputs, Value[] gradientsOf)
        : this(graph, inputs, outputs, gradientsOf, BatchRunner.HardwareLanes, blockPoints: null)
    {
    }

    private BatchedReplay(CompiledGraph graph, Value[] inputs, Value[] outputs, Value[] gradientsOf, int vectorLanes, int? blockPoints)
    {
        _graph = graph;
        _inputs = inputs;
        _outputs = outputs;
        _gradientsOf = gradientsOf;
        _inputSlots = inputs.Select(leaf => graph.LeafIndex(leaf)).ToArray();
        _gradientSlots = gradientsOf.Select(leaf => graph.LeafIndex(leaf)).ToArray();
        _outputNodes = outputs.Select(graph.NodeIndex).ToArray();
        _program = graph.ToBatchProgram();
        MarkSharedWeights(_program, _inputSlots);
        _runner = BatchRunner.For(vectorLanes);
        _needsGradient = NeedsGradient(_program, _gradientSlots);
        _sharedLeaves = Enumerable.Range(0, _program.LeafCount).Except(_inputSlots).ToArray();
        _sharedBits = new long[_sharedLeaves.Length];
        BlockPoints = blockPoints ?? BlockPointsFor(_program, vectorLanes);
    }

    /// <summary>How many points one block holds (see the remarks).</summary>
    internal int BlockPoints { get; }

    /// <summary>How many doubles one vector holds in this replay.</summary>
    internal int VectorLanes => _runner.VectorLanes;

    /// <summary>The instruction set of the vectors.</summary>
    internal string InstructionSet => _runner.InstructionSet;

    /// <summary>The same replay with other vectors and blocks (tests run every width on one machine; benchmarks choose the block).</summary>
    internal BatchedReplay With(int vectorLanes, int blockPoints)
    {
        if (blockPoints <= 0 || blockPoints % vectorLanes != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(blockPoints), blockPoints, $"A block holds a positive multiple of {vectorLanes} points.");
        }

        return new BatchedReplay(_graph, _inputs, _outputs, _gradientsOf, vectorLanes, blockPoints);
    }

    /// <summary>The leaves whose value changes from point to point, in the order of each row of inputs.</summary>
    public IReadOnlyList<Value> Inputs => _inputs;

    /// <summary>The nodes whose value is reported for each point, in the order of each row of outputs (by default the graph's output alone).</summary>
    public IReadOnlyList<Value> Outputs => _outputs;

    /// <summary>The leaves whose gradient ∂output/∂leaf is reported for each point, in the order of each row of gradients (by default <see cref="Inputs"/>).</summary>
    public IReadOnlyList<Value> GradientsOf => _gradientsOf;

    /// <summary>Computes <see cref="Outputs"/> at every point.</summary>
    /// <param name="inputs">One row of <see cref="Inputs"/>.Count values per point, point after point.</param>
    /// <param name="outputs">Receives one row of <see cref="Outputs"/>.Count values per point; its length sets how many points there are.</param>
    /// <exception cref="ArgumentException">The spans' lengths do not fit the same number of points, two of them share memory, or the points are so many that a span of their inputs (or gradients) would be longer than a span can be (<see cref="int.MaxValue"/> numbers).</exception>
    public void Forward(ReadOnlySpan<double> inputs, Span<double> outputs)
    {
        int points = PointsOf(inputs, outputs, Span<double>.Empty, withGradients: false);
        Run(inputs, outputs, Span<double>.Empty, points, withGradients: false);
    }

    /// <summary>Computes <see cref="Outputs"/> and the gradients of the graph's output with respect to <see cref="GradientsOf"/> at every point.</summary>
    /// <param name="inputs">One row of <see cref="Inputs"/>.Count values per point, point after point.</param>
    /// <param name="outputs">Receives one row of <see cref="Outputs"/>.Count values per point; its length sets how many points there are.</param>
    /// <param name="gradients">Receives one row of <see cref="GradientsOf"/>.Count gradients per point.</param>
    /// <exception cref="ArgumentException">The spans' lengths do not fit the same number of points, two of them share memory, or the points are so many that a span of their inputs (or gradients) would be longer than a span can be (<see cref="int.MaxValue"/> numbers).</exception>
    public void Evaluate(ReadOnlySpan<double> inputs, Span<double> outputs, Span<double> gradients)
    {
        int points = PointsOf(inputs, outputs, gradients, withGradients: true);
        Run(inputs, outputs, gradients, points, withGradients: true);
    }

    private int PointsOf(ReadOnlySpan<double> inputs, Span<double> outputs, Span<double> gradients, bool withGradients)
    {
        // Rows are read a block at a time, and a point run again through the graph reads its inputs
        // after its block's results are written: a result written over an input not yet read would be
        // taken for it.
        if (inputs.Overlaps(outputs) || inputs.Overlaps(gradients) || ((ReadOnlySpan<double>)outputs).Overlaps(gradients))
        {
            string which = inputs.Overlaps(outputs) ? "outputs and inputs" : inputs.Overlaps(gradients) ? "gradients and inputs" : "outputs and gradients";
            throw new ArgumentException($"{which} share memory; pass arrays that do not overlap (results are written while inputs are still being read).", inputs.Overlaps(outputs) ? nameof(outputs) : nameof(gradients));
        }

        return PointsOf(inputs.Length, outputs.Length, gradients.Length, withGradients);
    }

    /// <summary>
    /// How many points spans of these lengths hold (the caller's spans, or lengths no test could
    /// allocate); throws, naming the span as Forward and Evaluate call it, when they do not agree.
    /// </summary>
    /// <param name="inputs">The length of the span of inputs.</param>
    /// <param name="outputs">The length of the span of outputs.</param>
    /// <param name="gradients">The length of the span of gradients (read only with gradients).</param>
    /// <param name="withGradients">True for Evaluate, false for Forward.</param>
    internal int PointsOf(int inputs, int outputs, int gradients, bool withGradients)
    {
        if (_outputs.Length == 0 || outputs % _outputs.Length != 0)
        {
            throw new ArgumentException(
                $"outputs has {outputs} numbers; expected a multiple of {_outputs.Length} (one row of Outputs per point).", nameof(outputs));
        }

        int points = outputs / _outputs.Length;

        // A row offset is (point × row) + column in int: sound while every row fits in a span, whose
        // length is an int. Counted in long, so points × row cannot wrap to a length that passes.
        RefuseRowsLongerThanASpan(points, _inputs.Length, nameof(inputs));
        if (withGradients)
        {
            RefuseRowsLongerThanASpan(points, _gradientsOf.Length, nameof(gradients));
        }

        if (inputs != points * _inputs.Length)
        {
            throw new ArgumentException(
                $"inputs has {inputs} numbers; expected {points * _inputs.Length} ({points} points of {_inputs.Length} inputs each, as outputs holds {points} points).", nameof(inputs));
        }

        if (withGradients && gradients != points * _gradientsOf.Length)
        {
            throw new ArgumentException(
                $"gradients has {gradients} numbers; expected {points * _gradientsOf.Length} ({points} points of {_gradientsOf.Length} gradients each).", nameof(gradients));
        }

        return points;
    }

    private static void RefuseRowsLongerThanASpan(int points, int perPoint, string span)
    {
        if ((long)points * perPoint > int.MaxValue)
        {
            throw new ArgumentException(
                $"{span} would need {(long)points * perPoint} numbers for {points} points of {perPoint} each, more than a span holds ({int.MaxValue}); pass at most {int.MaxValue / perPoint} points per call.", span);
        }
    }

    private void Run(ReadOnlySpan<double> inputs, Span<double> outputs, Span<double> gradients, int points, bool withGradients)
    {
        if (points == 0)
        {
            return;
        }

        try
        {
            if (Anomaly.IsDetecting)
            {
                // The scalar replay throws at the first non-finite node of the first bad point, with its message.
                for (int p = 0; p < points; p++)
                {
                    RunThroughGraph(p, inputs, outputs, gradients, withGradients);
                }

                return;
            }

            _memory ??= new BatchMemory(_program, _needsGradient, BlockPoints);
            FillSharedLeaves(_memory);
            withGradients &= _gradientSlots.Length > 0;
            int output = _program.NodeCount - 1;
            for (int start = 0; start < points; start += BlockPoints)
            {
                int lanes = Math.Min(BlockPoints, points - start);
                LoadInputs(_memory, inputs, start, lanes);
                _runner.Forward(_memory, lanes);
                if (withGradients)
                {
                    _runner.Backward(_memory, lanes);
                }

                StoreResults(_memory, outputs, gradients, start, lanes, withGradients);
                ReadOnlySpan<double> outputRow = _memory.ValueRow(output);
                for (int lane = 0; lane < lanes; lane++)
                {
                    if (double.IsNaN(outputRow[lane]))
                    {
                        RunThroughGraph(start + lane, inputs, outputs, gradients, withGradients);
                    }
                }
            }
        }
        finally
        {
            if (_graphSaved)
            {
                _graph.RestoreFrom(_savedGraph!);
                _graphSaved = false;
            }
        }
    }

    /// <summary>Dot steps whose first half are leaves that are not inputs (a neuron's weights) run with those broadcast.</summary>
    private static void MarkSharedWeights(BatchProgram program, int[] inputSlots)
    {
        for (int k = 0; k < program.Steps.Length; k++)
        {
            BatchStep step = program.Steps[k];
            if (step.Kernel != BatchKernel.Dot)
            {
                continue;
            }

            bool shared = true;
            for (int j = 0; j < step.B / 2 && shared; j++)
            {
                int node = program.GatheredInputs[step.A + j];
                shared = node < program.LeafCount && Array.IndexOf(inputSlots, node) < 0;
            }

            if (shared)
            {
                program.Steps[k] = step with { Kernel = BatchKernel.DotSharedWeights };
            }
        }
    }

    /// <summary>Which nodes' gradients lead to a gradient asked for: the listed leaves, and every op with such an input.</summary>
    private static bool[] NeedsGradient(BatchProgram program, int[] gradientSlots)
    {
        var needs = new bool[program.NodeCount];
        foreach (int slot in gradientSlots)
        {
            needs[slot] = true;
        }

        for (int k = 0; k < program.Steps.Length; k++)
        {
            BatchStep step = program.Steps[k];
            bool gathered = BatchKernels.IsGathered(step.Kernel);
            bool any = false;
            if (gathered)
            {
                for (int j = 0; j < step.B; j++)
                {
                    any |= needs[program.GatheredInputs[step.A + j]];
                }
            }
            else
            {
                any = needs[step.A] || (step.B >= 0 && needs[step.B]);
            }

            needs[program.LeafCount + k] = any;
        }

        return needs;
    }

    /// <summary>The default block, narrowed to whole vectors within the memory budget for large graphs.</summary>
    private static int BlockPointsFor(BatchProgram program, int vectorLanes)
    {
        long slopeRows = program.Steps.Sum(step => (long)BatchKernels.SlopeRows(step.Kernel));
        long bytesPerPoint = sizeof(double) * ((2L * program.NodeCount) + slopeRows);
        long fits = MemoryBudgetBytes / bytesPerPoint / vectorLanes * vectorLanes;
        return (int)Math.Clamp(fits, vectorLanes, DefaultBlockPoints);
    }

    /// <summary>Writes the leaves that are not inputs into every lane of their rows, when they changed since the last call.</summary>
    private void FillSharedLeaves(BatchMemory memory)
    {
        ReadOnlySpan<double> leaves = _graph.LeafValues;
        bool same = _sharedFilled;
        for (int i = 0; i < _sharedLeaves.Length && same; i++)
        {
            same = BitConverter.DoubleToInt64Bits(leaves[_sharedLeaves[i]]) == _sharedBits[i];
        }

        if (same)
        {
            return;
        }

        for (int i = 0; i < _sharedLeaves.Length; i++)
        {
            double value = leaves[_sharedLeaves[i]];
            memory.ValueRow(_sharedLeaves[i]).Fill(value);
            memory.LeafValues[_sharedLeaves[i]] = value;
            _sharedBits[i] = BitConverter.DoubleToInt64Bits(value);
        }

        _sharedFilled = true;
    }

    /// <summary>Moves the block's input rows (point-major in the caller's span) into their leaves' rows (one lane per point).</summary>
    private void LoadInputs(BatchMemory memory, ReadOnlySpan<double> inputs, int start, int lanes)
    {
        int count = _inputSlots.Length;
        for (int i = 0; i < count; i++)
        {
            Span<double> row = memory.ValueRow(_inputSlots[i]);
            for (int lane = 0; lane < lanes; lane++)
            {
                row[lane] = inputs[((start + lane) * count) + i];
            }
        }
    }

    private void StoreResults(BatchMemory memory, Span<double> outputs, Span<double> gradients, int start, int lanes, bool withGradients)
    {
        int count = _outputNodes.Length;
        for (int o = 0; o < count; o++)
        {
            ReadOnlySpan<double> row = memory.ValueRow(_outputNodes[o]);
            for (int lane = 0; lane < lanes; lane++)
            {
                outputs[((start + lane) * count) + o] = row[lane];
            }
        }

        if (!withGradients)
        {
            return;
        }

        count = _gradientSlots.Length;
        for (int g = 0; g < count; g++)
        {
            ReadOnlySpan<double> row = memory.GradientRow(_gradientSlots[g]);
            for (int lane = 0; lane < lanes; lane++)
            {
                gradients[((start + lane) * count) + g] = row[lane];
            }
        }
    }

    /// <summary>
    /// Point <paramref name="p"/> through the compiled graph's own scalar replay (its NaN policy and
    /// anomaly detection), from the leaf values it had when the call started; the graph is put back
    /// when the call ends.
    /// </summary>
    private void RunThroughGraph(int p, ReadOnlySpan<double> inputs, Span<double> outputs, Span<double> gradients, bool withGradients)
    {
        if (!_graphSaved)
        {
            _graph.SaveInto(ref _savedGraph);
            _graphSaved = true;
        }

        _graph.RestoreLeafValuesFrom(_savedGraph!);
        Span<double> leaves = _graph.LeafValues;
        for (int i = 0; i < _inputSlots.Length; i++)
        {
            leaves[_inputSlots[i]] = inputs[(p * _inputSlots.Length) + i];
        }

        _graph.Forward();
        for (int o = 0; o < _outputs.Length; o++)
        {
            outputs[(p * _outputs.Length) + o] = _graph.ValueOf(_outputs[o]);
        }

        if (withGradients)
        {
            _graph.Backward();
            for (int g = 0; g < _gradientSlots.Length; g++)
            {
                gradients[(p * _gradientSlots.Length) + g] = _graph.LeafGradients[_gradientSlots[g]];
            }
        }
    }

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"BatchedReplay({_inputs.Length} inputs, {_outputs.Length} outputs, {_gradientsOf.Length} gradients per point)");
}
