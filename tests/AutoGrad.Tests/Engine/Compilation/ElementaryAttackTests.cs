using AutoGrad.Compilation;
using AutoGrad.FsCheck;
using FsCheck;
using FsCheck.Fluent;
using static AutoGrad.Tests.PropertyRunner;

namespace AutoGrad.Tests.Compilation;

/// <summary>
/// Hostile uses of AutoGrad's own exp, log, sin and cos and of the batched replay's vector kernels
/// built on them (exp, log, sin, cos, sqrt, step, softsign, sigmoid, ELU, x²): every engine at the
/// points where these functions change branch, compared bit for bit with a fresh dynamic graph.
/// </summary>
public class ElementaryAttackTests
{
    private static long Bits(double x) => BitConverter.DoubleToInt64Bits(x);

    /// <summary>Where exp, log, sin and cos change branch (fast path, fallback, reduction limit) and the values around.</summary>
    private static readonly double[] BranchPoints =
    [
        709.0, Math.BitIncrement(709.0), 709.78, 709.782712893384, -708.0, Math.BitDecrement(-708.0), -708.4, -745.13, -745.1332191019411,
        1647099.0, Math.BitDecrement(1647099.0), -1647098.9999999998, 1647099.5, 1e22, 1.4901161193847656e-08, Math.BitDecrement(1.4901161193847656e-08),
        2.2250738585072014E-308, 2.2250738585072009E-308, double.Epsilon, double.MaxValue, 1.0, Math.BitIncrement(1.0), Math.BitDecrement(1.0),
        0.7071067811865476, 1.4142135623730951, Math.PI / 2, Math.PI, 1048575 * (Math.PI / 2), 355.0, 103993.0, -0.0, 0.0, 0.3465735902799726,
        double.NaN, double.PositiveInfinity, double.NegativeInfinity, -1.0, 1e-310, 1e300, -1e300, 0.5, 36.0, -37.0,
    ];

    /// <summary>Graphs of two inputs whose ops are the changed ones, composed so that an op's input is another's output.</summary>
    private static readonly (string Name, Func<Value, Value, Value> Build)[] Graphs =
    [
        ("exp(a·b)", (a, b) => (a * b).Exp()),
        ("log(a·b)", (a, b) => (a * b).Log()),
        ("sin(a+b)", (a, b) => (a + b).Sin()),
        ("cos(a·b)", (a, b) => (a * b).Cos()),
        ("sin²+cos²", (a, b) => a.Sin().Pow(2) + a.Cos().Pow(2) + b),
        ("exp(log a)", (a, b) => a.Log().Exp() * b),
        ("log(exp a)", (a, b) => a.Exp().Log() * b),
        ("sigmoid·elu", (a, b) => a.Sigmoid() * b.Elu(0.5)),
        ("softplus", (a, b) => (a - b).Softplus()),
        ("lse", (a, b) => Value.LogSumExp([a, b, a * b])),
        ("softsign(exp)", (a, b) => a.Exp().Softsign() + b.Sqrt()),
        ("step(sin)", (a, b) => a.Sin().Step() + (a * b).Sin()),
        ("sin(sin(sin))", (a, b) => a.Sin().Sin().Sin() * b.Cos().Cos()),
        ("exp(-a²)", (a, b) => (-(a.Pow(2))).Exp() + b.Pow(2).Log()),
    ];

    public static TheoryData<string> GraphNames() => new(Graphs.Select(g => g.Name));

    /// <summary>
    /// ELU with a NaN α is NaN at every x in every scalar engine (the NaN policy: a NaN constant makes the
    /// value NaN, as LeakyReLU's NaN slope does); the batched replay must give the same at x &gt; 0, where
    /// its vector kernel takes x without looking at α.
    /// </summary>
    [Fact]
    public void Elu_WithNaNAlpha_BatchedOutputAndGradient_EqualTheDynamicGraph_AtPositiveX()
    {
        double[] xs = [2.0, -1.0, 0.5, 3.0, 0.0, -0.0, 7.0, 1e-300];
        var a = new Value(1.0);
        Value output = a.Elu(double.NaN);
        CompiledGraph compiled = CompiledGraph.Compile(output, ReplayMode.Interpreted);
        double[] outputs = new double[xs.Length], grads = new double[xs.Length];
        compiled.Batch([a]).Evaluate(xs, outputs, grads);
        for (int p = 0; p < xs.Length; p++)
        {
            var fa = new Value(xs[p]);
            Value fresh = fa.Elu(double.NaN);
            fresh.Backward();
            compiled.LeafValues[compiled.LeafIndex(a)] = xs[p];
            double scalar = compiled.Forward();
            Assert.True(Bits(fresh.Data) == Bits(scalar), $"ELU(NaN α) at {xs[p]:R}: scalar replay {scalar:R}, dynamic {fresh.Data:R}");
            Assert.True(Bits(fresh.Data) == Bits(outputs[p]), $"ELU(NaN α) at {xs[p]:R}: batch {outputs[p]:R}, dynamic {fresh.Data:R}");
            Assert.True(Bits(fa.Grad) == Bits(grads[p]), $"ELU(NaN α) at {xs[p]:R}: batch ∂ {grads[p]:R}, dynamic {fa.Grad:R}");
        }
    }

    /// <summary>
    /// Each graph at every pair of branch points: the interpreted and generated replays and the batch at
    /// every width (1, 2, 4, 8 lanes) equal a fresh dynamic graph bit for bit, value and both gradients;
    /// </summary>
    [Theory]
    [MemberData(nameof(GraphNames))]
    public void ChangedOps_AtBranchPoints_EveryEngineEqualsTheDynamicGraph_BitForBit(string name)
    {
        Func<Value, Value, Value> build = Graphs.Single(g => g.Name == name).Build;
        var a = new Value(1.5);
        var b = new Value(0.25);
        Value output = build(a, b);
        CompiledGraph interpreted = CompiledGraph.Compile(output, ReplayMode.Interpreted);
        CompiledGraph generated = CompiledGraph.Compile(output, ReplayMode.Generated);
        var inputs = new List<double>();
        foreach (double x in BranchPoints)
        {
            foreach (double y in BranchPoints)
            {
                inputs.Add(x);
                inputs.Add(y);
            }
        }

        int points = inputs.Count / 2;
        var failures = new List<string>();
        foreach (int lanes in new[] { 1, 2, 4, 8 })
        {
            BatchedReplay batch = interpreted.Batch([a, b]).With(lanes, blockPoints: 16);
            double[] outputs = new double[points], grads = new double[2 * points];
            batch.Evaluate(inputs.ToArray(), outputs, grads);
            for (int p = 0; p < points; p++)
            {
                double x = inputs[2 * p], y = inputs[(2 * p) + 1];
                var fa = new Value(x);
                var fb = new Value(y);
                Value fresh = build(fa, fb);
                fresh.Backward();
                string at = $"{name} at ({x:R}, {y:R})";
                RecordDifference(failures, $"{at} batch×{lanes}", fresh.Data, fa.Grad, fb.Grad, outputs[p], grads[2 * p], grads[(2 * p) + 1]);
                if (lanes == 1)
                {
                    foreach ((string which, CompiledGraph graph) in new[] { ("interpreted", interpreted), ("generated", generated) })
                    {
                        graph.LeafValues[graph.LeafIndex(a)] = x;
                        graph.LeafValues[graph.LeafIndex(b)] = y;
                        double o = graph.Forward();
                        graph.Backward();
                        RecordDifference(failures, $"{at} {which}", fresh.Data, fa.Grad, fb.Grad, o, graph.LeafGradients[graph.LeafIndex(a)], graph.LeafGradients[graph.LeafIndex(b)]);
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} differences; first: {string.Join(Environment.NewLine, failures.Take(8))}");
    }

    /// <summary>
    /// Gradients(createGraph: true) at every pair of branch points: the derivative graphs' values equal
    /// Backward's gradients wherever Backward's is finite and not zero (the sign of a zero and the NaN
    /// policy are not promised for derivative graphs), so the Value path of exp, log, sin and cos rounds as
    /// the number path does.
    /// </summary>
    [Theory]
    [MemberData(nameof(GraphNames))]
    public void ChangedOps_AtBranchPoints_DerivativeGraphs_EqualBackwardsFiniteNonZeroGradients(string name)
    {
        Func<Value, Value, Value> build = Graphs.Single(g => g.Name == name).Build;
        var failures = new List<string>();
        foreach (double x in BranchPoints)
        {
            foreach (double y in BranchPoints)
            {
                var fa = new Value(x);
                var fb = new Value(y);
                build(fa, fb).Backward();
                var ga = new Value(x);
                var gb = new Value(y);
                Value[] graphs = Value.Gradients(build(ga, gb), [ga, gb], createGraph: true);
                foreach ((double number, double fromGraph, string which) in new[] { (fa.Grad, graphs[0].Data, "a"), (fb.Grad, graphs[1].Data, "b") })
                {
                    if (double.IsFinite(number) && number != 0 && Bits(number) != Bits(fromGraph))
                    {
                        failures.Add($"{name} at ({x:R}, {y:R}): ∂{which} graph {fromGraph:R}, Backward {number:R}");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} differences; first: {string.Join(Environment.NewLine, failures.Take(8))}");
    }

    private static void RecordDifference(List<string> failures, string at, double value, double da, double db, double o, double ga, double gb)
    {
        if (Bits(value) != Bits(o) || Bits(da) != Bits(ga) || Bits(db) != Bits(gb))
        {
            failures.Add($"{at}: ({o:R}; {ga:R}, {gb:R}), dynamic ({value:R}; {da:R}, {db:R})");
        }
    }

    /// <summary>Forward mode: each changed unary op's tangent at every branch point equals reverse mode's gradient, and its primal the value, bit for bit.</summary>
    [Fact]
    public void ChangedUnaryOps_ForwardModeTangent_EqualsReverseModeGradient_AtBranchPoints()
    {
        (string Name, Func<Dual, Dual> Forward, Func<Value, Value> Reverse)[] ops =
        [
            ("exp", d => d.Exp(), v => v.Exp()), ("log", d => d.Log(), v => v.Log()), ("sin", d => d.Sin(), v => v.Sin()),
            ("cos", d => d.Cos(), v => v.Cos()), ("sigmoid", d => d.Sigmoid(), v => v.Sigmoid()), ("elu", d => d.Elu(0.5), v => v.Elu(0.5)),
            ("softplus", d => d.Softplus(), v => v.Softplus()), ("sqrt", d => d.Sqrt(), v => v.Sqrt()), ("softsign", d => d.Softsign(), v => v.Softsign()),
            ("square", d => d.Pow(2), v => v.Pow(2)), ("step", d => d.Step(), v => v.Step()),
        ];
        var failures = new List<string>();
        foreach (var op in ops)
        {
            foreach (double x in BranchPoints)
            {
                Dual d = op.Forward(new Dual(x, 1));
                var v = new Value(x);
                Value y = op.Reverse(v);
                y.Backward();
                if (Bits(d.Primal) != Bits(y.Data) || Bits(d.Tangent) != Bits(v.Grad))
                {
                    failures.Add($"{op.Name}({x:R}): dual ({d.Primal:R}, {d.Tangent:R}), reverse ({y.Data:R}, {v.Grad:R})");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(10)));
    }

    /// <summary>
    /// The batched replay's random-graph property (<see cref="BatchedReplayProperties"/>) with coordinates
    /// drawn also from the branch points of exp, log, sin and cos (and their neighbours), not only from
    /// [−2, 2] and the IEEE specials: every point equals the scalar replay and a fresh dynamic graph.
    /// </summary>
    [Fact]
    public void Batch_AtBranchPointsOfTheElementaryFunctions_EqualsTheScalarReplay_AndAFreshDynamicGraph()
    {
        Gen<double> coordinates = Gen.Frequency(
            (3, BatchedReplayProperties.Coordinates),
            (3, Gen.Elements(BranchPoints)),
            (1, Gen.Choose(-1_048_576, 1_048_576).Select(n => n * (Math.PI / 2))),
            (1, Gen.Choose(-1021, 1023).Select(k => (k + 0.5) * Math.Log(2))));
        Gen<BatchedReplayProperties.BatchCase> cases =
            from graph in RandomGraphProperties.AtPoints(RandomGraphProperties.BuiltInRecipes)
            from count in Gen.Choose(1, 40)
            from points in Gen.ArrayOf(Points.Of(graph.Point.Length, coordinates), count)
            from wanted in Gen.ArrayOf(Gen.Elements(false, true, true), graph.Point.Length)
            from lanes in Gen.Elements(BatchedReplayProperties.LaneWidths)
            from blockVectors in Gen.Choose(1, 3)
            from mode in Gen.Elements(ReplayMode.Generated, ReplayMode.Interpreted)
            select new BatchedReplayProperties.BatchCase(graph, points, false, wanted, lanes, blockVectors, mode);
        Check(Prop.ForAll(cases.ToArbitrary(), c =>
        {
            string? failure = BatchedReplayProperties.Compare(c);
            return (failure is null).Label(failure ?? "");
        }));
    }
}
