using AutoGrad.Compilation;

namespace AutoGrad.Tests.Compilation;

/// <summary>
/// Hostile uses of <see cref="BatchedReplay"/>: odd shapes, special values in some lanes beside normal
/// ones, every op, a leaf listed oddly, shared leaves changed between calls, two threads, anomaly
/// detection. Each point is compared bit for bit with the scalar replay and a fresh dynamic graph.
/// </summary>
public class BatchedReplayAttackTests
{
    private static long Bits(double x) => BitConverter.DoubleToInt64Bits(x);

    private static readonly double[] Specials =
    [
        double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, 0.0, double.Epsilon, -double.Epsilon,
        2.2250738585072014E-308, 1e308, -1e308, 1.0, -1.0, 0.5, -2.5, 3.0, 1e-3, 710.0, -745.0, 0.1, 7.5,
    ];

    /// <summary>Every op of two inputs, written as the user writes them.</summary>
    private static readonly (string Name, Func<Value, Value, Value> Build)[] Ops =
    [
        ("add", (a, b) => a + b), ("sub", (a, b) => a - b), ("mul", (a, b) => a * b), ("div", (a, b) => a / b),
        ("neg", (a, b) => -a), ("pow3", (a, b) => a.Pow(3)), ("pow-half", (a, b) => a.Pow(-0.5)), ("powv", (a, b) => a.Pow(b)),
        ("exp", (a, b) => a.Exp()), ("log", (a, b) => a.Log()), ("sqrt", (a, b) => a.Sqrt()), ("abs", (a, b) => a.Abs()),
        ("sin", (a, b) => a.Sin()), ("cos", (a, b) => a.Cos()), ("atan", (a, b) => a.Atan()), ("tanh", (a, b) => a.Tanh()),
        ("sigmoid", (a, b) => a.Sigmoid()), ("relu", (a, b) => a.Relu()), ("softsign", (a, b) => a.Softsign()),
        ("step", (a, b) => a.Step()), ("leaky", (a, b) => a.LeakyRelu(0.2)), ("elu", (a, b) => a.Elu(0.7)),
        ("prelu", (a, b) => a.Prelu(b)), ("softplus", (a, b) => a.Softplus()), ("max", Value.Max), ("min", Value.Min),
        ("sum", (a, b) => Value.Sum([a, b, a])), ("dot", (a, b) => Value.Dot([a, b], [b, a])),
        ("lse", (a, b) => Value.LogSumExp([a, b])),
        ("custom", (a, b) => Value.Custom("f", [a, b], v => v[0] * Math.Exp(v[1]), (v, i) => i == 0 ? Math.Exp(v[1]) : v[0] * Math.Exp(v[1]))),
        ("maxself", (a, b) => Value.Max(a, a)), ("mulself", (a, b) => a * a),
    ];

    public static TheoryData<string> OpNames() => new(Ops.Select(o => o.Name));

    /// <summary>Every op at every pair of special values (NaN, ±∞, ±0, subnormals, ±1e308 …), lanes mixed: each lane equals the scalar replay and the dynamic graph.</summary>
    [Theory]
    [MemberData(nameof(OpNames))]
    public void EveryOp_AtSpecialValuesInMixedLanes_EqualsScalarReplayAndDynamicGraph(string name)
    {
        Func<Value, Value, Value> build = Ops.Single(o => o.Name == name).Build;
        var a = new Value(1.5);
        var b = new Value(0.25);
        Value output = (build(a, b) * (a + 0.5)) + b;
        CompiledGraph compiled = CompiledGraph.Compile(output, ReplayMode.Interpreted);
        var inputs = new List<double>();
        foreach (double x in Specials)
        {
            foreach (double y in Specials)
            {
                inputs.Add(x);
                inputs.Add(y);
            }
        }

        int points = inputs.Count / 2;
        foreach (int lanes in new[] { 0, 1, 2, 4, 8 })
        {
            BatchedReplay batch = compiled.Batch([a, b]);
            if (lanes > 0)
            {
                batch = batch.With(lanes, blockPoints: Math.Max(lanes, 16));
            }

            double[] outputs = new double[points], grads = new double[2 * points];
            batch.Evaluate(inputs.ToArray(), outputs, grads);
            for (int p = 0; p < points; p++)
            {
                double x = inputs[2 * p], y = inputs[(2 * p) + 1];
                compiled.LeafValues[compiled.LeafIndex(a)] = x;
                compiled.LeafValues[compiled.LeafIndex(b)] = y;
                double scalar = compiled.Forward();
                compiled.Backward();
                var fa = new Value(x);
                var fb = new Value(y);
                Value fresh = (build(fa, fb) * (fa + 0.5)) + fb;
                fresh.Backward();
                string at = $"{name} at ({x:R}, {y:R}), lanes {lanes}";
                Assert.True(Bits(scalar) == Bits(outputs[p]), $"{at}: output {outputs[p]:R}, scalar {scalar:R}");
                Assert.True(Bits(fresh.Data) == Bits(outputs[p]), $"{at}: output {outputs[p]:R}, dynamic {fresh.Data:R}");
                Assert.True(Bits(compiled.LeafGradients[compiled.LeafIndex(a)]) == Bits(grads[2 * p]), $"{at}: ∂a {grads[2 * p]:R}, scalar {compiled.LeafGradients[compiled.LeafIndex(a)]:R}");
                Assert.True(Bits(compiled.LeafGradients[compiled.LeafIndex(b)]) == Bits(grads[(2 * p) + 1]), $"{at}: ∂b {grads[(2 * p) + 1]:R}, scalar {compiled.LeafGradients[compiled.LeafIndex(b)]:R}");
                Assert.True(Bits(fa.Grad) == Bits(grads[2 * p]), $"{at}: ∂a {grads[2 * p]:R}, dynamic {fa.Grad:R}");
                Assert.True(Bits(fb.Grad) == Bits(grads[(2 * p) + 1]), $"{at}: ∂b {grads[(2 * p) + 1]:R}, dynamic {fb.Grad:R}");
            }
        }
    }

    [Fact]
    public void ZeroPoints_WriteNothing_AndWrongLengths_AreRefusedNamingTheSpan()
    {
        var x = new Value(1.0);
        var y = new Value(2.0);
        BatchedReplay batch = CompiledGraph.Compile(x * y).Batch([x, y]);
        batch.Evaluate([], [], []);
        batch.Forward([], []);
        Assert.Contains("inputs", Assert.Throws<ArgumentException>(() => batch.Forward([1.0, 2.0, 3.0], new double[2])).Message);
        Assert.Contains("inputs", Assert.Throws<ArgumentException>(() => batch.Forward([1.0], new double[1])).Message);
        Assert.Contains("gradients", Assert.Throws<ArgumentException>(() => batch.Evaluate([1.0, 2.0], new double[1], new double[1])).Message);
        Assert.Contains("inputs", Assert.Throws<ArgumentException>(() => batch.Evaluate([], new double[1], new double[2])).Message);
    }

    [Fact]
    public void NonLeafInput_ForeignLeaf_AndForeignOutput_AreRefused()
    {
        var x = new Value(1.0);
        var y = new Value(2.0);
        Value product = x * y;
        CompiledGraph compiled = CompiledGraph.Compile(product.Tanh());
        Assert.Throws<ArgumentException>(() => compiled.Batch([product]));
        Assert.Throws<ArgumentException>(() => compiled.Batch([new Value(3.0)]));
        Assert.Throws<ArgumentException>(() => compiled.Batch([x], [x + y]));
        Assert.Throws<ArgumentException>(() => compiled.Batch([x], gradientsOf: [product]));
        Assert.Throws<ArgumentException>(() => compiled.Batch([x, x]));
        Assert.Throws<ArgumentException>(() => compiled.Batch([x], []));
        Assert.Throws<ArgumentNullException>(() => compiled.Batch([x, null!]));
    }

    /// <summary>Outputs that are leaves and inner nodes, a gradient asked twice, the gradient of a leaf that is not an input: each per point as the scalar replay gives it.</summary>
    [Fact]
    public void OddListings_EqualTheScalarReplay()
    {
        var x = new Value(1.0, "x");
        var w = new Value(-0.75, "w");
        Value inner = (x * w).Tanh();
        Value output = inner * x + w.Exp();
        CompiledGraph compiled = CompiledGraph.Compile(output);
        BatchedReplay batch = compiled.Batch([x], [x, w, inner, output], [w, x, w]);
        double[] xs = [0.1, -2, double.NaN, 3e200, -0.0, 5];
        double[] outputs = new double[4 * xs.Length], grads = new double[3 * xs.Length];
        batch.Evaluate(xs, outputs, grads);
        for (int p = 0; p < xs.Length; p++)
        {
            compiled.LeafValues[compiled.LeafIndex(x)] = xs[p];
            compiled.Forward();
            compiled.Backward();
            Assert.Equal(Bits(xs[p]), Bits(outputs[4 * p]));
            Assert.Equal(Bits(-0.75), Bits(outputs[(4 * p) + 1]));
            Assert.Equal(Bits(compiled.ValueOf(inner)), Bits(outputs[(4 * p) + 2]));
            Assert.Equal(Bits(compiled.Output), Bits(outputs[(4 * p) + 3]));
            Assert.Equal(Bits(compiled.LeafGradients[compiled.LeafIndex(w)]), Bits(grads[3 * p]));
            Assert.Equal(Bits(compiled.LeafGradients[compiled.LeafIndex(x)]), Bits(grads[(3 * p) + 1]));
            Assert.Equal(Bits(compiled.LeafGradients[compiled.LeafIndex(w)]), Bits(grads[(3 * p) + 2]));
        }
    }

    /// <summary>A graph that is one leaf: its output is the input and its gradient 1 at every point (NaN too, as Backward gives).</summary>
    [Fact]
    public void SingleNodeGraph_OutputIsTheInput_GradientAsBackward()
    {
        var x = new Value(1.0);
        CompiledGraph compiled = CompiledGraph.Compile(x);
        BatchedReplay batch = compiled.Batch([x]);
        double[] xs = [1, double.NaN, double.NegativeInfinity, -0.0, 2, 3, 4, 5, 6, 7, 8];
        double[] outputs = new double[xs.Length], grads = new double[xs.Length];
        batch.Evaluate(xs, outputs, grads);
        for (int p = 0; p < xs.Length; p++)
        {
            var fresh = new Value(xs[p]);
            fresh.Backward();
            Assert.Equal(Bits(xs[p]), Bits(outputs[p]));
            Assert.Equal(Bits(fresh.Grad), Bits(grads[p]));
        }
    }

    /// <summary>A shared leaf (not an input) set through LeafValues between calls, including +0 to −0 and to NaN, is read at each call.</summary>
    [Fact]
    public void SharedLeafChangedBetweenCalls_IsReadAtEachCall()
    {
        var x = new Value(1.0);
        var w = new Value(0.0);
        Value output = (x * w).Exp() + Value.Max(w, x).Pow(2);
        CompiledGraph compiled = CompiledGraph.Compile(output);
        BatchedReplay batch = compiled.Batch([x], gradientsOf: [x, w]);
        double[] xs = Enumerable.Range(0, 37).Select(i => (i - 18) * 0.37).ToArray();
        foreach (double wv in new[] { 0.0, -0.0, 1.5, double.NaN, 1.5, double.PositiveInfinity, -0.0 })
        {
            compiled.LeafValues[compiled.LeafIndex(w)] = wv;
            double[] outputs = new double[xs.Length], grads = new double[2 * xs.Length];
            batch.Evaluate(xs, outputs, grads);
            Assert.Equal(Bits(wv), Bits(compiled.LeafValues[compiled.LeafIndex(w)]));
            for (int p = 0; p < xs.Length; p++)
            {
                var fx = new Value(xs[p]);
                var fw = new Value(wv);
                Value fresh = (fx * fw).Exp() + Value.Max(fw, fx).Pow(2);
                fresh.Backward();
                Assert.True(Bits(fresh.Data) == Bits(outputs[p]), $"w={wv:R} x={xs[p]:R}: {outputs[p]:R} vs {fresh.Data:R}");
                Assert.True(Bits(fx.Grad) == Bits(grads[2 * p]), $"w={wv:R} x={xs[p]:R}: ∂x {grads[2 * p]:R} vs {fx.Grad:R}");
                Assert.True(Bits(fw.Grad) == Bits(grads[(2 * p) + 1]), $"w={wv:R} x={xs[p]:R}: ∂w {grads[(2 * p) + 1]:R} vs {fw.Grad:R}");
            }
        }
    }

    /// <summary>Two batched replays of one graph on two threads at once (no NaN point) give each the single-threaded numbers.</summary>
    [Fact]
    public void TwoBatchesOfOneGraph_OnTwoThreads_EqualOneThread()
    {
        var x = new Value(1.0);
        var y = new Value(2.0);
        var w = new Value(0.3);
        Value output = Value.Dot([x, y], [w, w]).Tanh() + (x * y).Relu() + w.Sigmoid();
        CompiledGraph compiled = CompiledGraph.Compile(output);
        double[] inputs = Enumerable.Range(0, 2 * 5000).Select(i => Math.Sin(i * 0.37) * 3).ToArray();
        double[] expectedOut = new double[5000], expectedGrad = new double[10000];
        compiled.Batch([x, y]).Evaluate(inputs, expectedOut, expectedGrad);
        var results = new (double[] O, double[] G)[4];
        Parallel.For(0, 4, t =>
        {
            BatchedReplay mine = compiled.Batch([x, y]);
            double[] o = new double[5000], g = new double[10000];
            for (int r = 0; r < 20; r++)
            {
                mine.Evaluate(inputs, o, g);
            }

            results[t] = (o, g);
        });
        foreach ((double[] o, double[] g) in results)
        {
            Assert.Equal(expectedOut.Select(Bits), o.Select(Bits));
            Assert.Equal(expectedGrad.Select(Bits), g.Select(Bits));
        }
    }

    /// <summary>
    /// Points whose rows of inputs (or of gradients) would be longer than any span (int.MaxValue
    /// numbers) are refused, naming the span and the most points one call takes: the check once
    /// multiplied in int, so 1,431,655,766 points of 3 inputs (2³² + 2 numbers) passed for an inputs
    /// span of 2, and row offsets wrapped. Checked through the lengths alone (such spans take 34 GB);
    /// the largest batch that fits still counts its points.
    /// </summary>
    [Fact]
    public void RowsLongerThanAnySpan_AreRefused_NamingTheSpanAndTheLimit()
    {
        const int Points = 1_431_655_766, MostPoints = int.MaxValue / 3; // 3 × Points wraps to 2 in int
        var x = new Value(0.5, "x");
        var y = new Value(0.25, "y");
        var z = new Value(2.0, "z");
        CompiledGraph compiled = CompiledGraph.Compile((x * y) + z);
        BatchedReplay threeInputs = compiled.Batch([x, y, z]);
        BatchedReplay threeGradients = compiled.Batch([x], gradientsOf: [x, y, z]);

        ArgumentException inputs = Assert.Throws<ArgumentException>(() => threeInputs.PointsOf(inputs: 2, outputs: Points, gradients: 2, withGradients: false));
        ArgumentException gradients = Assert.Throws<ArgumentException>(() => threeGradients.PointsOf(inputs: Points, outputs: Points, gradients: 2, withGradients: true));

        Assert.Equal(("inputs", "gradients"), (inputs.ParamName, gradients.ParamName));
        Assert.All([inputs, gradients], error =>
        {
            Assert.Contains($"{int.MaxValue}", error.Message, StringComparison.Ordinal);
            Assert.Contains($"at most {MostPoints} points", error.Message, StringComparison.Ordinal);
        });
        Assert.Equal(MostPoints, threeInputs.PointsOf(3 * MostPoints, MostPoints, 3 * MostPoints, withGradients: true));
    }

    /// <summary>
    /// The batched kernels compute row offsets as node × block width in int; that holds because a
    /// block's memory longer than an array can be is refused before it is made. A graph of 3 × 10⁸
    /// nodes at 8 points per block (2.4 × 10⁹ doubles) is refused by its length alone, nothing allocated.
    /// </summary>
    [Fact]
    public void BlockMemoryLongerThanAnArray_IsRefused_SoNoRowOffsetWraps()
    {
        var huge = new BatchProgram(LeafCount: 1, NodeCount: 300_000_000, Steps: [], GatheredInputs: [], CustomRules: null);

        InsufficientMemoryException error = Assert.Throws<InsufficientMemoryException>(() => new BatchMemory(huge, needsGradient: [], width: 8));

        Assert.Contains("2400000000 doubles", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Under Anomaly.Detect a bad point throws the scalar replay's AnomalyException, and the compiled graph is left as it was.</summary>
    [Fact]
    public void AnomalyDetection_BadPointThrows_AndTheGraphIsLeftAsItWas()
    {
        var x = new Value(2.0, "x");
        var w = new Value(0.5, "w");
        Value output = (x * w).Log();
        CompiledGraph compiled = CompiledGraph.Compile(output);
        compiled.Evaluate();
        double[] before = compiled.LeafValues.ToArray().Concat(compiled.LeafGradients.ToArray()).Append(compiled.Output).ToArray();
        BatchedReplay batch = compiled.Batch([x]);
        using (Anomaly.Detect())
        {
            Assert.Throws<AnomalyException>(() => batch.Evaluate([1.0, -1.0, 2.0], new double[3], new double[3]));
        }

        double[] after = compiled.LeafValues.ToArray().Concat(compiled.LeafGradients.ToArray()).Append(compiled.Output).ToArray();
        Assert.Equal(before.Select(Bits), after.Select(Bits));
    }

    /// <summary>Many points (more than one block, not a multiple of the vector) equal the scalar replay at each.</summary>
    [Fact]
    public void ManyPoints_NotAMultipleOfTheBlock_EqualTheScalarReplay()
    {
        var x = new Value(1.0);
        Value output = (x.Sin() * x).Relu() - x.Abs().Sqrt();
        CompiledGraph compiled = CompiledGraph.Compile(output, ReplayMode.Interpreted);
        int points = 100_003;
        double[] xs = Enumerable.Range(0, points).Select(i => (i - 50_000) * 1e-3).ToArray();
        double[] outputs = new double[points], grads = new double[points];
        compiled.Batch([x]).Evaluate(xs, outputs, grads);
        for (int p = 0; p < points; p += 997)
        {
            compiled.LeafValues[0] = xs[p];
            Assert.Equal(Bits(compiled.Forward()), Bits(outputs[p]));
            compiled.Backward();
            Assert.Equal(Bits(compiled.LeafGradients[0]), Bits(grads[p]));
        }
    }
}

/// <summary>More hostile batches: spans that share memory, a custom function that throws.</summary>
public class BatchedReplayAliasingAttackTests
{
    private static long Bits(double x) => BitConverter.DoubleToInt64Bits(x);

    /// <summary>
    /// One input and two outputs, computed in place (outputs over the inputs' own array): either the
    /// numbers equal those of separate arrays, or the call refuses the overlap naming the spans; never
    /// a later block read from outputs an earlier block wrote.
    /// </summary>
    [Fact]
    public void OutputsOverTheInputsOwnArray_EqualSeparateArrays_OrAreRefused()
    {
        var x = new Value(1.0);
        Value y = x.Tanh();
        Value output = y * x;
        BatchedReplay batch = CompiledGraph.Compile(output).Batch([x], [y, output]);
        int points = 1000;
        double[] xs = Enumerable.Range(0, points).Select(i => (i - 500) * 0.01).ToArray();
        double[] expected = new double[2 * points];
        batch.Forward(xs, expected);

        double[] buffer = new double[2 * points];
        xs.CopyTo(buffer, 0);
        try
        {
            batch.Forward(buffer.AsSpan(0, points), buffer);
        }
        catch (ArgumentException e)
        {
            Assert.Contains("outputs", e.Message);
            return;
        }

        Assert.Equal(expected.Select(Bits), buffer.Select(Bits));
    }

    /// <summary>Gradients written over the inputs' array (two inputs, two gradients each point, the same span): equal to separate arrays, or refused.</summary>
    [Fact]
    public void GradientsOverTheInputsOwnArray_EqualSeparateArrays_OrAreRefused()
    {
        var x = new Value(1.0);
        var z = new Value(2.0);
        Value output = (x * z).Sin() + z.Exp() + Value.Custom("f", [x], v => v[0] > 1e300 ? double.NaN : v[0], (v, i) => 1);
        BatchedReplay batch = CompiledGraph.Compile(output).Batch([x, z]);
        int points = 300;
        double[] inputs = Enumerable.Range(0, 2 * points).Select(i => i == 6 ? 1e301 : Math.Cos(i)).ToArray(); // point 3 is NaN (the custom op): run again through the graph
        double[] outputs = new double[points], expected = new double[2 * points];
        batch.Evaluate(inputs, outputs, expected);

        double[] buffer = (double[])inputs.Clone();
        double[] outputs2 = new double[points];
        try
        {
            batch.Evaluate(buffer, outputs2, buffer);
        }
        catch (ArgumentException e)
        {
            Assert.Contains("gradients", e.Message);
            return;
        }

        Assert.Equal(outputs.Select(Bits), outputs2.Select(Bits));
        Assert.Equal(expected.Select(Bits), buffer.Select(Bits));
    }

    /// <summary>A custom function that throws: the user's exception comes out as it is, and the batch and graph work afterwards.</summary>
    [Fact]
    public void CustomFunctionThrows_TheUsersExceptionComesOut_AndTheBatchWorksAfterwards()
    {
        var x = new Value(1.0);
        Value output = Value.Custom("picky", [x], v => v[0] == 13 ? throw new InvalidDataException("thirteen") : v[0] * 2, (v, i) => 2).Tanh();
        CompiledGraph compiled = CompiledGraph.Compile(output);
        BatchedReplay batch = compiled.Batch([x]);
        double[] before = compiled.LeafValues.ToArray();
        Assert.Equal("thirteen", Assert.Throws<InvalidDataException>(() => batch.Evaluate([1, 2, 13, 4], new double[4], new double[4])).Message);
        Assert.Equal(before.Select(Bits), compiled.LeafValues.ToArray().Select(Bits));
        double[] outputs = new double[3], grads = new double[3];
        batch.Evaluate([0.5, double.NaN, -1], outputs, grads);
        for (int p = 0; p < 3; p++)
        {
            double xv = new[] { 0.5, double.NaN, -1 }[p];
            var fx = new Value(xv);
            Value fresh = Value.Custom("picky", [fx], v => v[0] * 2, (v, i) => 2).Tanh();
            fresh.Backward();
            Assert.Equal(Bits(fresh.Data), Bits(outputs[p]));
            Assert.Equal(Bits(fx.Grad), Bits(grads[p]));
        }
    }
}

/// <summary>An inner node that is NaN beside a finite output: the dynamic graph, the scalar replay (both tiers) and the batch agree.</summary>
public class InnerNaNAttackTests
{
    private static long Bits(double x) => BitConverter.DoubleToInt64Bits(x);

    private static readonly (string Name, Func<Value, Value, Value> Build)[] Cases =
    [
        ("max-left", (a, b) => Value.Max(a * b, b) * b),
        ("max-right", (a, b) => Value.Max(b, a * b) * b),
        ("min-left", (a, b) => Value.Min(a * b, b) * b),
        ("relu", (a, b) => (a * b).Relu() + b),
        ("step", (a, b) => (a * b).Step() + b),
        ("leaky", (a, b) => (a * b).LeakyRelu(0.1) + b),
        ("abs", (a, b) => (a * b).Abs() + b),
        ("pow0", (a, b) => (a * b).Pow(0) * b),
        ("mul0", (a, b) => (a * b) * 0.0 + b),
        ("lse", (a, b) => Value.LogSumExp([a * b, b])),
    ];

    public static TheoryData<string> Names() => new(Cases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void InnerNaN_DynamicScalarAndBatchedAgree(string name)
    {
        Func<Value, Value, Value> build = Cases.Single(c => c.Name == name).Build;
        var a = new Value(1.0);
        var b = new Value(2.0);
        Value output = build(a, b);
        CompiledGraph interpreted = CompiledGraph.Compile(output, ReplayMode.Interpreted);
        CompiledGraph generated = CompiledGraph.Compile(output, ReplayMode.Generated);
        BatchedReplay batch = interpreted.Batch([a, b]);
        double[][] points = [[double.NaN, 2.0], [double.NaN, -3.0], [double.PositiveInfinity, 0.0], [1.0, 2.0], [double.NaN, double.NaN]];
        double[] outputs = new double[points.Length], grads = new double[2 * points.Length];
        batch.Evaluate(points.SelectMany(p => p).ToArray(), outputs, grads);
        for (int p = 0; p < points.Length; p++)
        {
            var fa = new Value(points[p][0]);
            var fb = new Value(points[p][1]);
            Value fresh = build(fa, fb);
            fresh.Backward();
            string at = $"{name} at ({points[p][0]}, {points[p][1]})";
            foreach ((string which, CompiledGraph graph) in new[] { ("interpreted", interpreted), ("generated", generated) })
            {
                graph.LeafValues[graph.LeafIndex(a)] = points[p][0];
                graph.LeafValues[graph.LeafIndex(b)] = points[p][1];
                double o = graph.Forward();
                graph.Backward();
                Assert.True(Bits(fresh.Data) == Bits(o), $"{at}: {which} output {o}, dynamic {fresh.Data}");
                Assert.True(Bits(fa.Grad) == Bits(graph.LeafGradients[graph.LeafIndex(a)]), $"{at}: {which} ∂a {graph.LeafGradients[graph.LeafIndex(a)]}, dynamic {fa.Grad}");
                Assert.True(Bits(fb.Grad) == Bits(graph.LeafGradients[graph.LeafIndex(b)]), $"{at}: {which} ∂b {graph.LeafGradients[graph.LeafIndex(b)]}, dynamic {fb.Grad}");
            }

            Assert.True(Bits(fresh.Data) == Bits(outputs[p]), $"{at}: batch output {outputs[p]}, dynamic {fresh.Data}");
            Assert.True(Bits(fa.Grad) == Bits(grads[2 * p]), $"{at}: batch ∂a {grads[2 * p]}, dynamic {fa.Grad}");
            Assert.True(Bits(fb.Grad) == Bits(grads[(2 * p) + 1]), $"{at}: batch ∂b {grads[(2 * p) + 1]}, dynamic {fb.Grad}");
        }
    }

    /// <summary>Max's documentation: NaN on either side gives NaN.</summary>
    [Fact]
    public void Max_AndMin_OfNaN_OnEitherSide_AreNaN_AsDocumented()
    {
        var nan = new Value(double.NaN);
        var one = new Value(1.0);
        Assert.True(double.IsNaN(Value.Max(nan, one).Data), "max(NaN, 1)");
        Assert.True(double.IsNaN(Value.Max(one, nan).Data), "max(1, NaN)");
        Assert.True(double.IsNaN(Value.Min(nan, one).Data), "min(NaN, 1)");
        Assert.True(double.IsNaN(Value.Min(one, nan).Data), "min(1, NaN)");
    }
}
