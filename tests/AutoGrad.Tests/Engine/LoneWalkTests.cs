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
    /// Random graphs of Dot nodes over a few kept arrays shared between them (and with the leaves' and
    /// other nodes' consumers), in random order: every gradient, leaf and intermediate, and the value,
    /// bit for bit as the same graph built from public ops.
    /// </summary>
    [Fact]
    public void DotsSharingKeptArrays_GiveTheBitsOfTheSameGraphBuiltFromPublicOps()
    {
        int graphsWithSharedArrays = 0;
        for (int seed = 0; seed < 60; seed++)
        {
            var random = new Random(seed);
            Value[] leaves = Enumerable.Range(0, 4).Select(i => new Value(random.NextDouble() * 2 - 1, $"x{i}")).ToArray();

            // Intermediate nodes, each read by the arrays below and some also directly by the output.
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
            var dots = Enumerable.Range(0, random.Next(2, 9))
                .Select(_ => (Weights: Enumerable.Range(0, width).Select(_ => new Value(random.NextDouble() * 2 - 1)).ToArray(), Array: random.Next(arrays.Length)))
                .ToArray();
            int extraReader = random.Next(hidden.Count);
            graphsWithSharedArrays += dots.GroupBy(d => d.Array).Any(g => g.Count() > 1) ? 1 : 0;

            (double value, long[] grads) PassOver(Func<Value[], Value[], Value> dot)
            {
                Value output = hidden[extraReader];
                foreach ((Value[] weights, int array) in dots)
                {
                    output = output * 0.75 + dot(weights, arrays[array]);
                }

                Value[] everyLeaf = [.. leaves, .. dots.SelectMany(d => d.Weights)];
                foreach (Value leaf in everyLeaf)
                {
                    leaf.Grad = 0;
                }

                output.Backward();
                return (output.Data, [.. everyLeaf.Concat(hidden).Select(v => BitConverter.DoubleToInt64Bits(v.Grad))]);
            }

            (double kept, long[] keptGrads) = PassOver((weights, array) => Value.DotOfKept(weights, array, aAreLeaves: true));
            (double byPublicOps, long[] publicGrads) = PassOver((weights, array) => Value.Dot(weights, array));

            Assert.Equal(BitConverter.DoubleToInt64Bits(byPublicOps), BitConverter.DoubleToInt64Bits(kept));
            Assert.Equal(publicGrads, keptGrads);
            Assert.Contains(keptGrads, g => g != 0);
        }

        Assert.True(graphsWithSharedArrays > 40, $"only {graphsWithSharedArrays} of 60 graphs share an array between Dot nodes");
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

        current.Backward();
        long[] walked = [.. current.TopologicalOrder().Select(v => BitConverter.DoubleToInt64Bits(v.Grad))];

        // By hand: seed 1, then each node in reverse topological order sends ∂node/∂input · its gradient.
        IReadOnlyList<Value> order = current.TopologicalOrder();
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
