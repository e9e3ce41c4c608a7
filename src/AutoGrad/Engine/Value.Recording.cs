using AutoGrad.Compilation;

namespace AutoGrad;

// How a compiled replay records a graph. The layout is TopologicalOrder's (the order Backward adds
// gradients in, which the replay must repeat to give the same sums), leaves first: the walk counts
// consumers and releases nodes in that order as CollectTopologicalOrder does, but instead of listing
// the nodes for a dictionary to number, each node keeps its number in the walk's own bookkeeping
// (its count, which is spent once the node is reached) until its consumers have read it.
public sealed partial class Value
{
    /// <summary>
    /// The graph under this value as a replay lays it out: every leaf, then every op, each in the order
    /// of <see cref="TopologicalOrder"/>, with the positions of each op's inputs in that layout.
    /// </summary>
    internal RecordedGraph Record()
    {
        var leaves = new Buffer<Value>(64);
        var ops = new Buffer<Value>(64);
        long inputCount = 0;
        Walk walk = Walk.Begin();
        bool completed = false;
        try
        {
            // Kahn's order from the output, as CollectTopologicalOrder; a node reached is numbered by
            // how many of its kind were reached before it (its count is 0 now and no consumer is left
            // to decrement it), and keeps the number until the consumers' inputs are resolved below.
            CountConsumers(walk, forBackward: false);
            walk.Push(this);
            while (walk.TryPop(out Value? node))
            {
                int reached = node.IsLeaf ? leaves.Add(node) : ops.Add(node);
                if (walk.Holds(node))
                {
                    node._walkCount = reached;
                }
                else
                {
                    walk.TryNumberElsewhere(node, out int number);
                    walk.Counts[number] = reached;
                }

                int count = node.InputCount;
                inputCount += count;
                for (int i = 0; i < count; i++)
                {
                    Value input = node.InputAt(i);
                    if (walk.Holds(input) ? --input._walkCount == 0 : --walk.Counts[walk.NumberElsewhere(input, out _)] == 0)
                    {
                        walk.Push(input);
                    }
                }
            }

            RecordedGraph graph = Lay(walk, leaves, ops, checked((int)inputCount));
            completed = true;
            return graph;
        }
        finally
        {
            walk.End(this, completed);
        }
    }

    /// <summary>
    /// The recorded layout from the nodes in the order they were reached (the reverse of the topological
    /// order): ops from the output down, so that when an op is laid, every consumer of it has read its
    /// number and it is released.
    /// </summary>
    private static RecordedGraph Lay(Walk walk, Buffer<Value> leaves, Buffer<Value> ops, int inputCount)
    {
        int leafCount = leaves.Count, opCount = ops.Count;
        Value[] nodes = GC.AllocateUninitializedArray<Value>(leafCount + opCount);
        int[] inputs = GC.AllocateUninitializedArray<int>(inputCount);
        int[] starts = GC.AllocateUninitializedArray<int>(opCount + 1);
        starts[opCount] = inputCount;
        int end = inputCount;
        for (int reached = 0; reached < opCount; reached++)
        {
            Value op = ops.Items[reached];
            int k = opCount - 1 - reached;
            nodes[leafCount + k] = op;
            int count = op.InputCount;
            end -= count;
            starts[k] = end;
            for (int i = 0; i < count; i++)
            {
                Value input = op.InputAt(i);
                int number = walk.Holds(input) ? input._walkCount : walk.Counts[NumberOf(walk, input)];
                inputs[end + i] = input.IsLeaf ? leafCount - 1 - number : leafCount + opCount - 1 - number;
            }

            Forget(walk, op);
        }

        for (int reached = 0; reached < leafCount; reached++)
        {
            Value leaf = leaves.Items[reached];
            nodes[leafCount - 1 - reached] = leaf;
            Forget(walk, leaf);
        }

        return new RecordedGraph(nodes, leafCount, starts, inputs);

        static int NumberOf(Walk walk, Value node)
        {
            walk.TryNumberElsewhere(node, out int number);
            return number;
        }

        // Back to how the walk found the node: count 0, not held.
        static void Forget(Walk walk, Value node)
        {
            if (walk.Holds(node))
            {
                node._walkCount = 0;
                walk.Release(node);
            }
        }
    }

    /// <summary>A list that only grows and hands out its array: the nodes a recording reaches, in order.</summary>
    private struct Buffer<T>(int capacity)
    {
        public T[] Items = new T[capacity];
        public int Count;

        /// <summary>Appends <paramref name="item"/>; returns its position.</summary>
        public int Add(T item)
        {
            if (Count == Items.Length)
            {
                Array.Resize(ref Items, Count * 2);
            }

            Items[Count] = item;
            return Count++;
        }
    }
}
