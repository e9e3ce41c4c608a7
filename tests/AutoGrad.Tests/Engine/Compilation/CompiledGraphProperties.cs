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

    [Fact]
    public void Replay_AtANewPoint_EqualsAFreshDynamicGraph_BitForBit()
    {
        Check(Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            // Record at the graph's point, then move the same leaves elsewhere and replay.
            Value[] leaves = c.Graph.Point.Select(x => new Value(x)).ToArray();
            var compiled = CompiledGraph.Compile(c.Graph.Recipe.Build(leaves));
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
}
