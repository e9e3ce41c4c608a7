using System.Runtime.CompilerServices;

namespace AutoGrad;

// How a walk over a graph keeps its bookkeeping (consumer counts, gradients) without leaving any in
// the nodes: each walk numbers the nodes it meets, 0, 1, 2, …, and keeps its counts and sums in arrays
// of its own indexed by those numbers. Finding a node's number must cost next to nothing, so a walk
// claims each node with one compare-and-swap and writes the number into it while it holds it; a node
// already held by a walk on another thread is numbered in a dictionary instead, so two walks over
// graphs that share nodes (parameters shared by per-thread graphs) never see each other's numbers.
// Every claim is released when the walk ends, exception or not: no state is left behind.
public sealed partial class Value
{
    // The walk that holds this node now (0: none; a walk is known by its thread's managed id) and the
    // node's number in it. Written only by the walk that claimed the node. Two bytes and four: they
    // fit where a node had padding and a counter, so a node stays 80 bytes.
    private ushort _heldBy;
    private int _numberInWalk;

    /// <summary>
    /// One walk over a graph: the nodes it has met, numbered in order, with a consumer count and a
    /// gradient per number. Reused per thread; begin with <see cref="Begin"/>, end with <see cref="End"/>.
    /// </summary>
    internal sealed class Walk
    {
        // A tag no walk claims with: a walk with it numbers every node in its dictionary.
        private const ushort ClaimsNothing = ushort.MaxValue;

        [ThreadStatic]
        private static Walk? t_spare;

        [ThreadStatic]
        private static bool t_claiming;

        private ushort _tag;
        private Dictionary<Value, int>? _heldElsewhere;
        private int[] _stack = new int[64];
        private int _stackCount;

        /// <summary>The nodes met so far; node i has number i.</summary>
        public Value[] Nodes = new Value[64];

        /// <summary>How many nodes have been met.</summary>
        public int Count;

        /// <summary>Per node: consumers inside the graph not yet processed (the walk's own use).</summary>
        public int[] Counts = new int[64];

        /// <summary>Per node: the gradient this walk has accumulated for it.</summary>
        public double[] Grads = new double[64];

        /// <summary>The numbers of the leaves a backward pass has met, each once (see <see cref="AddLeaf"/>).</summary>
        public int[] Leaves = new int[16];

        /// <summary>How many of <see cref="Leaves"/> are in use.</summary>
        public int LeafCount;

        /// <summary>Set by a walk that has released every node itself, so <see cref="End"/> need not look.</summary>
        public bool AllReleased;

        /// <summary>
        /// A walk for this thread. The outermost walk on a thread claims nodes with the thread's
        /// managed id, which no other live thread has; a walk begun inside another (on the same
        /// thread) claims nothing and numbers every node in its dictionary.
        /// </summary>
        public static Walk Begin()
        {
            Walk walk = t_spare ?? new Walk();
            t_spare = null;
            int id = Environment.CurrentManagedThreadId;
            if (!t_claiming && id < ClaimsNothing)
            {
                walk._tag = (ushort)id;
                t_claiming = true;
            }
            else
            {
                walk._tag = ClaimsNothing;
            }

            return walk;
        }

        /// <summary>Releases every node this walk holds and forgets them all, so graphs can be collected.</summary>
        public void End()
        {
            ushort tag = _tag;
            if (tag != ClaimsNothing)
            {
                Value[] nodes = Nodes;
                for (int i = 0; i < Count && !AllReleased; i++)
                {
                    Value node = nodes[i];
                    if (node._heldBy == tag)
                    {
                        Volatile.Write(ref node._heldBy, 0);
                    }
                }

                t_claiming = false;
            }

            Array.Clear(Nodes, 0, Count);
            Count = 0;
            LeafCount = 0;
            AllReleased = false;
            _stackCount = 0;
            _heldElsewhere = null;
            t_spare = this;
        }

        /// <summary>The node's number in this walk, numbering it now (count and gradient 0) if it is new.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int NumberOf(Value node) => node._heldBy == _tag ? node._numberInWalk : NumberOfUnheld(node);

        /// <summary>Gives up the node before the walk ends: the walk will not meet it again.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Release(Value node)
        {
            if (node._heldBy == _tag)
            {
                Volatile.Write(ref node._heldBy, 0);
            }
        }

        /// <summary>The node's number if this walk has met it, else −1; numbers nothing.</summary>
        public int Find(Value node)
        {
            if (node._heldBy == _tag)
            {
                return node._numberInWalk;
            }

            return _heldElsewhere is not null && _heldElsewhere.TryGetValue(node, out int number) ? number : -1;
        }

        /// <summary>Lists a leaf a backward pass has met for the first time.</summary>
        public void AddLeaf(int number)
        {
            if (LeafCount == Leaves.Length)
            {
                Array.Resize(ref Leaves, Leaves.Length * 2);
            }

            Leaves[LeafCount++] = number;
        }

        public void Push(int number)
        {
            if (_stackCount == _stack.Length)
            {
                Array.Resize(ref _stack, _stack.Length * 2);
            }

            _stack[_stackCount++] = number;
        }

        public bool TryPop(out int number)
        {
            if (_stackCount == 0)
            {
                number = -1;
                return false;
            }

            number = _stack[--_stackCount];
            return true;
        }

        private int NumberOfUnheld(Value node)
        {
            if (_heldElsewhere is not null && _heldElsewhere.TryGetValue(node, out int known))
            {
                return known;
            }

            int number = Count;
            if (number == Nodes.Length)
            {
                Grow();
            }

            Nodes[number] = node;
            Counts[number] = 0;
            Grads[number] = 0;
            Count = number + 1;
            if (_tag != ClaimsNothing && node._heldBy == 0 && Interlocked.CompareExchange(ref node._heldBy, _tag, 0) == 0)
            {
                node._numberInWalk = number;
            }
            else
            {
                // Held by a walk on another thread (or this walk claims nothing): numbered here only.
                (_heldElsewhere ??= new Dictionary<Value, int>(ReferenceEqualityComparer.Instance)).Add(node, number);
            }

            return number;
        }

        private void Grow()
        {
            int size = Nodes.Length * 2;
            Array.Resize(ref Nodes, size);
            Array.Resize(ref Counts, size);
            Array.Resize(ref Grads, size);
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
