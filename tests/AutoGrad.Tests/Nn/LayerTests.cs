using AutoGrad.Checking;
using AutoGrad.Nn;

namespace AutoGrad.Tests.Nn;

public class LayerTests
{
    public static TheoryData<Activation> AllActivations => new(Enum.GetValues<Activation>());

    [Theory]
    [MemberData(nameof(AllActivations))]
    public void Mlp_ParameterGradients_MatchCentralDifferences(Activation activation)
    {
        var model = new Mlp(3, [4, 3, 2], new MlpOptions { HiddenActivation = activation, Initialization = Initialization.Xavier, Seed = 7 });
        double[][] inputs = [[0.3, -0.8, 1.1], [-0.5, 0.2, 0.9]];

        Value Loss() => Value.Sum(inputs.Select(x => Losses.SoftmaxCrossEntropy(model.Forward(x), 1)));

        GradCheckReport report = GradCheck.CheckParameters(model.Parameters, Loss);
        Assert.True(report.Passed, report.ToString());
    }

    [Theory]
    [MemberData(nameof(AllActivations))]
    public void Neuron_InputGradients_MatchCentralDifferences(Activation activation)
    {
        var neuron = new Neuron(3, activation, 1.0, new Random(3));

        GradCheckReport report = GradCheck.Check(x => neuron.Forward(x), [0.4, -0.9, 0.7]);

        Assert.True(report.Passed, report.ToString());
    }

    [Fact]
    public void MlpParameters_CarryQualifiedNames_AndGradCheckReportsThem()
    {
        var model = new Mlp(2, [3, 1], new MlpOptions { Seed = 1 });
        Assert.Equal("layer1.neuron0.w0", model.Parameters[0].Label);
        Assert.Equal("layer1.neuron2.b", model.Parameters[8].Label);
        Assert.Equal("layer2.neuron0.w2", model.Parameters[11].Label);
        Assert.Equal(model.Parameters.Count, model.Parameters.Select(p => p.Label).Distinct().Count());

        Value[] x = [new Value(0.5), new Value(-1.5)];
        GradCheckReport report = GradCheck.CheckParameters(model.Parameters, () => model.Forward(x)[0].Pow(2));
        Assert.Equal(model.Parameters.Select(p => p.Label), report.Entries.Select(e => e.Name));
    }

    [Fact]
    public void Neuron_IsOneDotNodePlusBias()
    {
        var neuron = new Neuron(5, Activation.Tanh, 1.0, new Random(1));
        Value[] x = Enumerable.Range(0, 5).Select(i => new Value(i)).ToArray();

        Value output = neuron.Forward(x);

        // tanh ← add ← (dot, bias); dot ← 5 weights + 5 inputs: 14 nodes, not 2n binary ones on top.
        Assert.Equal(14, output.TopologicalOrder().Count);
        Assert.Equal(Op.Dot, output.GetInput(0).GetInput(0).Op);
    }

    [Fact]
    public void Prelu_LearnsItsSlope()
    {
        var neuron = new Neuron(1, Activation.Prelu, 1.0, new Random(1));
        Value slope = neuron.Parameters[^1];
        neuron.Parameters[0].Data = 1; // w = 1, b = 0: the pre-activation is the input, −100
        Value output = neuron.Forward([new Value(-100)]);

        output.Backward();

        Assert.Equal("slope", slope.Label);
        Assert.Equal(-100, slope.Grad); // ∂/∂slope = x on the negative side
    }

    [Fact]
    public void Layer_WithTheWrongNumberOfInputs_SaysHowMany()
    {
        var layer = new Layer(3, 2, Activation.Relu, Initialization.He, new Random(0));

        var error = Assert.Throws<ArgumentException>(() => layer.Forward([new Value(1), new Value(2)]));

        Assert.Equal("Layer expects 3 inputs but got 2. (Parameter 'inputs')", error.Message);
    }

    [Theory]
    [InlineData(0, new[] { 4, 1 }, "inputs")]
    [InlineData(2, new[] { 4, 0 }, "Layer 2 has 0 neurons")]
    [InlineData(2, new[] { -3 }, "Layer 1 has -3 neurons")]
    [InlineData(2, new int[0], "at least one layer")]
    public void Mlp_WithBadSizes_SaysWhichSize(int inputs, int[] sizes, string expected)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new Mlp(inputs, sizes));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Mlp_IsDeterministicForASeed_AndUsesMicrogradsParameterOrder()
    {
        var a = new Mlp(2, [16, 16, 1], new MlpOptions { Seed = 5 });
        var b = new Mlp(2, [16, 16, 1], new MlpOptions { Seed = 5 });

        Assert.Equal(337, a.Parameters.Count); // micrograd's MLP(2, [16, 16, 1])
        Assert.Equal(a.Parameters.Select(p => p.Data), b.Parameters.Select(p => p.Data));
        Assert.Equal("layer1.neuron0.b", a.Parameters[2].Label); // w0, w1, then the bias of neuron 0
        Assert.Equal("MLP(2, [16, 16, 1], relu)", a.ToString());
    }

    [Theory]
    [InlineData(Initialization.Uniform, 1.0)]
    [InlineData(Initialization.Xavier, 0.34641016151377546)] // √(6 / (20 + 30))
    [InlineData(Initialization.He, 0.5477225575051661)]      // √(6 / 20)
    public void Initialization_KeepsWeightsWithinItsLimit(Initialization initialization, double limit)
    {
        var layer = new Layer(20, 30, Activation.Relu, initialization, new Random(2));
        double[] weights = layer.Parameters.Where(p => p.Label!.Split('.')[^1].StartsWith('w')).Select(p => p.Data).ToArray();

        Assert.All(weights, w => Assert.InRange(Math.Abs(w), 0, limit));
        Assert.True(weights.Max(Math.Abs) > 0.9 * limit, "the weights should fill the range");
        Assert.All(layer.Parameters.Where(p => p.Label!.EndsWith(".b", StringComparison.Ordinal)), b => Assert.Equal(0, b.Data));
    }

    [Fact]
    public void ActivationNames_RejectAnUnknownName_ListingTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => ActivationNames.Parse("swish"));

        Assert.Contains("Unknown activation 'swish'; expected one of: linear, tanh, sigmoid, relu, leaky-relu, prelu, elu", error.Message);
        Assert.Equal(Activation.LeakyRelu, ActivationNames.Parse("Leaky-ReLU"));
    }

    [Fact]
    public void Mlp_CalledInsideAScope_BuildsEachLayerAndNeuronInANestedScope()
    {
        var model = new Mlp(2, [3, 1]);
        Value output;
        using (Scope.Enter("model"))
        {
            output = model.Forward([0.5, -1.5])[0];
        }

        Assert.Equal("model / layer 2 / neuron 0", output.Scope?.ToString());
        Assert.Contains(output.TopologicalOrder(), v => v.Scope?.ToString() == "model / layer 1 / neuron 2");
    }

    [Fact]
    public void Mlp_CalledOutsideAnyScope_OpensNone()
    {
        var model = new Mlp(2, [3, 1]);

        Value output = model.Forward([0.5, -1.5])[0];

        Assert.All(output.TopologicalOrder(), v => Assert.Null(v.Scope));
    }
}
