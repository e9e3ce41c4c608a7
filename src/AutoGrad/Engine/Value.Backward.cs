namespace AutoGrad;

// Reverse-mode differentiation. Kahn's algorithm over consumers: a first pass numbers every node the
// output depends on and counts, for each, how many of its consumers are in the graph; the second walks
// back from the output and releases a node once all its consumers have sent it their gradient, so the
// gradient is complete when the node passes it on. No recursion, and the stack only holds the graph's
// frontier. The counts and the gradients being summed live in the walk's own arrays (Walk, in
// Value.Traversal.cs), never in the nodes: graphs on different threads may share nodes.
public sealed partial class Value
{
    /// <summary>
    /// Computes ∂this/∂v for every value v this one depends on, by the chain rule in reverse
    /// topological order, and adds it to v's <see cref="Grad"/>.
    /// </summary>
    /// <remarks>
    /// <para>This value's gradient is seeded with 1. A value used more than once receives the sum of
    /// the gradients along every path (<c>x * x</c> gives 2x).</para>
    /// <para>As in PyTorch, leaves accumulate: calling <see cref="Backward"/> twice adds the gradient
    /// twice, so call <see cref="ZeroGrad"/> (or an optimizer's <c>ZeroGrad</c>) between steps.
    /// Every non-leaf node's <see cref="Grad"/> is set to its gradient in this pass alone.</para>
    /// <para>Threads: the pass sums each gradient on its own and adds a leaf's total to its
    /// <see cref="Grad"/> with an atomic compare-and-swap, so passes running at the same time on
    /// graphs that share leaves (per-thread graphs over shared parameters) add up exactly. A non-leaf
    /// node shared by such passes shows the gradient of one of them.</para>
    /// <para>Iterative, never recursive: graphs millions of nodes deep are fine on any stack.</para>
    /// </remarks>
    public void Backward()
    {
        Walk walk = Walk.Begin();
        try
        {
            Backpropagate(walk, publish: true);
        }
        finally
        {
            walk.End();
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
    /// before it (this value last). The order is deterministic: the same graph gives the same order.
    /// </summary>
    public IReadOnlyList<Value> TopologicalOrder() => CollectTopologicalOrder();

    /// <summary>The same order as <see cref="TopologicalOrder"/>, as a list the caller owns.</summary>
    internal List<Value> CollectTopologicalOrder()
    {
        var order = new List<Value>();
        Walk walk = Walk.Begin();
        try
        {
            CountConsumers(walk, forBackward: false);
            walk.Push(0);
            while (walk.TryPop(out int number))
            {
                Value node = walk.Nodes[number];
                order.Add(node);
                int count = node.InputCount;
                for (int i = 0; i < count; i++)
                {
                    int input = walk.NumberOf(node.InputAt(i));
                    if (--walk.Counts[input] == 0)
                    {
                        walk.Push(input);
                    }
                }
            }
        }
        finally
        {
            walk.End();
        }

        order.Reverse();
        return order;
    }

    /// <summary>
    /// The backward pass, into <paramref name="walk"/>'s gradients. With <paramref name="publish"/>, each
    /// non-leaf node's <see cref="Grad"/> is set as it is reached and each leaf's total is added to its
    /// <see cref="Grad"/> at the end (atomically); without, no node is written and the gradients stay
    /// in the walk. Anomaly detection, when on, checks every gradient before it is passed on and every
    /// sum it adds to; a pass that throws has added nothing to any leaf.
    /// </summary>
    private void Backpropagate(Walk walk, bool publish)
    {
        bool detecting = Anomaly.IsDetecting;
        CountConsumers(walk, forBackward: true);
        walk.Grads[0] = 1;
        walk.Push(0);
        while (walk.TryPop(out int number))
        {
            Value node = walk.Nodes[number];
            if (node.IsLeaf)
            {
                continue; // only the output itself, when it is a leaf: its gradient is added below
            }

            double grad = walk.Grads[number];
            if (detecting)
            {
                node.CheckGradientsSent(grad);
            }

            if (publish)
            {
                node._grad = grad;
                walk.Release(node); // every consumer has been processed: this walk will not meet it again
            }

            node.PropagateGradToInputs(walk, grad);
            if (detecting)
            {
                node.CheckGradientsReceived(walk);
            }
        }

        if (publish)
        {
            int[] leaves = walk.Leaves;
            for (int i = 0; i < walk.LeafCount; i++)
            {
                Value leaf = walk.Nodes[leaves[i]];
                AddAtomically(ref leaf._grad, walk.Grads[leaves[i]]);
                walk.Release(leaf);
            }

            walk.AllReleased = true;
        }
    }

    /// <summary>
    /// First pass: number each node and count its consumers inside the graph. For a backward pass,
    /// leaves are listed as they are first met and never counted or queued (they pass nothing on).
    /// </summary>
    private void CountConsumers(Walk walk, bool forBackward)
    {
        int root = walk.NumberOf(this);
        if (forBackward && IsLeaf)
        {
            walk.AddLeaf(root);
        }

        walk.Push(root);
        while (walk.TryPop(out int number))
        {
            Value node = walk.Nodes[number];
            if (node._first is not null)
            {
                CountConsumer(walk, node._first, forBackward);
                if (node._second is not null)
                {
                    CountConsumer(walk, node._second, forBackward);
                }
            }
            else if (node._extras?.Inputs is { } inputs)
            {
                foreach (Value input in inputs)
                {
                    CountConsumer(walk, input, forBackward);
                }
            }
        }
    }

    /// <summary>Counts one more consumer of <paramref name="input"/>; on the first, queues it to count its own inputs.</summary>
    private static void CountConsumer(Walk walk, Value input, bool forBackward)
    {
        int number = walk.NumberOf(input);
        if (walk.Counts[number]++ == 0)
        {
            if (!input.IsLeaf)
            {
                walk.Push(number);
            }
            else if (forBackward)
            {
                walk.AddLeaf(number);
            }
        }
    }

    /// <summary>
    /// The chain rule at one node: each input's gradient grows by ∂this/∂input · ∂output/∂this; an
    /// input whose consumers have all been processed is ready to pass its own gradient on.
    /// </summary>
    private unsafe void PropagateGradToInputs(Walk walk, double grad)
    {
        if (_first is not null)
        {
            SendGrad(walk, _first, _firstPartial * grad);
            if (_second is not null)
            {
                SendGrad(walk, _second, _secondPartialOrParameter * grad);
            }

            return;
        }

        if (_extras?.Inputs is not { } inputs)
        {
            return; // a sum of nothing
        }

        if (_extras.Partials is { } recorded)
        {
            // A custom op given as numbers: the partials it was made with.
            for (int i = 0; i < inputs.Length; i++)
            {
                SendGrad(walk, inputs[i], recorded[i] * grad);
            }

            return;
        }

        // A declared n-ary op: its rule hands each ∂this/∂inputᵢ to the chain rule as it computes it.
        var chainRule = new ChainRuleSink(inputs, grad, walk);
        OpCatalog.Of(Op).NaryBackward(inputs, Data, ref chainRule);
    }

    /// <summary>Adds one consumer's contribution; once the last has arrived, the input is ready to pass its gradient on.</summary>
    private static void SendGrad(Walk walk, Value input, double contribution)
    {
        int number = walk.NumberOf(input);
        walk.Grads[number] += contribution;
        if (!input.IsLeaf && --walk.Counts[number] == 0)
        {
            walk.Push(number);
        }
    }

    /// <summary>
    /// The chain rule at an n-ary node: input i's gradient grows by ∂this/∂inputᵢ · ∂output/∂this as
    /// the op's rule hands the derivative over, in input order, so nothing is stored.
    /// </summary>
    internal readonly struct ChainRuleSink(Value[] inputs, double upstream, Walk walk) : IPartialSink<Real>
    {
        public void Put(int i, Real partial) => SendGrad(walk, inputs[i], partial.Number * upstream);
    }

    /// <summary>Anomaly detection: throws when a gradient this node is about to send is NaN or ±∞.</summary>
    private void CheckGradientsSent(double grad)
    {
        double[] locals = LocalGradients();
        for (int i = 0; i < locals.Length; i++)
        {
            Anomaly.CheckBackward(this, i, locals[i], grad);
        }
    }

    /// <summary>Anomaly detection: throws when a sum this node added to has become NaN or ±∞ (a leaf's counted with what it held before).</summary>
    private void CheckGradientsReceived(Walk walk)
    {
        for (int i = 0; i < InputCount; i++)
        {
            Value input = InputAt(i);
            double sum = walk.Grads[walk.NumberOf(input)];
            Anomaly.CheckAccumulated(this, i, input, input.IsLeaf ? input._grad + sum : sum);
        }
    }
}
