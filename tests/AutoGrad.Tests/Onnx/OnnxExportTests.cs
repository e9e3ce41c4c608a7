using AutoGrad.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace AutoGrad.Tests.Onnx;

/// <summary>
/// OnnxExport on whole graphs: names, initializers, folding, files, and the refusals of bad input,
/// each file loaded by ONNX Runtime. The per-op value and gradient are the ONNX column of <see cref="OpCoverageTests"/>.
/// </summary>
public sealed class OnnxExportTests
{
    [Fact]
    public void EveryOp_IsMappedToOnnxOperators_OrRefusedByName()
    {
        var forgotten = new List<string>();
        foreach (Op op in Enum.GetValues<Op>())
        {
            OnnxOpRule rule = OnnxOps.Of(op);
            bool mapped = rule.Emit is not null && rule.Refusal is null && rule.Operators.Length > 0;
            bool refused = rule.Emit is null && !string.IsNullOrWhiteSpace(rule.Refusal);
            bool leaf = op == Op.Leaf && rule.Emit is null && rule.Refusal is null;
            if (rule.Op != op || !(mapped || refused || leaf))
            {
                forgotten.Add(op.ToString());
            }
        }

        Assert.True(forgotten.Count == 0, $"Ops neither mapped to ONNX operators nor refused by name in OnnxOps: {string.Join(", ", forgotten)}");
    }

    [Fact]
    public void TheDocsMappingTable_HasARowForEveryOp_WithItsOperators()
    {
        string[] rows = File.ReadAllLines(Path.Combine(Repository.Root, "docs", "onnx.md")).Where(line => line.StartsWith("| `", StringComparison.Ordinal)).ToArray();
        foreach (OnnxOpRule rule in OnnxOps.All)
        {
            string? row = rows.FirstOrDefault(line => line.Split('|')[1].Contains($"`{rule.Op}`", StringComparison.Ordinal));
            Assert.True(row is not null, $"docs/onnx.md has no row for Op.{rule.Op}");
            string shown = rule.Refusal is not null ? "refused" : rule.Operators.Contains('(') ? rule.Operators.Split(" (no")[0] : rule.Operators.Split(' ')[0];
            string text = row.Replace("`", "", StringComparison.Ordinal);
            Assert.True(text.Contains(shown, StringComparison.Ordinal) || (shown == rule.Op.ToString() && row.Contains("the operator of the same name", StringComparison.Ordinal)), $"docs/onnx.md shows Op.{rule.Op} as '{row}', but OnnxOps writes '{rule.Operators}'");
        }
    }

    [Fact]
    public void Graph_WithParametersAndSharedNodes_RunsInOnnxRuntime_LikeAutoGrad()
    {
        var x = new Value(0.7, "x");
        var y = new Value(-1.3, "y");
        var w = new Value(2.5, "w");
        Value shared = (x * w + y).Tanh();
        Value f = shared * shared + Value.Sum([x, y, shared]) + Value.Constant(2) * Value.Constant(3);
        f.Label = "f";
        Value g = Value.LogSumExp([x, y, w]);

        using InferenceSession session = OnnxRuntimeRun.Load(OnnxExport.ToBytes([f, g], [x, y]));

        Assert.Equal(["x", "y"], session.InputNames);
        Assert.Equal(["f", "output1"], session.OutputNames);
        Dictionary<string, double> got = OnnxRuntimeRun.Scalars(session, [("x", 0.7), ("y", -1.3)]);
        Assert.True(OnnxRuntimeRun.Close(got["f"], f.Data, 1e-12), $"{got["f"]:R} vs {f.Data:R}");
        Assert.True(OnnxRuntimeRun.Close(got["output1"], g.Data, 1e-12), $"{got["output1"]:R} vs {g.Data:R}");
    }

    [Fact]
    public void Parameters_BecomeInitializersNamedByLabel_AndConstantSubgraphsFoldToOneNumber()
    {
        var x = new Value(1.5, "x");
        var w = new Value(0.25, "w");
        Value f = x * w + (Value.Constant(2) * Value.Constant(3)).Exp();

        global::Onnx.ModelProto model = OnnxExport.Build([f], [x], new OnnxExportOptions());

        global::Onnx.GraphProto graph = model.Graph;
        Assert.Contains(graph.Initializer, tensor => tensor.Name == "w");
        Assert.DoesNotContain(graph.Node, node => node.OpType == "Exp"); // e^(2·3) is one folded number
        Assert.Contains(graph.Initializer, tensor => tensor.RawData.Length == 8 && BitConverter.ToDouble(tensor.RawData.Span) == Math.Exp(6));
        Assert.Equal(["Mul", "Add", "Identity"], graph.Node.Select(node => node.OpType));
    }

    [Fact]
    public void Save_WritesAFileOnnxRuntimeLoads()
    {
        string path = Path.Combine(Path.GetTempPath(), $"autograd-onnx-{Guid.NewGuid():N}.onnx");
        try
        {
            var x = new Value(2, "x");
            OnnxExport.Save([x.Pow(3)], [x], path);

            using var session = new InferenceSession(path);
            Assert.Equal(27, OnnxRuntimeRun.Scalars(session, [("x", 3)])["output0"]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void CustomOp_GivenAsFunctions_IsRefusedByName()
    {
        var x = new Value(0.5, "x");
        Value y = Value.Custom("softsign", [x], v => v[0] / (1 + Math.Abs(v[0])), (v, i) => 1 / Math.Pow(1 + Math.Abs(v[0]), 2)) + 1;

        var error = Assert.Throws<NotSupportedException>(() => OnnxExport.ToBytes([y], [x]));

        Assert.Contains("Op.Custom 'softsign'", error.Message);
    }

    [Fact]
    public void NoInputs_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => OnnxExport.ToBytes([new Value(1, "x").Exp()], []));
        Assert.Contains("no inputs", error.Message);
    }

    [Fact]
    public void NoOutputs_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => OnnxExport.ToBytes([], [new Value(1, "x")]));
        Assert.Contains("no outputs", error.Message);
    }

    [Fact]
    public void TwoInputsOfOneName_AreRefused_NamingBoth()
    {
        var a = new Value(1, "x");
        var b = new Value(2, "x");

        var error = Assert.Throws<ArgumentException>(() => OnnxExport.ToBytes([a * b], [a, b]));

        Assert.Contains("Inputs 0 and 1 are both named 'x'", error.Message);
    }

    [Fact]
    public void OneLeafGivenTwice_IsRefused()
    {
        var a = new Value(1, "x");
        var error = Assert.Throws<ArgumentException>(() => OnnxExport.ToBytes([a * a], [a, a]));
        Assert.Contains("same value as input 0", error.Message);
    }

    [Fact]
    public void AnOpNodeAsInput_IsRefused()
    {
        var a = new Value(1, "a");
        Value sum = a + 1;
        var error = Assert.Throws<ArgumentException>(() => OnnxExport.ToBytes([sum * 2], [sum]));
        Assert.Contains("expected a leaf", error.Message);
    }

    [Fact]
    public void NaNInitializer_IsRefused_NamingTheLeaf()
    {
        var x = new Value(1, "x");
        var w = new Value(double.NaN, "w");

        var error = Assert.Throws<ArgumentException>(() => OnnxExport.ToBytes([x * w], [x]));

        Assert.Contains("'w'", error.Message);
        Assert.Contains("NaN", error.Message);
    }

    [Fact]
    public void NaNInput_IsFine_ItsValueIsNotStored()
    {
        var x = new Value(double.NaN, "x");
        using InferenceSession session = OnnxRuntimeRun.Load(OnnxExport.ToBytes([x * 2], [x]));
        Assert.Equal(6, OnnxRuntimeRun.Scalars(session, [("x", 3)])["output0"]);
    }

    [Fact]
    public void UnwritablePath_IsAnIOException_NamingThePath()
    {
        var x = new Value(1, "x");
        string path = Path.Combine(Path.GetTempPath(), $"autograd-missing-{Guid.NewGuid():N}", "no", "model.onnx");

        var error = Assert.Throws<IOException>(() => OnnxExport.Save([x * 2], [x], path));

        Assert.Contains(path, error.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void AFolderAsPath_IsAnIOException()
    {
        var x = new Value(1, "x");
        var error = Assert.Throws<IOException>(() => OnnxExport.Save([x * 2], [x], Path.GetTempPath()));
        Assert.Contains("folder", error.Message);
    }
}
