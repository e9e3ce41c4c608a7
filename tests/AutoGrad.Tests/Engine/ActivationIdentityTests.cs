namespace AutoGrad.Tests.Engine;

/// <summary>Identities between activations that the notes state, checked on the engine's own ops.</summary>
public sealed class ActivationIdentityTests
{
    [Theory]
    [InlineData(-20.0)]
    [InlineData(-3.0)]
    [InlineData(-0.5)]
    [InlineData(0.0)]
    [InlineData(1e-8)]
    [InlineData(0.7)]
    [InlineData(4.0)]
    [InlineData(19.0)]
    public void Tanh_IsTwiceTheSigmoidOfTwiceX_MinusOne_InValueAndDerivative(double at)
    {
        var x = new Value(at);
        var y = new Value(at);

        Value tanh = x.Tanh();
        Value fromSigmoid = 2 * (2 * y).Sigmoid() - 1; // the notes: tanh(x) = 2σ(2x) − 1
        tanh.Backward();
        fromSigmoid.Backward();

        Assert.Equal(tanh.Data, fromSigmoid.Data, 1e-15);
        Assert.Equal(x.Grad, y.Grad, 1e-15); // 1 − tanh² = 4σ(2x)(1 − σ(2x))
    }
}
