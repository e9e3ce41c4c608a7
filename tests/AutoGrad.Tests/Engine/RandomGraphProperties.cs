using AutoGrad.FsCheck;
using FsCheck;
using FsCheck.Fluent;
using static AutoGrad.Tests.PropertyRunner;

namespace AutoGrad.Tests;

/// <summary>
/// Random expression DAGs over the whole op set, from the kit's <see cref="GraphRecipes"/>, where later
/// nodes reuse earlier ones (shared sub-expressions): the gradients from one backward pass agree
/// with central differences.
/// </summary>
public class RandomGraphProperties
{
    /// <summary>A user-defined op in random graphs: softsign made with <see cref="O:AutoGrad.Value.Custom"/>.</summary>
    internal static readonly GraphOp Softsign = new("softsign", 1, x => OpCoverageTests.Softsign(x[0]));

    /// <summary>Random graphs over every built-in op and a custom one.</summary>
    internal static readonly Gen<GraphRecipe> Recipes = GraphRecipes.Over([.. GraphOps.All, Softsign]);

    /// <summary>Random graphs over the built-in ops only (a custom op is known at one point: no replay, no second derivative).</summary>
    internal static readonly Gen<GraphRecipe> BuiltInRecipes = GraphRecipes.Over(GraphOps.All);

    /// <summary>A recipe and a point for its leaves, printed together in a counterexample.</summary>
    public sealed record GraphAtPoint(GraphRecipe Recipe, double[] Point)
    {
        /// <summary>Builds the graph on fresh leaves at the point.</summary>
        public Value Build() => Recipe.Build(Point.Select(x => new Value(x)).ToArray());

        public override string ToString() => $"{Recipe} at [{string.Join(", ", Point.Select(x => x.ToString("R")))}]";
    }

    /// <summary>Recipes from <paramref name="recipes"/>, each with a point in [-2, 2] for its leaves.</summary>
    internal static Gen<GraphAtPoint> AtPoints(Gen<GraphRecipe> recipes) =>
        from recipe in recipes
        from point in Points.Of(recipe.LeafCount, Domains.Between(-2, 2))
        select new GraphAtPoint(recipe, point);

    [Fact]
    public void AnalyticGradients_MatchCentralDifferences_OnRandomDags()
    {
        // Programs whose values blow up, or that sit on a kink, are discarded by the kit's property.
        Check(GradientProperty.HoldsForGraphs(Recipes));
    }

    [Fact]
    public void TopologicalOrder_ListsEveryReachableNodeOnce_InputsBeforeConsumers()
    {
        Check(Prop.ForAll(AtPoints(Recipes).ToArbitrary(), c =>
        {
            Value output = c.Build();
            IReadOnlyList<Value> order = output.TopologicalOrder();
            var position = new Dictionary<Value, int>(ReferenceEqualityComparer.Instance);
            for (int i = 0; i < order.Count; i++)
            {
                position.Add(order[i], i); // throws on a duplicate
            }

            return ReferenceEquals(order[^1], output)
                && order.All(node => node.Inputs.All(input => position.TryGetValue(input, out int p) && p < position[node]))
                && order.SequenceEqual(output.TopologicalOrder()); // the same graph gives the same order
        }));
    }

    [Fact]
    public void RandomRecipes_ShareSubexpressions_AndGrowDeep()
    {
        // The generator must produce DAGs, not only trees: some node feeds more than one later node.
        GraphRecipe[] samples = Recipes.Sample(200, new Rnd(7), 20); // (count, seed, size)
        int withSharing = samples.Count(recipe =>
        {
            var uses = new int[recipe.NodeCount];
            foreach (int input in recipe.Steps.SelectMany(step => step.Inputs.Distinct()))
            {
                uses[input]++;
            }

            return uses.Any(u => u > 1);
        });
        Assert.Equal(200, samples.Length);
        Assert.True(withSharing > 100, $"only {withSharing} of 200 recipes share a node");
        Assert.True(samples.Count(recipe => recipe.Depth >= 5) > 50, $"only {samples.Count(recipe => recipe.Depth >= 5)} of 200 recipes are 5 steps deep or more");
        // Steps the output does not read test nothing: most steps must be used.
        double used = samples.Sum(UsedSteps) / (double)samples.Sum(recipe => recipe.Steps.Count);
        Assert.True(used > 0.65, $"only {used:P0} of the steps are used by the output");
    }

    private static int UsedSteps(GraphRecipe recipe)
    {
        var live = new bool[recipe.NodeCount];
        live[^1] = true;
        for (int node = recipe.NodeCount - 1; node >= recipe.LeafCount; node--)
        {
            foreach (int input in live[node] ? recipe.Steps[node - recipe.LeafCount].Inputs : [])
            {
                live[input] = true;
            }
        }

        return live.Skip(recipe.LeafCount).Count(isLive => isLive);
    }
}
