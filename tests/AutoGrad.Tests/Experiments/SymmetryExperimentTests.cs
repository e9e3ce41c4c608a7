using AutoGrad.Cli.Experiments;

namespace AutoGrad.Tests.Experiments;

public sealed class SymmetryExperimentTests
{
    private static readonly Lazy<SymmetryExperiment.Measurements> Measured = Quick.Symmetry;

    [Fact]
    public void UnitsStartedEqual_GetTheSameGradient_AndStayIdentical_AtEveryStep()
    {
        SymmetryExperiment.Training equal = Measured.Value.Equal;

        Assert.Equal(301, equal.Snapshots.Count);
        Assert.All(equal.Snapshots, s => Assert.Equal(0.0, s.LargestGradientDifference));
        Assert.All(equal.Snapshots, s => Assert.Equal(0.0, s.LargestUnitDifference));

        // and they did move: the symmetry is not a network standing still
        double moved = Math.Abs(equal.Snapshots[^1].Units[0][0] - equal.Snapshots[0].Units[0][0]);
        Assert.True(moved > 0.5, $"unit 1's first weight moved by only {moved}");
    }

    [Fact]
    public void RandomInitialWeights_BreakTheSymmetry_AndTheNetworkLearnsMore()
    {
        SymmetryExperiment.Training equal = Measured.Value.Equal, random = Measured.Value.Random;

        Assert.True(random.Snapshots[^1].LargestUnitDifference > 1, $"random units end only {random.Snapshots[^1].LargestUnitDifference} apart");

        // Four identical tanh units are one unit: one line cannot split XOR, four units can.
        Assert.True(equal.Snapshots[^1].Accuracy < 0.8, $"equal start reached {equal.Snapshots[^1].Accuracy:P0}");
        Assert.True(random.Snapshots[^1].Accuracy > 0.9, $"random start reached only {random.Snapshots[^1].Accuracy:P0}");
    }
}
