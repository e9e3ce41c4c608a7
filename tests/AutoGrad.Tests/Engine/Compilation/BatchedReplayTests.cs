using AutoGrad.Compilation;
using static AutoGrad.Tests.Compilation.BatchedReplayProperties;

namespace AutoGrad.Tests.Compilation;

public class BatchedReplayTests
{
    [Fact]
    public void Evaluate_AtEveryPoint_EqualsAFreshDynamicGraph_BitForBit_WithBranchesDecidedPerPoint()
    {
        static Value Build(Value x, Value y, Value w) => ((x * w) + y.Exp()).Relu() + Value.Max(x, y).Tanh() + (x - y).Abs();
        var x = new Value(0.5);
        var y = new Value(-0.25);
        var w = new Value(1.5);
        var compiled = CompiledGraph.Compile(Build(x, y, w));
        BatchedReplay batch = compiled.Batch([x, y]);

        double[] points = [0.5, -0.25, -3, 1, 2, 2, -0.1, 0.3, 7, -7];
        int count = points.Length / 2;
        var outputs = new double[count];
        var gradients = new double[count * 2];
        batch.Evaluate(points, outputs, gradients);

        for (int p = 0; p < count; p++)
        {
            var dx = new Value(points[2 * p]);
            var dy = new Value(points[(2 * p) + 1]);
            Value output = Build(dx, dy, new Value(1.5));
            output.Backward();
            Assert.Equal(output.Data, outputs[p]);
            Assert.Equal(dx.Grad, gradients[2 * p]);
            Assert.Equal(dy.Grad, gradients[(2 * p) + 1]);
        }
    }

    [Fact]
    public void Forward_ReadsTheListedNodes_AndLeavesTheCompiledGraphAsItWas()
    {
        var x = new Value(1.0);
        var w = new Value(2.0);
        Value hidden = (x * w).Tanh();
        var compiled = CompiledGraph.Compile(hidden * hidden);
        compiled.Evaluate();
        double outputBefore = compiled.Output, hiddenBefore = compiled.ValueOf(hidden), gradientBefore = compiled.LeafGradients[compiled.LeafIndex(w)];

        var outputs = new double[6];
        compiled.Batch([x], [hidden, hidden]).Forward([0.1, 0.2, 0.3], outputs);

        Assert.Equal([Math.Tanh(0.2), Math.Tanh(0.2), Math.Tanh(0.4), Math.Tanh(0.4), Math.Tanh(0.6), Math.Tanh(0.6)], outputs);
        Assert.Equal((outputBefore, hiddenBefore, gradientBefore), (compiled.Output, compiled.ValueOf(hidden), compiled.LeafGradients[compiled.LeafIndex(w)]));
    }

    [Fact]
    public void BadShapes_AndForeignNodes_AreRefused_NamingTheInput()
    {
        var x = new Value(1.0);
        var compiled = CompiledGraph.Compile(x * 3);
        BatchedReplay batch = compiled.Batch([x]);

        Assert.Contains("inputs has 3 numbers; expected 2", Assert.Throws<ArgumentException>(() => batch.Forward([1, 2, 3], new double[2])).Message);
        Assert.Contains("gradients has 1 numbers; expected 2", Assert.Throws<ArgumentException>(() => batch.Evaluate([1, 2], new double[2], new double[1])).Message);
        Assert.Contains("is not a leaf of this compiled graph", Assert.Throws<ArgumentException>(() => compiled.Batch([new Value(2)])).Message);
        Assert.Contains("lists", Assert.Throws<ArgumentException>(() => compiled.Batch([x, x])).Message);
        Assert.Contains("outputs is empty", Assert.Throws<ArgumentException>(() => compiled.Batch([x], [])).Message);
    }

    /// <summary>Every pair of these, for each op the batch writes out over vectors: kinks, ties, ±0, ±∞, NaN, subnormals.</summary>
    private static readonly double[] Specials =
        [double.NegativeInfinity, -2.5, -1, -double.Epsilon, -0.0, 0.0, double.Epsilon, 2.2250738585072009E-308, 1, 2.5, double.PositiveInfinity, double.NaN];

    public static TheoryData<string> VectorOps => new(OpsOnTwo.Keys);

    private static readonly Dictionary<string, Func<Value, Value, Value>> OpsOnTwo = new()
    {
        ["add"] = (x, y) => x + y,
        ["sub"] = (x, y) => x - y,
        ["mul"] = (x, y) => x * y,
        ["div"] = (x, y) => x / y,
        ["neg"] = (x, y) => -x,
        ["relu"] = (x, y) => x.Relu(),
        ["leaky relu"] = (x, y) => x.LeakyRelu(0.25),
        ["leaky relu, negative slope"] = (x, y) => x.LeakyRelu(-3),
        ["abs"] = (x, y) => x.Abs(),
        ["max"] = (x, y) => Value.Max(x, y),
        ["min"] = (x, y) => Value.Min(x, y),
        ["sum"] = (x, y) => Value.Sum([x, y, x]),
        ["dot"] = (x, y) => Value.Dot([x, y], [y, x]),
        ["max of itself"] = (x, y) => Value.Max(x, x),
        ["relu of a product"] = (x, y) => (x * y).Relu() * y,
    };

    [Theory]
    [MemberData(nameof(VectorOps))]
    public void VectorisedOps_AtKinksTiesSignedZerosInfinitiesAndNaN_EqualTheScalarReplay_BitForBit(string name)
    {
        var x = new Value(0.5);
        var y = new Value(-0.5);
        var compiled = CompiledGraph.Compile(OpsOnTwo[name](x, y));
        Value[] inputs = new[] { x, y }.Where(leaf => compiled.Leaves.Contains(leaf)).ToArray(); // unary ops leave y out
        double[][] points = Specials.SelectMany(a => Specials.Select(b => new[] { a, b }.Take(inputs.Length).ToArray())).ToArray();
        double[] rows = points.SelectMany(point => point).ToArray();
        int count = points.Length, width = inputs.Length;
        foreach (int lanes in LaneWidths)
        {
            BatchedReplay batch = compiled.Batch(inputs).With(lanes, lanes * 4);
            var outputs = new double[count];
            var gradients = new double[width * count];
            batch.Evaluate(rows, outputs, gradients);
            for (int p = 0; p < count; p++)
            {
                for (int i = 0; i < width; i++)
                {
                    compiled.LeafValues[compiled.LeafIndex(inputs[i])] = points[p][i];
                }

                double expected = compiled.Forward();
                compiled.Backward();
                string at = $"{name} at ({string.Join(", ", points[p].Select(v => v.ToString("R")))}), {lanes} lanes";
                Assert.True(Same(expected, outputs[p]), $"{at}: value {outputs[p]:R}, scalar replay {expected:R}");
                for (int i = 0; i < width; i++)
                {
                    double scalar = compiled.LeafGradients[compiled.LeafIndex(inputs[i])];
                    Assert.True(Same(scalar, gradients[(width * p) + i]), $"{at}: gradient {i} {gradients[(width * p) + i]:R}, scalar replay {scalar:R}");
                }
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(9)]
    [InlineData(64)]
    [InlineData(67)]
    [InlineData(200)]
    public void Blocks_ThatDoNotDivideThePoints_GiveEveryPointItsOwnNumbers(int points)
    {
        // A network-like graph (Dot, bias, ReLU, tanh, a shared parameter) over points that fill some
        // blocks and vectors partly; every width and a block of one vector and of three.
        var x0 = new Value(0.1);
        var x1 = new Value(0.2);
        var w = new Value(0.7);
        Value hidden = (Value.Dot([w, new Value(-1.3)], [x0, x1]) + 0.05).Relu();
        var compiled = CompiledGraph.Compile((hidden * w).Tanh() + Value.Max(x0, x1).Exp());
        double[] rows = Enumerable.Range(0, 2 * points).Select(i => Math.Sin(i * 0.37) * 2).ToArray();
        foreach (int lanes in LaneWidths)
        {
            foreach (int block in (int[])[lanes, 3 * lanes, BatchedReplay.DefaultBlockPoints])
            {
                BatchedReplay batch = compiled.Batch([x0, x1], gradientsOf: [x0, x1, w]).With(lanes, block);
                var outputs = new double[points];
                var gradients = new double[3 * points];
                batch.Evaluate(rows, outputs, gradients);
                for (int p = 0; p < points; p++)
                {
                    compiled.LeafValues[compiled.LeafIndex(x0)] = rows[2 * p];
                    compiled.LeafValues[compiled.LeafIndex(x1)] = rows[(2 * p) + 1];
                    compiled.LeafValues[compiled.LeafIndex(w)] = 0.7;
                    Assert.True(Same(compiled.Forward(), outputs[p]), $"point {p} of {points}, {lanes} lanes, blocks of {block}");
                    compiled.Backward();
                    Assert.True(Same(compiled.LeafGradients[compiled.LeafIndex(w)], gradients[(3 * p) + 2]), $"∂/∂w at point {p} of {points}, {lanes} lanes, blocks of {block}");
                }
            }
        }
    }

    [Fact]
    public void SharedLeaves_TakeTheCompiledGraphsLeafValues_AtEachCall()
    {
        var x = new Value(1.0);
        var w = new Value(2.0);
        var compiled = CompiledGraph.Compile(x * w);
        BatchedReplay batch = compiled.Batch([x]);
        var outputs = new double[2];
        batch.Forward([3, 4], outputs);
        Assert.Equal([6.0, 8.0], outputs);

        compiled.LeafValues[compiled.LeafIndex(w)] = -0.5;
        batch.Forward([3, 4], outputs);
        Assert.Equal([-1.5, -2.0], outputs);
    }

    [Fact]
    public void AfterTheFirstCall_ACallAllocatesNothing_EvenWithNaNPointsAndLibraryOps()
    {
        var x0 = new Value(0.1);
        var x1 = new Value(0.2);
        var w = new Value(0.7);
        Value hidden = (Value.Dot([w, new Value(-1.3)], [x0, x1]) + 0.05).Relu();
        var compiled = CompiledGraph.Compile((hidden * w).Tanh() + x0.Exp() + Value.LogSumExp([x0, x1]));
        BatchedReplay batch = compiled.Batch([x0, x1], gradientsOf: [x0, x1, w]);
        double[] rows = Enumerable.Range(0, 2 * 100).Select(i => i == 33 ? double.NaN : Math.Sin(i * 0.37)).ToArray();
        var outputs = new double[100];
        var gradients = new double[300];
        batch.Evaluate(rows, outputs, gradients); // the first call makes the working memory
        batch.Forward(rows, outputs);

        long before = GC.GetAllocatedBytesForCurrentThread();
        batch.Evaluate(rows, outputs, gradients);
        batch.Forward(rows, outputs);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(double.IsNaN(outputs[16]) && !double.IsNaN(outputs[15]), "point 16 holds the NaN input; its neighbours do not");
    }

    [Fact]
    public void UnderAnomalyDetection_TheFirstBadPoint_ThrowsWhatTheScalarReplayThrows_AndTheGraphIsPutBack()
    {
        var x = new Value(4.0);
        var compiled = CompiledGraph.Compile(x.Log() * 2);
        double before = compiled.Output;
        BatchedReplay batch = compiled.Batch([x]);
        string expected;
        using (Anomaly.Detect())
        {
            compiled.LeafValues[0] = -1;
            expected = Assert.Throws<AnomalyException>(() => compiled.Forward()).Message;
            compiled.LeafValues[0] = 4;
            compiled.Forward();
            var error = Assert.Throws<AnomalyException>(() => batch.Forward([1, 2, -1, -2], new double[4]));
            Assert.Equal(expected, error.Message);
        }

        Assert.Equal(4.0, compiled.LeafValues[0]);
        Assert.Equal(before, compiled.Output);
    }

    [Fact]
    public void ANetworkAppliedToOnePoint_AtEveryRow_EqualsTheScalarReplay_ForInputAndParameterGradients()
    {
        // Each neuron's Dot has the weights (leaves shared by all points) first: the batch broadcasts them.
        var model = new AutoGrad.Nn.Mlp(2, [5, 5, 1]);
        Value[] x = [new Value(0), new Value(0)];
        var compiled = CompiledGraph.Compile(model.Forward(x)[0]);
        Value[] wanted = [x[0], .. model.Parameters, x[1]];
        double[] rows = Enumerable.Range(0, 2 * 45).Select(i => i % 7 == 0 ? 0.0 : Math.Cos(i * 1.7) * 3).ToArray();
        foreach (int lanes in LaneWidths)
        {
            BatchedReplay batch = compiled.Batch(x, gradientsOf: wanted).With(lanes, 2 * lanes);
            var outputs = new double[45];
            var gradients = new double[45 * wanted.Length];
            batch.Evaluate(rows, outputs, gradients);
            for (int p = 0; p < 45; p++)
            {
                compiled.LeafValues[compiled.LeafIndex(x[0])] = rows[2 * p];
                compiled.LeafValues[compiled.LeafIndex(x[1])] = rows[(2 * p) + 1];
                Assert.True(Same(compiled.Forward(), outputs[p]), $"value at row {p}, {lanes} lanes");
                compiled.Backward();
                for (int g = 0; g < wanted.Length; g++)
                {
                    Assert.True(Same(compiled.LeafGradients[compiled.LeafIndex(wanted[g])], gradients[(p * wanted.Length) + g]), $"gradient {g} at row {p}, {lanes} lanes");
                }
            }
        }
    }
}
