using AutoGrad.Nn;

namespace AutoGrad.Tests;

/// <summary>
/// The memory the dynamic graph promises (docs/performance.md, "Round three: a lighter dynamic
/// graph"): bytes counted with <see cref="GC.GetAllocatedBytesForCurrentThread"/>, an allocation count
/// that does not depend on the machine's load, never a timing.
/// </summary>
public class GraphMemoryTests
{
    /// <summary>The W1 benchmark's step as a user writes it: MLP(2, [16, 16, 1]) over the points, hinge loss, L2 1e-4, backward.</summary>
    private static Value BuildW1Loss(Mlp model, Value[][] points, double[] labels)
    {
        var losses = new Value[points.Length];
        for (int i = 0; i < points.Length; i++)
        {
            losses[i] = Losses.Hinge(model.Forward(points[i])[0], labels[i]);
        }

        return Value.Sum(losses) * (1.0 / losses.Length) + Losses.L2Regularization(model.Parameters, 1e-4);
    }

    private static (Mlp Model, Value[][] Points, double[] Labels) W1Like(int points)
    {
        var random = new Random(7);
        var model = new Mlp(2, [16, 16, 1]);
        Value[][] inputs = Enumerable.Range(0, points).Select(_ => new[] { new Value(random.NextDouble() * 2 - 1), new Value(random.NextDouble() * 2 - 1) }).ToArray();
        double[] labels = Enumerable.Range(0, points).Select(i => i % 2 == 0 ? 1.0 : -1.0).ToArray();
        return (model, inputs, labels);
    }

    [Fact]
    public void W1Step_BuildingAndBackward_AllocateAtMost62BytesPerNode()
    {
        (Mlp model, Value[][] points, double[] labels) = W1Like(50);
        BuildW1Loss(model, points, labels).Backward(); // JIT, and the thread's walk grown to this graph

        long before = GC.GetAllocatedBytesForCurrentThread();
        Value loss = BuildW1Loss(model, points, labels);
        loss.Backward();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        int nodes = loss.TopologicalOrder().Count; // counted after the measurement
        // Nodes of 56 bytes; each neuron's Dot keeps its weights and its layer's inputs as they are, so
        // beyond the nodes only each layer's output array, one copy of each point's two inputs and the
        // regulariser's arrays. Was 164 bytes per node with 80-byte nodes and a copied array per Dot.
        Assert.True(allocated <= 62.0 * nodes, $"{allocated:N0} bytes for {nodes:N0} nodes: {allocated / (double)nodes:F1} bytes per node, expected at most 62.");
        Assert.True(nodes > 5_000, $"{nodes} nodes: the graph is not the one meant");
    }

    [Fact]
    public void Backward_OnceTheThreadHasWalkedAGraphThisLarge_AllocatesNothing()
    {
        (Mlp model, Value[][] points, double[] labels) = W1Like(20);
        Value loss = BuildW1Loss(model, points, labels);
        loss.Backward(); // grows the thread's pooled walk to this graph

        long before = GC.GetAllocatedBytesForCurrentThread();
        loss.Backward();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void BinaryNode_IsOneObjectOf56Bytes()
    {
        var a = new Value(1);
        var b = new Value(2);
        _ = a * b; // warm up the JIT so only the node itself is counted

        long before = GC.GetAllocatedBytesForCurrentThread();
        Value product = a * b;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(2, product.Data);
        Assert.Equal(56, allocated);
    }

    [Fact]
    public void UnaryNodeWithACommonConstant_SharesItsBox_AndAnyOtherConstantCostsOneBox()
    {
        var x = new Value(3);
        _ = x.Pow(2);
        _ = x.Pow(2.5);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Value square = x.Pow(2);
        long squareBytes = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        Value other = x.Pow(2.5);
        long otherBytes = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(56, squareBytes);
        Assert.Equal(56 + 24, otherBytes);
        Assert.Equal(2.0, square.Parameter);
        Assert.Equal(2.5, other.Parameter);
        Assert.Equal(Math.Pow(3, 2.5), other.Data);
    }

    [Fact]
    public void MlpForward_AllocatesItsNodes_OneArrayPerLayer_AndOneCopyOfTheInputs()
    {
        var model = new Mlp(2, [16, 16, 1]);
        Value[] point = [new Value(0.3), new Value(-0.7)];
        _ = model.Forward(point);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Value score = model.Forward(point)[0];
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // 16 + 16 ReLU neurons of three nodes (Dot, + bias, ReLU) and a linear one of two, 56 bytes
        // each; the arrays: the copy of the two inputs (24 + 2·8), two layers of 16 outputs (24 + 16·8 each), one of 1 (24 + 8).
        long expected = (((16 + 16) * 3) + 2) * 56 + (24 + 16) + 2 * (24 + 128) + (24 + 8);
        Assert.Equal(expected, allocated);
        Assert.Equal(98 + 337 + 2, score.TopologicalOrder().Count); // the nodes counted above, the parameters, the two inputs
    }

    [Fact]
    public void MlpOverKeptArrays_GivesTheBitsOfTheSameNetworkBuiltFromPublicOps()
    {
        (Mlp model, Value[][] points, double[] labels) = W1Like(30);
        Value kept = BuildW1Loss(model, points, labels);
        kept.Backward();
        double[] keptGrads = model.Parameters.Select(p => p.Grad).ToArray();
        foreach (Value p in model.Parameters)
        {
            p.Grad = 0;
        }

        // The same network by hand: every neuron through the public Dot, which copies its lists.
        var losses = new Value[points.Length];
        for (int i = 0; i < points.Length; i++)
        {
            IReadOnlyList<Value> activations = points[i];
            foreach (Layer layer in model.Layers)
            {
                IReadOnlyList<Value> inputs = activations;
                activations = layer.Parameters.Chunk(layer.InputCount + 1)
                    .Select(neuron => Value.Dot(neuron[..^1], inputs) + neuron[^1])
                    .Select(sum => layer.Activation == Activation.Relu ? sum.Relu() : sum)
                    .ToArray();
            }

            losses[i] = Losses.Hinge(activations[0], labels[i]);
        }

        Value byHand = Value.Sum(losses) * (1.0 / losses.Length) + Losses.L2Regularization(model.Parameters, 1e-4);
        byHand.Backward();

        Assert.Equal(BitConverter.DoubleToInt64Bits(byHand.Data), BitConverter.DoubleToInt64Bits(kept.Data));
        Assert.Equal(keptGrads.Select(BitConverter.DoubleToInt64Bits), model.Parameters.Select(p => BitConverter.DoubleToInt64Bits(p.Grad)));
        Assert.Contains(keptGrads, g => g != 0);
    }

    [Fact]
    public void LayerForward_CopiesTheCallersList_SoChangingItLaterLeavesTheGraphAlone()
    {
        var layer = new Layer(2, 1, Activation.Linear, Initialization.Uniform, new Random(3));
        Value[] point = [new Value(2), new Value(5)];
        Value x0 = point[0];
        Value output = layer.Forward(point)[0];
        Value[] parameters = [.. layer.Parameters];

        point[0] = new Value(100); // the caller reuses its array
        output.Backward();

        Assert.Equal(parameters[0].Data * 2 + parameters[1].Data * 5 + parameters[2].Data, output.Data);
        Assert.Equal(2, parameters[0].Grad); // ∂/∂w0 = x0, the input the graph was built from
        Assert.Equal(5, parameters[1].Grad);
        Assert.Equal(parameters[0].Data, x0.Grad);
        Assert.Equal(0, point[0].Grad);
        Assert.Same(x0, output.GetInput(0).GetInput(2)); // the Dot's inputs: w0, w1, then x0, x1
    }

    [Fact]
    public void LocalDerivatives_AreEvaluatedAtTheInputsDataNow_AsTheOpsKernelGivesThem()
    {
        var a = new Value(3);
        var b = new Value(4);
        Value product = a * b;
        Value sine = a.Sin();
        Assert.Equal(4, product.GetLocalGradient(0));
        Assert.Equal(Math.Cos(3), sine.GetLocalGradient(0));

        a.Data = -2; // what an optimizer does between steps
        b.Data = 10;

        Assert.Equal(10, product.GetLocalGradient(0));
        Assert.Equal(-2, product.GetLocalGradient(1));
        Assert.Equal(Math.Cos(-2), sine.GetLocalGradient(0));
        Assert.Equal(12, product.Data); // values are not recomputed
    }

    [Fact]
    public void LabelAndScope_OfANodeThatIsNotALeaf_AreKeptBesideIt()
    {
        var x = new Value(2, "x");
        Value y;
        Scope scope;
        using (scope = Scope.Enter("block"))
        {
            y = x * x;
        }

        y.Label = "y";
        Value z = y + 1;

        Assert.Equal("x", x.Label);
        Assert.Equal("y", y.Label);
        Assert.Same(scope, y.Scope);
        Assert.Null(z.Label);
        Assert.Null(z.Scope);
        Assert.Equal("y: Value(data=4, grad=0)", y.ToString());
    }
}
