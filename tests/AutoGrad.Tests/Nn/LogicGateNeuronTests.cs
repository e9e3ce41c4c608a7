using AutoGrad.Cli.Experiments;

namespace AutoGrad.Tests.Nn;

/// <summary>
/// The notes' logic-gate neuron σ(−30 + 20x₁ + 30x₂) (basic mathematics, "Perceptron"), as the
/// perceptron lesson computes it (<see cref="PerceptronExperiment.LogicGateNeuron"/>), against the
/// notes' numbers with the two corrections its table needs. The perceptron's reach (one neuron learns
/// AND, OR and NAND, XOR needs a hidden layer) is the lesson's own measurement, checked by
/// <c>PerceptronExperimentTests.Trained_OneNeuronLearnsTheSeparableGates_XorNeedsAHiddenLayer</c>.
/// </summary>
public sealed class LogicGateNeuronTests
{
    [Theory]
    // x₁, x₂, g = −30 + 20x₁ + 30x₂ (the header's formula), σ(g)
    [InlineData(0, 0, -30, 9.357622968839299e-14)] // the notes print 0.0000000000000009 (9e−16): σ(−30) is 9.36e−14
    [InlineData(0, 1, 0, 0.5)]                      // the notes' row computes −30 + 20·1 + 30·0 = −10 here: weights swapped against the header
    [InlineData(1, 0, -10, 4.5397868702434395e-05)] // and −30 + 20·0 + 30·1 = 0 here
    [InlineData(1, 1, 20, 0.9999999979388463)]      // the notes' 0.99999999793884, right
    public void NotesTable_ComputedFromTheHeaderFormula(double x1, double x2, double weightedSum, double expected)
    {
        Value neuron = PerceptronExperiment.LogicGateNeuron(new Value(x1), new Value(x2));

        Assert.Equal(Op.Sigmoid, neuron.Op);
        Assert.Equal(weightedSum, neuron.GetInput(0).Data);
        Assert.Equal(expected, neuron.Data, 1e-15 * Math.Max(1, expected));
    }

    [Fact]
    public void NotesSigmoidOfMinus30_IsNotNineTimesTenToTheMinus16()
    {
        double sigma = PerceptronExperiment.LogicGateNeuron(new Value(0), new Value(0)).Data;

        Assert.InRange(sigma, 9.35e-14, 9.36e-14);
        Assert.True(sigma / 9e-16 > 100, "the notes' 9e-16 is off by a factor of about 104");
    }
}
