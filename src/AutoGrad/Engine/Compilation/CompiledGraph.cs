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
/// a function evaluated at many points. Custom ops (<see cref="Value.Custom"/>) record only their
/// values at one point, so they cannot be replayed and are refused.
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
public sealed unsafe class CompiledGraph
{
    // Nodes are laid out leaves first, then every op in topological order, so the leaves' values and
    // gradients are the first slots of the node arrays and need no copying in or out.
    private readonly Instruction[] _instructions; // one per op node; op k is node _leafCount + k
    private readonly int _leafCount;
    private readonly int[] _naryInputs;
    private readonly double[] _naryPartials;
    private readonly double[] _naryScratch;
    private readonly double[] _values;
    private readonly double[] _grads;
    private readonly double[] _firstPartials;
    private readonly double[] _secondPartials;
    private readonly Value[] _leaves;
    private readonly Dictionary<Value, int> _indexOf;

    private CompiledGraph(List<Value> order)
    {
        _leaves = order.Where(v => v.IsLeaf).ToArray();
        _leafCount = _leaves.Length;
        Value[] ops = order.Where(v => !v.IsLeaf).ToArray();
        int n = order.Count;
        _indexOf = new Dictionary<Value, int>(n, ReferenceEqualityComparer.Instance);
        for (int i = 0; i < _leafCount; i++)
        {
            _indexOf.Add(_leaves[i], i);
        }

        for (int k = 0; k < ops.Length; k++)
        {
            _indexOf.Add(ops[k], _leafCount + k);
        }

        // Every op is evaluated by the kernel its declaration provides (see OpCatalog), so the
        // replay runs the very rule the dynamic graph ran.
        _instructions = new Instruction[ops.Length];
        var naryInputs = new List<int>();
        int widestNary = 0;
        for (int k = 0; k < ops.Length; k++)
        {
            Value node = ops[k];
            OpInfo op = OpCatalog.Of(node.Op);
            switch (op.Shape)
            {
                case OpShape.Unary or OpShape.Binary:
                    _instructions[k] = new Instruction
                    {
                        Evaluate = op.Evaluate,
                        First = _indexOf[node.GetInput(0)],
                        Second = op.Shape == OpShape.Binary ? _indexOf[node.GetInput(1)] : -1,
                        Constant = node.Parameter ?? 0,
                    };
                    break;
                case OpShape.Nary:
                    int start = naryInputs.Count;
                    for (int j = 0; j < node.InputCount; j++)
                    {
                        naryInputs.Add(_indexOf[node.GetInput(j)]);
                    }

                    widestNary = Math.Max(widestNary, node.InputCount);
                    _instructions[k] = new Instruction { EvaluateNary = op.EvaluateNary, First = start, Second = node.InputCount };
                    break;
                default:
                    throw new NotSupportedException(
                        $"The graph holds the custom op '{node.CustomName}', which recorded its value and derivatives at one point only and cannot be replayed. Compile graphs of built-in ops, or rebuild this one dynamically.");
            }
        }

        _naryInputs = naryInputs.ToArray();
        _naryPartials = new double[_naryInputs.Length];
        _naryScratch = new double[widestNary];
        _values = new double[n];
        _grads = new double[n];
        _firstPartials = new double[ops.Length];
        _secondPartials = new double[ops.Length];
        for (int i = 0; i < _leafCount; i++)
        {
            _values[i] = _leaves[i].Data;
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

    /// <summary>Records the graph that produces <paramref name="output"/>.</summary>
    /// <param name="output">The value to compute and differentiate, for example a loss.</param>
    /// <exception cref="ArgumentNullException"><paramref name="output"/> is null.</exception>
    /// <exception cref="NotSupportedException">The graph holds a custom op.</exception>
    public static CompiledGraph Compile(Value output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var graph = new CompiledGraph(output.CollectTopologicalOrder());
        graph.Forward();
        return graph;
    }

    /// <summary>The position of a leaf in <see cref="LeafValues"/> and <see cref="LeafGradients"/>.</summary>
    /// <param name="leaf">A leaf of the graph.</param>
    /// <exception cref="ArgumentException">The value is not a leaf of this graph.</exception>
    public int LeafIndex(Value leaf)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        return _indexOf.TryGetValue(leaf, out int node) && node < _leafCount
            ? node
            : throw new ArgumentException($"{leaf} is not a leaf of this compiled graph.", nameof(leaf));
    }

    /// <summary>The value a node of the recorded graph has after the last <see cref="Forward"/> (for example a model's score).</summary>
    /// <param name="node">A value that was part of the recorded graph.</param>
    /// <exception cref="ArgumentException">The value is not part of this graph.</exception>
    public double ValueOf(Value node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return _indexOf.TryGetValue(node, out int index)
            ? _values[index]
            : throw new ArgumentException($"{node} is not part of this compiled graph.", nameof(node));
    }

    /// <summary>Computes every node from <see cref="LeafValues"/>; returns the output.</summary>
    public double Forward()
    {
        // Unchecked reads: every index was taken from the recorded graph and is inside the arrays,
        // and the hot loops run several times faster without a bounds check per access.
        ref Instruction instructions = ref MemoryMarshal.GetArrayDataReference(_instructions);
        ref double values = ref MemoryMarshal.GetArrayDataReference(_values);
        ref int naryInputs = ref MemoryMarshal.GetArrayDataReference(_naryInputs);
        int offset = _leafCount;
        for (int k = 0; k < _instructions.Length; k++)
        {
            ref Instruction instruction = ref Unsafe.Add(ref instructions, k);
            ref double result = ref Unsafe.Add(ref values, offset + k);
            if (instruction.Evaluate != null)
            {
                double b = instruction.Second >= 0 ? Unsafe.Add(ref values, instruction.Second) : 0;
                result = instruction.Evaluate(
                    Unsafe.Add(ref values, instruction.First), b, instruction.Constant, out _firstPartials[k], out _secondPartials[k]);
            }
            else
            {
                int start = instruction.First;
                int count = instruction.Second;
                Span<double> inputs = _naryScratch.AsSpan(0, count);
                for (int j = 0; j < count; j++)
                {
                    inputs[j] = Unsafe.Add(ref values, Unsafe.Add(ref naryInputs, start + j));
                }

                result = instruction.EvaluateNary(inputs, _naryPartials.AsSpan(start, count));
            }
        }

        return _values[^1];
    }

    /// <summary>Computes ∂output/∂node for every node, in the same order as <see cref="Value.Backward"/>, and so fills <see cref="LeafGradients"/>.</summary>
    public void Backward()
    {
        ref Instruction instructions = ref MemoryMarshal.GetArrayDataReference(_instructions);
        ref double grads = ref MemoryMarshal.GetArrayDataReference(_grads);
        ref int naryInputs = ref MemoryMarshal.GetArrayDataReference(_naryInputs);
        ref double naryPartials = ref MemoryMarshal.GetArrayDataReference(_naryPartials);
        ref double firstPartials = ref MemoryMarshal.GetArrayDataReference(_firstPartials);
        ref double secondPartials = ref MemoryMarshal.GetArrayDataReference(_secondPartials);
        int offset = _leafCount;
        Array.Clear(_grads);
        _grads[^1] = 1;
        for (int k = _instructions.Length - 1; k >= 0; k--)
        {
            ref Instruction instruction = ref Unsafe.Add(ref instructions, k);
            double g = Unsafe.Add(ref grads, offset + k);
            if (instruction.Evaluate != null)
            {
                Unsafe.Add(ref grads, instruction.First) += Unsafe.Add(ref firstPartials, k) * g;
                if (instruction.Second >= 0)
                {
                    Unsafe.Add(ref grads, instruction.Second) += Unsafe.Add(ref secondPartials, k) * g;
                }
            }
            else
            {
                // In input order, as Backward adds them, so the sums match bit for bit.
                int end = instruction.First + instruction.Second;
                for (int j = instruction.First; j < end; j++)
                {
                    Unsafe.Add(ref grads, Unsafe.Add(ref naryInputs, j)) += Unsafe.Add(ref naryPartials, j) * g;
                }
            }
        }
    }

    /// <summary>
    /// The drop-in for rebuilding the graph and calling <see cref="Value.Backward"/>: reads every
    /// leaf's current <see cref="Value.Data"/>, runs forward and backward, and adds each leaf's
    /// gradient to its <see cref="Value.Grad"/> (accumulating, as Backward does). Returns the output.
    /// </summary>
    public double Evaluate()
    {
        for (int j = 0; j < _leaves.Length; j++)
        {
            _values[j] = _leaves[j].Data;
        }

        double output = Forward();
        if (Anomaly.IsDetecting)
        {
            ThrowAtFirstNonFinite(_values, inBackward: false);
        }

        Backward();
        if (Anomaly.IsDetecting)
        {
            ThrowAtFirstNonFinite(_grads, inBackward: true);
        }

        for (int j = 0; j < _leaves.Length; j++)
        {
            _leaves[j].Grad += _grads[j];
        }

        return output;
    }

    /// <summary>
    /// Anomaly detection for a replay: the first node, in the order the values were computed, whose
    /// value (or gradient, in the order backward reached them) is NaN or ±∞.
    /// </summary>
    private void ThrowAtFirstNonFinite(double[] numbers, bool inBackward)
    {
        int first = -1;
        if (!inBackward)
        {
            first = Array.FindIndex(numbers, x => !double.IsFinite(x));
        }
        else
        {
            first = Array.FindLastIndex(numbers, x => !double.IsFinite(x));
        }

        if (first < 0)
        {
            return;
        }

        Value node = _indexOf.First(pair => pair.Value == first).Key;
        string inputs = string.Join(", ", node.Inputs.Select(input => _values[_indexOf[input]].ToString("R", CultureInfo.InvariantCulture)));
        string what = inBackward ? "the gradient of" : "the value of";
        throw new AnomalyException(
            node,
            inBackward,
            $"Anomaly in a compiled replay: {what} {Anomaly.OpName(node)} is {numbers[first].ToString("R", CultureInfo.InvariantCulture)} (its inputs are now [{inputs}]). Rebuild the graph at these leaf values inside Anomaly.Detect() to see the path back to the leaves.");
    }

    /// <summary>
    /// One op node: the kernel its declaration provides and where its inputs are. Unary and binary
    /// ops use <see cref="Evaluate"/> with inputs at First and Second (−1 for none); n-ary ops use
    /// <see cref="EvaluateNary"/> with their inputs at _naryInputs[First .. First + Second).
    /// </summary>
    private struct Instruction
    {
        public delegate*<double, double, double, out double, out double, double> Evaluate;
        public delegate*<ReadOnlySpan<double>, Span<double>, double> EvaluateNary;
        public int First;
        public int Second;
        public double Constant;
    }
}
