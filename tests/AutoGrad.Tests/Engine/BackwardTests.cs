namespace AutoGrad.Tests;

public class BackwardTests
{
    [Theory]
    [InlineData(2.0, 3.0)]
    [InlineData(-1.5, 0.25)]
    [InlineData(0.0, 0.0)]
    public void SquareOfSum_GivesTwiceTheSum_ForBothInputs(double xData, double yData)
    {
        var x = new Value(xData);
        var y = new Value(yData);
        Value z = (x + y).Pow(2);

        z.Backward();

        Assert.Equal(2 * (xData + yData), x.Grad);
        Assert.Equal(2 * (xData + yData), y.Grad);
    }

    [Fact]
    public void SigmoidWithBinaryCrossEntropy_GivesOutputMinusTargetTimesInput()
    {
        // sᵢ = Σⱼ xⱼ wⱼᵢ, xᵢ = σ(sᵢ) = 1 / (1 + e^(−sᵢ)), E = −Σᵢ [tᵢ ln xᵢ + (1 − tᵢ) ln(1 − xᵢ)],
        // all from primitive ops; the notes derive ∂E/∂wⱼᵢ = (xᵢ − tᵢ) xⱼ.
        double[] inputs = [0.5, -1.2, 2.0];
        double[] targets = [1, 0];
        double[,] weightData = { { 0.1, -0.3 }, { 0.7, 0.2 }, { -0.4, 0.5 } };
        var weights = new Value[3, 2];
        for (int j = 0; j < 3; j++)
        {
            for (int i = 0; i < 2; i++)
            {
                weights[j, i] = new Value(weightData[j, i]);
            }
        }

        var outputs = new Value[2];
        Value error = 0;
        for (int i = 0; i < 2; i++)
        {
            Value s = 0;
            for (int j = 0; j < 3; j++)
            {
                s += inputs[j] * weights[j, i];
            }

            outputs[i] = 1 / (1 + (-s).Exp());
            error -= targets[i] * outputs[i].Log() + (1 - targets[i]) * (1 - outputs[i]).Log();
        }

        error.Backward();

        for (int j = 0; j < 3; j++)
        {
            for (int i = 0; i < 2; i++)
            {
                double expected = (outputs[i].Data - targets[i]) * inputs[j];
                Assert.Equal(expected, weights[j, i].Grad, 1e-12);
            }
        }
    }

    [Fact]
    public void SigmoidOp_WithBinaryCrossEntropy_GivesOutputMinusTarget()
    {
        var s = new Value(0.8);
        Value x = s.Sigmoid();
        const double t = 0;
        Value error = -(t * x.Log() + (1 - t) * (1 - x).Log());

        error.Backward();

        Assert.Equal(x.Data - t, s.Grad, 1e-12);
    }

    [Fact]
    public void MicrogradReadmeExample_GivesTheSameNumbers()
    {
        var a = new Value(-4.0);
        var b = new Value(2.0);
        Value c = a + b;
        Value d = a * b + b.Pow(3);
        c += c + 1;
        c += 1 + c + (-a);
        d += d * 2 + (b + a).Relu();
        d += 3 * d + (b - a).Relu();
        Value e = c - d;
        Value f = e.Pow(2);
        Value g = f / 2.0;
        g += 10.0 / f;

        g.Backward();

        Assert.Equal(24.7041, g.Data, 1e-4);
        Assert.Equal(138.8338, a.Grad, 1e-4);
        Assert.Equal(645.5773, b.Grad, 1e-4);
    }

    [Fact]
    public void Backward_AccumulatesGradient_WhenNodeIsReused()
    {
        var x = new Value(3.0);
        Value y = x * x;

        y.Backward();

        Assert.Equal(6.0, x.Grad);
    }

    [Fact]
    public void Backward_CalledTwice_AccumulatesIntoLeavesButNotIntermediates()
    {
        var x = new Value(3.0);
        Value square = x * x;
        Value y = square + x;

        y.Backward();
        y.Backward();

        Assert.Equal(2 * 7.0, x.Grad);  // leaves accumulate, as in PyTorch
        Assert.Equal(1.0, square.Grad); // an intermediate shows the last pass alone
        Assert.Equal(1.0, y.Grad);
    }

    [Fact]
    public void ZeroGrad_ClearsEveryNodeInTheGraph()
    {
        var x = new Value(3.0);
        var w = new Value(-2.0);
        Value y = (x * w).Tanh();
        y.Backward();
        Assert.NotEqual(0.0, x.Grad);

        y.ZeroGrad();

        Assert.All(y.TopologicalOrder(), node => Assert.Equal(0.0, node.Grad));
    }

    [Fact]
    public void Backward_OnALeaf_SeedsItsGradientWithOne()
    {
        var x = new Value(5.0);

        x.Backward();

        Assert.Equal(1.0, x.Grad);
    }

    [Fact]
    public void Backward_HandlesAMillionNodeChain_OnA256KiBStack()
    {
        // y = x + a + a + … (10⁶ adds): dy/dx = 1, dy/da = 10⁶. A recursive sort would overflow.
        const int Length = 1_000_000;
        var x = new Value(1.0);
        var a = new Value(0.5);
        Value? y = null;
        Exception? failure = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    Value chain = x;
                    for (int i = 0; i < Length; i++)
                    {
                        chain += a;
                    }

                    chain.Backward();
                    y = chain;
                }
                catch (Exception e)
                {
                    failure = e;
                }
            },
            maxStackSize: 256 * 1024);

        thread.Start();
        thread.Join();

        Assert.Null(failure);
        Assert.Equal(1.0 + 0.5 * Length, y!.Data);
        Assert.Equal(1.0, x.Grad);
        Assert.Equal(Length, a.Grad);
    }

    [Fact]
    public void TopologicalOrder_PutsInputsFirst_InAStableOrder()
    {
        var x = new Value(1, "x");
        var y = new Value(2, "y");
        Value s = x + y;
        s.Label = "s";
        Value p = s * x;
        p.Label = "p";

        string[] labels = p.TopologicalOrder().Select(v => v.Label!).ToArray();

        Assert.Equal(["x", "y", "s", "p"], labels);
    }
}
