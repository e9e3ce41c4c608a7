using AutoGrad.Compilation;
using AutoGrad.FsCheck;
using FsCheck;
using FsCheck.Fluent;
using static AutoGrad.Tests.PropertyRunner;

namespace AutoGrad.Tests.Compilation;

/// <summary>A compiled graph replayed at a new point equals a dynamic graph built fresh at that point, bit for bit.</summary>
public class CompiledGraphProperties
{
    private static readonly Gen<(RandomGraphProperties.GraphAtPoint Graph, double[] Elsewhere)> Cases =
        from graph in RandomGraphProperties.AtPoints(RandomGraphProperties.BuiltInRecipes)
        from elsewhere in Points.Of(graph.Point.Length, Domains.Between(-2, 2))
        select (graph, elsewhere);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Replay_AtANewPoint_EqualsAFreshDynamicGraph_BitForBit(bool generatedCode)
    {
        Check(Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            // Record at the graph's point, then move the same leaves elsewhere and replay.
            Value[] leaves = c.Graph.Point.Select(x => new Value(x)).ToArray();
            var compiled = CompiledGraph.Compile(c.Graph.Recipe.Build(leaves), generatedCode ? ReplayMode.Generated : ReplayMode.Interpreted);
            for (int i = 0; i < leaves.Length; i++)
            {
                leaves[i].Data = c.Elsewhere[i];
            }

            double replayed = compiled.Evaluate();

            Value[] fresh = c.Elsewhere.Select(x => new Value(x)).ToArray();
            Value expected = c.Graph.Recipe.Build(fresh);
            expected.Backward();

            bool same = replayed.Equals(expected.Data) && leaves.Zip(fresh).All(pair => pair.First.Grad.Equals(pair.Second.Grad));
            return same.Label($"replayed {replayed:R} vs fresh {expected.Data:R}; grads [{string.Join(", ", leaves.Select(l => l.Grad.ToString("R")))}] vs [{string.Join(", ", fresh.Select(l => l.Grad.ToString("R")))}]");
        }));
    }

    /// <summary>
    /// The same random graph applied to 16 sets of leaves (one leaf shared by all, like a parameter),
    /// the copies summed: the generated code runs such a graph as a loop, with every position moving by
    /// its stride and the shared leaf's gradient added into on every repeat.
    /// </summary>
    [Fact]
    public void Replay_OfARepeatedGraph_EqualsAFreshDynamicGraph_BitForBit()
    {
        const int copies = 16;
        int looped = 0;
        Check(Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            int width = c.Graph.Point.Length;
            double[] recordedAt = Repeat(c.Graph.Point, copies), replayedAt = Repeat(c.Elsewhere, copies);
            Value[] leaves = recordedAt.Select(x => new Value(x)).ToArray();
            var compiled = CompiledGraph.Compile(Copies(c.Graph.Recipe, leaves, width, copies), ReplayMode.Generated);
            looped += compiled.CodeShape!.Value.Loops > 0 ? 1 : 0;
            for (int i = 0; i < leaves.Length; i++)
            {
                leaves[i].Data = replayedAt[i];
            }

            double replayed = compiled.Evaluate();

            Value[] fresh = replayedAt.Select(x => new Value(x)).ToArray();
            Value expected = Copies(c.Graph.Recipe, fresh, width, copies);
            expected.Backward();

            bool same = replayed.Equals(expected.Data) && leaves.Zip(fresh).All(pair => pair.First.Grad.Equals(pair.Second.Grad));
            return same.Label($"replayed {replayed:R} vs fresh {expected.Data:R} ({compiled.CodeShape})");
        }));

        // Most random graphs repeat as a loop (the first copy differs: its leaves come first).
        Assert.True(looped > 100, $"only {looped} of 200 repeated graphs ran as a loop");
    }

    /// <summary>Leaf 0 of the recipe is shared by every copy; the others are the copy's own.</summary>
    private static Value Copies(GraphRecipe recipe, Value[] leaves, int width, int copies)
    {
        Value sum = 0;
        for (int copy = 0; copy < copies; copy++)
        {
            Value[] own = leaves.AsSpan(copy * width, width).ToArray();
            own[0] = leaves[0];
            sum += recipe.Build(own);
        }

        return sum;
    }

    private static double[] Repeat(double[] point, int copies) =>
        Enumerable.Range(0, copies).SelectMany(copy => point.Select(x => x + (copy * 0.01))).ToArray();
}
