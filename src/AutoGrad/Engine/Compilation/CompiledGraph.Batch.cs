namespace AutoGrad.Compilation;

public sealed partial class CompiledGraph
{
    /// <summary>
    /// Prepares this graph to be evaluated at many points per call (see <see cref="BatchedReplay"/>).
    /// </summary>
    /// <param name="inputs">The leaves that take a new value at each point (a data point's features, a formula's variables).</param>
    /// <param name="outputs">The nodes whose value is wanted at each point; null for the graph's output alone.</param>
    /// <param name="gradientsOf">The leaves whose gradient of the output is wanted at each point; null for <paramref name="inputs"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="inputs"/> is null, or one of the lists holds null.</exception>
    /// <exception cref="ArgumentException">
    /// An input or a gradient's leaf is not a leaf of this graph, an output is not part of it, an input is
    /// listed twice, or <paramref name="outputs"/> is empty. The message names it.
    /// </exception>
    public BatchedReplay Batch(IReadOnlyList<Value> inputs, IReadOnlyList<Value>? outputs = null, IReadOnlyList<Value>? gradientsOf = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        Value[] inputLeaves = NonNull(inputs, nameof(inputs));
        Value[] outputNodes = outputs is null ? [_outputNode] : NonNull(outputs, nameof(outputs));
        Value[] gradientLeaves = gradientsOf is null ? inputLeaves : NonNull(gradientsOf, nameof(gradientsOf));
        if (outputNodes.Length == 0)
        {
            throw new ArgumentException("outputs is empty; list at least one node to read at each point, or pass null for the graph's output.", nameof(outputs));
        }

        var seen = new HashSet<Value>(ReferenceEqualityComparer.Instance);
        foreach (Value leaf in inputLeaves)
        {
            LeafIndex(leaf);
            if (!seen.Add(leaf))
            {
                throw new ArgumentException($"inputs lists {leaf} twice; each leaf can take one value per point.", nameof(inputs));
            }
        }

        foreach (Value leaf in gradientLeaves)
        {
            LeafIndex(leaf);
        }

        foreach (Value node in outputNodes)
        {
            ValueOf(node);
        }

        return new BatchedReplay(this, inputLeaves, outputNodes, gradientLeaves);
    }

    private static Value[] NonNull(IReadOnlyList<Value> values, string name)
    {
        var copy = new Value[values.Count];
        for (int i = 0; i < copy.Length; i++)
        {
            copy[i] = values[i] ?? throw new ArgumentNullException(name, $"{name}[{i}] is null.");
        }

        return copy;
    }

    /// <summary>The position of a node of the recorded graph in the value array (leaves first, the output last).</summary>
    internal int NodeIndex(Value node) => IndexOf(node) ?? throw new ArgumentException($"{node} is not part of this compiled graph.", nameof(node));

    /// <summary>The recorded instructions, flattened for the batched replay (see <see cref="BatchProgram"/>).</summary>
    internal BatchProgram ToBatchProgram()
    {
        var steps = new BatchStep[_instructions.Length];
        for (int k = 0; k < steps.Length; k++)
        {
            Instruction instruction = _instructions[k];
            double constant = _constants[k];
            steps[k] = instruction.IsGathered
                ? new BatchStep(instruction.Op, BatchKernels.Of(instruction.Op, constant), instruction.Start, instruction.Count, constant)
                : new BatchStep(instruction.Op, BatchKernels.Of(instruction.Op, constant), instruction.A, instruction.B, constant);
        }

        return new BatchProgram(_leafCount, NodeCount, steps, _naryInputs, _customRules);
    }

    /// <summary>
    /// Copies the replay's numbers (leaf values, node values, gradients, partials) into
    /// <paramref name="saved"/>, made the first time (null or of another size), so a batched replay
    /// can run points through this graph and put it back without allocating again.
    /// </summary>
    internal void SaveInto(ref double[]? saved)
    {
        int n = _values.Length, ops = _firstPartials.Length;
        if (saved is null || saved.Length != (2 * n) + (2 * ops))
        {
            saved = new double[(2 * n) + (2 * ops)];
        }

        _values.CopyTo(saved, 0);
        _grads.CopyTo(saved, n);
        _firstPartials.CopyTo(saved, 2 * n);
        _secondPartials.CopyTo(saved, (2 * n) + ops);
    }

    /// <summary>Puts back the numbers <see cref="SaveInto"/> copied.</summary>
    internal void RestoreFrom(double[] saved)
    {
        int n = _values.Length, ops = _firstPartials.Length;
        saved.AsSpan(0, n).CopyTo(_values);
        saved.AsSpan(n, n).CopyTo(_grads);
        saved.AsSpan(2 * n, ops).CopyTo(_firstPartials);
        saved.AsSpan((2 * n) + ops, ops).CopyTo(_secondPartials);
    }

    /// <summary>Puts back the leaf values <see cref="SaveInto"/> copied, alone.</summary>
    internal void RestoreLeafValuesFrom(double[] saved) => saved.AsSpan(0, _leafCount).CopyTo(_values);
}
