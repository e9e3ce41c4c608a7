using AutoGrad.Checking;
using AutoGrad.Compilation;
using AutoGrad.FsCheck;
using AutoGrad.Graphs;
using AutoGrad.Onnx;
using AutoGrad.Tests.Onnx;
using FsCheck;
using FsCheck.Fluent;
using static AutoGrad.FsCheck.Domains;
using static AutoGrad.Tests.PropertyRunner;

namespace AutoGrad.Tests;

/// <summary>
/// The one table of op coverage: every op declared in <see cref="OpCatalog"/> has at least one case
/// here, and every case is checked seven ways — its derivative against central differences, its
/// second derivatives against central differences of the first, forward mode against reverse mode,
/// the compiled replay and the batched replay (at every vector width) against the dynamic graph, both exporters drawing the declared symbol, and
/// the derivative rule run on graph nodes against the same rule run on doubles — and, the ONNX
/// column, its value and gradient exported to ONNX and run in ONNX Runtime against AutoGrad's.
/// </summary>
public class OpCoverageTests
{
    // Points inside each op's domain and off its kinks, from the kit users check their own ops with.
    private static readonly Gen<double> OffKink = AwayFromZero(0.01);

    /// <summary>One row: the op it covers, points inside the op's domain, and the function of leaves it builds.</summary>
    public sealed record OpCase(Op Op, Gen<double[]> Points, Func<IReadOnlyList<Value>, Value> Function);

    internal static readonly Dictionary<string, OpCase> Table = new()
    {
        ["add"] = new(Op.Add, Points.Of(2, Anywhere), x => x[0] + x[1]),
        ["add a constant"] = new(Op.Add, Points.Of(1, Anywhere), x => x[0] + 1.5),
        ["sub"] = new(Op.Sub, Points.Of(2, Anywhere), x => x[0] - x[1]),
        ["sub from a constant"] = new(Op.Sub, Points.Of(1, Anywhere), x => 2.0 - x[0]),
        ["mul"] = new(Op.Mul, Points.Of(2, Anywhere), x => x[0] * x[1]),
        ["mul by itself"] = new(Op.Mul, Points.Of(1, Anywhere), x => x[0] * x[0]),
        ["div"] = new(Op.Div, Points.Of(Anywhere, AwayFromZero(0.2)), x => x[0] / x[1]),
        ["constant div"] = new(Op.Div, Points.Of(AwayFromZero(0.2)), x => 10.0 / x[0]),
        ["neg"] = new(Op.Neg, Points.Of(1, Anywhere), x => -x[0]),
        ["pow 2"] = new(Op.Pow, Points.Of(1, Anywhere), x => x[0].Pow(2)),
        ["pow 3"] = new(Op.Pow, Points.Of(1, Anywhere), x => x[0].Pow(3)),
        ["pow -1.5"] = new(Op.Pow, Points.Of(1, Positive), x => x[0].Pow(-1.5)),
        ["pow 0.5"] = new(Op.Pow, Points.Of(1, Positive), x => x[0].Pow(0.5)),
        ["pow value"] = new(Op.PowValue, Points.Of(Between(0.1, 3), Between(-2, 2)), x => x[0].Pow(x[1])),
        ["exp"] = new(Op.Exp, Points.Of(1, Anywhere), x => x[0].Exp()),
        ["log"] = new(Op.Log, Points.Of(1, Positive), x => x[0].Log()),
        ["sqrt"] = new(Op.Sqrt, Points.Of(1, Positive), x => x[0].Sqrt()),
        ["tanh"] = new(Op.Tanh, Points.Of(1, Anywhere), x => x[0].Tanh()),
        ["sigmoid"] = new(Op.Sigmoid, Points.Of(1, Between(-10, 10)), x => x[0].Sigmoid()),
        ["relu"] = new(Op.Relu, Points.Of(1, OffKink), x => x[0].Relu()),
        ["step"] = new(Op.Step, Points.Of(1, OffKink), x => x[0].Step()),
        ["leaky relu"] = new(Op.LeakyRelu, Points.Of(1, OffKink), x => x[0].LeakyRelu(0.1)),
        ["elu"] = new(Op.Elu, Points.Of(1, OffKink), x => x[0].Elu(1.5)),
        ["prelu"] = new(Op.Prelu, Points.Of(OffKink, Between(-1, 1)), x => x[0].Prelu(x[1])),
        ["softplus"] = new(Op.Softplus, Points.Of(1, Between(-10, 10)), x => x[0].Softplus()),
        ["abs"] = new(Op.Abs, Points.Of(1, OffKink), x => x[0].Abs()),
        ["sin"] = new(Op.Sin, Points.Of(1, Between(-7, 7)), x => x[0].Sin()),
        ["cos"] = new(Op.Cos, Points.Of(1, Between(-7, 7)), x => x[0].Cos()),
        ["atan"] = new(Op.Atan, Points.Of(1, Between(-10, 10)), x => x[0].Atan()),
        ["softsign"] = new(Op.Softsign, Points.Of(1, OffKink), x => x[0].Softsign()),
        ["max"] = new(Op.Max, Points.Apart(0.01), x => Value.Max(x[0], x[1])),
        ["min"] = new(Op.Min, Points.Apart(0.01), x => Value.Min(x[0], x[1])),
        ["sum"] = new(Op.Sum, Points.Of(5, Anywhere), x => Value.Sum([x[0], x[1], x[2], x[3], x[4], x[0]])),
        ["dot"] = new(Op.Dot, Points.Of(6, Anywhere), x => Value.Dot([x[0], x[1], x[2]], [x[3], x[4], x[0]])),
        ["logsumexp"] = new(Op.LogSumExp, Points.Of(4, Between(-20, 20)), x => Value.LogSumExp([x[0], x[1], x[2], x[3], x[0]])),
        ["custom softsign"] = new(Op.Custom, Points.Of(1, Anywhere), x => Softsign(x[0])),
    };

    public static TheoryData<string> Cases => new(Table.Keys);

    [Fact]
    public void EveryDeclaredOp_HasACase_AndEveryCaseBuildsItsOp()
    {
        Op[] declared = OpCatalog.All.Select(info => info.Op).Where(op => op != Op.Leaf).ToArray();
        Assert.Equal(Enum.GetValues<Op>().Where(op => op != Op.Leaf), declared);
        Op[] uncovered = declared.Except(Table.Values.Select(c => c.Op)).ToArray();
        Assert.True(uncovered.Length == 0, $"Declared ops with no row in OpCoverageTests' table: {string.Join(", ", uncovered)}");
        foreach ((string name, OpCase c) in Table)
        {
            Assert.True(Build(c, Sample(c)).Op == c.Op, $"case '{name}' should end in a {c.Op} node");
        }
    }

    [Fact]
    public void EveryDeclaration_DeclaresItsOwnOp_WithASymbol()
    {
        foreach (Op op in Enum.GetValues<Op>())
        {
            OpInfo info = OpCatalog.Of(op);
            Assert.Equal(op, info.Op);
            Assert.True(op is Op.Leaf or Op.Custom || info.Symbol.Length > 0, $"{op} has no diagram symbol");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Derivative_MatchesCentralDifference(string name)
    {
        OpCase c = Table[name];
        Check(GradientProperty.Holds(c.Function, c.Points));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SecondDerivatives_MatchCentralDifferencesOfTheFirst(string name)
    {
        OpCase c = Table[name];
        if (c.Op == Op.Custom)
        {
            // Known at one point only: refused by name rather than differentiated wrongly.
            var error = Assert.Throws<NotSupportedException>(() => GradCheck.CheckSecondOrder(c.Function, Sample(c)));
            Assert.Contains("softsign", error.Message);
            return;
        }

        Check(Prop.ForAll(c.Points.ToArbitrary(), point =>
        {
            GradCheckReport report = GradCheck.CheckSecondOrder(c.Function, point);
            return report.Passed.Label(report.ToString());
        }));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ForwardMode_GivesTheDirectionalDerivativeReverseModeGives(string name)
    {
        OpCase c = Table[name];
        if (c.Op == Op.Custom)
        {
            Value[] leaves = Sample(c).Select(x => new Value(x)).ToArray();
            Assert.Throws<NotSupportedException>(() => Derivatives.Jvp(c.Function(leaves), leaves, leaves.Select(_ => 1.0).ToArray()));
            return;
        }

        Check(Prop.ForAll(Gen.Zip(c.Points, c.Points).ToArbitrary(), pair =>
        {
            (double[] point, double[] tangent) = pair;
            Value[] leaves = point.Select(x => new Value(x)).ToArray();
            Value output = c.Function(leaves);
            Dual forward = Derivatives.Jvp(output, leaves, tangent);
            output.Backward();
            double reverse = leaves.Select((leaf, i) => leaf.Grad * tangent[i]).Sum();
            bool close = forward.Primal.Equals(output.Data) && Math.Abs(forward.Tangent - reverse) <= 1e-12 * (1 + Math.Abs(reverse));
            return close.Label($"forward {forward} vs reverse value {output.Data:R}, derivative {reverse:R}");
        }));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void CompiledReplay_AtANewPoint_EqualsAFreshDynamicGraph_BitForBit(string name)
    {
        OpCase c = Table[name];
        if (c.Op == Op.Custom)
        {
            // A custom op recorded its numbers at one point: the replay must refuse it, by name.
            var error = Assert.Throws<NotSupportedException>(() => CompiledGraph.Compile(Build(c, Sample(c))));
            Assert.Contains("softsign", error.Message);
            return;
        }

        // Both replays: generated code, and the interpreter it falls back to without dynamic code.
        Check(Prop.ForAll(Gen.Two(c.Points).ToArbitrary(), Arb.From(Gen.Elements(ReplayMode.Generated, ReplayMode.Interpreted)), (points, mode) =>
        {
            (double[] recordedAt, double[] replayedAt) = points;
            Value[] leaves = recordedAt.Select(x => new Value(x)).ToArray();
            var compiled = CompiledGraph.Compile(c.Function(leaves), mode);
            for (int i = 0; i < leaves.Length; i++)
            {
                leaves[i].Data = replayedAt[i];
            }

            double replayed = compiled.Evaluate();
            Value[] fresh = replayedAt.Select(x => new Value(x)).ToArray();
            Value expected = c.Function(fresh);
            expected.Backward();
            bool same = replayed.Equals(expected.Data) && leaves.Zip(fresh).All(pair => pair.First.Grad.Equals(pair.Second.Grad));
            return same.Label($"{mode}: replayed {replayed:R} vs {expected.Data:R}; grads [{string.Join(", ", leaves.Select(l => l.Grad))}] vs [{string.Join(", ", fresh.Select(l => l.Grad))}]");
        }));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void BatchedReplay_AtEveryPoint_EqualsAFreshDynamicGraph_BitForBit(string name)
    {
        // The batched column: every op run over blocks of points at every vector width, against a
        // dynamic graph built at each point. A custom op given as numbers cannot be replayed; the
        // same op given as functions can, and runs per lane.
        OpCase c = Table[name];
        Func<IReadOnlyList<Value>, Value> function = c.Op == Op.Custom ? x => SoftsignByFunctions(x[0]) : c.Function;
        double[][] points = c.Points.Sample(10, 37).ToArray();
        foreach (ReplayMode mode in (ReplayMode[])[ReplayMode.Generated, ReplayMode.Interpreted])
        {
            Value[] leaves = points[0].Select(x => new Value(x)).ToArray();
            var compiled = CompiledGraph.Compile(function(leaves), mode);
            Assert.Equal(c.Op, function(leaves).Op);
            int[] used = Enumerable.Range(0, leaves.Length).Where(i => compiled.Leaves.Contains(leaves[i])).ToArray(); // a case may leave a coordinate unused
            foreach (int lanes in Compilation.BatchedReplayProperties.LaneWidths)
            {
                BatchedReplay batch = compiled.Batch(used.Select(i => leaves[i]).ToArray()).With(lanes, 2 * lanes);
                var outputs = new double[points.Length];
                var gradients = new double[points.Length * used.Length];
                batch.Evaluate(points.SelectMany(point => used.Select(i => point[i])).ToArray(), outputs, gradients);
                for (int p = 0; p < points.Length; p++)
                {
                    Value[] fresh = points[p].Select(x => new Value(x)).ToArray();
                    Value expected = function(fresh);
                    expected.Backward();
                    string at = $"'{name}' at ({string.Join(", ", points[p].Select(x => x.ToString("R")))}), {lanes} lanes, {mode}";
                    Assert.True(Compilation.BatchedReplayProperties.Same(expected.Data, outputs[p]), $"{at}: batch {outputs[p]:R}, dynamic {expected.Data:R}");
                    for (int u = 0; u < used.Length; u++)
                    {
                        double got = gradients[(p * used.Length) + u];
                        Assert.True(Compilation.BatchedReplayProperties.Same(fresh[used[u]].Grad, got), $"{at}: ∂/∂x{used[u]} batch {got:R}, dynamic {fresh[used[u]].Grad:R}");
                    }
                }
            }
        }
    }

    /// <summary>softsign as a custom op given as functions, which a replay can evaluate anywhere.</summary>
    private static Value SoftsignByFunctions(Value x) =>
        Value.Custom("softsign", [x], v => v[0] / (1 + Math.Abs(v[0])), (v, i) => 1 / ((1 + Math.Abs(v[0])) * (1 + Math.Abs(v[0]))));

    [Theory]
    [MemberData(nameof(Cases))]
    public void BothExporters_DrawTheDeclaredSymbol(string name)
    {
        Value output = Build(Table[name], Sample(Table[name]));
        string symbol = OpCatalog.Of(output.Op).SymbolOf(output);

        string dot = DotExporter.Export(output);
        Assert.Contains(DotExporter.Html(symbol), dot);
        Assert.NotEmpty(Graphs.GraphvizCheck.Layout(dot));
        Assert.Contains(MermaidExporter.Escape(symbol), MermaidExporter.Export(output));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void OperandNames_AreDeclared_ExactlyWhereSwappingInputsChangesTheValue(string name)
    {
        // Diagrams name the edges into an op (a/b, base/exp) when its declaration says input order
        // matters; the declaration must be true, or a diagram would hide which operand is which.
        OpCase c = Table[name];
        OpInfo info = OpCatalog.Of(c.Op);
        bool declared = false, anyOrderChanged = false;
        foreach (double[] point in c.Points.Sample(10, 8))
        {
            Value output = Build(c, point);
            int n = output.InputCount;
            string?[] names = Enumerable.Range(0, n).Select(i => info.OperandName(i, n)).ToArray();
            bool ordered = names.Any(operand => operand is not null);
            declared |= ordered;
            if (n < 2 || c.Op == Op.Custom)
            {
                Assert.True(n > 1 || !ordered, $"{c.Op} names the edge of its only input");
                return;
            }

            Assert.True(!ordered || names.All(operand => operand is not null) && names.Distinct().Count() == n, $"{c.Op} names some operands but not all, or twice: {string.Join(", ", names)}");
            double[] inputs = output.Inputs.Select(v => v.Data).ToArray();
            double constant = output.Parameter ?? 0;
            double value = info.ForwardAt(inputs, constant);
            for (int i = 0; i < n; i++)
            {
                for (int j = i + 1; j < n; j++)
                {
                    double[] swapped = (double[])inputs.Clone();
                    (swapped[i], swapped[j]) = (swapped[j], swapped[i]);
                    double other = info.ForwardAt(swapped, constant);
                    bool same = Math.Abs(other - value) <= 1e-9 * (1 + Math.Abs(value));
                    Assert.True(ordered || same, $"{c.Op} declares no operand names, yet swapping inputs {i} and {j} of {string.Join(", ", inputs)} changes {value:R} to {other:R}");
                    anyOrderChanged |= !same;
                }
            }
        }

        Assert.True(!declared || anyOrderChanged, $"{c.Op} names its operands, but swapping them never changed its value at 8 points of '{name}'");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void DerivativeRule_RunOnGraphNodes_GivesTheNumbersItGaveOnDoubles(string name)
    {
        // The same generic rule gave the recorded local gradients (on doubles) and builds these
        // nodes (on Values), which is what differentiating a derivative again will rely on.
        Check(Prop.ForAll(Table[name].Points.ToArbitrary(), point =>
        {
            Value output = Build(Table[name], point);
            Value[] derivatives = OpCatalog.Of(output.Op).LocalDerivatives(output);
            return (derivatives.Length == output.InputCount
                    && derivatives.Select((d, i) => d.Data.Equals(output.GetLocalGradient(i))).All(same => same))
                .Label($"graph [{string.Join(", ", derivatives.Select(d => d.Data))}] vs recorded [{string.Join(", ", Enumerable.Range(0, output.InputCount).Select(output.GetLocalGradient))}]");
        }));
    }

    /// <summary>
    /// How close ONNX Runtime comes to AutoGrad, relative to 1 + |value|: 1e-12 wherever ONNX computes in
    /// double (every mapped op does, see OnnxOps); looser rows say why.
    /// </summary>
    private static double OnnxTolerance(Op op) => op switch
    {
        // ONNX Runtime has no double kernel for Atan: its value goes through float (24 bits, ~6e-8 relative).
        Op.Atan => 1e-6,
        _ => 1e-12,
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Onnx_ValueAndGradient_InOnnxRuntime_MatchAutoGrad(string name)
    {
        OpCase c = Table[name];
        Value[] leaves = Sample(c).Select((x, i) => new Value(x, $"x{i}")).ToArray();
        Value output = c.Function(leaves);
        if (c.Op == Op.Custom)
        {
            // No ONNX operator can run a user's op: refused by name, before anything is written.
            var error = Assert.Throws<NotSupportedException>(() => OnnxExport.ToBytes([output], leaves));
            Assert.Contains("Op.Custom 'softsign'", error.Message);
            return;
        }

        output.Label = "f";
        using var session = OnnxRuntimeRun.Load(OnnxExport.ToBytes([output], leaves, new OnnxExportOptions { Gradients = true }));
        double tolerance = OnnxTolerance(c.Op);
        foreach (double[] point in c.Points.Sample(10, 20))
        {
            Value[] fresh = point.Select(x => new Value(x)).ToArray();
            Value expected = c.Function(fresh);
            Value[] gradient = Value.Gradients(expected, fresh);
            Dictionary<string, double> got = OnnxRuntimeRun.Scalars(session, point.Select((x, i) => ($"x{i}", x)).ToArray());
            string at = $"'{name}' at ({string.Join(", ", point.Select(x => x.ToString("R")))})";
            Assert.True(OnnxRuntimeRun.Close(got["f"], expected.Data, tolerance), $"{at}: ONNX Runtime gives {got["f"]:R}, AutoGrad {expected.Data:R}");
            for (int i = 0; i < point.Length; i++)
            {
                double onnx = got[$"df/dx{i}"];
                Assert.True(OnnxRuntimeRun.Close(onnx, gradient[i].Data, tolerance), $"{at}: ONNX Runtime gives ∂f/∂x{i} = {onnx:R}, AutoGrad {gradient[i].Data:R}");
            }
        }
    }

    /// <summary>softsign(x) = x / (1 + |x|), d/dx = 1 / (1 + |x|)², as a user would add it.</summary>
    internal static Value Softsign(Value x)
    {
        double d = 1 + Math.Abs(x.Data);
        return Value.Custom("softsign", x.Data / d, [x], [1 / (d * d)]);
    }

    private static double[] Sample(OpCase c) => c.Points.Sample(1, 1).Single();

    private static Value Build(OpCase c, double[] point) => c.Function(point.Select(x => new Value(x)).ToArray());
}
