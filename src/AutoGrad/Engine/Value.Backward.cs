namespace AutoGrad;

// Reverse-mode differentiation. Kahn's algorithm over consumers: a first pass counts, for every
// node the output depends on, how many of its consumers are in the graph; the second pass walks
// back from the output and releases a node once all its consumers have sent it their gradient,
// so the gradient is complete when the node passes it on. The counts are back at 0 afterwards.
// No recursion, no visited set, and the scratch stack only holds the graph's frontier.
public sealed partial class Value
{
    [ThreadStatic]
    private static Value[]? t_scratch;

    // Consumers of this node, inside the graph being traversed, that have not yet been processed.
    // 0 outside a traversal.
    private int _pendingConsumers;

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
        if (Anomaly.IsDetecting)
        {
            BackwardDetectingAnomalies();
            return;
        }

        var stack = new ScratchStack();
        CountConsumers(ref stack, forBackward: true);
        Grad += 1;
        stack.Push(this);
        while (stack.TryPop(out Value? node))
        {
            node.PropagateGradToInputs(ref stack);
        }

        stack.Release();
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
        var stack = new ScratchStack();
        CountConsumers(ref stack, forBackward: false);
        var order = new List<Value>();
        stack.Push(this);
        while (stack.TryPop(out Value? node))
        {
            order.Add(node);
            int count = node.InputCount;
            for (int i = 0; i < count; i++)
            {
                Value input = node.InputAt(i);
                if (--input._pendingConsumers == 0)
                {
                    stack.Push(input);
                }
            }
        }

        stack.Release();
        order.Reverse();
        return order;
    }

    /// <summary>
    /// First pass: count each node's consumers inside the graph. For a backward pass, leaves are
    /// skipped (they pass nothing on: half the work in a wide graph) and non-leaf gradients reset.
    /// </summary>
    private void CountConsumers(ref ScratchStack stack, bool forBackward)
    {
        if (forBackward && !IsLeaf)
        {
            Grad = 0;
        }

        stack.Push(this);
        while (stack.TryPop(out Value? node))
        {
            if (node._first is not null)
            {
                node._first.CountConsumer(ref stack, forBackward);
                node._second?.CountConsumer(ref stack, forBackward);
            }
            else if (node._extras?.Inputs is { } inputs)
            {
                foreach (Value input in inputs)
                {
                    input.CountConsumer(ref stack, forBackward);
                }
            }
        }
    }

    /// <summary>Counts one more consumer of this node; on the first, queues the node to count its own inputs.</summary>
    private void CountConsumer(ref ScratchStack stack, bool forBackward)
    {
        if (forBackward && IsLeaf)
        {
            return;
        }

        if (_pendingConsumers++ == 0)
        {
            if (forBackward)
            {
                Grad = 0;
            }

            stack.Push(this);
        }
    }

    /// <summary>
    /// The chain rule at one node: each input's gradient grows by ∂this/∂input · ∂output/∂this; an
    /// input whose consumers have all been processed is ready to pass its own gradient on.
    /// </summary>
    private unsafe void PropagateGradToInputs(ref ScratchStack ready)
    {
        double grad = Grad;
        if (_first is not null)
        {
            _first.ReceiveGrad(_firstPartial * grad, ref ready);
            _second?.ReceiveGrad(_secondPartialOrParameter * grad, ref ready);
            return;
        }

        if (_extras?.Inputs is not { } inputs)
        {
            return; // a leaf, or a sum of nothing
        }

        if (_extras.Partials is { } recorded)
        {
            // A custom op given as numbers: the partials it was made with.
            for (int i = 0; i < inputs.Length; i++)
            {
                inputs[i].ReceiveGrad(recorded[i] * grad, ref ready);
            }

            return;
        }

        // A declared n-ary op: its rule hands each ∂this/∂inputᵢ to the chain rule as it computes it.
        var chainRule = new ChainRuleSink(inputs, grad, ref ready);
        OpCatalog.Of(Op).NaryBackward(inputs, Data, ref chainRule);
    }

    /// <summary>
    /// The chain rule at an n-ary node: input i's gradient grows by ∂this/∂inputᵢ · ∂output/∂this as
    /// the op's rule hands the derivative over, in input order, so nothing is stored.
    /// </summary>
    internal ref struct ChainRuleSink(Value[] inputs, double upstream, ref ScratchStack ready) : IPartialSink<Real>
    {
        private readonly Value[] _inputs = inputs;
        private readonly double _upstream = upstream;
        private ref ScratchStack _ready = ref ready;

        public void Put(int i, Real partial) => _inputs[i].ReceiveGrad(partial.Number * _upstream, ref _ready);
    }

    /// <summary>
    /// <see cref="Backward"/> that checks every gradient before passing it on and every sum it adds
    /// to; when it throws, the graph is left as it was (leaf gradients restored, consumer counts at 0).
    /// </summary>
    private void BackwardDetectingAnomalies()
    {
        // Detection is the slow path anyway: remember the leaves' gradients, so a pass that throws
        // leaves nothing half-added behind.
        HashSet<Value> graph = Reachable();
        Dictionary<Value, double> leafGrads = graph.Where(v => v.IsLeaf).ToDictionary<Value, Value, double>(v => v, v => v.Grad, ReferenceEqualityComparer.Instance);
        var stack = new ScratchStack();
        CountConsumers(ref stack, forBackward: true);
        Grad += 1;
        stack.Push(this);
        try
        {
            while (stack.TryPop(out Value? node))
            {
                double[] locals = node.LocalGradients();
                for (int i = 0; i < locals.Length; i++)
                {
                    Anomaly.CheckBackward(node, i, locals[i], node.Grad);
                }

                node.PropagateGradToInputs(ref stack);
                for (int i = 0; i < node.InputCount; i++)
                {
                    Anomaly.CheckAccumulated(node, i, node.InputAt(i));
                }
            }
        }
        catch (AnomalyException)
        {
            foreach (Value node in graph)
            {
                node._pendingConsumers = 0;
            }

            foreach ((Value leaf, double grad) in leafGrads)
            {
                leaf.Grad = grad;
            }

            throw;
        }
        finally
        {
            stack.Release();
        }
    }

    /// <summary>Every node this one depends on, itself included, found without the consumer counts.</summary>
    private HashSet<Value> Reachable()
    {
        var seen = new HashSet<Value>(ReferenceEqualityComparer.Instance) { this };
        var pending = new Stack<Value>([this]);
        while (pending.TryPop(out Value? node))
        {
            for (int i = 0; i < node.InputCount; i++)
            {
                if (seen.Add(node.InputAt(i)))
                {
                    pending.Push(node.InputAt(i));
                }
            }
        }

        return seen;
    }

    /// <summary>Adds one consumer's contribution; once the last has arrived, the node is ready to pass its gradient on.</summary>
    private void ReceiveGrad(double contribution, ref ScratchStack ready)
    {
        Grad += contribution;
        if (!IsLeaf && --_pendingConsumers == 0)
        {
            ready.Push(this);
        }
    }

    /// <summary>
    /// A stack of nodes on a per-thread buffer reused across traversals, so a backward pass
    /// allocates nothing once the buffer has grown to the widest frontier seen.
    /// </summary>
    internal struct ScratchStack
    {
        private Value[] _items;
        private int _count;
        private int _highWater;

        public ScratchStack()
        {
            _items = t_scratch ?? new Value[64];
            t_scratch = null; // taken: a nested traversal on this thread gets a buffer of its own
        }

        public void Push(Value node)
        {
            if (_count == _items.Length)
            {
                Array.Resize(ref _items, _items.Length * 2);
            }

            _items[_count++] = node;
            if (_count > _highWater)
            {
                _highWater = _count;
            }
        }

        public bool TryPop([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Value? node)
        {
            if (_count == 0)
            {
                node = null;
                return false;
            }

            node = _items[--_count];
            return true;
        }

        /// <summary>Clears the references (so graphs can be collected) and hands the buffer back.</summary>
        public void Release()
        {
            Array.Clear(_items, 0, _highWater);
            t_scratch = _items;
        }
    }
}
