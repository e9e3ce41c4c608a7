using AutoGrad.Optim;

namespace AutoGrad.Tests.Optim;

public class OptimizerTests
{
    // Each optimizer takes two steps on p with gradients 2 and then −1; the expected values are
    // worked by hand from the textbook update rules.
    private static double TwoSteps(Func<Value[], Optimizer> create)
    {
        var p = new Value(1.0);
        Optimizer optimizer = create([p]);
        p.Grad = 2;
        optimizer.Step();
        p.Grad = -1;
        optimizer.Step();
        return p.Data;
    }

    [Fact]
    public void Sgd_StepsAgainstTheGradient() =>
        Assert.Equal(1 - 0.1 * 2 + 0.1 * 1, TwoSteps(p => new Sgd(p, 0.1)), 1e-15);

    [Fact]
    public void Momentum_AccumulatesVelocity()
    {
        // v1 = −0.1·2 = −0.2; v2 = 0.9·(−0.2) − 0.1·(−1) = −0.08.
        Assert.Equal(1 - 0.2 - 0.08, TwoSteps(p => new Momentum(p, 0.1, 0.9)), 1e-15);
    }

    [Fact]
    public void AdaGrad_DividesBySquareRootOfSummedSquares()
    {
        // h1 = 4: −0.1·2/2 = −0.1; h2 = 5: +0.1/√5.
        Assert.Equal(1 - 0.1 + 0.1 / Math.Sqrt(5), TwoSteps(p => new AdaGrad(p, 0.1, epsilon: 1e-300)), 1e-15);
    }

    [Fact]
    public void Adam_CorrectsItsBias()
    {
        // t=1: m = 0.2, v = 0.004 → m̂ = 2, v̂ = 4 → step −0.1·2/2 = −0.1.
        // t=2: m = 0.18 − 0.1 = 0.08, v = 0.003996 + 0.001 = 0.004996 → m̂ = 0.08/0.19, v̂ = 0.004996/0.001999.
        double second = -0.1 * (0.08 / 0.19) / Math.Sqrt(0.004996 / 0.001999);
        Assert.Equal(1 - 0.1 + second, TwoSteps(p => new Adam(p, 0.1, epsilon: 1e-300)), 1e-12);
    }

    [Fact]
    public void LinearDecay_IsMicrogradsSchedule()
    {
        LearningRateSchedule schedule = Schedules.LinearDecay(100);

        Assert.Equal(1.0, schedule(0, 1.0));
        Assert.Equal(1.0 - 0.9 * 24 / 100, schedule(24, 1.0), 1e-15);
        Assert.Equal(0.1, schedule(100, 1.0), 1e-15);
        Assert.Equal(0.25, Schedules.StepDecay(10, 0.5)(25, 1.0));
    }

    [Fact]
    public void Step_UsesTheScheduledRate_AndZeroGradClears()
    {
        var p = new Value(0) { Grad = 1 };
        var sgd = new Sgd([p], 1.0, Schedules.StepDecay(1, 0.5));

        sgd.Step();
        sgd.Step();
        sgd.ZeroGrad();

        Assert.Equal(-1.5, p.Data);
        Assert.Equal(0, p.Grad);
        Assert.Equal(2, sgd.StepCount);
    }

    [Fact]
    public void Optimizer_RejectsABadLearningRate()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd([new Value(0)], -1));

        Assert.Contains("positive, finite learning rate", error.Message);
    }
}
