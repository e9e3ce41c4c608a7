using AutoGrad.Compilation;

namespace AutoGrad.Tests.Compilation;

/// <summary>
/// The replay as generated code: each way through it (a loop over a repeated stretch, straight-line
/// code, the interpreter for long stretches that do not repeat and for nodes with very many inputs)
/// is taken, and gives what a dynamic graph built fresh at the same point gives, bit for bit.
/// </summary>
public class GeneratedReplayTests
{
    [Fact]
    public void RepeatedNetwork_RunsAsALoop_AndReplaysLikeTheDynamicGraph_WhenReluBranchesFlip()
    {
        // A 2 → 4 → 1 network with ReLU over 24 points, hinge loss: the shape of W1, small.
        const int points = 24, hidden = 4;
        int parameters = (hidden * 3) + hidden + 1;
        Value Network(Value[] leaves)
        {
            Value[] p = leaves[..parameters];
            var losses = new Value[points];
            for (int i = 0; i < points; i++)
            {
                Value x0 = leaves[parameters + (2 * i)], x1 = leaves[parameters + (2 * i) + 1];
                Value[] h = Enumerable.Range(0, hidden)
                    .Select(j => (Value.Dot([p[3 * j], p[(3 * j) + 1]], [x0, x1]) + p[(3 * j) + 2]).Relu()).ToArray();
                Value score = Value.Dot(p[(hidden * 3)..(hidden * 4)], h) + p[^1];
                losses[i] = (1 + (score * (i % 2 == 0 ? -1.0 : 1.0))).Relu();
            }

            return Value.Sum(losses) * (1.0 / points);
        }

        double[] recordedAt = Enumerable.Range(0, parameters + (2 * points)).Select(i => Math.Sin(i * 1.3)).ToArray();
        double[] replayedAt = recordedAt.Select((x, i) => i < parameters ? -x : x).ToArray(); // every ReLU decides again

        CompiledGraph compiled = AssertReplaysLikeTheDynamicGraph(Network, recordedAt, replayedAt);

        GeneratedCodeShape shape = compiled.CodeShape!.Value;
        Assert.True(shape.Loops >= 1 && shape.LoopedInstructions > shape.StraightLineInstructions, shape.ToString());
    }

    [Fact]
    public void KernelAndCustomOps_InsideALoop_ReplayLikeTheDynamicGraph()
    {
        // Max, Abs, Tanh and Pow run through their kernels, the custom op through its functions, on
        // every repeat; the shared p is added into on every repeat.
        const int copies = 20;
        static Value Build(Value[] leaves)
        {
            Value p = leaves[0], sum = 0;
            for (int i = 1; i <= copies; i++)
            {
                Value x = leaves[i];
                Value cube = Value.Custom("cube", [x * p], v => v[0] * v[0] * v[0], (v, _) => 3 * v[0] * v[0]);
                sum += Value.Max(x, p).Abs().Tanh() + cube + x.Pow(3);
            }

            return sum;
        }

        double[] recordedAt = Enumerable.Range(0, copies + 1).Select(i => (i * 0.37) - 3).ToArray();
        double[] replayedAt = recordedAt.Select(x => 0.5 - x).ToArray(); // Max picks the other side

        CompiledGraph compiled = AssertReplaysLikeTheDynamicGraph(Build, recordedAt, replayedAt);

        Assert.True(compiled.CodeShape!.Value.Loops >= 1, compiled.CodeShape.ToString());
    }

    [Fact]
    public void LongStretchThatDoesNotRepeat_IsInterpreted_AndReplaysLikeTheDynamicGraph()
    {
        // A pairwise sum tree's order (products, then sums of pairs, of pairs of pairs, …) repeats
        // nowhere for long: written out, it would be code as large as the graph.
        static Value Tree(Value[] leaves)
        {
            Value[] level = Enumerable.Range(0, leaves.Length / 2).Select(i => leaves[2 * i] * leaves[(2 * i) + 1]).ToArray();
            while (level.Length > 1)
            {
                level = Enumerable.Range(0, (level.Length + 1) / 2)
                    .Select(i => (2 * i) + 1 < level.Length ? level[2 * i] + level[(2 * i) + 1] : level[2 * i]).ToArray();
            }

            return level[0];
        }

        double[] recordedAt = Enumerable.Range(0, 2 * 600).Select(i => Math.Cos(i)).ToArray();
        double[] replayedAt = recordedAt.Select(x => x * 1.5).ToArray();

        CompiledGraph compiled = AssertReplaysLikeTheDynamicGraph(Tree, recordedAt, replayedAt);

        Assert.True(compiled.CodeShape!.Value.InterpretedInstructions > 256, compiled.CodeShape.ToString());
    }

    [Fact]
    public void NodeWithVeryManyInputs_IsInterpreted_AndReplaysLikeTheDynamicGraph()
    {
        static Value Wide(Value[] leaves) => (Value.Sum(leaves) * Value.Dot(leaves[..1500], leaves[1500..])).Tanh();

        double[] recordedAt = Enumerable.Range(0, 3000).Select(i => Math.Sin(i) / 40).ToArray();
        double[] replayedAt = recordedAt.Select(x => -x).ToArray();

        CompiledGraph compiled = AssertReplaysLikeTheDynamicGraph(Wide, recordedAt, replayedAt);

        Assert.True(compiled.CodeShape!.Value.InterpretedInstructions >= 2, compiled.CodeShape.ToString());
    }

    [Fact]
    public void NaNInALoop_GivesTheNaNPolicysValueAndGradients()
    {
        // log of a negative number is NaN: the NaN reaches the output, and every input of a NaN node
        // gets a NaN gradient, as in the dynamic graph.
        static Value Build(Value[] leaves)
        {
            Value sum = 0;
            for (int i = 1; i < leaves.Length; i++)
            {
                sum += (leaves[i] * leaves[0]).Log() + leaves[i];
            }

            return sum;
        }

        double[] recordedAt = Enumerable.Range(0, 21).Select(i => 1 + (i * 0.1)).ToArray();
        double[] replayedAt = recordedAt.Select((x, i) => i == 7 ? -x : x).ToArray();

        CompiledGraph compiled = AssertReplaysLikeTheDynamicGraph(Build, recordedAt, replayedAt);

        Assert.True(double.IsNaN(compiled.Output));
        Assert.True(compiled.CodeShape!.Value.Loops >= 1, compiled.CodeShape.ToString());
    }

    [Fact]
    public void PositionsThatMeetInOneRepeat_AreNotMixedUp()
    {
        // Copy i reads xᵢ (moving by one leaf per repeat) and p (leaf 0, not moving), and x₀ is p: in the
        // first repeat both name one gradient, which the generated code must not keep in two registers.
        static Value Build(Value[] leaves) => Value.Sum(leaves.Select(x => x + (leaves[0] * x)).ToArray());

        double[] recordedAt = Enumerable.Range(0, 20).Select(i => 1 + (i * 0.25)).ToArray();
        double[] replayedAt = recordedAt.Select(x => x / 3).ToArray();

        CompiledGraph compiled = AssertReplaysLikeTheDynamicGraph(Build, recordedAt, replayedAt);

        Assert.True(compiled.CodeShape!.Value.LoopedInstructions >= 40, compiled.CodeShape.ToString());
    }

    [Fact]
    public void GraphThatIsOneLeaf_Replays()
    {
        var x = new Value(3);
        var compiled = CompiledGraph.Compile(x, ReplayMode.Generated);

        Assert.Equal(3, compiled.Evaluate());
        Assert.Equal(1, x.Grad);
        Assert.Equal(0, compiled.CodeShape!.Value.Methods);
    }

    /// <summary>
    /// Records <paramref name="build"/> at one point as generated code, replays it at another, and checks
    /// value and every leaf's gradient against a dynamic graph built at the second point, bit for bit
    /// (NaN matches NaN; a zero's sign counts).
    /// </summary>
    private static CompiledGraph AssertReplaysLikeTheDynamicGraph(Func<Value[], Value> build, double[] recordedAt, double[] replayedAt)
    {
        Value[] leaves = recordedAt.Select(x => new Value(x)).ToArray();
        var compiled = CompiledGraph.Compile(build(leaves), ReplayMode.Generated);
        for (int i = 0; i < leaves.Length; i++)
        {
            leaves[i].Data = replayedAt[i];
        }

        double replayed = compiled.Evaluate();

        Value[] fresh = replayedAt.Select(x => new Value(x)).ToArray();
        Value expected = build(fresh);
        expected.Backward();

        Assert.True(Same(expected.Data, replayed), $"value {replayed:R}, expected {expected.Data:R}");
        for (int i = 0; i < leaves.Length; i++)
        {
            Assert.True(Same(fresh[i].Grad, leaves[i].Grad), $"leaf {i}: gradient {leaves[i].Grad:R}, expected {fresh[i].Grad:R}");
        }

        return compiled;
    }

    private static bool Same(double expected, double actual) =>
        double.IsNaN(expected) ? double.IsNaN(actual) : BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual);
}
