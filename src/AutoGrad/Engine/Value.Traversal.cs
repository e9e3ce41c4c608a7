using System.Runtime.CompilerServices;

namespace AutoGrad;

// How a walk over a graph keeps its bookkeeping (consumer counts, gradients being summed) without
// disturbing a walk over the same nodes on another thread. Two ways, chosen as the walk begins:
// - Alone (the common case: one thread, or threads taking turns): no other walk that writes into
//   nodes runs, and none starts until this one ends, so it keeps each node's count and gradient in the
//   node with plain writes and no claims, as a walk did before threads were thought of.
// - Shared: other walks run. The walk claims each node it meets with one compare-and-swap; while it
//   holds a node it keeps the node's count (and, in backward, its gradient) in the node. A node held
//   by a walk on another thread is numbered in a dictionary instead and its count and gradient kept
//   in the walk's own arrays.
// Either way a leaf's share of the pass is summed apart and added to its Grad once at the end (by a
// shared walk atomically), so a pass adds the same bits whether or not another thread was walking.
// A walk that starts while a lone walk runs waits for it to end, then walks shared. The wait is short
// and cannot deadlock: a walk runs no user code (a custom op's derivatives were taken when it was
// made). Counts are back at 0 and every claim released as a walk finishes with each node, and on an
// exception by a sweep from the output: no state is left behind.
public sealed partial class Value
{
    // The walk that holds this node now (0: none; a walk is known by its thread's managed id) and,
    // while it does, the walk's count for the node (for a leaf in backward, its place in the walk's
    // list of leaves plus 1: the leaf's gradient sum lives in the walk's LeafGrads). Written only by
    // the walk that claimed the node. Two bytes and four: with Op and the flags they fill one 8-byte
    // slot, so a node stays 56 bytes.
    private ushort _heldBy;
    private int _walkCount;

    /// <summary>
    /// One walk over a graph. Reused per thread: begin with <see cref="Begin"/>, end with <see cref="End"/>.
    /// </summary>
    internal sealed class Walk
    {
        // A tag no walk claims with: a walk with it keeps everything in its own arrays.
        private const ushort ClaimsNothing = ushort.MaxValue;

        [ThreadStatic]
        private static Walk? t_spare;

        [ThreadStatic]
        private static bool t_claiming;

        // The walks that write into nodes, running now: their number, plus LoneFlag while one of them
        // walks alone. A walk starts alone only by a compare-and-swap from 0: when none runs.
        private static int s_writingWalks;

        private const int LoneFlag = 1 << 30;

        private Value[] _stack = new Value[64];
        private int _stackCount;

        // Nodes held by another walk (or all, for a walk that claims nothing): node → its number in
        // Counts and Grads, or for a leaf in backward its place in LeafNodes.
        private Dictionary<Value, int>? _elsewhere;
        private int _elsewhereCount;

        /// <summary>The tag this walk claims nodes with.</summary>
        public ushort Tag;

        /// <summary>True for a walk alone (see the comment at the top): every node's count and gradient live in the node, unclaimed.</summary>
        public bool Alone;


        /// <summary>Per node numbered in the dictionary: consumers not yet processed.</summary>
        public int[] Counts = new int[16];

        /// <summary>Per node numbered in the dictionary: the gradient summed so far.</summary>
        public double[] Grads = new double[16];

        /// <summary>The leaves a backward pass has met, each once, with the gradient summed for each.</summary>
        public Value[] LeafNodes = new Value[16];

        /// <summary>The gradient summed for each of <see cref="LeafNodes"/>.</summary>
        public double[] LeafGrads = new double[16];

        /// <summary>How many of <see cref="LeafNodes"/> are in use.</summary>
        public int LeafCount;

        /// <summary>
        /// A walk for this thread. The outermost walk on a thread walks alone when no other walk that
        /// writes into nodes runs; otherwise it waits for a lone walk to end and claims nodes with the
        /// thread's managed id, which no other live thread has. A walk begun inside another on the
        /// same thread, or with <paramref name="claim"/> false, claims nothing: it writes nothing into
        /// any node but, in backward, leaves' gradients, atomically.
        /// </summary>
        public static Walk Begin(bool claim = true)
        {
            Walk walk = t_spare ?? new Walk();
            t_spare = null;
            walk.Tag = ClaimsNothing;
            walk.Alone = false;
            int id = Environment.CurrentManagedThreadId;
            if (!claim || t_claiming || id >= ClaimsNothing)
            {
                return walk;
            }

            t_claiming = true;
            if (Interlocked.CompareExchange(ref s_writingWalks, LoneFlag | 1, 0) == 0)
            {
                walk.Alone = true;
                walk.Tag = (ushort)id;
                return walk;
            }

            if ((Interlocked.Increment(ref s_writingWalks) & LoneFlag) != 0)
            {
                WaitForLoneWalk();
            }

            walk.Tag = (ushort)id;
            return walk;
        }

        /// <summary>Waits until no lone walk runs (spinning briefly, then sleeping between looks).</summary>
        private static void WaitForLoneWalk()
        {
            var spinner = default(SpinWait);
            while ((Volatile.Read(ref s_writingWalks) & LoneFlag) != 0)
            {
                spinner.SpinOnce(sleep1Threshold: 40);
            }
        }

        /// <summary>
        /// Ends the walk. <paramref name="completed"/> false (an exception) sweeps the graph under
        /// <paramref name="output"/> and releases every node the walk still holds.
        /// </summary>
        public void End(Value output, bool completed)
        {
            if (Tag != ClaimsNothing)
            {
                if (!completed)
                {
                    ReleaseAllUnder(output);
                }

                t_claiming = false;
                Interlocked.Add(ref s_writingWalks, Alone ? -(LoneFlag | 1) : -1);
            }

            Array.Clear(_stack, 0, _stackCount); // what an exception left; a pop clears its own slot
            Array.Clear(LeafNodes, 0, LeafCount);
            _stackCount = 0;
            LeafCount = 0;
            _elsewhere = null;
            _elsewhereCount = 0;
            t_spare = this;
        }

        /// <summary>True when this walk holds <paramref name="node"/> (its count lives in the node); a lone walk holds every node.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Holds(Value node) => Alone || node._heldBy == Tag;

        /// <summary>Tries to claim a node this walk meets for the first time: true if it is now held by this walk.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool TryClaim(Value node) =>
            Alone
            || (Tag != ClaimsNothing && node._heldBy == 0 && (_elsewhere is null || !_elsewhere.ContainsKey(node))
                && Interlocked.CompareExchange(ref node._heldBy, Tag, 0) == 0);

        /// <summary>Gives up a node this walk holds; the walk will not meet it again.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Release(Value node)
        {
            if (!Alone)
            {
                Volatile.Write(ref node._heldBy, 0);
            }
        }

        /// <summary>The number of a node this walk does not hold, numbering it (count and gradient 0) if new.</summary>
        public int NumberElsewhere(Value node, out bool isNew)
        {
            _elsewhere ??= new Dictionary<Value, int>(ReferenceEqualityComparer.Instance);
            if (_elsewhere.TryGetValue(node, out int number))
            {
                isNew = false;
                return number;
            }

            isNew = true;
            number = _elsewhereCount++;
            if (number == Counts.Length)
            {
                Array.Resize(ref Counts, number * 2);
                Array.Resize(ref Grads, number * 2);
            }

            Counts[number] = 0;
            Grads[number] = 0;
            _elsewhere.Add(node, number);
            return number;
        }

        /// <summary>The number of a node this walk does not hold, if it has met it.</summary>
        public bool TryNumberElsewhere(Value node, out int number)
        {
            number = -1;
            return _elsewhere is not null && _elsewhere.TryGetValue(node, out number);
        }

        /// <summary>Lists a leaf met for the first time (gradient 0); returns its place in <see cref="LeafNodes"/>.</summary>
        public int AddLeaf(Value leaf)
        {
            if (LeafCount == LeafNodes.Length)
            {
                Array.Resize(ref LeafNodes, LeafCount * 2);
                Array.Resize(ref LeafGrads, LeafCount * 2);
            }

            LeafNodes[LeafCount] = leaf;
            LeafGrads[LeafCount] = 0;
            return LeafCount++;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Push(Value node)
        {
            if (_stackCount == _stack.Length)
            {
                Grow();
            }

            _stack[_stackCount++] = node;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool TryPop([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Value? node)
        {
            if (_stackCount == 0)
            {
                node = null;
                return false;
            }

            node = _stack[--_stackCount];
            _stack[_stackCount] = null!; // so a finished walk keeps no graph alive
            return true;
        }

        /// <summary>The node on top of the stack, taken off; null when the stack is empty.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Value? PopOrNull()
        {
            if (_stackCount == 0)
            {
                return null;
            }

            Value node = _stack[--_stackCount];
            _stack[_stackCount] = null!; // so a finished walk keeps no graph alive
            return node;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void Grow() => Array.Resize(ref _stack, _stack.Length * 2);

        /// <summary>After an exception: every node under <paramref name="output"/> this walk still holds is released.</summary>
        private void ReleaseAllUnder(Value output)
        {
            var seen = new HashSet<Value>(ReferenceEqualityComparer.Instance) { output };
            var pending = new Stack<Value>([output]);
            while (pending.TryPop(out Value? node))
            {
                if (Holds(node))
                {
                    node._walkCount = 0; // a leaf's sum, in the walk's arrays, is never added
                    Release(node);
                }

                for (int i = 0; i < node.InputCount; i++)
                {
                    if (seen.Add(node.InputAt(i)))
                    {
                        pending.Push(node.InputAt(i));
                    }
                }
            }
        }
    }

    /// <summary>
    /// Adds <paramref name="amount"/> to <see cref="Grad"/> so that no concurrent add is lost, as a
    /// backward pass adds its total (a compiled graph's Evaluate on one thread while other threads'
    /// graphs share this parameter); returns the sum this add stored.
    /// </summary>
    internal double AddToGradAtomically(double amount) => AddAtomically(ref _grad, amount);

    /// <summary>Adds <paramref name="amount"/> to <paramref name="target"/> so that no concurrent add is lost (a compare-and-swap loop, as PyTorch accumulates leaf gradients); returns the sum it stored.</summary>
    private static double AddAtomically(ref double target, double amount)
    {
        double current = Volatile.Read(ref target);
        while (true)
        {
            double sum = current + amount;
            double seen = Interlocked.CompareExchange(ref target, sum, current);
            if (BitConverter.DoubleToInt64Bits(seen) == BitConverter.DoubleToInt64Bits(current))
            {
                return sum;
            }

            current = seen;
        }
    }
}
