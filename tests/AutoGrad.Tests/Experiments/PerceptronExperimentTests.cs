using AutoGrad.Cli.Experiments;

namespace AutoGrad.Tests.Experiments;

public sealed class PerceptronExperimentTests
{
    private static readonly Lazy<PerceptronExperiment.Measurements> Measured = Quick.Perceptron;

    [Fact]
    public void TheNotesLogicGateTable_ComputedFromTheHeaderFormula_WithEachCorrectionStated()
    {
        IReadOnlyList<PerceptronExperiment.LogicGateRow> rows = Measured.Value.LogicGate;

        Assert.Equal([-30.0, 0, -10, 20], rows.Select(r => r.WeightedSum));
        Assert.Equal(9.357622968839299e-14, rows[0].Sigmoid, 1e-27);
        Assert.Equal(0.5, rows[1].Sigmoid);
        Assert.Equal(4.5397868702434395e-05, rows[2].Sigmoid, 1e-18);
        Assert.Equal(0.9999999979388463, rows[3].Sigmoid, 1e-15);

        // σ(−30) is printed as 9e−16; the rows (0, 1) and (1, 0) swap the weights; the last row is right.
        Assert.Contains("= 9.358E-14 (not the printed 9E-16)", rows[0].Correction, StringComparison.Ordinal);
        Assert.Contains("weights swapped", rows[1].Correction, StringComparison.Ordinal);
        Assert.Contains("weights swapped", rows[2].Correction, StringComparison.Ordinal);
        Assert.Equal("none", rows[3].Correction);
    }

    [Fact]
    public void NoStepNeuron_ComputesXor_ButOneComputesEachOtherGate()
    {
        Dictionary<string, int> best = Measured.Value.Gates.ToDictionary(g => g.Name, g => g.BestSingleNeuronCorrect);

        Assert.Equal(729, Measured.Value.NeuronsTried);
        Assert.Equal(4, best["AND"]);
        Assert.Equal(4, best["OR"]);
        Assert.Equal(4, best["NAND"]);
        Assert.Equal(3, best["XOR"]);
    }

    [Fact]
    public void TheHandSetNetworks_ComputeEveryGate_XorWithTwoLayers()
    {
        Assert.All(Measured.Value.Gates, g => Assert.Equal(g.Targets.Select(t => (double)t), g.ByHand));
    }

    [Fact]
    public void Trained_OneNeuronLearnsTheSeparableGates_XorNeedsAHiddenLayer()
    {
        foreach (PerceptronExperiment.GateResult gate in Measured.Value.Gates)
        {
            if (gate.Name == "XOR")
            {
                Assert.True(gate.OneNeuronAccuracy <= 0.75, $"one neuron got XOR {gate.OneNeuronAccuracy:P0} right");
                Assert.Equal(1.0, gate.TwoLayerAccuracy);
            }
            else
            {
                Assert.Equal(1.0, gate.OneNeuronAccuracy);
            }
        }
    }

    [Fact]
    public void ThroughAStep_TheGradientIsZero_SoGradientDescentCannotTrainAPerceptron()
    {
        Assert.Equal(0.0, Measured.Value.StepGradient);
    }
}
