using System.Runtime.CompilerServices;

namespace AutoGrad;

// How a walk over a graph keeps its bookkeeping (consumer counts, gradients being summed) without
// disturbing a walk over the same nodes on another thread. A walk claims each node it meets with one
// compare-and-swap; while it holds the node it keeps the node's count (and, in backward, its gradient)
// in the node itself, where the walk touches it anyway, so a walk on one thread costs what it always
// did. A node already held by a walk on another thread is numbered in a dictionary instead and its
// count and gradient kept in the walk's own arrays. Every claim is released as the walk finishes with
// the node, and on an exception by a sweep from the output: no state is left behind.
public sealed partial class Value
{
    // The walk that holds this node now (0: none; a walk is known by its thread's managed id) and,
    // while it does, the walk's count for the node (or, for a leaf in backward, its place in the
    // walk's leaf list). Written only by the walk that claimed the node. Two bytes and four: they fit
    // where a node had padding and a counter, so a node stays 80 bytes.
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

        private Value[] _stack = new Value[64];
        private int _stackCount;
        private int _stackHighWater;

        // Nodes held by another walk (or all, for a walk that claims nothing): node → its number in
        // Counts and Grads, or for a leaf in backward its place in LeafNodes.
        private Dictionary<Value, int>? _elsewhere;
        private int _elsewhereCount;

        /// <summary>The tag this walk claims nodes with.</summary>
        public ushort Tag;

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
        /// A walk for this thread. The outermost walk on a thread claims nodes with the thread's
        /// managed id, which no other live thread has. A walk begun inside another on the same thread,
        /// or with <paramref name="claim"/> false, claims nothing: it writes nothing into any node.
        /// </summary>
        public static Walk Begin(bool claim = true)
        {
            Walk walk = t_spare ?? new Walk();
            t_spare = null;
            int id = Environment.CurrentManagedThreadId;
            if (claim && !t_claiming && id < ClaimsNothing)
            {
                walk.Tag = (ushort)id;
                t_claiming = true;
            }
            else
            {
                walk.Tag = ClaimsNothing;
            }

            return walk;
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
            }

            Array.Clear(_stack, 0, _stackHighWater);
            Array.Clear(LeafNodes, 0, LeafCount);
            _stackCount = 0;
            _stackHighWater = 0;
            LeafCount = 0;
            _elsewhere = null;
            _elsewhereCount = 0;
            t_spare = this;
        }

        /// <summary>True when this walk holds <paramref name="node"/> (its count lives in the node).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Holds(Value node) => node._heldBy == Tag;

        /// <summary>Tries to claim a node no walk of this thread has met: true if it is now held by this walk.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool TryClaim(Value node) =>
            Tag != ClaimsNothing && node._heldBy == 0 && (_elsewhere is null || !_elsewhere.ContainsKey(node))
            && Interlocked.CompareExchange(ref node._heldBy, Tag, 0) == 0;

        /// <summary>Gives up a node this walk holds; the walk will not meet it again.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Release(Value node) => Volatile.Write(ref node._heldBy, 0);

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

        public void Push(Value node)
        {
            if (_stackCount == _stack.Length)
            {
                Array.Resize(ref _stack, _stack.Length * 2);
            }

            _stack[_stackCount++] = node;
            if (_stackCount > _stackHighWater)
            {
                _stackHighWater = _stackCount;
            }
        }

        public bool TryPop([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Value? node)
        {
            if (_stackCount == 0)
            {
                node = null;
                return false;
            }

            node = _stack[--_stackCount];
            return true;
        }

        /// <summary>After an exception: every node under <paramref name="output"/> this walk still holds is released.</summary>
        private void ReleaseAllUnder(Value output)
        {
            var seen = new HashSet<Value>(ReferenceEqualityComparer.Instance) { output };
            var pending = new Stack<Value>([output]);
            while (pending.TryPop(out Value? node))
            {
                if (node._heldBy == Tag)
                {
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

    /// <summary>Adds <paramref name="amount"/> to <paramref name="target"/> so that no concurrent add is lost (a compare-and-swap loop, as PyTorch accumulates leaf gradients).</summary>
    private static void AddAtomically(ref double target, double amount)
    {
        double current = Volatile.Read(ref target);
        while (true)
        {
            double seen = Interlocked.CompareExchange(ref target, current + amount, current);
            if (BitConverter.DoubleToInt64Bits(seen) == BitConverter.DoubleToInt64Bits(current))
            {
                return;
            }

            current = seen;
        }
    }
}
