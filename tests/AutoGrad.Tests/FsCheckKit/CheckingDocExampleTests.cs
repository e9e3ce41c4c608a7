using System.Globalization;
using System.Text.RegularExpressions;
using AutoGrad.FsCheck;
using FsCheck;
using FsCheck.Xunit;

namespace AutoGrad.Tests.FsCheckKit;

/// <summary>The example of docs/checking.md: a custom op with a wrong derivative, caught by a one-line property.</summary>
public sealed class CheckingDocExampleTests
{
    // softsign(x) = x / (1 + |x|); its derivative is 1 / (1 + |x|)², but this one forgot the square.
    private static Value WrongSoftsign(Value x)
    {
        double d = 1 + Math.Abs(x.Data);
        return Value.Custom("softsign", x.Data / d, [x], [1 / d]);
    }

    private static Value Softsign(Value x)
    {
        double d = 1 + Math.Abs(x.Data);
        return Value.Custom("softsign", x.Data / d, [x], [1 / (d * d)]);
    }

    // Exactly the property of docs/checking.md, run below where it must fail.
    public static Property WrongSoftsign_HasTheRightGradient() =>
        GradientProperty.Holds(x => WrongSoftsign(x[0]), Points.Of(1, Domains.Anywhere));

    [Property]
    public Property Softsign_HasTheRightGradient() =>
        GradientProperty.Holds(x => Softsign(x[0]), Points.Of(1, Domains.Anywhere));

    [Fact]
    public void WrongSoftsign_Fails_NamingTheVariableAndBothDerivatives()
    {
        string failure = PropertyRunner.Failure(WrongSoftsign_HasTheRightGradient());

        Match m = Regex.Match(failure, @"∂f/∂x0: analytic (?<analytic>\S+), numerical (?<numerical>\S+)");
        Assert.True(m.Success, failure);
        double x = double.Parse(Regex.Match(failure, @"Gradient wrong at \(x0 = (?<x>[^)]+)\)").Groups["x"].Value, CultureInfo.InvariantCulture);
        double analytic = double.Parse(m.Groups["analytic"].Value, CultureInfo.InvariantCulture);
        double numerical = double.Parse(m.Groups["numerical"].Value, CultureInfo.InvariantCulture);
        Assert.Equal(1 / (1 + Math.Abs(x)), analytic);                                  // the wrong derivative, as the op gave it
        Assert.Equal(1 / ((1 + Math.Abs(x)) * (1 + Math.Abs(x))), numerical, 1e-8);     // the true one, measured
        Assert.Contains("GradCheck FAILED for 1 of 1 inputs", failure, StringComparison.Ordinal);
    }
}
