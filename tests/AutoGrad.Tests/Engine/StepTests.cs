namespace AutoGrad.Tests.Engine;

/// <summary>The step function, the perceptron's activation: value 0 or 1, derivative 0, a declared jump at 0.</summary>
public sealed class StepTests
{
    [Theory]
    [InlineData(-3.0, 0.0)]
    [InlineData(-1e-300, 0.0)]
    [InlineData(0.0, 0.0)] // Step(0) = 0: the notes' step is 1 only for x > 0
    [InlineData(1e-300, 1.0)]
    [InlineData(2.5, 1.0)]
    [InlineData(double.PositiveInfinity, 1.0)]
    [InlineData(double.NegativeInfinity, 0.0)]
    public void Step_IsOneAboveZero_ZeroElsewhere_WithSlopeZero(double at, double expected)
    {
        var x = new Value(at);
        Value y = x.Step();
        y.Backward();

        Assert.Equal(Op.Step, y.Op);
        Assert.Equal(expected, y.Data);
        Assert.Equal(0.0, x.Grad);
    }

    [Fact]
    public void Step_OfNaN_IsNaN()
    {
        var x = new Value(double.NaN);
        Value y = x.Step();
        y.Backward();

        Assert.True(double.IsNaN(y.Data));
        Assert.True(double.IsNaN(x.Grad));
    }

    [Fact]
    public void Step_DeclaresItsJumpAtZero_SoGradCheckSkipsIt()
    {
        OpInfo info = OpCatalog.Of(Op.Step);

        Assert.Equal("step", info.SymbolOf(new Value(1).Step()));
        Assert.Equal(-1, Value.StepRule.Branch(-0.5, 0));
        Assert.Equal(0, Value.StepRule.Branch(0, 0));
        Assert.Equal(1, Value.StepRule.Branch(0.5, 0));
    }

    [Fact]
    public void Step_InForwardMode_HasTangentZero()
    {
        Dual y = new Dual(0.3, 1).Step();

        Assert.Equal(1, y.Primal);
        Assert.Equal(0, y.Tangent);
    }
}
