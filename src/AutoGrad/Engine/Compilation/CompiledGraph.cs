using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoGrad.Compilation;

/// <summary>
/// A graph recorded once and flattened into arrays, then evaluated — value and gradient — at new
/// leaf values as often as needed, with no allocation per evaluation. Ops whose branch depends on
/// the data (ReLU, Max, Abs, …) decide it afresh each time, so every evaluation equals what a fresh
/// dynamic graph would give at the same point, bit for bit.
/// </summary>
/// <remarks>
/// Use it when the graph's shape stays the same and only numbers change: a full-batch training step,
/// a function evaluated at many points. Custom ops made with functions replay like built-in ones;
/// custom ops given as numbers at one point cannot be replayed and are refused.
/// <para>Compiling is cheap: recording a graph costs about what one dynamic step of it costs, and the
/// first evaluation runs at once, through an interpreter of the recorded instructions. Where the runtime
/// supports dynamic code, a graph that has been replayed a few dozen times gets code generated for it
/// on a thread-pool thread (stretches that repeat, such as a network applied to each data point, become
/// loops), and a later <see cref="Forward"/> or <see cref="Evaluate"/> switches to it; it runs at about
/// the speed of hand-written code, several times the interpreter's on large graphs. Elsewhere (native
/// AOT, and file-based apps, which default to <c>PublishAot</c>) the graph stays interpreted. Every
/// replay gives the same numbers, bit for bit, before and after the switch; <see cref="Mode"/> says
/// which one a graph runs now.</para>
/// </remarks>
/// <example>
/// <code>
/// Value loss = BuildLoss(model, data);        // once
/// var compiled = CompiledGraph.Compile(loss);
/// for (int step = 0; step &lt; 100; step++)
/// {
///     optimizer.ZeroGrad();
///     compiled.Evaluate();                    // reads parameters' Data, adds into their Grad
///     optimizer.Step();
/// }
/// </code>
/// </example>
public sealed unsafe partial class CompiledGraph
{
    // Nodes are laid out leaves first, then every op in topological order, so the leaves' values and
    // gradients are the first slots of the node arrays and need no copying in or out.
    private readonly Instruction[] _instructions; // one per op node; op k is node _leafCount + k
    private readonly int _leafCount;
    private readonly double[] _constants; // the constant of Pow, LeakyRelu, Elu; 0 for other ops
    private readonly CustomRule[]? _customRules; // the functions of each custom op, by op index; null when there is none
    private readonly double[] _customScratch;    // a custom op's inputs, gathered for its functions
    private readonly int[] _naryInputs; // every op's inputs' positions, op after op (n-ary and custom instructions point into it)
    private readonly double[] _values;
    private readonly double[] _grads;
    private readonly double[] _firstPartials;
    private readonly double[] _secondPartials;
    private readonly Value[] _nodes; // every node, in the layout of the arrays
    private readonly Value[] _leaves;
    private readonly Value _outputNode; // the node Compile was given: the last of the layout
    private Dictionary<Value, int>? _indexOf; // node → position, made when first asked for (recording does without it)

    // The replay Forward and Backward run: null, the interpreter. Changes only at the start of a
    // Forward, on the caller's thread, so a Backward always follows the Forward it belongs to.
    private GeneratedReplay? _generated;
    private readonly TierUp? _tierUp; // null: this graph stays as it was compiled

    private CompiledGraph(RecordedGraph graph, ReplayMode mode, int? tierUpAfter)
    {
        foreach (Value node in graph.Nodes)
        {
            if (node.ReplayRefusal is { } reason)
            {
                throw new NotSupportedException(
                    $"The graph cannot be compiled: it holds {(node.IsLeaf ? "the constant" : "the node")} {Anomaly.OpName(node)} = {node.Data.ToString("R", CultureInfo.InvariantCulture)}, which {reason} A replay would repeat that value at every evaluation; build this graph afresh for each evaluation instead.");
            }
        }

        _nodes = graph.Nodes;
        _leafCount = graph.LeafCount;
        _leaves = _nodes[.._leafCount];
        _outputNode = _nodes[^1];
        _naryInputs = graph.Inputs;
        int opCount = graph.OpCount;

        // Every op is evaluated by the kernel its declaration provides (see OpCatalog), so the
        // replay runs the very rule the dynamic graph ran.
        _instructions = GC.AllocateUninitializedArray<Instruction>(opCount);
        _constants = new double[opCount];
        int[] starts = graph.Starts;
        int widestCustom = 0;
        for (int k = 0; k < opCount; k++)
        {
            Value node = _nodes[_leafCount + k];
            OpInfo op = OpCatalog.Of(node.Op);
            int start = starts[k], count = starts[k + 1] - start;
            switch (op.Shape)
            {
                case OpShape.Unary or OpShape.Binary:
                    _instructions[k] = Instruction.OfInputs(
                        node.Op,
                        node.Op switch { Op.Add => Kind.Add, Op.Mul => Kind.Mul, Op.Relu => Kind.Relu, _ => Kind.Call },
                        a: _naryInputs[start],
                        b: op.Shape == OpShape.Binary ? _naryInputs[start + 1] : -1);
                    if (op.HasConstant)
                    {
                        _constants[k] = node.Parameter!.Value;
                    }

                    break;
                case OpShape.Nary:
                    _instructions[k] = Instruction.Gathered(node.Op, node.Op switch { Op.Sum => Kind.Sum, Op.Dot => Kind.Dot, _ => Kind.NaryCall }, start, count);
                    break;
                default:
                    CustomRule rule = node.CustomRule ?? throw new NotSupportedException(
                        $"The graph holds the custom op '{node.CustomName}', which recorded its value and derivatives at one point only and cannot be replayed. Make it with Value.Custom(name, inputs, forward, derivative), or rebuild this graph dynamically.");
                    _customRules ??= new CustomRule[opCount];
                    _customRules[k] = rule;
                    widestCustom = Math.Max(widestCustom, count);
                    _instructions[k] = Instruction.Gathered(node.Op, Kind.Custom, start, count);
                    break;
            }
        }

        _customScratch = new double[widestCustom];
        _values = new double[_nodes.Length];
        _grads = new double[_nodes.Length];
        _firstPartials = new double[opCount];
        _secondPartials = new double[opCount];
        for (int i = 0; i < _leafCount; i++)
        {
            _values[i] = _leaves[i].Data;
        }

        if (mode == ReplayMode.Generated)
        {
            _generated = GeneratedReplay.Emit(_instructions, _naryInputs, _leafCount);
        }
        else if (tierUpAfter is { } after)
        {
            _tierUp = new TierUp(this, after);
        }
    }

    /// <summary>How many nodes the graph has, leaves included.</summary>
    public int NodeCount => _values.Length;

    /// <summary>The leaves (inputs, parameters, constants), in the order of <see cref="LeafValues"/>.</summary>
    public IReadOnlyList<Value> Leaves => _leaves;

    /// <summary>The leaf values the next <see cref="Forward"/> uses; write new inputs here. Starts at the leaves' data when compiled.</summary>
    public Span<double> LeafValues => _values.AsSpan(0, _leafCount);

    /// <summary>∂output/∂leaf for each leaf, from the last <see cref="Backward"/>.</summary>
    public ReadOnlySpan<double> LeafGradients => _grads.AsSpan(0, _leafCount);

    /// <summary>The output's value from the last <see cref="Forward"/>.</summary>
    public double Output => _values[^1];

    /// <summary>
    /// Records the graph that produces <paramref name="output"/>. The graph replays through the
    /// interpreter at once; after some replays, where the runtime allows dynamic code, code is generated
    /// for it on a thread-pool thread and a later <see cref="Forward"/> or <see cref="Evaluate"/> switches
    /// to it (see <see cref="Mode"/>). The switch changes no number.
    /// </summary>
    /// <param name="output">The value to compute and differentiate, for example a loss.</param>
    /// <exception cref="ArgumentNullException"><paramref name="output"/> is null.</exception>
    /// <exception cref="NotSupportedException">
    /// The graph holds a custom op given as numbers, or a node whose value was decided when the graph
    /// was built and would go stale in a replay: a training-mode <see cref="Nn.Dropout"/> mask, or any
    /// <see cref="Nn.BatchNorm"/> output (training mode updates its running statistics on each forward,
    /// evaluation mode reads them). The message names the node.
    /// </exception>
    public static CompiledGraph Compile(Value output) =>
        Compile(output, ReplayMode.Interpreted, RuntimeFeature.IsDynamicCodeSupported ? TierUpAfter : null);

    /// <summary>Records the graph and replays it the given way from the start, for good (tests run both ways over the same graphs).</summary>
    internal static CompiledGraph Compile(Value output, ReplayMode mode) => Compile(output, mode, tierUpAfter: null);

    /// <summary>
    /// Records the graph; it replays <paramref name="mode"/>, and when <paramref name="tierUpAfter"/> is
    /// given (with the interpreter) starts generating code in the background at that replay.
    /// </summary>
    internal static CompiledGraph Compile(Value output, ReplayMode mode, int? tierUpAfter)
    {
        ArgumentNullException.ThrowIfNull(output);
        var graph = new CompiledGraph(output.Record(), mode, tierUpAfter);
        graph.Forward();
        return graph;
    }

    /// <summary>
    /// How this graph replays now: <see cref="ReplayMode.Interpreted"/> at first, then
    /// <see cref="ReplayMode.Generated"/> from the <see cref="Forward"/> (or <see cref="Evaluate"/>) at
    /// which it switched to the code generated for it in the background. Both give the same numbers,
    /// bit for bit; generated code runs large graphs several times faster. It never changes between a
    /// <see cref="Forward"/> and the <see cref="Backward"/> after it, and stays
    /// <see cref="ReplayMode.Interpreted"/> where the runtime forbids dynamic code, or if generating it
    /// failed. A file-based app (<c>dotnet run app.cs</c>) defaults to <c>PublishAot</c>, which
    /// switches dynamic code off even on the JIT (<see cref="RuntimeFeature.IsDynamicCodeSupported"/> is
    /// false and the runtime refuses to emit code), so it replays interpreted; add
    /// <c>#:property PublishAot=false</c> to the script for generated code.
    /// </summary>
    public ReplayMode Mode => _generated is null ? ReplayMode.Interpreted : ReplayMode.Generated;

    /// <summary>The time taken to generate the replay's code (zero while there is none).</summary>
    internal TimeSpan CodeGenerationTime => _generated?.GenerationTime ?? TimeSpan.Zero;

    /// <summary>What the generated code is made of; null when interpreted.</summary>
    internal GeneratedCodeShape? CodeShape => _generated?.Shape;

    /// <summary>The position of a leaf in <see cref="LeafValues"/> and <see cref="LeafGradients"/>.</summary>
    /// <param name="leaf">A leaf of the graph.</param>
    /// <exception cref="ArgumentException">The value is not a leaf of this graph.</exception>
    public int LeafIndex(Value leaf)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        return IndexOf(leaf) is int node && node < _leafCount
            ? node
            : throw new ArgumentException($"{leaf} is not a leaf of this compiled graph.", nameof(leaf));
    }

    /// <summary>The value a node of the recorded graph has after the last <see cref="Forward"/> (for example a model's score).</summary>
    /// <param name="node">A value that was part of the recorded graph.</param>
    /// <exception cref="ArgumentException">The value is not part of this graph.</exception>
    public double ValueOf(Value node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return IndexOf(node) is int index
            ? _values[index]
            : throw new ArgumentException($"{node} is not part of this compiled graph.", nameof(node));
    }

    /// <summary>The position of a node in the arrays, or null if it is not part of the graph.</summary>
    private int? IndexOf(Value node)
    {
        if (ReferenceEquals(node, _outputNode))
        {
            return _nodes.Length - 1; // the output, asked for often (a batch's default output)
        }

        if (_indexOf is null)
        {
            var indexOf = new Dictionary<Value, int>(_nodes.Length, ReferenceEqualityComparer.Instance);
            for (int i = 0; i < _nodes.Length; i++)
            {
                indexOf.Add(_nodes[i], i);
            }

            _indexOf = indexOf;
        }

        return _indexOf.TryGetValue(node, out int index) ? index : null;
    }

    /// <summary>Computes every node from <see cref="LeafValues"/>; returns the output.</summary>
    /// <remarks>
    /// Where a graph switches from the interpreter to its generated code (see <see cref="Mode"/>), it
    /// does so here, at the start, so the <see cref="Backward"/> after a Forward runs the same way it did.
    /// </remarks>
    public double Forward()
    {
        if (_tierUp is not null && _generated is null)
        {
            _generated = _tierUp.TakeGeneratedCode();
        }

        if (_generated is not null)
        {
            _generated.Forward(this, _values, _firstPartials);
        }
        else
        {
            Interpret(0, _instructions.Length);
        }

        if (Anomaly.IsDetecting)
        {
            ThrowAtFirstNonFinite(_values, inBackward: false);
        }

        return _values[^1];
    }

    /// <summary>
    /// Forward through the instruction loop for instructions [start, end): the replay where code cannot
    /// be generated, and the generated code's way through long stretches that do not repeat.
    /// </summary>
    private void Interpret(int start, int end)
    {
        // Unchecked reads: every index was taken from the recorded graph and is inside the arrays,
        // and the hot loops run several times faster without a bounds check per access.
        ref Instruction instructions = ref MemoryMarshal.GetArrayDataReference(_instructions);
        ref double values = ref MemoryMarshal.GetArrayDataReference(_values);
        ref double firstPartials = ref MemoryMarshal.GetArrayDataReference(_firstPartials);
        int offset = _leafCount;
        for (int k = start; k < end; k++)
        {
            ref Instruction instruction = ref Unsafe.Add(ref instructions, k);
            ref double result = ref Unsafe.Add(ref values, offset + k);
            if (instruction.Kind == Kind.Add)
            {
                result = Inlined<Value.AddRule>.Forward(Unsafe.Add(ref values, instruction.A), Unsafe.Add(ref values, instruction.B));
            }
            else if (instruction.Kind == Kind.Mul)
            {
                result = Inlined<Value.MulRule>.Forward(Unsafe.Add(ref values, instruction.A), Unsafe.Add(ref values, instruction.B));
            }
            else if (instruction.Kind == Kind.Dot)
            {
                // A neuron's weighted sum: the other op an MLP is made of.
                result = OpInfo.ForwardGatheredRule<Value.DotRule>(ref values, GatheredInputs(instruction));
            }
            else if (instruction.Kind == Kind.Relu)
            {
                result = OpInfo.EvaluateUnaryRule<Value.ReluRule>(Unsafe.Add(ref values, instruction.A), 0, 0, out Unsafe.Add(ref firstPartials, k), out _);
            }
            else
            {
                result = ForwardOther(k);
            }
        }
    }

    /// <summary>Computes ∂output/∂node for every node, in the same order as <see cref="Value.Backward"/>, and so fills <see cref="LeafGradients"/>.</summary>
    public void Backward()
    {
        Array.Clear(_grads, 0, _leafCount);
        BackwardFromCurrentLeafGradients();
    }

    /// <summary>Backward, adding into whatever the leaves' slots of the gradient array hold now.</summary>
    private void BackwardFromCurrentLeafGradients()
    {
        bool outputIsNaN = double.IsNaN(_values[^1]);
        Array.Clear(_grads, _leafCount, _grads.Length - _leafCount);
        _grads[^1] += 1; // the seed: ∂output/∂output (added, as Backward does, in case the output is a leaf)
        if (_generated is not null && !outputIsNaN)
        {
            // The generated code leaves out the NaN policy's test per node; with a NaN output (rare)
            // the interpreter runs it.
            _generated.Backward(this, _values, _grads, _firstPartials);
        }
        else
        {
            InterpretBackward(0, _instructions.Length, outputIsNaN);
        }

        if (Anomaly.IsDetecting)
        {
            ThrowAtFirstNonFinite(_grads, inBackward: true);
        }
    }

    /// <summary>Backward through the instruction loop for instructions [start, end), from the last down.</summary>
    private void InterpretBackward(int start, int end, bool outputIsNaN)
    {
        ref Instruction instructions = ref MemoryMarshal.GetArrayDataReference(_instructions);
        ref double values = ref MemoryMarshal.GetArrayDataReference(_values);
        ref double grads = ref MemoryMarshal.GetArrayDataReference(_grads);
        ref double firstPartials = ref MemoryMarshal.GetArrayDataReference(_firstPartials);
        int offset = _leafCount;
        for (int k = end - 1; k >= start; k--)
        {
            ref Instruction instruction = ref Unsafe.Add(ref instructions, k);
            double g = Unsafe.Add(ref grads, offset + k);
            if (instruction.Kind == Kind.Add)
            {
                Inlined<Value.AddRule>.Backward(ref values, ref grads, instruction.A, instruction.B, offset + k, g, outputIsNaN);
            }
            else if (instruction.Kind == Kind.Mul)
            {
                Inlined<Value.MulRule>.Backward(ref values, ref grads, instruction.A, instruction.B, offset + k, g, outputIsNaN);
            }
            else if (instruction.Kind == Kind.Dot)
            {
                OpInfo.BackwardGatheredRule<Value.DotRule>(ref values, GatheredInputs(instruction), Unsafe.Add(ref values, offset + k), ref grads, g);
            }
            else if (instruction.Kind == Kind.Relu)
            {
                Unsafe.Add(ref grads, instruction.A) += Unsafe.Add(ref firstPartials, k) * g;
            }
            else
            {
                BackwardOther(k, g);
            }
        }
    }

    /// <summary>
    /// The drop-in for rebuilding the graph and calling <see cref="Value.Backward"/>: reads every
    /// leaf's current <see cref="Value.Data"/>, runs forward and backward, and adds each leaf's
    /// gradient to its <see cref="Value.Grad"/> (accumulating, as Backward does: in the same order, so
    /// the sums are the same to the last bit). Afterwards <see cref="LeafGradients"/> holds those sums.
    /// Returns the output.
    /// </summary>
    public double Evaluate()
    {
        // As Backward does: each leaf's contributions are summed from 0 in Backward's order, and the
        // pass's total is then added to the leaf's Grad: the same rounding, bit for bit.
        for (int j = 0; j < _leaves.Length; j++)
        {
            _values[j] = _leaves[j].Data;
        }

        double output = Forward();
        Array.Clear(_grads, 0, _leafCount);
        BackwardFromCurrentLeafGradients();
        for (int j = 0; j < _leaves.Length; j++)
        {
            // Atomically, as Backward adds a pass's total: graphs on other threads may share this leaf.
            _grads[j] = _leaves[j].AddToGradAtomically(_grads[j]);
        }

        return output;
    }

    /// <summary>
    /// Anomaly detection for a replay: the first node, in the order the values were computed, whose
    /// value (or gradient, in the order backward reached them) is NaN or ±∞.
    /// </summary>
    private void ThrowAtFirstNonFinite(double[] numbers, bool inBackward)
    {
        // Forward: leaves are inputs and may be ±∞ (a mask constant), so what ops make is checked, in
        // the order it was made; backward: in the order gradients were made, from the output down.
        int first = inBackward
            ? Array.FindLastIndex(numbers, x => !double.IsFinite(x))
            : Array.FindIndex(numbers, _leafCount, x => !double.IsFinite(x));

        if (first < 0)
        {
            return;
        }

        Value node = _nodes[first];
        string inputs = first < _leafCount
            ? ""
            : string.Join(", ", Enumerable.Range(0, node.InputCount).Select(j => _values[_instructions[first - _leafCount].Input(j, _naryInputs)].ToString("R", CultureInfo.InvariantCulture)));
        string what = inBackward ? "the gradient of" : "the value of";
        throw new AnomalyException(
            node,
            inBackward,
            $"Anomaly in a compiled replay: {what} {Anomaly.OpName(node)} is {numbers[first].ToString("R", CultureInfo.InvariantCulture)} (its inputs are now [{inputs}]). Rebuild the graph at these leaf values inside Anomaly.Detect() to see the path back to the leaves.");
    }

    /// <summary>
    /// Forward for every instruction the interpreter's loop does not run inline (all but Add, Mul, Dot
    /// and ReLU) and the generated code does not write out (all but the ops whose rule declares
    /// <see cref="IBinaryRule.Replay"/>). Kept out of the hot loop (never inlined into it), so the JIT
    /// spends its inlining budget on the ops large graphs and MLPs are made of; measured: with every
    /// op in the loop, W3 ran 30% slower.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private double ForwardOther(int k)
    {
        ref double values = ref MemoryMarshal.GetArrayDataReference(_values);
        Instruction instruction = _instructions[k];
        if (instruction.Kind == Kind.Call)
        {
            double b = instruction.B >= 0 ? Unsafe.Add(ref values, instruction.B) : 0;
            return OpCatalog.Evaluators[(int)instruction.Op](
                Unsafe.Add(ref values, instruction.A), b, _constants[k], out _firstPartials[k], out _secondPartials[k]);
        }

        ReadOnlySpan<int> positions = GatheredInputs(instruction);
        return instruction.Kind switch
        {
            Kind.Custom => _customRules![k].Forward(Gather(positions)),
            Kind.Sum => OpInfo.ForwardGatheredRule<Value.SumRule>(ref values, positions),
            _ => OpCatalog.GatheredForwards[(int)instruction.Op](ref values, positions),
        };
    }

    /// <summary>Backward for the instructions <see cref="ForwardOther"/> runs forward.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void BackwardOther(int k, double g)
    {
        ref double values = ref MemoryMarshal.GetArrayDataReference(_values);
        ref double grads = ref MemoryMarshal.GetArrayDataReference(_grads);
        Instruction instruction = _instructions[k];
        if (instruction.Kind == Kind.Call)
        {
            Unsafe.Add(ref grads, instruction.A) += _firstPartials[k] * g;
            if (instruction.B >= 0)
            {
                Unsafe.Add(ref grads, instruction.B) += _secondPartials[k] * g;
            }

            return;
        }

        // The local derivatives are recomputed from the values (storing them for every node would
        // cost more memory traffic) and added in input order, as Backward adds them.
        ReadOnlySpan<int> positions = GatheredInputs(instruction);
        double y = _values[_leafCount + k];
        switch (instruction.Kind)
        {
            case Kind.Custom:
                ReadOnlySpan<double> inputs = Gather(positions);
                for (int j = 0; j < positions.Length; j++)
                {
                    Unsafe.Add(ref grads, positions[j]) += _customRules![k].Derivative(inputs, y, j) * g;
                }

                break;
            case Kind.Sum:
                OpInfo.BackwardGatheredRule<Value.SumRule>(ref values, positions, y, ref grads, g);
                break;
            default:
                OpCatalog.GatheredBackwards[(int)instruction.Op](ref values, positions, y, ref grads, g);
                break;
        }
    }

    /// <summary>The positions in the value array of an n-ary or custom instruction's inputs, in order.</summary>
    private ReadOnlySpan<int> GatheredInputs(Instruction instruction) => _naryInputs.AsSpan(instruction.Start, instruction.Count);

    /// <summary>A custom op's inputs, copied next to each other for its functions.</summary>
    private ReadOnlySpan<double> Gather(ReadOnlySpan<int> positions)
    {
        Span<double> inputs = _customScratch.AsSpan(0, positions.Length);
        for (int j = 0; j < positions.Length; j++)
        {
            inputs[j] = _values[positions[j]];
        }

        return inputs;
    }

    /// <summary>How an instruction runs: through its op's kernel, or with its rule inlined.</summary>
    private enum Kind : byte
    {
        Call,
        NaryCall,
        Add,
        Mul,
        Sum,
        Dot,
        Relu,
        Custom,
    }

    /// <summary>
    /// Add and Mul, which make up most of a large graph, run their rule inlined: the JIT specialises
    /// these methods per rule, so there is no indirect call, and backward recomputes the local
    /// derivatives from the values instead of storing them, which saves memory traffic on wide graphs.
    /// Same rule, same arithmetic, same NaN policy as <see cref="OpInfo.EvaluateBinaryRule{TRule}"/>.
    /// </summary>
    private static class Inlined<TRule>
        where TRule : struct, IBinaryRule
    {
        // Add and Mul carry NaN through by IEEE 754 already, so the forward needs no test of its own
        // (a test on every node of a long chain of adds would sit on its critical path).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Forward(double a, double b) => TRule.Forward(a, b);

        /// <summary>
        /// The chain rule at one node. A NaN value must send NaN to both inputs (the NaN policy), but
        /// every op carries NaN forward, so a NaN anywhere makes the output NaN: only then is each
        /// node's value tested (<paramref name="outputIsNaN"/>), and the common case reads nothing extra.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Backward(ref double values, ref double grads, int first, int second, int node, double g, bool outputIsNaN)
        {
            if (outputIsNaN && double.IsNaN(Unsafe.Add(ref values, node)))
            {
                Unsafe.Add(ref grads, first) += double.NaN;
                Unsafe.Add(ref grads, second) += double.NaN;
                return;
            }

            // Rules whose slopes are constants (Add) never read a or b: skip the two random reads.
            var a = TRule.ConstantSlopes ? default : new Real(Unsafe.Add(ref values, first));
            var b = TRule.ConstantSlopes ? default : new Real(Unsafe.Add(ref values, second));
            var y = TRule.ConstantSlopes ? default : new Real(Unsafe.Add(ref values, node));
            Unsafe.Add(ref grads, first) += TRule.DerivativeA(a, b, y).Number * g;
            Unsafe.Add(ref grads, second) += TRule.DerivativeB(a, b, y).Number * g;
        }
    }

    /// <summary>
    /// One op node, in 12 bytes (wide graphs are bound by memory traffic): its op, whose kernel
    /// <see cref="OpCatalog"/> holds, how it runs, and where its inputs are. A unary or binary op reads
    /// its inputs at positions <see cref="A"/> and <see cref="B"/> of the value array; an n-ary or
    /// custom op (<see cref="IsGathered"/>) reads them at _naryInputs[<see cref="Start"/> ..
    /// <see cref="Start"/> + <see cref="Count"/>). <see cref="InputCount"/> and <see cref="Input"/>
    /// answer for both, so no caller tells the two apart by hand.
    /// </summary>
    private readonly struct Instruction
    {
        // A and B, or Start and Count: the same two numbers, named for each kind of instruction.
        private readonly int _first;
        private readonly int _second;

        private Instruction(Op op, Kind kind, int first, int second)
        {
            Op = op;
            Kind = kind;
            _first = first;
            _second = second;
        }

        public Op Op { get; }

        public Kind Kind { get; }

        /// <summary>A unary or binary op's first input: its position in the value array.</summary>
        public int A => _first;

        /// <summary>A binary op's second input: its position in the value array; −1 for a unary op.</summary>
        public int B => _second;

        /// <summary>An n-ary or custom op: where its inputs' positions start in _naryInputs.</summary>
        public int Start => _first;

        /// <summary>An n-ary or custom op: how many inputs it has.</summary>
        public int Count => _second;

        /// <summary>True when the inputs' positions are listed in _naryInputs (n-ary and custom ops), false for a unary or binary op.</summary>
        public bool IsGathered => Kind is Kind.Sum or Kind.Dot or Kind.NaryCall or Kind.Custom;

        /// <summary>How many inputs the node has: 1 or 2 for a unary or binary op, <see cref="Count"/> otherwise.</summary>
        public int InputCount => IsGathered ? _second : _second < 0 ? 1 : 2;

        public static Instruction OfInputs(Op op, Kind kind, int a, int b) => new(op, kind, a, b);

        public static Instruction Gathered(Op op, Kind kind, int start, int count) => new(op, kind, start, count);

        /// <summary>The position in the value array of input <paramref name="index"/> (below <see cref="InputCount"/>).</summary>
        public int Input(int index, int[] naryInputs) => IsGathered ? naryInputs[_first + index] : index == 0 ? _first : _second;
    }
}
