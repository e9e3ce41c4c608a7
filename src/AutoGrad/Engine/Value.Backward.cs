using System.Runtime.CompilerServices;

namespace AutoGrad;

// Reverse-mode differentiation. Kahn's algorithm over consumers: a first pass counts, for every node
// the output depends on, how many of its consumers are in the graph; the second walks back from the
// output and releases a node once all its consumers have sent it their gradient, so the gradient is
// complete when the node passes it on. No recursion, and the stack only holds the graph's frontier.
// The counts belong to the walk (Walk, in Value.Traversal.cs): kept in the nodes the walk holds and
// in its own arrays for nodes a walk on another thread holds, so graphs on different threads may share
// nodes. Leaves' gradients are summed by the walk and added to Grad atomically at the end.
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
    /// <para>Threads: the pass sums each leaf's gradient on its own and adds the total to the leaf's
    /// <see cref="Grad"/> with an atomic compare-and-swap, so passes running at the same time on
    /// graphs that share leaves (per-thread graphs over shared parameters) add up exactly. A non-leaf
    /// node shared by such passes shows the gradient of one of them.</para>
    /// <para>Iterative, never recursive: graphs millions of nodes deep are fine on any stack.</para>
    /// </remarks>
    public void Backward()
    {
        Walk walk = Walk.Begin();
        bool completed = false;
        try
        {
            Backpropagate(walk);
            for (int i = 0; i < walk.LeafCount; i++)
            {
                Value leaf = walk.LeafNodes[i];
                if (walk.Alone)
                {
                    leaf._grad += walk.LeafGrads[i]; // no other walk writes now
                    leaf._walkCount = 0;
                }
                else if (walk.Holds(leaf))
                {
                    AddAtomically(ref leaf._grad, walk.LeafGrads[i]);
                    leaf._walkCount = 0;
                    walk.Release(leaf);
                }
                else
                {
                    AddAtomically(ref leaf._grad, walk.LeafGrads[i]);
                }
            }

            completed = true;
        }
        finally
        {
            walk.End(this, completed);
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
        bool completed = false;
        try
        {
            CountConsumers(walk, forBackward: false);
            walk.Push(this);
            while (walk.TryPop(out Value? node))
            {
                order.Add(node);
                if (walk.Holds(node))
                {
                    walk.Release(node); // every consumer has been processed: the walk will not meet it again
                }

                int count = node.InputCount;
                for (int i = 0; i < count; i++)
                {
                    Value input = node.InputAt(i);
                    if (walk.Holds(input) ? --input._walkCount == 0 : --walk.Counts[walk.NumberElsewhere(input, out _)] == 0)
                    {
                        walk.Push(input);
                    }
                }
            }

            completed = true;
        }
        finally
        {
            walk.End(this, completed);
        }

        order.Reverse();
        return order;
    }

    /// <summary>
    /// The backward pass: each non-leaf node the walk holds gets its gradient in <see cref="Grad"/>
    /// (and is released); every leaf's sum stays in the walk (<see cref="Walk.LeafGrads"/>, at the
    /// leaf's place in <see cref="Walk.LeafNodes"/>) for the caller. Anomaly detection, when on, checks every gradient before it is passed on and every sum
    /// it adds to; a pass that throws has added nothing to any leaf.
    /// </summary>
    private void Backpropagate(Walk walk)
    {
        bool detecting = Anomaly.IsDetecting;
        CountConsumers(walk, forBackward: true);
        if (IsLeaf)
        {
            // The output is a leaf: the only one, first in the list.
            if (walk.Alone)
            {
                ListLeaf(walk, this, 1);
            }
            else
            {
                walk.LeafGrads[0] = 1; // listed first by CountConsumers, held or not
            }

            return;
        }

        if (walk.Holds(this))
        {
            _grad = 1;
        }
        else
        {
            walk.Grads[walk.NumberElsewhere(this, out _)] = 1;
        }

        if (walk.Alone && !detecting)
        {
            // The common case, apart so that no node or edge asks again whether the walk is alone. The
            // input a node makes ready last is the one a stack would pop next, so it is kept in hand
            // rather than pushed and popped at once (most nodes have one input that is not a leaf): the
            // same order as the loop below, without the stack's stores.
            Value? next = this;
            do
            {
                Value? readyLast = null;
                next.PropagateGradAlone(walk, next._grad, ref readyLast);
                next = readyLast ?? walk.PopOrNull();
            }
            while (next is not null);

            return;
        }

        walk.Push(this);
        while (walk.TryPop(out Value? node))
        {
            double grad;
            if (walk.Holds(node))
            {
                grad = node._grad;
                walk.Release(node); // every consumer has sent its gradient: the walk will not meet it again
            }
            else
            {
                grad = walk.Grads[walk.NumberElsewhere(node, out _)];
            }

            if (detecting)
            {
                node.CheckGradientsSent(grad);
            }

            node.PropagateGradToInputs(walk, grad);
            if (detecting)
            {
                node.CheckGradientsReceived(walk);
            }
        }
    }

    /// <summary>
    /// First pass: count each node's consumers inside the graph. For a backward pass, each non-leaf
    /// gradient starts at 0 and leaves are listed as they are first met, never counted or queued.
    /// </summary>
    private void CountConsumers(Walk walk, bool forBackward)
    {
        // The output: met first, with no consumers.
        if (walk.Alone)
        {
            if (forBackward && !IsLeaf)
            {
                _grad = 0;
            }
        }
        else if (walk.TryClaim(this))
        {
            // A held leaf's count is its place in the walk's list of leaves, plus 1.
            _walkCount = forBackward && IsLeaf ? walk.AddLeaf(this) + 1 : 0;
        }
        else
        {
            int number = walk.NumberElsewhere(this, out _);
            if (forBackward && IsLeaf)
            {
                walk.Counts[number] = walk.AddLeaf(this);
            }
        }

        if (walk.Alone && forBackward)
        {
            // The common case, apart so that no edge asks again whether the walk is alone. The counts do
            // not depend on the order nodes are met in, so the input most recently met for the first time is kept in hand
            // rather than pushed and popped at once (a chain of nodes then never touches the stack).
            //
            // A kept array that several Dot nodes share (a layer's inputs, read by each of its neurons) is
            // counted once for all of them: met again, it only adds to how many times to count it, and its
            // items are counted (and queued) when another array comes or the walk runs out. Deferred, its
            // items are not yet queued, so a layer's Dot nodes tend to be met one after another.
            Value? next = this;
            Value[]? sharedTail = null;
            int sharedTailUses = 0;
            while (true)
            {
                if (next is null)
                {
                    if (sharedTail is null)
                    {
                        break;
                    }

                    CountSharedTail(walk, sharedTail, sharedTailUses, ref next);
                    sharedTail = null;
                    next ??= walk.PopOrNull();
                    continue;
                }

                Value node = next;
                next = null;
                if (node._first is Value first)
                {
                    CountConsumerAlone(walk, first, ref next);
                    if (node._second is Value second)
                    {
                        CountConsumerAlone(walk, second, ref next);
                    }
                }
                else if (node._first is Value[] head)
                {
                    if ((node._flags & HeadAreLeavesFlag) == 0)
                    {
                        foreach (Value input in head)
                        {
                            CountConsumerAlone(walk, input, ref next);
                        }
                    }

                    if (node._second is Value[] tail)
                    {
                        if (tail == sharedTail)
                        {
                            sharedTailUses++;
                        }
                        else
                        {
                            if (sharedTail is not null)
                            {
                                CountSharedTail(walk, sharedTail, sharedTailUses, ref next);
                            }

                            sharedTail = tail;
                            sharedTailUses = 1;
                        }
                    }
                }

                next ??= walk.PopOrNull();
            }

            return;
        }

        walk.Push(this);
        while (walk.TryPop(out Value? node))
        {
            if (node._first is Value first)
            {
                CountConsumer(walk, first, forBackward);
                if (node._second is Value second)
                {
                    CountConsumer(walk, second, forBackward);
                }
            }
            else if (node._first is Value[] head)
            {
                foreach (Value input in head)
                {
                    CountConsumer(walk, input, forBackward);
                }

                if (node._second is Value[] tail)
                {
                    foreach (Value input in tail)
                    {
                        CountConsumer(walk, input, forBackward);
                    }
                }
            }
        }
    }

    /// <summary>Counts one more consumer of <paramref name="input"/>; on the first, queues it to count its own inputs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CountConsumer(Walk walk, Value input, bool forBackward)
    {
        if (walk.Alone)
        {
            // Counts start at 0, so the first consumer queues the input. In backward a leaf is neither
            // counted nor queued: it passes nothing on (half the edges of a wide graph).
            if (forBackward && input.Op == Op.Leaf)
            {
                return;
            }

            if (input._walkCount++ == 0)
            {
                if (forBackward)
                {
                    input._grad = 0;
                }

                walk.Push(input);
            }

            return;
        }

        // Met before and held by this walk, as most inputs are: one more consumer. (In backward a held
        // leaf's count is its place in the walk's list of leaves instead, and stays.)
        if (walk.Holds(input))
        {
            if (!forBackward || input.Op != Op.Leaf)
            {
                input._walkCount++;
            }

            return;
        }

        CountFirstMeetingOrElsewhere(walk, input, forBackward);
    }

    /// <summary>
    /// <see cref="CountConsumer"/> for a backward walk alone: an input met for the first time becomes
    /// <paramref name="metLast"/>, the one it held (if any) goes on the stack.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CountConsumerAlone(Walk walk, Value input, ref Value? metLast)
    {
        if (input.Op != Op.Leaf && input._walkCount++ == 0)
        {
            input._grad = 0;
            if (metLast is not null)
            {
                walk.Push(metLast);
            }

            metLast = input;
        }
    }

    /// <summary>
    /// <see cref="CountConsumerAlone"/> for each item of a kept array read by <paramref name="uses"/>
    /// nodes: <paramref name="uses"/> more consumers each at once.
    /// </summary>
    private static void CountSharedTail(Walk walk, Value[] tail, int uses, ref Value? metLast)
    {
        foreach (Value input in tail)
        {
            if (input.Op == Op.Leaf)
            {
                continue;
            }

            int count = input._walkCount;
            input._walkCount = count + uses;
            if (count == 0)
            {
                input._grad = 0;
                if (metLast is not null)
                {
                    walk.Push(metLast);
                }

                metLast = input;
            }
        }
    }

    /// <summary><see cref="CountConsumer"/> for an input this walk does not hold: met for the first time, or held elsewhere.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CountFirstMeetingOrElsewhere(Walk walk, Value input, bool forBackward)
    {
        bool listedLeaf = forBackward && input.IsLeaf;
        if (walk.TryClaim(input))
        {
            if (listedLeaf)
            {
                input._walkCount = walk.AddLeaf(input) + 1; // its place in the list of leaves, plus 1
                return;
            }

            input._walkCount = 1;

            if (forBackward)
            {
                input._grad = 0;
            }

            if (!input.IsLeaf)
            {
                walk.Push(input);
            }

            return;
        }

        // Held by a walk on another thread: counted in this walk's arrays.
        int number = walk.NumberElsewhere(input, out bool isNew);
        if (listedLeaf)
        {
            if (isNew)
            {
                walk.Counts[number] = walk.AddLeaf(input);
            }
        }
        else if (walk.Counts[number]++ == 0 && !input.IsLeaf)
        {
            walk.Push(input);
        }
    }

    /// <summary>
    /// The chain rule at one node: each input's gradient grows by ∂this/∂input · ∂output/∂this; an
    /// input whose consumers have all been processed is ready to pass its own gradient on.
    /// </summary>
    private unsafe void PropagateGradToInputs(Walk walk, double grad)
    {
        if (_first is Value first)
        {
            // The kernel that made the node, called as it was then: the local derivatives it gave.
            if (_second is Value second)
            {
                BinaryPartials(Op, first.Data, second.Data, out double partialFirst, out double partialSecond);
                SendGrad(walk, first, partialFirst * grad);
                SendGrad(walk, second, partialSecond * grad);
            }
            else
            {
                SendGrad(walk, first, UnaryPartial(Op, first.Data, OpConstant()) * grad);
            }

            return;
        }

        if (_first is not Value[] head)
        {
            return; // a leaf, which has nothing to pass on
        }

        if (_second is CustomOpData custom)
        {
            // A custom op: the partials it was made with.
            for (int i = 0; i < head.Length; i++)
            {
                SendGrad(walk, head[i], custom.Partials[i] * grad);
            }

            return;
        }

        // A declared n-ary op: its rule hands each ∂this/∂inputᵢ to the chain rule as it computes it.
        var tail = _second as Value[];
        var chainRule = new ChainRuleSink(head, tail, grad, walk);
        OpCatalog.Of(Op).NaryBackward(head, tail, Data, ref chainRule);
    }

    /// <summary>
    /// <see cref="PropagateGradToInputs"/> for a walk alone: the same contributions sent in the same
    /// order (so the same bits), with Dot's rule written out (∂/∂aᵢ = bᵢ, then ∂/∂bᵢ = aᵢ, as
    /// <see cref="DotRule.Partials"/> hands them over) since a network's edges are mostly Dot's.
    /// </summary>
    /// <remarks>
    /// An input made ready here becomes <paramref name="readyLast"/>, and the one it held (if any) goes on
    /// the stack: the caller takes <paramref name="readyLast"/> next, as it would pop it next had it been pushed.
    /// </remarks>
    private void PropagateGradAlone(Walk walk, double grad, ref Value? readyLast)
    {
        if (_first is Value first)
        {
            if (_second is Value second)
            {
                BinaryPartials(Op, first.Data, second.Data, out double partialFirst, out double partialSecond);
                SendGradAlone(walk, first, partialFirst * grad, ref readyLast);
                SendGradAlone(walk, second, partialSecond * grad, ref readyLast);
            }
            else
            {
                SendGradAlone(walk, first, UnaryPartial(Op, first.Data, OpConstant()) * grad, ref readyLast);
            }

            return;
        }

        // (A NaN Dot hands every input NaN, the NaN policy: left to the rule's own path.)
        if (Op == Op.Dot && _first is Value[] a && !double.IsNaN(Data))
        {
            if (_second is Value[] b)
            {
                // Kept arrays: a₀…aₙ₋₁ in one, b₀…bₙ₋₁ in the other.
                if ((_flags & TailHasNoLeavesFlag) != 0)
                {
                    // Weights that are leaves, inputs that are not: no input in both arrays, so one loop
                    // gives each the share, in the order, that the two loops below give it.
                    double[] leafGrads = walk.LeafGrads;
                    for (int i = 0; i < a.Length; i++)
                    {
                        Value leaf = a[i];
                        Value input = b[i];
                        double toLeaf = input.Data * grad;
                        if (leaf._walkCount != 0)
                        {
                            leafGrads[leaf._walkCount - 1] += toLeaf;
                        }
                        else
                        {
                            ListLeaf(walk, leaf, toLeaf);
                            leafGrads = walk.LeafGrads; // listing may have grown the array
                        }

                        input._grad += leaf.Data * grad;
                        if (--input._walkCount == 0)
                        {
                            if (readyLast is not null)
                            {
                                walk.Push(readyLast);
                            }

                            readyLast = input;
                        }
                    }

                    return;
                }

                if ((_flags & HeadAreLeavesFlag) != 0)
                {
                    // All leaves (a neuron's weights): each share straight into the walk's sums.
                    double[] leafGrads = walk.LeafGrads;
                    for (int i = 0; i < a.Length; i++)
                    {
                        Value leaf = a[i];
                        double contribution = b[i].Data * grad;
                        if (leaf._walkCount != 0)
                        {
                            leafGrads[leaf._walkCount - 1] += contribution;
                        }
                        else
                        {
                            ListLeaf(walk, leaf, contribution);
                            leafGrads = walk.LeafGrads; // listing may have grown the array
                        }
                    }
                }
                else
                {
                    for (int i = 0; i < a.Length; i++)
                    {
                        SendGradAlone(walk, a[i], b[i].Data * grad, ref readyLast);
                    }
                }

                for (int i = 0; i < a.Length; i++)
                {
                    SendGradAlone(walk, b[i], a[i].Data * grad, ref readyLast);
                }
            }
            else
            {
                int n = a.Length / 2;
                for (int i = 0; i < n; i++)
                {
                    SendGradAlone(walk, a[i], a[n + i].Data * grad, ref readyLast);
                }

                for (int i = 0; i < n; i++)
                {
                    SendGradAlone(walk, a[n + i], a[i].Data * grad, ref readyLast);
                }
            }

            return;
        }

        PropagateGradToInputs(walk, grad);
    }

    /// <summary><see cref="SendGrad"/> for a walk alone.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SendGradAlone(Walk walk, Value input, double contribution, ref Value? readyLast)
    {
        if (input.Op != Op.Leaf)
        {
            input._grad += contribution;
            if (--input._walkCount == 0)
            {
                if (readyLast is not null)
                {
                    walk.Push(readyLast);
                }

                readyLast = input;
            }
        }
        else if (input._walkCount != 0)
        {
            walk.LeafGrads[input._walkCount - 1] += contribution;
        }
        else
        {
            ListLeaf(walk, input, contribution);
        }
    }

    /// <summary>
    /// ∂y/∂a and ∂y/∂b of a binary node from its kernel, the one that made it. The ops networks are made
    /// of call theirs directly, so the JIT inlines it; the others through the table. The same kernel
    /// either way, so the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void BinaryPartials(Op op, double a, double b, out double partialA, out double partialB)
    {
        switch (op)
        {
            case Op.Add:
                OpInfo.EvaluateBinaryRule<AddRule>(a, b, 0, out partialA, out partialB);
                break;
            case Op.Mul:
                OpInfo.EvaluateBinaryRule<MulRule>(a, b, 0, out partialA, out partialB);
                break;
            case Op.Sub:
                OpInfo.EvaluateBinaryRule<SubRule>(a, b, 0, out partialA, out partialB);
                break;
            default:
                OpCatalog.Evaluators[(int)op](a, b, 0, out partialA, out partialB);
                break;
        }
    }

    /// <summary>∂y/∂a of a unary node from its kernel (see <see cref="BinaryPartials"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe double UnaryPartial(Op op, double a, double constant)
    {
        double partial;
        switch (op)
        {
            case Op.Relu:
                OpInfo.EvaluateUnaryRule<ReluRule>(a, 0, constant, out partial, out _);
                break;
            case Op.Tanh:
                OpInfo.EvaluateUnaryRule<TanhRule>(a, 0, constant, out partial, out _);
                break;
            default:
                OpCatalog.Evaluators[(int)op](a, 0, constant, out partial, out _);
                break;
        }

        return partial;
    }

    /// <summary>Adds one consumer's contribution; once the last has arrived, the input is ready to pass its gradient on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SendGrad(Walk walk, Value input, double contribution)
    {
        if (walk.Alone)
        {
            // No other walk runs: plain writes. A leaf's share is summed apart (listed at its first
            // contribution, as it was not counted) and added to Grad once, as a shared walk does, so
            // a pass adds the same bits whether or not another thread was walking.
            if (input.Op != Op.Leaf)
            {
                input._grad += contribution;
                if (--input._walkCount == 0)
                {
                    walk.Push(input);
                }
            }
            else if (input._walkCount != 0)
            {
                walk.LeafGrads[input._walkCount - 1] += contribution;
            }
            else
            {
                ListLeaf(walk, input, contribution);
            }
        }
        else if (!walk.Holds(input))
        {
            SendGradElsewhere(walk, input, contribution);
        }
        else if (input.Op == Op.Leaf)
        {
            walk.LeafGrads[input._walkCount - 1] += contribution;
        }
        else
        {
            input._grad += contribution;
            if (--input._walkCount == 0)
            {
                walk.Push(input);
            }
        }
    }

    /// <summary>A lone walk's first contribution to <paramref name="leaf"/>: lists the leaf and starts its sum.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ListLeaf(Walk walk, Value leaf, double contribution)
    {
        int place = walk.AddLeaf(leaf);
        leaf._walkCount = place + 1; // its place in the list of leaves, plus 1: never 0 while listed
        walk.LeafGrads[place] = contribution;
    }

    /// <summary><see cref="SendGrad"/> for a node held by a walk on another thread: into this walk's arrays.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SendGradElsewhere(Walk walk, Value input, double contribution)
    {
        int number = walk.NumberElsewhere(input, out _);
        if (input.IsLeaf)
        {
            walk.LeafGrads[walk.Counts[number]] += contribution;
        }
        else
        {
            walk.Grads[number] += contribution;
            if (--walk.Counts[number] == 0)
            {
                walk.Push(input);
            }
        }
    }

    /// <summary>The gradient the walk has summed for <paramref name="node"/> so far (a leaf's: this pass's share alone); 0 if it has not met it.</summary>
    private static double GradientInWalk(Walk walk, Value node)
    {
        if (walk.Holds(node))
        {
            // A leaf this walk holds (every node, for a walk alone) is listed once met: its count is its place plus 1.
            return !node.IsLeaf ? node._grad : node._walkCount != 0 ? walk.LeafGrads[node._walkCount - 1] : 0;
        }

        if (!walk.TryNumberElsewhere(node, out int number))
        {
            return 0;
        }

        return node.IsLeaf ? walk.LeafGrads[walk.Counts[number]] : walk.Grads[number];
    }

    /// <summary>
    /// The chain rule at an n-ary node: input i's gradient grows by ∂this/∂inputᵢ · ∂output/∂this as
    /// the op's rule hands the derivative over, in input order, so nothing is stored.
    /// </summary>
    internal readonly struct ChainRuleSink(Value[] head, Value[]? tail, double upstream, Walk walk) : IPartialSink<Real>
    {
        public void Put(int i, Real partial) =>
            SendGrad(walk, (uint)i < (uint)head.Length ? head[i] : tail![i - head.Length], partial.Number * upstream);
    }

    /// <summary>Anomaly detection: throws when a gradient this node is about to send is NaN or ±∞.</summary>
    private void CheckGradientsSent(double grad)
    {
        // Anomaly detection also stops a walk that would mix two points (a leaf set after the graph was built).
        ThrowIfInputsChangedSinceComputed("Backward");
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
            double sum = GradientInWalk(walk, input);
            Anomaly.CheckAccumulated(this, i, input, input.IsLeaf ? input._grad + sum : sum);
        }
    }
}
