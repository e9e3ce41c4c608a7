using AutoGrad.Checking;
using AutoGrad.Nn;

namespace AutoGrad.Tests.Nn;

public class FunctionsTests
{
    [Fact]
    public void Softmax_IsStable_ForHugeLogits_AndSumsToOne()
    {
        Value[] logits = [new(1000), new(999), new(-1000)];

        double[] p = Functions.Softmax(logits).Select(v => v.Data).ToArray();

        Assert.All(p, x => Assert.True(double.IsFinite(x)));
        Assert.Equal(1.0, p.Sum(), 1e-15);
        Assert.Equal(1 / (1 + Math.Exp(-1)), p[0], 1e-15);
        Assert.Equal(-1000 - (1000 + Math.Log(1 + Math.Exp(-1))), Functions.LogSoftmax(logits)[2].Data, 1e-9);
    }

    [Fact]
    public void SoftmaxAndLogSumExp_HaveCorrectGradients()
    {
        Assert.True(GradCheck.Check(z => Functions.Softmax(z)[1] * 3 + Functions.Softmax(z)[2], [0.5, -1.0, 2.0]).Passed);
        Assert.True(GradCheck.Check(z => Functions.LogSumExp(z), [0.5, -1.0, 2.0]).Passed);
        Assert.True(GradCheck.Check(z => Functions.LogSoftmax(z)[0], [0.5, -1.0, 2.0]).Passed);
    }

    [Fact]
    public void Maxout_PicksTheLargestPiece_AndRoutesTheGradientToIt()
    {
        Value[] pieces = [new(0.2), new(1.7), new(-3)];

        Value max = Functions.Maxout(pieces);
        max.Backward();

        Assert.Equal(1.7, max.Data);
        Assert.Equal([0.0, 1.0, 0.0], pieces.Select(p => p.Grad));
    }

    [Fact]
    public void OneHotAndArgmax_AreInverse()
    {
        double[] oneHot = Functions.OneHot(2, 4);

        Assert.Equal([0.0, 0.0, 1.0, 0.0], oneHot);
        Assert.Equal(2, Functions.Argmax(oneHot.Select(x => new Value(x)).ToArray()));
        Assert.Throws<ArgumentOutOfRangeException>(() => Functions.OneHot(4, 4));
        Assert.Throws<ArgumentException>(() => Functions.Argmax([]));
    }

    [Theory]
    [InlineData(new[] { 1.0, double.NaN, 3.0 }, 1)]
    [InlineData(new[] { double.NaN, 5.0, double.NaN }, 0)]
    [InlineData(new[] { 1.0, 3.0, double.NaN }, 2)]
    public void Argmax_OfValuesWithNaN_IsTheFirstNaN_AsNumPy(double[] values, int expected)
    {
        Assert.Equal(expected, Functions.Argmax(values.Select(x => new Value(x)).ToArray()));
    }
}
