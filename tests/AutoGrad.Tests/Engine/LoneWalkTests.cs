namespace AutoGrad.Tests;

/// <summary>
/// The lone backward walk's shortcuts (docs/performance.md, "Round three, W1: a lighter walk"): the
/// input a node makes ready last is taken next without going through the stack, and a kept array read
/// by several Dot nodes is counted once for all of them. Neither may change a bit: each test builds the
/// same graph through the public ops, which copy their arrays and take neither shortcut, and compares.
/// </summary>
public class LoneWalkTests
{
    /// <summary>
    /// Random graphs of Dot nodes over a few kept arrays shared between them (whose items other nodes
    /// read too; arrays without leaves walked in one loop, the others in two): the value and every
    /// gradient, leaf and intermediate, bit for bit as the same graph built from public ops.
    /// </summary>
    [Fact]
    public void DotsSharingKeptArrays_GiveTheBitsOfTheSameGraphBuiltFromPublicOps()
    {
        int graphsWithSharedArrays = 0;
        for (int seed = 0; seed < 60; seed++)
        {
            // Each graph built twice from the same seed, so neither walk sees what the other left in a node.
            (double kept, long[] keptGrads, bool shared) = BuildAndWalk(seed, (weights, array) => Value.DotOfKept(weights, array, aAreLeaves: true, bHasNoLeaves: array.All(v => !v.IsLeaf)));
            (double byPublicOps, long[] publicGrads, _) = BuildAndWalk(seed, (weights, array) => Value.Dot(weights, array));

            Assert.Equal(BitConverter.DoubleToInt64Bits(byPublicOps), BitConverter.DoubleToInt64Bits(kept));
            Assert.Equal(publicGrads, keptGrads);
            Assert.Contains(keptGrads, g => g != 0);
            graphsWithSharedArrays += shared ? 1 : 0;
        }

        Assert.True(graphsWithSharedArrays > 30, $"only {graphsWithSharedArrays} of 60 graphs have Dot nodes over the same array one after another");
    }

    /// <summary>
    /// A random graph: leaves, intermediate nodes over them, three arrays of those, Dot nodes over the
    /// arrays folded into the output (an intermediate node reads it too); then its backward pass. Gives
    /// the output's value, every gradient's bits (leaves, weights, intermediate nodes), and whether two
    /// Dot nodes one after another read the same array (which the lone walk counts once).
    /// </summary>
    private static (double Value, long[] Grads, bool Shared) BuildAndWalk(int seed, Func<Value[], Value[], Value> dot)
    {
        var random = new Random(seed);
        Value[] leaves = Enumerable.Range(0, 4).Select(i => new Value(random.NextDouble() * 2 - 1, $"x{i}")).ToArray();
        var hidden = new List<Value>();
        for (int i = 0; i < 6; i++)
        {
            Value a = random.Next(2) == 0 ? leaves[random.Next(leaves.Length)] : hidden.Count > 0 ? hidden[random.Next(hidden.Count)] : leaves[0];
            Value b = leaves[random.Next(leaves.Length)];
            hidden.Add(random.Next(3) switch { 0 => (a * b).Tanh(), 1 => (a + b).Relu(), _ => a * b - 0.5 });
        }

        int width = random.Next(1, 5);
        Value[][] arrays = Enumerable.Range(0, 3)
            .Select(_ => Enumerable.Range(0, width).Select(_ => random.Next(4) == 0 ? leaves[random.Next(leaves.Length)] : hidden[random.Next(hidden.Count)]).ToArray())
            .ToArray();
        int[] arrayOfDot = Enumerable.Range(0, random.Next(2, 9)).Select(_ => random.Next(arrays.Length)).ToArray();
        Value[][] weights = arrayOfDot.Select(_ => Enumerable.Range(0, width).Select(_ => new Value(random.NextDouble() * 2 - 1)).ToArray()).ToArray();
        Value output = hidden[random.Next(hidden.Count)];
        for (int d = 0; d < arrayOfDot.Length; d++)
        {
            output = output * 0.75 + dot(weights[d], arrays[arrayOfDot[d]]);
        }

        output.Backward();
        long[] grads = [.. leaves.Concat(weights.SelectMany(w => w)).Concat(hidden).Select(v => BitConverter.DoubleToInt64Bits(v.Grad))];
        return (output.Data, grads, arrayOfDot.Zip(arrayOfDot.Skip(1)).Any(pair => pair.First == pair.Second));
    }

    /// <summary>
    /// A deep chain whose links read the node before them three times, so some nodes make one input
    /// ready (taken next without the stack) and some two at once (one pushed): every node's gradient bit
    /// for bit as the chain rule computes it by hand in the reverse of <see cref="Value.TopologicalOrder"/>,
    /// whose walk uses the stack alone. Taking the inputs in another order adds the three shares in another order.
    /// </summary>
    [Fact]
    public void ChainWithSideBranches_GivesEveryNodeTheGradientOfTheChainRuleInReverseTopologicalOrder()
    {
        var x = new Value(0.3, "x");
        Value current = x;
        for (int i = 0; i < 300; i++)
        {
            // current has three consumers, and the sum makes two inputs ready at once, then the product two more.
            Value first = (current * 0.5).Tanh();
            Value second = (current * 1.5).Tanh();
            current = first * second + current * 0.3;
            if (i % 2 == 1)
            {
                current = current.Tanh(); // a stretch where each node makes one input ready
            }
        }

        // The order is taken before the walk and again after it: a walk that left counts behind in nodes
        // could cut the later order short, and a by-hand reference over the short order would agree with it.
        IReadOnlyList<Value> order = current.TopologicalOrder();
        current.Backward();
        Assert.Equal(order, current.TopologicalOrder());
        long[] walked = [.. order.Select(v => BitConverter.DoubleToInt64Bits(v.Grad))];

        // By hand: seed 1, then each node in reverse topological order sends ∂node/∂input · its gradient.
        var grads = new Dictionary<Value, double>(ReferenceEqualityComparer.Instance) { [current] = 1 };
        for (int i = order.Count - 1; i >= 0; i--)
        {
            Value node = order[i];
            double grad = grads.GetValueOrDefault(node);
            for (int k = 0; k < node.InputCount; k++)
            {
                Value input = node.GetInput(k);
                grads[input] = grads.GetValueOrDefault(input) + node.GetLocalGradient(k) * grad;
            }
        }

        Assert.Equal(order.Select(v => BitConverter.DoubleToInt64Bits(grads.GetValueOrDefault(v))), walked);
        Assert.NotEqual(0, x.Grad);
    }
}
