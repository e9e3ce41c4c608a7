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

    /// <summary>Takes a copy of the replay's numbers; disposing it puts them back.</summary>
    internal SavedState Save() => new(this);

    /// <summary>The replay's numbers (leaf values, node values, gradients, partials) as they were when saved.</summary>
    internal readonly struct SavedState : IDisposable
    {
        private readonly CompiledGraph _graph;
        private readonly double[] _values;
        private readonly double[] _grads;
        private readonly double[] _firstPartials;
        private readonly double[] _secondPartials;

        public SavedState(CompiledGraph graph)
        {
            _graph = graph;
            _values = (double[])graph._values.Clone();
            _grads = (double[])graph._grads.Clone();
            _firstPartials = (double[])graph._firstPartials.Clone();
            _secondPartials = (double[])graph._secondPartials.Clone();
        }

        /// <summary>Puts back the leaf values alone.</summary>
        public void RestoreLeafValues() => Array.Copy(_values, _graph._values, _graph._leafCount);

        public void Dispose()
        {
            _values.CopyTo(_graph._values, 0);
            _grads.CopyTo(_graph._grads, 0);
            _firstPartials.CopyTo(_graph._firstPartials, 0);
            _secondPartials.CopyTo(_graph._secondPartials, 0);
        }
    }
}
