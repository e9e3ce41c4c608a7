using AutoGrad.Data;
using AutoGrad.Nn;
using AutoGrad.Training;

namespace AutoGrad.Tests.Training;

/// <summary>
/// Every <see cref="TrainingOptions"/> value outside its range is refused by the <see cref="Trainer"/>,
/// naming the option and the value: an L2 of NaN or −5 used to be silently dropped, and an undefined
/// optimizer trained as SGD, an undefined loss as mean squared error.
/// </summary>
public class TrainingOptionsValidationTests
{
    private static readonly Dataset Moons = Datasets.Moons(20);

    /// <summary>Options a trainer must refuse, and what the message must say.</summary>
    private static readonly Dictionary<string, (TrainingOptions Options, string Message)> Cases = new()
    {
        ["L2 NaN"] = (new TrainingOptions { L2 = double.NaN }, "options.L2 is NaN"),
        ["L2 negative"] = (new TrainingOptions { L2 = -5 }, "options.L2 is -5"),
        ["L2 infinite"] = (new TrainingOptions { L2 = double.PositiveInfinity }, "options.L2 is Infinity"),
        ["learning rate NaN"] = (new TrainingOptions { LearningRate = double.NaN }, "options.LearningRate is NaN"),
        ["learning rate 0"] = (new TrainingOptions { LearningRate = 0 }, "options.LearningRate is 0"),
        ["optimizer 42"] = (new TrainingOptions { Optimizer = (OptimizerKind)42 }, "options.Optimizer is 42, which is not a defined OptimizerKind"),
        ["loss 42"] = (new TrainingOptions { Loss = (LossKind)42 }, "options.Loss is 42, which is not a defined LossKind"),
        ["activation 42"] = (new TrainingOptions { Activation = (Activation)42 }, "options.Activation is 42"),
        ["initialization 42"] = (new TrainingOptions { Initialization = (Initialization)42 }, "options.Initialization is 42"),
        ["hidden layer 0"] = (new TrainingOptions { HiddenLayers = [16, 0] }, "options.HiddenLayers[1] is 0"),
        ["steps negative"] = (new TrainingOptions { Steps = -1 }, "options.Steps (-1)"),
        ["batch size negative"] = (new TrainingOptions { BatchSize = -3 }, "options.BatchSize (-3)"),
        ["dropout NaN"] = (new TrainingOptions { Dropout = double.NaN }, "options.Dropout is NaN; expected a probability in [0, 1)"),
        ["dropout negative"] = (new TrainingOptions { Dropout = -0.1 }, "options.Dropout is -0.1; expected a probability in [0, 1)"),
        ["dropout 1"] = (new TrainingOptions { Dropout = 1 }, "options.Dropout is 1; expected a probability in [0, 1)"),
        ["batch norm with batches of 1"] = (new TrainingOptions { BatchNorm = true, BatchSize = 1 }, "options.BatchSize is 1 with options.BatchNorm"),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void BadOption_IsRefused_NamingTheOptionAndTheValue(string name)
    {
        (TrainingOptions options, string message) = Cases[name];

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(Moons, options));

        Assert.Equal("options", error.ParamName);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NullHiddenLayers_IsRefused_NamingTheOption()
    {
        var error = Assert.Throws<ArgumentNullException>(() => new Trainer(Moons, new TrainingOptions { HiddenLayers = null! }));

        Assert.Equal("options", error.ParamName);
        Assert.Contains("options.HiddenLayers is null", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultLearningRate_OfAnUndefinedOptimizer_IsAnError()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => TrainingOptions.DefaultLearningRate((OptimizerKind)42));

        Assert.Equal("optimizer", error.ParamName);
        Assert.Contains("Sgd, Momentum, AdaGrad, Adam", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ZeroL2_StillTrains_WithoutTheRegularisationTerm()
    {
        // The boundary of the check: 0 is a valid strength (no regularisation), not an error.
        var trainer = new Trainer(Moons, new TrainingOptions { L2 = 0, Steps = 1 });

        Assert.True(double.IsFinite(trainer.Step().Loss));
    }
}
