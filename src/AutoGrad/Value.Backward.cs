namespace AutoGrad;

// Reverse-mode differentiation: order the graph, then apply the chain rule from the output back.
public sealed partial class Value
{
    private static int s_lastVisitStamp;

    /// <summary>
    /// Computes ∂this/∂v for every value v this one depends on, by the chain rule in reverse
    /// topological order, and adds it to v's <see cref="Grad"/>.
    /// </summary>
    /// <remarks>
    /// <para>This value's gradient is seeded with 1. A value used more than once receives the sum of
    /// the gradients along every path (<c>x * x</c> gives 2x).</para>
    /// <para>As in PyTorch, leaves accumulate: calling <see cref="Backward"/> twice adds the gradient
    /// twice, so call <see cref="ZeroGrad"/> (or an optimizer's <c>ZeroGrad</c>) between steps.
    /// Every non-leaf node's <see cref="Grad"/> is reset first, so it shows this pass alone.</para>
    /// <para>Iterative, never recursive: graphs millions of nodes deep are fine on any stack.</para>
    /// </remarks>
    public void Backward()
    {
        List<Value> order = CollectTopologicalOrder();
        foreach (Value node in order)
        {
            if (!node.IsLeaf)
            {
                node.Grad = 0;
            }
        }

        Grad += 1;
        for (int i = order.Count - 1; i >= 0; i--)
        {
            order[i].PropagateGradToInputs();
        }
    }

    /// <summary>Sets <see cref="Grad"/> to 0 on this value and every value it depends on.</summary>
    public void ZeroGrad()
    {
        foreach (Value node in CollectTopologicalOrder())
        {
            node.Grad = 0;
        }
    }

    /// <summary>
    /// This value and every value it depends on, each once, ordered so that a node's inputs come
    /// before it (this value last). The order is deterministic: inputs are visited in order.
    /// </summary>
    public IReadOnlyList<Value> TopologicalOrder() => CollectTopologicalOrder();

    /// <summary>The chain rule at one node: each input's gradient grows by ∂this/∂input · ∂output/∂this.</summary>
    private void PropagateGradToInputs()
    {
        double grad = Grad;
        if (_first is not null)
        {
            _first.Grad += _firstPartial * grad;
            if (_second is not null)
            {
                _second.Grad += _secondPartialOrParameter * grad;
            }

            return;
        }

        if (_extras?.Inputs is not { } inputs)
        {
            return; // a leaf, or a sum of nothing
        }

        if (_extras.Partials is { } partials)
        {
            for (int i = 0; i < inputs.Length; i++)
            {
                inputs[i].Grad += partials[i] * grad;
            }
        }
        else
        {
            for (int i = 0; i < inputs.Length; i++)
            {
                inputs[i].Grad += grad;
            }
        }
    }

    /// <summary>Depth-first post-order with an explicit stack, so depth is limited by memory, not the call stack.</summary>
    internal List<Value> CollectTopologicalOrder()
    {
        int stamp = NextVisitStamp();
        var order = new List<Value>();
        var pending = new Stack<(Value Node, int NextInput)>();
        _visitStamp = stamp;
        pending.Push((this, 0));
        while (pending.Count > 0)
        {
            (Value node, int nextInput) = pending.Pop();
            if (nextInput < node.InputCount)
            {
                pending.Push((node, nextInput + 1));
                Value input = node.InputAt(nextInput);
                if (input._visitStamp != stamp)
                {
                    input._visitStamp = stamp;
                    pending.Push((input, 0));
                }
            }
            else
            {
                order.Add(node);
            }
        }

        return order;
    }

    private static int NextVisitStamp()
    {
        // A fresh stamp per traversal marks visited nodes without clearing old marks. 0 is what new
        // nodes hold, so it is skipped when the counter wraps.
        int stamp = Interlocked.Increment(ref s_lastVisitStamp);
        return stamp != 0 ? stamp : Interlocked.Increment(ref s_lastVisitStamp);
    }
}
