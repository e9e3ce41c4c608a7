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

    // The notes' code (basic mathematics): numercial_diff(function_1, 5) with function_1(x) = 0.01x² + 0.1x.
    private static double NotesFunction(double x) => 0.01 * x * x + 0.1 * x;

    [Fact]
    public void NotesCode_DividesByTwoAndMultipliesByH_AndPrintsTwoTimesTenToTheMinusNine()
    {
        const double h = 1e-4;

        double asWritten = (NotesFunction(5 + h) - NotesFunction(5 - h)) / 2 * h; // the notes' "/ 2*h": (… / 2) · h
        double fixedFormula = (NotesFunction(5 + h) - NotesFunction(5 - h)) / (2 * h);

        Assert.Equal(1.9999999999908982e-09, asWritten);          // the notes print 1.999999999998982e-09: the same to 12 digits
        Assert.Equal(0.2, fixedFormula, 1e-11);                   // f′(x) = 0.02x + 0.1 = 0.2 at x = 5
        Assert.Equal(0.2, NumericalDerivative.CentralDifference(NotesFunction, 5), 1e-9);
        var x = new Value(5);
        (0.01 * x.Pow(2) + 0.1 * x).Backward();
        Assert.Equal(0.2, x.Grad, 1e-15);                         // the analytic derivative, from the graph
    }
}
