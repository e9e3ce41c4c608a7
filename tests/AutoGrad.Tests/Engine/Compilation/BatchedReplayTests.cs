using AutoGrad.Compilation;

namespace AutoGrad.Tests.Compilation;

public class BatchedReplayTests
{
    [Fact]
    public void Evaluate_AtEveryPoint_EqualsAFreshDynamicGraph_BitForBit_WithBranchesDecidedPerPoint()
    {
        static Value Build(Value x, Value y, Value w) => ((x * w) + y.Exp()).Relu() + Value.Max(x, y).Tanh() + (x - y).Abs();
        var x = new Value(0.5);
        var y = new Value(-0.25);
        var w = new Value(1.5);
        var compiled = CompiledGraph.Compile(Build(x, y, w));
        BatchedReplay batch = compiled.Batch([x, y]);

        double[] points = [0.5, -0.25, -3, 1, 2, 2, -0.1, 0.3, 7, -7];
        int count = points.Length / 2;
        var outputs = new double[count];
        var gradients = new double[count * 2];
        batch.Evaluate(points, outputs, gradients);

        for (int p = 0; p < count; p++)
        {
            var dx = new Value(points[2 * p]);
            var dy = new Value(points[(2 * p) + 1]);
            Value output = Build(dx, dy, new Value(1.5));
            output.Backward();
            Assert.Equal(output.Data, outputs[p]);
            Assert.Equal(dx.Grad, gradients[2 * p]);
            Assert.Equal(dy.Grad, gradients[(2 * p) + 1]);
        }
    }

    [Fact]
    public void Forward_ReadsTheListedNodes_AndLeavesTheCompiledGraphAsItWas()
    {
        var x = new Value(1.0);
        var w = new Value(2.0);
        Value hidden = (x * w).Tanh();
        var compiled = CompiledGraph.Compile(hidden * hidden);
        compiled.Evaluate();
        double outputBefore = compiled.Output, hiddenBefore = compiled.ValueOf(hidden), gradientBefore = compiled.LeafGradients[compiled.LeafIndex(w)];

        var outputs = new double[6];
        compiled.Batch([x], [hidden, hidden]).Forward([0.1, 0.2, 0.3], outputs);

        Assert.Equal([Math.Tanh(0.2), Math.Tanh(0.2), Math.Tanh(0.4), Math.Tanh(0.4), Math.Tanh(0.6), Math.Tanh(0.6)], outputs);
        Assert.Equal((outputBefore, hiddenBefore, gradientBefore), (compiled.Output, compiled.ValueOf(hidden), compiled.LeafGradients[compiled.LeafIndex(w)]));
    }

    [Fact]
    public void BadShapes_AndForeignNodes_AreRefused_NamingTheInput()
    {
        var x = new Value(1.0);
        var compiled = CompiledGraph.Compile(x * 3);
        BatchedReplay batch = compiled.Batch([x]);

        Assert.Contains("inputs has 3 numbers; expected 2", Assert.Throws<ArgumentException>(() => batch.Forward([1, 2, 3], new double[2])).Message);
        Assert.Contains("gradients has 1 numbers; expected 2", Assert.Throws<ArgumentException>(() => batch.Evaluate([1, 2], new double[2], new double[1])).Message);
        Assert.Contains("is not a leaf of this compiled graph", Assert.Throws<ArgumentException>(() => compiled.Batch([new Value(2)])).Message);
        Assert.Contains("lists", Assert.Throws<ArgumentException>(() => compiled.Batch([x, x])).Message);
        Assert.Contains("outputs is empty", Assert.Throws<ArgumentException>(() => compiled.Batch([x], [])).Message);
    }
}
