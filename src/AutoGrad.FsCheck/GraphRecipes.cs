using FsCheck;
using FsCheck.Fluent;

namespace AutoGrad.FsCheck;

/// <summary>Generators of random, well-formed <see cref="GraphRecipe"/>s over an op set of your choice.</summary>
/// <example>
/// <code>
/// Gen&lt;GraphRecipe&gt; recipes = GraphRecipes.Over([.. GraphOps.Smooth, mySoftsign], maxSteps: 8);
/// Property p = Prop.ForAll(GraphRecipes.WithShrinking(recipes), recipe => ...);
/// </code>
/// </example>
public static class GraphRecipes
{
    /// <summary>
    /// Random recipes: 1 to <paramref name="maxLeaves"/> leaves, then 1 to <paramref name="maxSteps"/>
    /// steps (so a depth of at most <paramref name="maxSteps"/>), each applying an op from
    /// <paramref name="ops"/> to earlier nodes. A step's first input is the node just before it three
    /// times in four (so graphs grow deep and few steps go unused), and any earlier node otherwise; its
    /// other inputs are any earlier nodes (so nodes are shared).
    /// </summary>
    /// <param name="ops">The ops to draw from, for example <see cref="GraphOps.All"/>; at least one.</param>
    /// <param name="maxLeaves">The most leaves; at least 1.</param>
    /// <param name="maxSteps">The most steps; at least 1.</param>
    /// <returns>A generator of recipes. It does not shrink by itself: see <see cref="WithShrinking"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ops"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="ops"/> is empty or holds a null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLeaves"/> or <paramref name="maxSteps"/> is less than 1.</exception>
    public static Gen<GraphRecipe> Over(IReadOnlyList<GraphOp> ops, int maxLeaves = 4, int maxSteps = 12)
    {
        ArgumentNullException.ThrowIfNull(ops);
        if (ops.Count == 0)
        {
            throw new ArgumentException("GraphRecipes.Over expects at least one op, but got none; try GraphOps.All.", nameof(ops));
        }

        int missing = ops.ToList().FindIndex(op => op is null);
        if (missing >= 0)
        {
            throw new ArgumentException($"Op {missing} of 'ops' is null; expected a GraphOp.", nameof(ops));
        }

        if (maxLeaves < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxLeaves), maxLeaves, $"GraphRecipes.Over expects maxLeaves ≥ 1, but got {maxLeaves}.");
        }

        if (maxSteps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxSteps), maxSteps, $"GraphRecipes.Over expects maxSteps ≥ 1, but got {maxSteps}.");
        }

        GraphOp[] choices = ops.ToArray();
        return from leafCount in Gen.Choose(1, maxLeaves)
               from stepCount in Gen.Choose(1, maxSteps)
               from steps in StepsAfter(choices, leafCount, stepCount)
               select new GraphRecipe(leafCount, steps);
    }

    /// <summary>
    /// An FsCheck <see cref="Arbitrary{T}"/> of the recipes that shrinks a failing one with
    /// <see cref="GraphRecipe.Shrink"/> (FsCheck's own <c>ToArbitrary()</c> would not shrink it).
    /// </summary>
    /// <param name="recipes">The recipes, for example <see cref="Over"/>'s.</param>
    /// <returns>The arbitrary, for <c>Prop.ForAll</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="recipes"/> is null.</exception>
    public static Arbitrary<GraphRecipe> WithShrinking(Gen<GraphRecipe> recipes)
    {
        ArgumentNullException.ThrowIfNull(recipes);
        return Arb.From(recipes, recipe => recipe.Shrink());
    }

    private static Gen<GraphStep[]> StepsAfter(GraphOp[] ops, int leafCount, int stepCount)
    {
        Gen<GraphStep[]> steps = Gen.Constant(Array.Empty<GraphStep>());
        for (int i = 0; i < stepCount; i++)
        {
            int available = leafCount + i;
            steps = from before in steps
                    from op in Gen.Elements(ops)
                    from head in Gen.Frequency((3, Gen.Constant(available - 1)), (1, Gen.Choose(0, available - 1)))
                    from rest in Gen.ArrayOf(Gen.Choose(0, available - 1), op.Arity - 1)
                    select before.Append(new GraphStep(op, [head, .. rest])).ToArray();
        }

        return steps;
    }
}
