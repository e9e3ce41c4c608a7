using AutoGrad.Compilation;
using AutoGrad.Nn;

namespace AutoGrad.Tests.Engine.Compilation;

/// <summary>
/// A compiled replay repeats every value decided when the graph was built. A training-mode dropout
/// mask and BatchNorm's statistics are decided then and must change afterwards, so
/// <see cref="CompiledGraph.Compile(Value)"/> refuses them, naming the node, instead of replaying a
/// frozen mask or stale statistics (and ignoring <c>Training = false</c>).
/// </summary>
public class ReplayRefusalTests
{
    private static Value[] Inputs(int n) => Enumerable.Range(0, n).Select(i => new Value(i + 1.5, $"x{i}")).ToArray();

    [Fact]
    public void DropoutInTraining_IsRefused_NamingTheMask()
    {
        var dropout = new Dropout(0.5, seed: 3);
        Value loss = Value.Sum(dropout.Forward(Inputs(8)));

        var error = Assert.Throws<NotSupportedException>(() => CompiledGraph.Compile(loss));

        Assert.Contains("is a Dropout (p = 0.5) mask factor drawn at random when the graph was built", error.Message, StringComparison.Ordinal);
        Assert.Contains("build this graph afresh", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DropoutInEvaluation_PassesValuesThrough_AndCompiles()
    {
        var dropout = new Dropout(0.5) { Training = false };
        Value[] x = Inputs(4);
        Value loss = Value.Sum(dropout.Forward(x));

        CompiledGraph compiled = CompiledGraph.Compile(loss);
        compiled.LeafValues[compiled.LeafIndex(x[0])] = 10;

        Assert.Equal(10 + 2.5 + 3.5 + 4.5, compiled.Forward());
    }

    [Fact]
    public void DropoutWithProbabilityZero_MakesNoMask_AndCompiles()
    {
        Value loss = Value.Sum(new Dropout(0).Forward(Inputs(3)));

        Assert.Equal(1.5 + 2.5 + 3.5, CompiledGraph.Compile(loss).Forward());
    }

    [Theory]
    [InlineData(true, "batch mean of feature 0 of a BatchNorm in training mode")]
    [InlineData(false, "running mean of feature 0 of a BatchNorm in evaluation mode")]
    public void BatchNorm_IsRefused_NamingTheStatistic(bool training, string named)
    {
        var norm = new BatchNorm(2) { Training = training };
        Value[][] batch = [Inputs(2), Inputs(2).Select(v => v * 3).ToArray(), Inputs(2).Select(v => v - 7).ToArray()];
        Value loss = Value.Sum(norm.Forward(batch).SelectMany(row => row));

        var error = Assert.Throws<NotSupportedException>(() => CompiledGraph.Compile(loss));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheRefusedGraph_StillBackpropagatesDynamically_AsBefore()
    {
        // The mark only stops a replay: the dynamic graph computes and differentiates as it did.
        var dropout = new Dropout(0.5, seed: 3);
        Value[] x = Inputs(8);
        Value[] kept = dropout.Forward(x);
        Value loss = Value.Sum(kept);

        loss.Backward();

        for (int i = 0; i < x.Length; i++)
        {
            double factor = kept[i].Data / x[i].Data; // 0 or 2
            Assert.True(factor is 0 or 2, $"factor {factor}");
            Assert.Equal(factor, x[i].Grad);
        }
    }
}
