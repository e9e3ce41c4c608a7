using AutoGrad.Compilation;

namespace AutoGrad.Tests.Compilation;

public class CompiledGraphTests
{
    [Fact]
    public void Relu_RedecidesItsBranch_AtEveryEvaluation()
    {
        var x = new Value(2.0);
        var compiled = CompiledGraph.Compile((3 * x).Relu());
        int leaf = compiled.LeafIndex(x);

        compiled.LeafValues[leaf] = -1.0;
        double negative = compiled.Forward();
        compiled.Backward();
        double slopeNegative = compiled.LeafGradients[leaf];

        compiled.LeafValues[leaf] = 4.0;
        double positive = compiled.Forward();
        compiled.Backward();

        Assert.Equal((0.0, 0.0), (negative, slopeNegative));
        Assert.Equal((12.0, 3.0), (positive, compiled.LeafGradients[leaf]));
    }

    [Fact]
    public void Evaluate_AllocatesNothing_AfterTheFirstCall()
    {
        Value[] w = Enumerable.Range(0, 8).Select(i => new Value(i * 0.1)).ToArray();
        Value[] x = Enumerable.Range(0, 8).Select(i => new Value(1 - i * 0.2)).ToArray();
        Value loss = (Value.Dot(w, x) + Value.Sum(w).Tanh()).Pow(2) + Value.Max(w[0], x[0]);
        var compiled = CompiledGraph.Compile(loss);
        compiled.Evaluate();

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            compiled.Evaluate();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Evaluate_OnLeavesWithGradientsAlready_AddsInTheOrderBackwardDoes_BitForBit()
    {
        // (1 + 1e16) − 1e16 rounds to 0; 1 + (1e16 − 1e16) is 1: the order of the additions shows.
        static Value Build(Value x) => (x * 1e16) + (x * -1e16) + (0 * x);
        var dynamic = new Value(1) { Grad = 1 };
        Build(dynamic).Backward();
        var replayed = new Value(1) { Grad = 1 };
        CompiledGraph.Compile(Build(replayed)).Evaluate();
        Assert.Equal(dynamic.Grad, replayed.Grad);
    }

    [Fact]
    public void Evaluate_AccumulatesIntoLeafGradients_LikeBackward()
    {
        var x = new Value(3.0);
        var compiled = CompiledGraph.Compile(x * x);

        compiled.Evaluate();
        compiled.Evaluate();

        Assert.Equal(12.0, x.Grad);
        Assert.Equal(9.0, compiled.Output);
    }

    [Fact]
    public void ValueOf_ReadsAnyRecordedNode()
    {
        var x = new Value(0.5);
        Value hidden = x.Tanh();
        var compiled = CompiledGraph.Compile(hidden * 2);
        compiled.LeafValues[compiled.LeafIndex(x)] = 1.0;

        compiled.Forward();

        Assert.Equal(Math.Tanh(1.0), compiled.ValueOf(hidden));
        Assert.Throws<ArgumentException>(() => compiled.ValueOf(new Value(1)));
        Assert.Throws<ArgumentException>(() => compiled.LeafIndex(hidden));
    }

    [Fact]
    public void Compile_RefusesCustomOps_NamingThem()
    {
        var x = new Value(1);
        Value custom = Value.Custom("softsign", 0.5, [x], [0.25]);

        var error = Assert.Throws<NotSupportedException>(() => CompiledGraph.Compile(custom + 1));

        Assert.Contains("custom op 'softsign'", error.Message);
    }
}
