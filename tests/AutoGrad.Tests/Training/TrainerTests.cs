using AutoGrad.Data;
using AutoGrad.Training;

namespace AutoGrad.Tests.Training;

public class TrainerTests
{
    private static double Train(Dataset data, TrainingOptions options)
    {
        var trainer = new Trainer(data, options);
        for (int i = 0; i < options.Steps; i++)
        {
            trainer.Step();
        }

        return trainer.Accuracy(data);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(LossKind.SoftmaxCrossEntropy)]
    [InlineData(LossKind.MeanSquaredError)]
    public void Constructor_RefusesDataWithOneClass_WhateverTheLoss(LossKind? loss)
    {
        var data = new Dataset("same", [[1.0], [2.0]], [0, 0], ["cat"]);

        var error = Assert.Throws<ArgumentException>(() => new Trainer(data, new TrainingOptions { Loss = loss }));

        Assert.StartsWith("'same' has only 1 class ('cat'); a classifier needs examples of at least 2 classes.", error.Message);
    }

    [Fact]
    public void MicrogradDemoSettings_ReachAtLeast97PercentOnMoons_In100Steps()
    {
        Assert.True(Train(Datasets.Moons(100, 0.1, seed: 0), new TrainingOptions()) >= 0.97);
    }

    [Fact]
    public void SoftmaxCrossEntropyWithAdam_ReachesAtLeast90PercentOnThreeSpirals()
    {
        var options = new TrainingOptions
        {
            Loss = LossKind.SoftmaxCrossEntropy,
            Optimizer = OptimizerKind.Adam,
            LearningRate = 0.05,
            HiddenLayers = [16, 16],
            L2 = 0,
            Steps = 200,
        };

        Assert.True(Train(Datasets.Spirals(40, 3, seed: 0), options) >= 0.90);
    }

    [Theory]
    [InlineData(LossKind.BinaryCrossEntropy, OptimizerKind.Momentum, 0.1)]
    [InlineData(LossKind.MeanSquaredError, OptimizerKind.AdaGrad, 0.1)]
    [InlineData(LossKind.Hinge, OptimizerKind.Sgd, 0.5)]
    public void EveryLossAndOptimizer_LearnsXor(LossKind loss, OptimizerKind optimizer, double rate)
    {
        var options = new TrainingOptions { Loss = loss, Optimizer = optimizer, LearningRate = rate, HiddenLayers = [8], Activation = AutoGrad.Nn.Activation.Tanh, Initialization = AutoGrad.Nn.Initialization.Uniform, Steps = 150, Seed = 1 };

        Assert.True(Train(Datasets.Xor(60, seed: 3), options) >= 0.9);
    }

    [Fact]
    public void Step_ReportsLossAndAccuracy_AndTheLossFalls()
    {
        var trainer = new Trainer(Datasets.Moons(seed: 2), new TrainingOptions { BatchSize = 20, Seed = 3 });

        StepResult first = trainer.Step();
        StepResult last = first;
        for (int i = 0; i < 60; i++)
        {
            last = trainer.Step();
        }

        Assert.Equal(0, first.Step);
        Assert.Equal(60, last.Step);
        Assert.Equal(1.0, first.LearningRate);
        Assert.True(last.Loss < first.Loss / 2, $"loss went from {first.Loss} to {last.Loss}");
        Assert.InRange(first.Accuracy, 0, 1);
    }

    [Theory]
    [InlineData(LossKind.Hinge, OptimizerKind.Sgd)]
    [InlineData(LossKind.SoftmaxCrossEntropy, OptimizerKind.Adam)]
    [InlineData(LossKind.BinaryCrossEntropy, OptimizerKind.Momentum)]
    public void CompiledReplay_TrainsToBitIdenticalParameters_AsRebuildingEveryStep(LossKind loss, OptimizerKind optimizer)
    {
        Dataset data = loss == LossKind.SoftmaxCrossEntropy ? Datasets.Spirals(20, 3, seed: 1) : Datasets.Moons(40, seed: 1);
        TrainingOptions options = new() { Loss = loss, Optimizer = optimizer, LearningRate = 0.05, HiddenLayers = [6, 6], Steps = 25, Seed = 4 };
        var compiled = new Trainer(data, options);
        var dynamic = new Trainer(data, options with { UseCompiledGraph = false });

        for (int i = 0; i < options.Steps; i++)
        {
            StepResult a = compiled.Step();
            StepResult b = dynamic.Step();
            Assert.Equal(b, a);
        }

        Assert.True(compiled.IsCompiled);
        Assert.False(dynamic.IsCompiled);
        Assert.Equal(
            dynamic.Model.Parameters.Select(p => BitConverter.DoubleToInt64Bits(p.Data)),
            compiled.Model.Parameters.Select(p => BitConverter.DoubleToInt64Bits(p.Data)));
    }

    [Fact]
    public void BinaryLosses_RefuseMoreThanTwoClasses()
    {
        var error = Assert.Throws<ArgumentException>(() => new Trainer(Datasets.Spirals(), new TrainingOptions { Loss = LossKind.Hinge }));

        Assert.Contains("needs 2 classes but 'spirals' has 3", error.Message);
    }

    [Fact]
    public void ChoicesLeftNull_AreMadeFromTheData()
    {
        var twoClasses = new Trainer(Datasets.Moons(20), new TrainingOptions { Steps = 1 });
        var threeClasses = new Trainer(Datasets.Spirals(10, 3), new TrainingOptions { Steps = 1, Optimizer = OptimizerKind.Adam });

        Assert.Equal(LossKind.Hinge, twoClasses.Loss);
        Assert.Equal(LossKind.SoftmaxCrossEntropy, threeClasses.Loss);
        Assert.Equal(TrainingOptions.DefaultLearningRate(OptimizerKind.Sgd), twoClasses.Optimizer.LearningRate);
        Assert.Equal(TrainingOptions.DefaultLearningRate(OptimizerKind.Adam), threeClasses.Optimizer.LearningRate);
    }

    [Fact]
    public void NullInitialization_IsXavierForTanh_AndTheModelsDefaultForRelu()
    {
        static double LargestWeight(TrainingOptions options) =>
            new Trainer(Datasets.Moons(20), options with { HiddenLayers = [30], Steps = 1 })
                .Model.Layers[0].Parameters.Where(p => p.Label!.Split('.')[^1].StartsWith('w')).Max(p => Math.Abs(p.Data));

        Assert.InRange(LargestWeight(new TrainingOptions { Activation = AutoGrad.Nn.Activation.Tanh }), 0, Math.Sqrt(6.0 / (2 + 30)));
        Assert.InRange(LargestWeight(new TrainingOptions()), 0.9, 1.0); // uniform(−1, 1)
    }

    [Fact]
    public void EveryActivationLossAndOptimizer_HasOneWord_ThatParsesBack()
    {
        Assert.All(Enum.GetValues<LossKind>(), kind => Assert.Equal(kind, TrainingNames.Losses.Parse(TrainingNames.Losses.NameOf(kind))));
        Assert.All(Enum.GetValues<OptimizerKind>(), kind => Assert.Equal(kind, TrainingNames.Optimizers.Parse(TrainingNames.Optimizers.NameOf(kind))));
        Assert.All(Enum.GetValues<AutoGrad.Nn.Activation>(), kind => Assert.Equal(kind, TrainingNames.Activations.Parse(TrainingNames.Activations.NameOf(kind))));
        var error = Assert.Throws<ArgumentException>(() => TrainingNames.Optimizers.Parse("rmsprop"));
        Assert.Contains("Unknown optimizer 'rmsprop'; expected one of: sgd, momentum, adagrad, adam.", error.Message);
    }
}
