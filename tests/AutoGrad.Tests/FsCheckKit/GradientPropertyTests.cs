using System.Text.RegularExpressions;
using AutoGrad.Checking;
using AutoGrad.FsCheck;
using static AutoGrad.Tests.PropertyRunner;

namespace AutoGrad.Tests.FsCheckKit;

public sealed partial class GradientPropertyTests
{
    // x·y with ∂/∂y reported as 2x instead of x: only the second variable is wrong.
    private static Value WrongProduct(IReadOnlyList<Value> v) =>
        Value.Custom("product", v[0].Data * v[1].Data, [v[0], v[1]], [v[1].Data, 2 * v[0].Data]);

    [Fact]
    public void Holds_Fails_NamingOnlyTheWrongVariable()
    {
        string failure = Failure(GradientProperty.Holds(WrongProduct, Points.Of(Domains.Anywhere, Domains.AwayFromZero(0.1))));

        Assert.Contains("∂f/∂x1: analytic", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("∂f/∂x0:", failure, StringComparison.Ordinal);
        Assert.Matches(@"Gradient wrong at \(x0 = \S+, x1 = \S+\)", failure);
        Assert.Contains("GradCheck FAILED for 1 of 2 inputs", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Holds_UsesTheGivenTolerances()
    {
        // 1% off everywhere: outside the default tolerances, inside a 5% one.
        static Value OnePercentOff(IReadOnlyList<Value> x) => Value.Custom("scaled", 2 * x[0].Data, [x[0]], [2.02]);

        Failure(GradientProperty.Holds(OnePercentOff, Points.Of(1, Domains.Anywhere)));
        Check(GradientProperty.Holds(OnePercentOff, Points.Of(1, Domains.Anywhere), new GradCheckOptions { RelativeTolerance = 0.05 }));
    }

    [Fact]
    public void HoldsForGraphs_CatchesAWrongCustomOp_AndShrinksToASmallGraphThatUsesIt()
    {
        var wrongSoftsign = new GraphOp("softsign", 1, x =>
        {
            double d = 1 + Math.Abs(x[0].Data);
            return Value.Custom("softsign", x[0].Data / d, [x[0]], [1 / d]); // the square is missing
        });

        string failure = Failure(GradientProperty.HoldsForGraphs(GraphRecipes.Over([.. GraphOps.All, wrongSoftsign])));

        // FsCheck prints a "Shrunk:" case only when it shrank; a first failure already small is the "Original:".
        Match shrunk = ShrunkCase().Match(failure);
        shrunk = shrunk.Success ? shrunk : OriginalCase().Match(failure);
        Assert.True(shrunk.Success, failure);
        string formula = shrunk.Groups["formula"].Value;
        Assert.Contains("softsign(", formula, StringComparison.Ordinal);
        Assert.True(formula.Length < 80 && !formula.Contains("unused", StringComparison.Ordinal), $"the counterexample did not shrink to a small graph: {formula}");
        Assert.Contains($"Gradient wrong for {formula} at", failure, StringComparison.Ordinal);
        Assert.Matches(@"∂f/∂x\d: analytic \S+, numerical \S+", failure);
    }

    [Fact]
    public void HoldsForGraphs_Passes_ForRightOps_AndDiscardsOnlyAFewCases()
    {
        Check(GradientProperty.HoldsForGraphs(GraphRecipes.Over(GraphOps.Smooth)));
        Check(GradientProperty.HoldsForGraphs(GraphRecipes.Over([GraphOps.Relu, GraphOps.Abs, GraphOps.Max, GraphOps.Sub]), Domains.Between(-1, 1)));
    }

    [Fact]
    public void NullArguments_AreRefused_ByName()
    {
        Assert.Equal("function", Assert.Throws<ArgumentNullException>(() => GradientProperty.Holds(null!, Points.Of(1, Domains.Anywhere))).ParamName);
        Assert.Equal("points", Assert.Throws<ArgumentNullException>(() => GradientProperty.Holds(x => x[0], null!)).ParamName);
        Assert.Equal("recipes", Assert.Throws<ArgumentNullException>(() => GradientProperty.HoldsForGraphs(null!)).ParamName);
    }

    // FsCheck prints the shrunk case last: "<formula> at (x0 = …)".
    [GeneratedRegex(@"Shrunk:\s*\r?\n(?<formula>f\(.*?\)) at \(x0 = ")]
    private static partial Regex ShrunkCase();

    [GeneratedRegex(@"Original:\s*\r?\n(?<formula>f\(.*?\)) at \(x0 = ")]
    private static partial Regex OriginalCase();
}
