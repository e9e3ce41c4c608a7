using AutoGrad.Onnx;

namespace AutoGrad.Tests.Onnx;

/// <summary>Exported gradients at the edges of the number line: infinite inputs at run time, where AutoGrad still has a derivative.</summary>
public class OnnxGradientEdgeTests
{
    public static TheoryData<string, double, double> InfiniteCases => new()
    {
        { "relu", double.PositiveInfinity, 0 },
        { "abs", double.NegativeInfinity, 0 },
        { "leaky", double.PositiveInfinity, 0 },
        { "elu", double.NegativeInfinity, 0 },
        { "max", double.PositiveInfinity, 2 },
        { "max", -2, double.NegativeInfinity },
        { "min", double.NegativeInfinity, 2 },
        { "tanh of max", double.NegativeInfinity, 0.5 },
    };

    private static Value Build(string name, Value x, Value y) => name switch
    {
        "relu" => x.Relu() * y.Exp(),
        "abs" => x.Abs() + y,
        "leaky" => x.LeakyRelu(0.1) * y.Exp(),
        "elu" => x.Elu(1.0) + y * 3,
        "max" => Value.Max(x, y),
        "min" => Value.Min(x, y),
        "tanh of max" => Value.Max(x, y).Tanh(),
        "prelu" => x.Prelu(y),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such case"),
    };

    /// <summary>
    /// relu′(+∞) is 1 in AutoGrad; the branch-free form relu(x) = x·step(x) used to add x·step′(x) = ∞·0 = NaN
    /// to it, and a selector's other side (0·(−∞)) poisoned every value the chain rule read.
    /// </summary>
    [Theory]
    [MemberData(nameof(InfiniteCases))]
    public void Gradient_AtInfiniteInputs_IsAutoGrads(string name, double a, double b)
    {
        var x = new Value(1.5, "x");
        var y = new Value(-0.5, "y");
        Value f = Build(name, x, y);
        f.Label = "f";
        using var session = OnnxRuntimeRun.Load(OnnxExport.ToBytes([f], [x, y], new OnnxExportOptions { Gradients = true }));
        Dictionary<string, double> got = OnnxRuntimeRun.Scalars(session, [("x", a), ("y", b)]);

        Value[] fresh = [new Value(a), new Value(b)];
        Value expected = Build(name, fresh[0], fresh[1]);
        Value[] gradient = Value.Gradients(expected, fresh);
        Assert.True(OnnxRuntimeRun.Close(got["df/dx"], gradient[0].Data, 1e-12), $"{name}({a}, {b}): ONNX ∂f/∂x = {got["df/dx"]:R}, AutoGrad {gradient[0].Data:R}");
        Assert.True(OnnxRuntimeRun.Close(got["df/dy"], gradient[1].Data, 1e-12), $"{name}({a}, {b}): ONNX ∂f/∂y = {got["df/dy"]:R}, AutoGrad {gradient[1].Data:R}");
    }
}
