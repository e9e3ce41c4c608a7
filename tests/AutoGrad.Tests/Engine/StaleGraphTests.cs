using AutoGrad.Compilation;
using AutoGrad.Graphs;
using FsCheck;
using FsCheck.Fluent;
using static AutoGrad.Tests.PropertyRunner;

namespace AutoGrad.Tests.Engine;

/// <summary>
/// A node keeps its value, not its local derivatives: those are evaluated from the inputs' data when
/// asked for. What shows or differentiates a graph whose leaf was set after it was built must not mix
/// the two points silently.
/// </summary>
public sealed class StaleGraphTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("autograd-stale-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [MemberData(nameof(OpCoverageTests.Cases), MemberType = typeof(OpCoverageTests))]
    public void EveryOp_JustBuilt_IsNotStale_AndIsOnceAnInputIsSetSoItsValueNoLongerFollows(string name)
    {
        OpCoverageTests.OpCase c = OpCoverageTests.Table[name];
        Check(Prop.ForAll(c.Points.ToArbitrary(), point =>
        {
            Value[] leaves = point.Select(x => new Value(x)).ToArray();
            Value output = c.Function(leaves);
            bool freshIsStale = output.InputsChangedSinceComputed();
            leaves[0].Data += 1;

            // Stale exactly when the op, built afresh at the new point, gives other bits; a custom op
            // keeps the derivatives it was made with, so it never mixes two points.
            double[] moved = point.ToArray();
            moved[0] += 1;
            double afresh = c.Function(moved.Select(x => new Value(x)).ToArray()).Data;
            bool expected = c.Op != Op.Custom && BitConverter.DoubleToInt64Bits(afresh) != BitConverter.DoubleToInt64Bits(output.Data);
            bool movedIsStale = output.InputsChangedSinceComputed();
            return (!freshIsStale && movedIsStale == expected).Label($"fresh: {freshIsStale}, moved: {movedIsStale}, expected {expected}");
        }));
    }

    [Fact]
    public void RandomGraphs_JustBuilt_HaveNoStaleNode_EvenAtNaNInfinityAndSignedZero()
    {
        Gen<double[]> specials = Gen.Elements(0.0, -0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e-310, 3.5, -2.25).ArrayOf(8);
        Check(Prop.ForAll(RandomGraphProperties.AtPoints(RandomGraphProperties.BuiltInRecipes).ToArbitrary(), specials.ToArbitrary(), (graph, special) =>
        {
            double[] point = graph.Point.Select((x, i) => i % 2 == 0 ? x : special[i % special.Length]).ToArray();
            Value output = graph.Recipe.Build(point.Select(x => new Value(x)).ToArray());
            Value[] stale = output.TopologicalOrder().Where(node => node.InputsChangedSinceComputed()).ToArray();
            return (stale.Length == 0).Label($"stale just after building: {string.Join(", ", stale.Select(n => n.Op))}");
        }));
    }

    [Fact]
    public void Explorer_OfAGraphWhoseLeafWasSetAfterItWasBuilt_RefusesNamingTheNode_AndWritesNothing()
    {
        var w = new Value(3, "w");
        var x = new Value(4, "x");
        Value product = w * x;
        product.Label = "wx";
        Value loss = product.Tanh();
        loss.Backward();
        w.Data -= 0.5 * w.Grad; // an optimizer step, then drawing the old graph
        string path = Path.Combine(_folder, "graph.html");

        var refusal = Assert.Throws<InvalidOperationException>(() => Diagram.SaveHtml(loss, path));

        Assert.Contains("wx", refusal.Message);
        Assert.Contains("= 12 was computed from inputs whose Data has been set since", refusal.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Backward_UnderAnomalyDetection_RefusesAGraphWhoseLeafWasSet_AndWithoutItDifferentiatesAtTheDataNow()
    {
        var a = new Value(3, "a");
        var b = new Value(4, "b");
        Value product = a * b;
        a.Data = -2;

        using (Anomaly.Detect())
        {
            var refusal = Assert.Throws<InvalidOperationException>(() => product.Backward());
            Assert.Contains("Backward would put local derivatives at the new point", refusal.Message);
        }

        product.Backward(); // as micrograd does: the derivative at the inputs' data now
        Assert.Equal((4.0, -2.0), (a.Grad, b.Grad));
    }

    [Fact]
    public void Compile_ReadsLeavesNotNodeValues_SoASetLeafIsJustANewPoint()
    {
        var a = new Value(3);
        var b = new Value(4);
        Value product = (a * b).Exp();
        a.Data = -2;
        var compiled = CompiledGraph.Compile(product);
        Assert.Equal(Math.Exp(-8), compiled.Output);
    }
}
