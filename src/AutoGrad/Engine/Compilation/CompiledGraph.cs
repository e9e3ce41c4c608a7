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
public sealed class CompiledGraph
{
    // Nodes are laid out leaves first, then every op in topological order, so the leaves' values and
    // gradients are the first slots of the node arrays and need no copying in or out.
    private readonly Instruction[] _instructions; // one per op node; op k is node _leafCount + k
    private readonly int _leafCount;
    private readonly double[] _parameters;
    private readonly int[] _naryStart;
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

        _instructions = new Instruction[ops.Length];
        _parameters = new double[ops.Length];
        _naryStart = new int[ops.Length + 1];
        var naryInputs = new List<int>();
        for (int k = 0; k < ops.Length; k++)
        {
            Value node = ops[k];
            _naryStart[k] = naryInputs.Count;
            switch (node.Op)
            {
                case Op.Custom:
                    throw new NotSupportedException(
                        $"The graph holds the custom op '{node.CustomName}', which recorded its value and derivatives at one point only and cannot be replayed. Compile graphs of built-in ops, or rebuild this one dynamically.");
                case Op.Sum or Op.Dot or Op.LogSumExp:
                    for (int j = 0; j < node.InputCount; j++)
                    {
                        naryInputs.Add(_indexOf[node.GetInput(j)]);
                    }

                    _instructions[k] = new Instruction(node.Op, -1, -1);
                    break;
                default:
                    _instructions[k] = new Instruction(node.Op, _indexOf[node.GetInput(0)], node.InputCount > 1 ? _indexOf[node.GetInput(1)] : -1);
                    _parameters[k] = node.Parameter ?? 0;
                    break;
            }
        }

        _naryStart[ops.Length] = naryInputs.Count;
        _naryInputs = naryInputs.ToArray();
        _naryPartials = new double[_naryInputs.Length];
        _naryScratch = new double[ops.Length == 0 ? 0 : ops.Max(v => v.Op == Op.LogSumExp ? v.InputCount : 0)];
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
        int offset = _leafCount;
        for (int k = 0; k < _instructions.Length; k++)
        {
            Instruction instruction = Unsafe.Add(ref instructions, k);
            ref double result = ref Unsafe.Add(ref values, offset + k);
            switch (instruction.Op)
            {
                case Op.Add:
                    result = Unsafe.Add(ref values, instruction.First) + Unsafe.Add(ref values, instruction.Second);
                    break;
                case Op.Mul:
                    result = Unsafe.Add(ref values, instruction.First) * Unsafe.Add(ref values, instruction.Second);
                    break;
                case Op.Sum:
                    result = SumOf(k);
                    break;
                case Op.Dot:
                    result = DotOf(k);
                    break;
                case Op.LogSumExp:
                    result = LogSumExpOf(k);
                    break;
                default:
                    double b = instruction.Second >= 0 ? Unsafe.Add(ref values, instruction.Second) : 0;
                    result = LocalRules.Evaluate(instruction.Op, Unsafe.Add(ref values, instruction.First), b, _parameters[k], out _firstPartials[k], out _secondPartials[k]);
                    break;
            }
        }

        return _values[^1];
    }

    /// <summary>Computes ∂output/∂node for every node, in the same order as <see cref="Value.Backward"/>, and so fills <see cref="LeafGradients"/>.</summary>
    public void Backward()
    {
        ref Instruction instructions = ref MemoryMarshal.GetArrayDataReference(_instructions);
        ref double values = ref MemoryMarshal.GetArrayDataReference(_values);
        ref double grads = ref MemoryMarshal.GetArrayDataReference(_grads);
        ref int naryInputs = ref MemoryMarshal.GetArrayDataReference(_naryInputs);
        int offset = _leafCount;
        Array.Clear(_grads);
        _grads[^1] = 1;
        for (int k = _instructions.Length - 1; k >= 0; k--)
        {
            Instruction instruction = Unsafe.Add(ref instructions, k);
            double g = Unsafe.Add(ref grads, offset + k);
            switch (instruction.Op)
            {
                case Op.Add:
                    Unsafe.Add(ref grads, instruction.First) += g;
                    Unsafe.Add(ref grads, instruction.Second) += g;
                    break;
                case Op.Mul:
                    Unsafe.Add(ref grads, instruction.First) += Unsafe.Add(ref values, instruction.Second) * g;
                    Unsafe.Add(ref grads, instruction.Second) += Unsafe.Add(ref values, instruction.First) * g;
                    break;
                case Op.Sum:
                    for (int j = _naryStart[k]; j < _naryStart[k + 1]; j++)
                    {
                        Unsafe.Add(ref grads, Unsafe.Add(ref naryInputs, j)) += g;
                    }

                    break;
                case Op.Dot:
                    // Inputs are a₀…aₙ₋₁ then b₀…bₙ₋₁: ∂/∂aᵢ = bᵢ, ∂/∂bᵢ = aᵢ, added in input order as Backward does.
                    int a = _naryStart[k];
                    int half = (_naryStart[k + 1] - a) / 2;
                    for (int j = a; j < a + half; j++)
                    {
                        Unsafe.Add(ref grads, Unsafe.Add(ref naryInputs, j)) += Unsafe.Add(ref values, Unsafe.Add(ref naryInputs, j + half)) * g;
                    }

                    for (int j = a + half; j < a + 2 * half; j++)
                    {
                        Unsafe.Add(ref grads, Unsafe.Add(ref naryInputs, j)) += Unsafe.Add(ref values, Unsafe.Add(ref naryInputs, j - half)) * g;
                    }

                    break;
                case Op.LogSumExp:
                    for (int j = _naryStart[k]; j < _naryStart[k + 1]; j++)
                    {
                        Unsafe.Add(ref grads, Unsafe.Add(ref naryInputs, j)) += _naryPartials[j] * g;
                    }

                    break;
                default:
                    Unsafe.Add(ref grads, instruction.First) += _firstPartials[k] * g;
                    if (instruction.Second >= 0)
                    {
                        Unsafe.Add(ref grads, instruction.Second) += _secondPartials[k] * g;
                    }

                    break;
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
        Backward();
        for (int j = 0; j < _leaves.Length; j++)
        {
            _leaves[j].Grad += _grads[j];
        }

        return output;
    }

    // Sum and Dot add in input order, as the dynamic ops do, so the results match bit for bit.
    private double SumOf(int node)
    {
        ref double values = ref MemoryMarshal.GetArrayDataReference(_values);
        ref int inputs = ref MemoryMarshal.GetArrayDataReference(_naryInputs);
        double sum = 0;
        for (int k = _naryStart[node]; k < _naryStart[node + 1]; k++)
        {
            sum += Unsafe.Add(ref values, Unsafe.Add(ref inputs, k));
        }

        return sum;
    }

    private double DotOf(int node)
    {
        ref double values = ref MemoryMarshal.GetArrayDataReference(_values);
        ref int inputs = ref MemoryMarshal.GetArrayDataReference(_naryInputs);
        int start = _naryStart[node];
        int half = (_naryStart[node + 1] - start) / 2;
        double dot = 0;
        for (int k = start; k < start + half; k++)
        {
            dot += Unsafe.Add(ref values, Unsafe.Add(ref inputs, k)) * Unsafe.Add(ref values, Unsafe.Add(ref inputs, k + half));
        }

        return dot;
    }

    private double LogSumExpOf(int node)
    {
        int start = _naryStart[node];
        int count = _naryStart[node + 1] - start;
        Span<double> inputs = _naryScratch.AsSpan(0, count);
        for (int k = 0; k < count; k++)
        {
            inputs[k] = _values[_naryInputs[start + k]];
        }

        return Value.LogSumExpRule(inputs, _naryPartials.AsSpan(start, count));
    }

    /// <summary>One op node: its op and the positions of its (up to two) inputs.</summary>
    private readonly record struct Instruction(Op Op, int First, int Second);
}
