using AutoGrad.Data;
using AutoGrad.Nn;
using AutoGrad.Training;

namespace AutoGrad.Tests.Nn;

/// <summary>
/// The notes' logic-gate neuron σ(−30 + 20x₁ + 30x₂) (basic mathematics, "Perceptron"), computed by
/// AutoGrad, with the two corrections its table needs; and the perceptron's reach: one neuron learns
/// AND, OR and NAND, XOR needs a hidden layer.
/// </summary>
public sealed class LogicGateNeuronTests
{
    private static double Neuron(double x1, double x2) => (-30 + 20 * new Value(x1) + 30 * new Value(x2)).Sigmoid().Data;

    [Theory]
    // x₁, x₂, g = −30 + 20x₁ + 30x₂ (the header's formula), σ(g)
    [InlineData(0, 0, -30, 9.357622968839299e-14)] // the notes print 0.0000000000000009 (9e−16): σ(−30) is 9.36e−14
    [InlineData(0, 1, 0, 0.5)]                      // the notes' row computes −30 + 20·1 + 30·0 = −10 here: weights swapped against the header
    [InlineData(1, 0, -10, 4.5397868702434395e-05)] // and −30 + 20·0 + 30·1 = 0 here
    [InlineData(1, 1, 20, 0.9999999979388463)]      // the notes' 0.99999999793884, right
    public void NotesTable_ComputedFromTheHeaderFormula(double x1, double x2, double weightedSum, double expected)
    {
        Assert.Equal(weightedSum, -30 + 20 * x1 + 30 * x2);
        Assert.Equal(expected, Neuron(x1, x2), 1e-15 * Math.Max(1, expected));
    }

    [Fact]
    public void NotesSigmoidOfMinus30_IsNotNineTimesTenToTheMinus16()
    {
        double sigma = new Value(-30).Sigmoid().Data;

        Assert.InRange(sigma, 9.35e-14, 9.36e-14);
        Assert.True(sigma / 9e-16 > 100, "the notes' 9e-16 is off by a factor of about 104");
    }

    public static TheoryData<string, int[], bool> Gates => new()
    {
        // gate, its outputs for (0,0), (0,1), (1,0), (1,1), whether one neuron (no hidden layer) can learn it
        { "AND", [0, 0, 0, 1], true },
        { "OR", [0, 1, 1, 1], true },
        { "NAND", [1, 1, 1, 0], true },
        { "XOR", [0, 1, 1, 0], false },
    };

    [Theory]
    [MemberData(nameof(Gates))]
    public void OneNeuron_LearnsTheLinearlySeparableGates_ButNotXor(string gate, int[] outputs, bool separable)
    {
        double singleNeuron = Accuracy(gate, outputs, hidden: []);

        if (separable)
        {
            Assert.Equal(1.0, singleNeuron);
        }
        else
        {
            Assert.True(singleNeuron <= 0.75, $"a line cannot split {gate}, yet one neuron got {singleNeuron:P0}");
            Assert.Equal(1.0, Accuracy(gate, outputs, hidden: [4])); // two layers can
        }
    }

    private static double Accuracy(string gate, int[] outputs, int[] hidden)
    {
        double[][] corners = [[0, 0], [0, 1], [1, 0], [1, 1]];
        var data = new Dataset(gate, corners, outputs, ["0", "1"]);
        var trainer = new Trainer(data, new TrainingOptions
        {
            HiddenLayers = hidden,
            Activation = Activation.Tanh,
            Loss = LossKind.BinaryCrossEntropy,
            Optimizer = OptimizerKind.Adam,
            LearningRate = 0.1,
            L2 = 0,
            Steps = 300,
            Seed = 1,
        });
        for (int step = 0; step < trainer.Options.Steps; step++)
        {
            trainer.Step();
        }

        return trainer.Accuracy(data);
    }
}
