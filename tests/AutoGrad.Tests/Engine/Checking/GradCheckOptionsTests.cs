using AutoGrad.Checking;

namespace AutoGrad.Tests.Checking;

public class GradCheckOptionsTests
{
    [Theory]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NaN)]
    [InlineData(-1e-5)]
    public void Tolerance_ThatWouldPassEverything_OrMakesNoSense_IsRefused(double tolerance)
    {
        var absolute = Assert.Throws<ArgumentOutOfRangeException>(() => new GradCheckOptions { AbsoluteTolerance = tolerance });
        Assert.Equal("AbsoluteTolerance", absolute.ParamName);
        Assert.Contains("finite number ≥ 0", absolute.Message);
        var relative = Assert.Throws<ArgumentOutOfRangeException>(() => new GradCheckOptions { RelativeTolerance = tolerance });
        Assert.Equal("RelativeTolerance", relative.ParamName);
    }

    [Fact]
    public void CheckParameters_WithANullParameter_NamesItsIndex()
    {
        var p = new Value(1);
        var error = Assert.Throws<ArgumentException>(() => GradCheck.CheckParameters([p, null!], () => p * p));
        Assert.Contains("Item 1 of 'parameters' is null", error.Message);
    }

    [Fact]
    public void CustomOp_WithAWhiteSpaceName_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => Value.Custom("  ", 1, [new Value(1)], [1.0]));
    }
}
