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
    private readonly CompiledGraph _graph;
    private readonly int[] _inputSlots;
    private readonly Value[] _inputs;
    private readonly Value[] _outputs;
    private readonly Value[] _gradientsOf;
    private readonly int[] _gradientSlots;

    internal BatchedReplay(CompiledGraph graph, Value[] inputs, Value[] outputs, Value[] gradientsOf)
    {
        _graph = graph;
        _inputs = inputs;
        _outputs = outputs;
        _gradientsOf = gradientsOf;
        _inputSlots = inputs.Select(leaf => graph.LeafIndex(leaf)).ToArray();
        _gradientSlots = gradientsOf.Select(leaf => graph.LeafIndex(leaf)).ToArray();
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
    /// <exception cref="ArgumentException">The spans' lengths do not fit the same number of points.</exception>
    public void Forward(ReadOnlySpan<double> inputs, Span<double> outputs)
    {
        int points = PointsOf(inputs, outputs, Span<double>.Empty, withGradients: false);
        Run(inputs, outputs, Span<double>.Empty, points, withGradients: false);
    }

    /// <summary>Computes <see cref="Outputs"/> and the gradients of the graph's output with respect to <see cref="GradientsOf"/> at every point.</summary>
    /// <param name="inputs">One row of <see cref="Inputs"/>.Count values per point, point after point.</param>
    /// <param name="outputs">Receives one row of <see cref="Outputs"/>.Count values per point; its length sets how many points there are.</param>
    /// <param name="gradients">Receives one row of <see cref="GradientsOf"/>.Count gradients per point.</param>
    /// <exception cref="ArgumentException">The spans' lengths do not fit the same number of points.</exception>
    public void Evaluate(ReadOnlySpan<double> inputs, Span<double> outputs, Span<double> gradients)
    {
        int points = PointsOf(inputs, outputs, gradients, withGradients: true);
        Run(inputs, outputs, gradients, points, withGradients: true);
    }

    private int PointsOf(ReadOnlySpan<double> inputs, Span<double> outputs, Span<double> gradients, bool withGradients)
    {
        if (_outputs.Length == 0 || outputs.Length % _outputs.Length != 0)
        {
            throw new ArgumentException(
                $"outputs has {outputs.Length} numbers; expected a multiple of {_outputs.Length} (one row of Outputs per point).", nameof(outputs));
        }

        int points = outputs.Length / _outputs.Length;
        if (inputs.Length != points * _inputs.Length)
        {
            throw new ArgumentException(
                $"inputs has {inputs.Length} numbers; expected {points * _inputs.Length} ({points} points of {_inputs.Length} inputs each, as outputs holds {points} points).", nameof(inputs));
        }

        if (withGradients && gradients.Length != points * _gradientsOf.Length)
        {
            throw new ArgumentException(
                $"gradients has {gradients.Length} numbers; expected {points * _gradientsOf.Length} ({points} points of {_gradientsOf.Length} gradients each).", nameof(gradients));
        }

        return points;
    }

    // The reference way: point after point through the compiled graph's own replay, which is then
    // put back as it was.
    private void Run(ReadOnlySpan<double> inputs, Span<double> outputs, Span<double> gradients, int points, bool withGradients)
    {
        using CompiledGraph.SavedState saved = _graph.Save();
        Span<double> leaves = _graph.LeafValues;
        for (int p = 0; p < points; p++)
        {
            saved.RestoreLeafValues();
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
    }

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"BatchedReplay({_inputs.Length} inputs, {_outputs.Length} outputs, {_gradientsOf.Length} gradients per point)");
}
