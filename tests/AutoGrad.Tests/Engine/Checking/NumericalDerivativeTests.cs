using AutoGrad.Checking;

namespace AutoGrad.Tests.Checking;

public class NumericalDerivativeTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(1.3)]
    [InlineData(-250.0)]
    public void CentralDifference_OfSin_IsCos_ToSecondOrder(double x)
    {
        double derivative = NumericalDerivative.CentralDifference(Math.Sin, x);

        Assert.Equal(Math.Cos(x), derivative, 1e-8);
    }

    [Fact]
    public void CentralDifference_IsExact_ForAQuadratic()
    {
        // (f(x+h) − f(x−h)) / (2h) has no truncation error for a parabola; a one-sided difference would.
        double derivative = NumericalDerivative.CentralDifference(x => 3 * x * x, 2.0, step: 1e-3);

        Assert.Equal(12.0, derivative, 1e-9);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1e-3)]
    [InlineData(double.NaN)]
    public void CentralDifference_RejectsABadStep(double step)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => NumericalDerivative.CentralDifference(Math.Sin, 1, step));

        Assert.Equal("step", error.ParamName);
    }
}
