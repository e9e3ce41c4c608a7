using AutoGrad.Cli.Experiments;

namespace AutoGrad.Tests.Experiments;

public sealed class DepthExperimentTests
{
    private static readonly Lazy<DepthExperiment.Measurements> Measured = Quick.Depth;

    [Fact]
    public void DeepAndShallow_HaveTheSameBudget_WithinAFewParameters()
    {
        Assert.All(Measured.Value.Budgets, b =>
        {
            Assert.InRange(Measured.Value.Of(b, true).Parameters, b * 0.8, b * 1.2);
            Assert.InRange(Measured.Value.Of(b, false).Parameters, b * 0.8, b * 1.2);
        });
    }

    [Fact]
    public void AtTheLargerBudget_TheDeepNetworkFitsTheSpiralsBetter()
    {
        int budget = Measured.Value.Budgets.Max();
        DepthExperiment.NetworkResult deep = Measured.Value.Of(budget, true);
        DepthExperiment.NetworkResult shallow = Measured.Value.Of(budget, false);
        Assert.True(deep.Loss[^1] < shallow.Loss[^1] / 2, $"final loss deep {deep.Loss[^1]}, shallow {shallow.Loss[^1]}");
        Assert.True(deep.TestAccuracy > shallow.TestAccuracy, $"held-out accuracy deep {deep.TestAccuracy}, shallow {shallow.TestAccuracy}");
    }

    [Fact]
    public void AtTheSmallerBudget_TheDeepNetworkIsNotEasierToOptimise()
    {
        int budget = Measured.Value.Budgets.Min();
        Assert.True(Measured.Value.Of(budget, true).TrainAccuracy <= Measured.Value.Of(budget, false).TrainAccuracy, "the narrow deep network trained better than the wide shallow one");
    }

    [Theory]
    [InlineData(new[] { 16, 16 }, 2, 1, 337)] // micrograd's moons network
    [InlineData(new[] { 5, 5, 5, 5 }, 2, 3, 123)]
    public void ParameterCount_CountsWeightsAndBiases(int[] hidden, int inputs, int classes, int expected) =>
        Assert.Equal(expected, DepthExperiment.ParameterCount(hidden, inputs, classes));
}
