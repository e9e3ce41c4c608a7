using AutoGrad.FsCheck;
using FsCheck;
using FsCheck.Fluent;
using static AutoGrad.Tests.PropertyRunner;

namespace AutoGrad.Tests.FsCheckKit;

public sealed class GraphRecipeTests
{
    // f(x0, x1) = log(x0² + 0.5)·x1 + log(x0² + 0.5), with the log node (n2) shared.
    private static readonly GraphRecipe Shared = new(2, [new GraphStep(GraphOps.Log, 0), new GraphStep(GraphOps.Mul, 2, 1), new GraphStep(GraphOps.Add, 3, 2)]);

    [Fact]
    public void ToString_IsAFormula_NamingSharedNodes_AndParenthesisingWhereNeeded()
    {
        var nested = new GraphRecipe(2, [new GraphStep(GraphOps.Sub, 0, 1), new GraphStep(GraphOps.Pow, 2), new GraphStep(GraphOps.Tanh, 3), new GraphStep(GraphOps.Max, 4, 1)]);
        var withDeadStep = new GraphRecipe(1, [new GraphStep(GraphOps.Exp, 0), new GraphStep(GraphOps.Neg, 0)]);

        Assert.Equal("f(x0, x1) = (n2·x1) + n2 where n2 = log(x0² + 0.5)", Shared.ToString());
        Assert.Equal("f(x0, x1) = max(tanh((x0 - x1)³), x1)", nested.ToString());
        Assert.Equal("f(x0) = -x0 (1 unused step)", withDeadStep.ToString());
        Assert.Equal("f(x0, x1, x2) = x2", new GraphRecipe(3, []).ToString());
    }

    [Fact]
    public void Build_MakesTheGraphTheFormulaDescribes()
    {
        var x0 = new Value(0.3);
        var x1 = new Value(-1.2);
        Value output = Shared.Build([x0, x1]);
        output.Backward();

        double log = Math.Log(0.3 * 0.3 + 0.5);
        Assert.Equal(log * -1.2 + log, output.Data, 1e-15);
        Assert.Equal((2 * 0.3 / (0.3 * 0.3 + 0.5)) * (-1.2 + 1), x0.Grad, 1e-15);
        Assert.Equal(log, x1.Grad, 1e-15);
        Assert.Equal(3, Shared.Depth);
        Assert.Equal(5, Shared.NodeCount);
    }

    [Fact]
    public void MalformedRecipes_AreRefused_NamingTheStep()
    {
        var late = Assert.Throws<ArgumentException>(() => new GraphRecipe(1, [new GraphStep(GraphOps.Add, 0, 1)]));
        var arity = Assert.Throws<ArgumentException>(() => new GraphStep(GraphOps.Mul, 0));
        var negative = Assert.Throws<ArgumentException>(() => new GraphStep(GraphOps.Neg, -1));
        var leaves = Assert.Throws<ArgumentOutOfRangeException>(() => new GraphRecipe(0, []));
        var build = Assert.Throws<ArgumentException>(() => Shared.Build([new Value(1)]));
        var format = Assert.Throws<ArgumentException>(() => new GraphOp("twice", 1, x => 2 * x[0], "2·{1}"));

        Assert.Equal("steps", late.ParamName);
        Assert.Contains("Step 0 (add(n0, n1)) makes node n1 but reads node n1", late.Message, StringComparison.Ordinal);
        Assert.Contains("'mul' reads 2 input(s) but the step names 1", arity.Message, StringComparison.Ordinal);
        Assert.Contains("node -1", negative.Message, StringComparison.Ordinal);
        Assert.Equal("leafCount", leaves.ParamName);
        Assert.Contains("has 2 leaves but Build got 1", build.Message, StringComparison.Ordinal);
        Assert.Equal("format", format.ParamName);
        Assert.Contains("\"2·{1}\"", format.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generator_UsesOnlyTheChosenOps_WithinItsBounds()
    {
        GraphOp[] ops = [GraphOps.Sin, GraphOps.Mul, GraphOps.LogSumExp];
        GraphRecipe[] recipes = GraphRecipes.Over(ops, maxLeaves: 2, maxSteps: 5).Sample(300, new Rnd(9), 50);

        Assert.All(recipes, r => Assert.True(r.LeafCount is >= 1 and <= 2 && r.Steps.Count is >= 1 and <= 5 && r.Steps.All(s => ops.Contains(s.Op)), r.ToString()));
        Assert.Equal(ops.ToHashSet(), recipes.SelectMany(r => r.Steps).Select(s => s.Op).ToHashSet());
        Assert.Contains(recipes, r => r.Steps.Count == 5 && r.Depth == 5);
    }

    [Fact]
    public void EveryShrinkCandidate_IsSmaller_AndBuilds()
    {
        Check(Prop.ForAll(RandomGraphProperties.AtPoints(RandomGraphProperties.Recipes).ToArbitrary(), c =>
            c.Recipe.Shrink().All(smaller =>
                (smaller.Steps.Count < c.Recipe.Steps.Count || smaller.LeafCount < c.Recipe.LeafCount)
                && smaller.Build(c.Point.Take(smaller.LeafCount).Select(x => new Value(x)).ToArray()) is not null)));
    }

    [Fact]
    public void AFailingRandomGraph_ShrinksToASmallOne()
    {
        // A property that fails whenever the graph takes a log: the counterexample must shrink to the log alone.
        GraphRecipe? lastFailing = null;
        Property noLog = Prop.ForAll(GraphRecipes.WithShrinking(GraphRecipes.Over(GraphOps.All)), recipe =>
        {
            bool passes = !recipe.Uses(GraphOps.Log);
            lastFailing = passes ? lastFailing : recipe;
            return passes;
        });

        string failure = Failure(noLog);

        Assert.NotNull(lastFailing);
        Assert.Equal("f(x0) = log(x0² + 0.5)", lastFailing.ToString());
        Assert.Contains("f(x0) = log(x0² + 0.5)", failure, StringComparison.Ordinal);
    }
}
