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
    private readonly Instruction[] _instructions;
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
    private readonly int[] _leafNodes;
    private readonly double[] _leafValues;
    private readonly double[] _leafGradients;
    private readonly Dictionary<Value, int> _indexOf;

    private CompiledGraph(List<Value> order)
    {
        int n = order.Count;
        _indexOf = new Dictionary<Value, int>(n, ReferenceEqualityComparer.Instance);
        for (int i = 0; i < n; i++)
        {
            _indexOf.Add(order[i], i);
        }

        _instructions = new Instruction[n];
        _parameters = new double[n];
        _naryStart = new int[n + 1];
        var naryInputs = new List<int>();
        var leaves = new List<Value>();
        var leafNodes = new List<int>();
        for (int i = 0; i < n; i++)
        {
            Value node = order[i];
            _naryStart[i] = naryInputs.Count;
            switch (node.Op)
            {
                case Op.Leaf:
                    _instructions[i] = new Instruction(Op.Leaf, leaves.Count, -1);
                    leaves.Add(node);
                    leafNodes.Add(i);
                    break;
                case Op.Custom:
                    throw new NotSupportedException(
                        $"The graph holds the custom op '{node.CustomName}', which recorded its value and derivatives at one point only and cannot be replayed. Compile graphs of built-in ops, or rebuild this one dynamically.");
                case Op.Sum or Op.Dot or Op.LogSumExp:
                    for (int j = 0; j < node.InputCount; j++)
                    {
                        naryInputs.Add(_indexOf[node.GetInput(j)]);
                    }

                    _instructions[i] = new Instruction(node.Op, -1, -1);
                    break;
                default:
                    _instructions[i] = new Instruction(node.Op, _indexOf[node.GetInput(0)], node.InputCount > 1 ? _indexOf[node.GetInput(1)] : -1);
                    _parameters[i] = node.Parameter ?? 0;
                    break;
            }
        }

        _naryStart[n] = naryInputs.Count;
        _naryInputs = naryInputs.ToArray();
        _naryPartials = new double[_naryInputs.Length];
        _naryScratch = new double[order.Max(v => v.Op == Op.LogSumExp ? v.InputCount : 0)];
        _values = new double[n];
        _grads = new double[n];
        _firstPartials = new double[n];
        _secondPartials = new double[n];
        _leaves = leaves.ToArray();
        _leafNodes = leafNodes.ToArray();
        _leafValues = _leaves.Select(l => l.Data).ToArray();
        _leafGradients = new double[_leaves.Length];
    }

    /// <summary>How many nodes the graph has, leaves included.</summary>
    public int NodeCount => _instructions.Length;

    /// <summary>The leaves (inputs, parameters, constants), in the order of <see cref="LeafValues"/>.</summary>
    public IReadOnlyList<Value> Leaves => _leaves;

    /// <summary>The leaf values the next <see cref="Forward"/> uses; write new inputs here. Starts at the leaves' data when compiled.</summary>
    public Span<double> LeafValues => _leafValues;

    /// <summary>∂output/∂leaf for each leaf, from the last <see cref="Backward"/>.</summary>
    public ReadOnlySpan<double> LeafGradients => _leafGradients;

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
        return _indexOf.TryGetValue(leaf, out int node) && _instructions[node].Op == Op.Leaf
            ? _instructions[node].First
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
        Instruction[] instructions = _instructions;
        double[] values = _values;
        for (int i = 0; i < instructions.Length; i++)
        {
            Instruction instruction = instructions[i];
            switch (instruction.Op)
            {
                case Op.Leaf:
                    values[i] = _leafValues[instruction.First];
                    break;
                case Op.Add:
                    values[i] = values[instruction.First] + values[instruction.Second];
                    break;
                case Op.Mul:
                    values[i] = values[instruction.First] * values[instruction.Second];
                    break;
                case Op.Sum:
                    values[i] = SumOf(i);
                    break;
                case Op.Dot:
                    values[i] = DotOf(i);
                    break;
                case Op.LogSumExp:
                    values[i] = LogSumExpOf(i);
                    break;
                default:
                    double b = instruction.Second >= 0 ? values[instruction.Second] : 0;
                    values[i] = LocalRules.Evaluate(instruction.Op, values[instruction.First], b, _parameters[i], out _firstPartials[i], out _secondPartials[i]);
                    break;
            }
        }

        return values[^1];
    }

    /// <summary>Computes ∂output/∂node for every node, in the same order as <see cref="Value.Backward"/>, and fills <see cref="LeafGradients"/>.</summary>
    public void Backward()
    {
        Instruction[] instructions = _instructions;
        double[] values = _values;
        double[] grads = _grads;
        Array.Clear(grads);
        grads[^1] = 1;
        for (int i = instructions.Length - 1; i >= 0; i--)
        {
            Instruction instruction = instructions[i];
            double g = grads[i];
            switch (instruction.Op)
            {
                case Op.Leaf:
                    break;
                case Op.Add:
                    grads[instruction.First] += g;
                    grads[instruction.Second] += g;
                    break;
                case Op.Mul:
                    grads[instruction.First] += values[instruction.Second] * g;
                    grads[instruction.Second] += values[instruction.First] * g;
                    break;
                case Op.Sum:
                    for (int k = _naryStart[i]; k < _naryStart[i + 1]; k++)
                    {
                        grads[_naryInputs[k]] += g;
                    }

                    break;
                case Op.Dot:
                    int start = _naryStart[i];
                    int half = (_naryStart[i + 1] - start) / 2;
                    for (int k = 0; k < 2 * half; k++)
                    {
                        // inputs are a₀…aₙ₋₁ then b₀…bₙ₋₁: ∂/∂aₖ = bₖ, ∂/∂bₖ = aₖ
                        int partner = _naryInputs[start + (k < half ? k + half : k - half)];
                        grads[_naryInputs[start + k]] += values[partner] * g;
                    }

                    break;
                case Op.LogSumExp:
                    for (int k = _naryStart[i]; k < _naryStart[i + 1]; k++)
                    {
                        grads[_naryInputs[k]] += _naryPartials[k] * g;
                    }

                    break;
                default:
                    grads[instruction.First] += _firstPartials[i] * g;
                    if (instruction.Second >= 0)
                    {
                        grads[instruction.Second] += _secondPartials[i] * g;
                    }

                    break;
            }
        }

        for (int j = 0; j < _leafNodes.Length; j++)
        {
            _leafGradients[j] = grads[_leafNodes[j]];
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
            _leafValues[j] = _leaves[j].Data;
        }

        double output = Forward();
        Backward();
        for (int j = 0; j < _leaves.Length; j++)
        {
            _leaves[j].Grad += _leafGradients[j];
        }

        return output;
    }

    // Sum and Dot add in input order, as the dynamic ops do, so the results match bit for bit.
    private double SumOf(int node)
    {
        double sum = 0;
        for (int k = _naryStart[node]; k < _naryStart[node + 1]; k++)
        {
            sum += _values[_naryInputs[k]];
        }

        return sum;
    }

    private double DotOf(int node)
    {
        int start = _naryStart[node];
        int half = (_naryStart[node + 1] - start) / 2;
        double dot = 0;
        for (int k = 0; k < half; k++)
        {
            dot += _values[_naryInputs[start + k]] * _values[_naryInputs[start + half + k]];
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

    /// <summary>One node: its op and the positions of its (up to two) inputs, or for a leaf its leaf index.</summary>
    private readonly record struct Instruction(Op Op, int First, int Second);
}
