namespace AutoGrad;

// Gradients as values: ∂output/∂inputs without touching Grad, and (with createGraph) as a graph of
// their own that can be differentiated again, to any order.
public sealed partial class Value
{
    /// <summary>
    /// The gradients ∂<paramref name="output"/>/∂input for each of <paramref name="inputs"/>, like
    /// PyTorch's <c>torch.autograd.grad</c>. No value's <see cref="Grad"/> is changed.
    /// </summary>
    /// <remarks>
    /// <para>With <paramref name="createGraph"/> false the gradients are constants, computed by one
    /// ordinary backward pass (today's fast path and cost).</para>
    /// <para>With <paramref name="createGraph"/> true each gradient is a <see cref="Value"/> built from
    /// the same ops as the function — every op's local derivative is declared once, generically, and
    /// here runs on values instead of numbers — so it can be differentiated again with
    /// <see cref="Gradients"/> or <see cref="Backward"/>, to any order, and drawn like any graph.
    /// At a kink (ReLU at 0, Max on a tie) the derivative is the one the op documents, and its own
    /// derivative is 0.</para>
    /// <para>An input the output does not depend on gets a gradient of 0.</para>
    /// </remarks>
    /// <param name="output">The value to differentiate.</param>
    /// <param name="inputs">The values to differentiate with respect to: leaves or intermediate nodes.</param>
    /// <param name="createGraph">True to get gradients that can themselves be differentiated.</param>
    /// <returns>One gradient per input, in order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="output"/>, <paramref name="inputs"/> or an input is null.</exception>
    /// <exception cref="InvalidOperationException">Inside <see cref="Anomaly.Detect"/>: a node's value no longer follows from its inputs (an input's <see cref="Data"/> was set after the graph was built), as <see cref="Backward"/> refuses.</exception>
    /// <exception cref="NotSupportedException"><paramref name="createGraph"/> is true and the graph holds a custom op: its derivative is given as numbers (at one point, or as a function on doubles), not as graph nodes that could be differentiated again.</exception>
    /// <example>
    /// <code>
    /// var x = new Value(3.0, "x");
    /// Value y = x.Pow(3);                                          // y = x³
    /// Value dy = Value.Gradients(y, [x], createGraph: true)[0];   // 3x² = 27, a graph
    /// Value d2y = Value.Gradients(dy, [x], createGraph: true)[0]; // 6x = 18
    /// Value d3y = Value.Gradients(d2y, [x])[0];                   // 6
    /// </code>
    /// </example>
    public static Value[] Gradients(Value output, IReadOnlyList<Value> inputs, bool createGraph = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(inputs);
        for (int i = 0; i < inputs.Count; i++)
        {
            _ = inputs[i] ?? throw NullItem(nameof(inputs), i);
        }

        return createGraph ? GradientGraphs(output, inputs) : GradientNumbers(output, inputs);
    }

    /// <summary>One backward pass into a walk of its own: no node's Grad is read or written.</summary>
    private static Value[] GradientNumbers(Value output, IReadOnlyList<Value> inputs)
    {
        Walk walk = Walk.Begin(claim: false); // claims nothing, so it writes into no node
        try
        {
            output.Backpropagate(walk);
            return inputs.Select(input => new Value(GradientInWalk(walk, input))).ToArray();
        }
        finally
        {
            walk.End(output, completed: true);
        }
    }

    /// <summary>Reverse mode on values: each adjoint is a graph node, summed from its consumers' contributions.</summary>
    private static Value[] GradientGraphs(Value output, IReadOnlyList<Value> inputs)
    {
        List<Value> order = output.CollectTopologicalOrder();
        var inGraph = new HashSet<Value>(order, ReferenceEqualityComparer.Instance);
        var adjoint = new Dictionary<Value, Value>(ReferenceEqualityComparer.Instance) { [output] = new Value(1) };

        // A factor that is a constant 1 made here (the seed, or a rule's "∂/∂a = 1") is left out:
        // x · 1 = x exactly, and the derivative's graph stays as small as one drawn by hand.
        bool IsUnit(Value v) => v.IsLeaf && v.Data == 1 && v.Label is null && !inGraph.Contains(v);
        Value Times(Value a, Value b) => IsUnit(a) ? b : IsUnit(b) ? a : a * b;

        for (int k = order.Count - 1; k >= 0; k--)
        {
            Value node = order[k];
            if (node.IsLeaf || !adjoint.TryGetValue(node, out Value? upstream))
            {
                continue;
            }

            if (Anomaly.IsDetecting)
            {
                // As Backward does: a rule's derivative built from this node's old value beside its
                // inputs' new ones (tanh' = 1 − tanh², from the node) would mix two points.
                node.ThrowIfInputsChangedSinceComputed("Value.Gradients");
            }

            if (node.Op == Op.Custom)
            {
                // Either form gives its derivative as numbers, not as graph nodes: there is nothing to differentiate again.
                string why = node.CustomRule is null
                    ? "which recorded its derivative at one point only"
                    : "whose derivative is a function on numbers, not built from Value ops, so it cannot be differentiated itself";
                throw new NotSupportedException(
                    $"The graph holds the custom op '{node.CustomName}', {why}; it can be differentiated once (createGraph: false) but not twice. For derivatives of higher order, build the op from Value's own ops.");
            }

            Value[] local = OpCatalog.Of(node.Op).LocalDerivatives(node);
            for (int i = 0; i < local.Length; i++)
            {
                Value input = node.InputAt(i);
                Value contribution = Times(upstream, local[i]);
                adjoint[input] = adjoint.TryGetValue(input, out Value? sum) ? sum + contribution : contribution;
            }
        }

        return inputs.Select(input => adjoint.TryGetValue(input, out Value? gradient) ? gradient : new Value(0)).ToArray();
    }
}
