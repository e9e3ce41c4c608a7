using AutoGrad.Compilation;
using AutoGrad.FsCheck;
using FsCheck;
using FsCheck.Fluent;
using static AutoGrad.Tests.PropertyRunner;

namespace AutoGrad.Tests.Compilation;

/// <summary>
/// The batched replay at every point equals the compiled graph's scalar replay at that point and a
/// dynamic graph built fresh there, bit for bit: on random graphs, at random points that sit on kinks,
/// at ±0, ±∞, NaN and subnormals, in blocks of every vector width and of sizes that do not divide the
/// number of points.
/// </summary>
public class BatchedReplayProperties
{
    /// <summary>Every vector width the engine has; all run on any machine (wider ones in software where the hardware lacks them).</summary>
    internal static readonly int[] LaneWidths = [8, 4, 2, 1];

    /// <summary>
    /// Coordinates: mostly ordinary numbers, often a kink or a tie (0, −0, ±1, shared by several leaves
    /// so max and min meet ties and ReLU meets 0 exactly), sometimes ±∞, NaN, subnormals and huge numbers.
    /// </summary>
    internal static readonly Gen<double> Coordinates = Gen.Frequency(
        (6, Domains.Between(-2, 2)),
        (3, Gen.Elements(0.0, -0.0, 1.0, -1.0, 0.5, -0.5)),
        (1, Gen.Elements(double.PositiveInfinity, double.NegativeInfinity, double.NaN, double.Epsilon, -double.Epsilon, 2.2250738585072009E-308, -1e-310, 1e300, -1e300)));

    /// <summary>A random graph, the points of a batch, which leaves are inputs and which gradients are asked for, and the replay's shape.</summary>
    public sealed record BatchCase(
        RandomGraphProperties.GraphAtPoint Graph, double[][] Points, bool FirstLeafShared, bool[] GradientWanted, int Lanes, int BlockVectors, ReplayMode Mode)
    {
        public override string ToString() =>
            $"{Graph}; {Points.Length} points [{string.Join("; ", Points.Select(p => string.Join(", ", p.Select(x => x.ToString("R")))))}]; " +
            $"first leaf shared: {FirstLeafShared}; gradients of [{string.Join(", ", GradientWanted)}]; {Lanes} lanes × {BlockVectors} vectors per block; {Mode}";
    }

    private static readonly Gen<BatchCase> Cases =
        from graph in RandomGraphProperties.AtPoints(RandomGraphProperties.BuiltInRecipes)
        from count in Gen.Choose(0, 40)
        from points in Gen.ArrayOf(Points.Of(graph.Point.Length, Coordinates), count)
        from shared in Gen.Elements(false, true)
        from wanted in Gen.ArrayOf(Gen.Elements(false, true, true), graph.Point.Length)
        from lanes in Gen.Elements(LaneWidths)
        from blockVectors in Gen.Choose(1, 3)
        from mode in Gen.Elements(ReplayMode.Generated, ReplayMode.Interpreted)
        select new BatchCase(graph, points, shared && graph.Point.Length > 1, wanted, lanes, blockVectors, mode);

    [Fact]
    public void Batch_AtEveryPoint_EqualsTheScalarReplay_AndAFreshDynamicGraph_BitForBit()
    {
        Check(Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            string? failure = Compare(c);
            return (failure is null).Label(failure ?? "");
        }));
    }

    /// <summary>The first difference between the batch and its two references, or null when every number agrees bit for bit.</summary>
    internal static string? Compare(BatchCase c)
    {
        int leafCount = c.Graph.Point.Length;
        Value[] leaves = c.Graph.Point.Select(x => new Value(x)).ToArray();
        var compiled = CompiledGraph.Compile(c.Graph.Recipe.Build(leaves), c.Mode);
        // A recipe may leave a leaf unused (it is then no leaf of the compiled graph), and adds constants.
        var used = new HashSet<Value>(compiled.Leaves, ReferenceEqualityComparer.Instance);
        bool[] isInput = leaves.Select((leaf, i) => used.Contains(leaf) && !(c.FirstLeafShared && i == 0)).ToArray();
        bool[] wanted = leaves.Select((leaf, i) => used.Contains(leaf) && c.GradientWanted[i]).ToArray();
        Value[] inputs = leaves.Where((_, i) => isInput[i]).ToArray();
        Value[] gradientsOf = leaves.Where((_, i) => wanted[i]).ToArray();
        BatchedReplay batch = compiled.Batch(inputs, gradientsOf: gradientsOf).With(c.Lanes, c.Lanes * c.BlockVectors);

        double[] rows = c.Points.SelectMany(point => point.Where((_, i) => isInput[i])).ToArray();
        var outputs = new double[c.Points.Length];
        var gradients = new double[c.Points.Length * gradientsOf.Length];
        double[] leavesBefore = compiled.LeafValues.ToArray();
        double outputBefore = compiled.Output;
        batch.Evaluate(rows, outputs, gradients);
        if (!Same(leavesBefore, compiled.LeafValues.ToArray()) || !Same(outputBefore, compiled.Output))
        {
            return "the batch changed the compiled graph's leaf values or output";
        }

        for (int p = 0; p < c.Points.Length; p++)
        {
            // The point as every leaf sees it: a shared leaf keeps the value it was compiled with.
            double[] at = (double[])c.Points[p].Clone();
            if (c.FirstLeafShared)
            {
                at[0] = c.Graph.Point[0];
            }

            // The scalar replay at the point.
            for (int i = 0; i < leafCount; i++)
            {
                if (used.Contains(leaves[i]))
                {
                    compiled.LeafValues[compiled.LeafIndex(leaves[i])] = at[i];
                }
            }

            double scalar = compiled.Forward();
            compiled.Backward();
            double[] scalarGradients = gradientsOf.Select(leaf => compiled.LeafGradients[compiled.LeafIndex(leaf)]).ToArray();

            // A dynamic graph built fresh at the point.
            Value[] fresh = at.Select(x => new Value(x)).ToArray();
            Value dynamic = c.Graph.Recipe.Build(fresh);
            dynamic.Backward();
            double[] dynamicGradients = fresh.Where((_, i) => wanted[i]).Select(leaf => leaf.Grad).ToArray();

            double[] batchGradients = gradients.AsSpan(p * gradientsOf.Length, gradientsOf.Length).ToArray();
            if (!Same(outputs[p], scalar) || !Same(batchGradients, scalarGradients))
            {
                return $"point {p}: batch {outputs[p]:R} [{string.Join(", ", batchGradients)}] vs scalar replay {scalar:R} [{string.Join(", ", scalarGradients)}]";
            }

            if (!SameOrBothNaN(outputs[p], dynamic.Data) || !batchGradients.Zip(dynamicGradients).All(pair => SameOrBothNaN(pair.First, pair.Second)))
            {
                return $"point {p}: batch {outputs[p]:R} [{string.Join(", ", batchGradients)}] vs dynamic graph {dynamic.Data:R} [{string.Join(", ", dynamicGradients)}]";
            }
        }

        return null;
    }

    /// <summary>The same 64 bits (so −0 ≠ +0, and NaN equals only the same NaN).</summary>
    internal static bool Same(double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b);

    internal static bool Same(double[] a, double[] b) => a.Length == b.Length && a.Zip(b).All(pair => Same(pair.First, pair.Second));

    /// <summary>
    /// Bit for bit, but any NaN equals any NaN: a NaN point is run by the scalar replay, whose NaN is the
    /// dynamic graph's up to the payload (which the compiled graph has never promised).
    /// </summary>
    internal static bool SameOrBothNaN(double a, double b) => Same(a, b) || (double.IsNaN(a) && double.IsNaN(b));
}
