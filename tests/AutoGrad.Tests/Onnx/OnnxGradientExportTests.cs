using AutoGrad.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace AutoGrad.Tests.Onnx;

/// <summary>
/// The gradient and the Hessian as extra outputs: ONNX Runtime computes value, ∂f/∂xᵢ and ∂²f/∂xᵢ∂xⱼ in
/// one run, equal to AutoGrad's at points far from where the graph was built, across kinks too.
/// </summary>
public sealed class OnnxGradientExportTests
{
    private static readonly double[][] Points = [[0.7, -1.3], [-0.4, 0.9], [2.1, 2.6], [-1.7, -0.2], [0.05, -3.0], [1.5, 1.5]];

    /// <summary>A graph with smooth ops and kinks (ReLU, max, |x|, ELU) whose branches change between the points.</summary>
    private static Value Function(Value x, Value y) =>
        (x - y).Relu() * x + Value.Max(x, y) * y.Tanh() + (x * y).Abs() + x.Elu(0.5) * y.Exp() + Value.Sum([x, y, x * y]).Sigmoid();

    [Fact]
    public void Gradients_AreExtraOutputs_EqualToAutoGrads_AcrossKinks()
    {
        var x = new Value(0.7, "x");
        var y = new Value(-1.3, "y");
        Value f = Function(x, y);
        f.Label = "f";

        using InferenceSession session = OnnxRuntimeRun.Load(OnnxExport.ToBytes([f], [x, y], new OnnxExportOptions { Gradients = true }));

        Assert.Equal(["f", "df/dx", "df/dy"], session.OutputNames);
        foreach (double[] point in Points)
        {
            var (a, b) = (new Value(point[0]), new Value(point[1]));
            Value expected = Function(a, b);
            Value[] gradient = Value.Gradients(expected, [a, b]);
            Dictionary<string, double> got = OnnxRuntimeRun.Scalars(session, [("x", point[0]), ("y", point[1])]);
            string at = $"({point[0]}, {point[1]})";
            Assert.True(OnnxRuntimeRun.Close(got["f"], expected.Data, 1e-12), $"f{at}: {got["f"]:R} vs {expected.Data:R}");
            Assert.True(OnnxRuntimeRun.Close(got["df/dx"], gradient[0].Data, 1e-12), $"df/dx{at}: {got["df/dx"]:R} vs {gradient[0].Data:R}");
            Assert.True(OnnxRuntimeRun.Close(got["df/dy"], gradient[1].Data, 1e-12), $"df/dy{at}: {got["df/dy"]:R} vs {gradient[1].Data:R}");
        }
    }

    [Fact]
    public void Hessian_IsEveryPairOfInputs_EqualToAutoGradsSecondDerivatives()
    {
        var x = new Value(0.7, "x");
        var y = new Value(-1.3, "y");
        Value f = Function(x, y);
        f.Label = "f";

        using InferenceSession session = OnnxRuntimeRun.Load(OnnxExport.ToBytes([f], [x, y], new OnnxExportOptions { Hessian = true }));

        Assert.Equal(["f", "d2f/dxdx", "d2f/dxdy", "d2f/dydx", "d2f/dydy"], session.OutputNames);
        foreach (double[] point in Points)
        {
            var (a, b) = (new Value(point[0]), new Value(point[1]));
            Value[] gradient = Value.Gradients(Function(a, b), [a, b], createGraph: true); // built at this point: right here
            Dictionary<string, double> got = OnnxRuntimeRun.Scalars(session, [("x", point[0]), ("y", point[1])]);
            string[] names = ["x", "y"];
            for (int i = 0; i < 2; i++)
            {
                Value[] row = Value.Gradients(gradient[i], [a, b]);
                for (int j = 0; j < 2; j++)
                {
                    string name = $"d2f/d{names[i]}d{names[j]}";
                    Assert.True(OnnxRuntimeRun.Close(got[name], row[j].Data, 1e-12), $"{name} at ({point[0]}, {point[1]}): {got[name]:R} vs {row[j].Data:R}");
                }
            }
        }
    }

    [Fact]
    public void WithoutOptions_OnlyTheOutputsAreWritten()
    {
        var x = new Value(1, "x");
        using InferenceSession session = OnnxRuntimeRun.Load(OnnxExport.ToBytes([x.Exp()], [x]));
        Assert.Equal(["output0"], session.OutputNames);
    }

    [Fact]
    public void GradientOfAnOutputThatIgnoresAnInput_IsZero()
    {
        var x = new Value(1, "x");
        var y = new Value(2, "y");
        Value f = x.Sin();

        using InferenceSession session = OnnxRuntimeRun.Load(OnnxExport.ToBytes([f], [x, y], new OnnxExportOptions { Gradients = true }));

        Dictionary<string, double> got = OnnxRuntimeRun.Scalars(session, [("x", 0.3), ("y", 5)]);
        Assert.Equal(0, got["doutput0/dy"]);
        Assert.Equal(Math.Cos(0.3), got["doutput0/dx"], 15);
    }
}
