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

    [Theory]
    [InlineData(AutoGrad.Nn.Activation.Relu, AutoGrad.Nn.Initialization.He)]
    [InlineData(AutoGrad.Nn.Activation.LeakyRelu, AutoGrad.Nn.Initialization.He)]
    [InlineData(AutoGrad.Nn.Activation.Prelu, AutoGrad.Nn.Initialization.He)]
    [InlineData(AutoGrad.Nn.Activation.Elu, AutoGrad.Nn.Initialization.He)]
    [InlineData(AutoGrad.Nn.Activation.Tanh, AutoGrad.Nn.Initialization.Xavier)]
    [InlineData(AutoGrad.Nn.Activation.Sigmoid, AutoGrad.Nn.Initialization.Xavier)]
    [InlineData(AutoGrad.Nn.Activation.Linear, AutoGrad.Nn.Initialization.Xavier)]
    public void DefaultInitialization_IsHeForTheReluFamily_AndXavierOtherwise(AutoGrad.Nn.Activation activation, AutoGrad.Nn.Initialization expected)
    {
        Assert.Equal(expected, TrainingOptions.DefaultInitialization(activation));
    }

    [Fact]
    public void DefaultInitialization_StartsAReluNetworkOnDigitsNearLnTen()
    {
        // The notes' init lesson: uniform(−1, 1) weights start this network at a loss of about 15; He starts it near ln 10.
        var options = new TrainingOptions { HiddenLayers = [16, 16], Standardize = true, L2 = 0, BatchSize = 100, Steps = 1, UseCompiledGraph = false };

        double firstLoss = new Trainer(Datasets.Digits(), options).Step().Loss;

        Assert.InRange(firstLoss, 1.5, 4.0); // ln 10 = 2.30
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
    [InlineData(LossKind.Hinge, OptimizerKind.Sgd, 0)]
    [InlineData(LossKind.SoftmaxCrossEntropy, OptimizerKind.Adam, 0)]
    [InlineData(LossKind.BinaryCrossEntropy, OptimizerKind.Momentum, 0)]
    [InlineData(LossKind.Hinge, OptimizerKind.Sgd, 8)]
    [InlineData(LossKind.SoftmaxCrossEntropy, OptimizerKind.Adam, 8)]
    [InlineData(LossKind.BinaryCrossEntropy, OptimizerKind.Momentum, 8)]
    [InlineData(LossKind.MeanSquaredError, OptimizerKind.AdaGrad, 8)]
    public void CompiledReplay_TrainsToBitIdenticalParameters_AsRebuildingEveryStep(LossKind loss, OptimizerKind optimizer, int batchSize)
    {
        Dataset data = loss is LossKind.SoftmaxCrossEntropy or LossKind.MeanSquaredError ? Datasets.Spirals(20, 3, seed: 1) : Datasets.Moons(40, seed: 1);
        TrainingOptions options = new() { Loss = loss, Optimizer = optimizer, LearningRate = 0.05, HiddenLayers = [6, 6], Steps = 25, Seed = 4, BatchSize = batchSize };
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
    public void NullInitialization_DrawsXavierForTanh_AndHeForRelu()
    {
        static double LargestWeight(TrainingOptions options) =>
            new Trainer(Datasets.Moons(20), options with { HiddenLayers = [30], Steps = 1 })
                .Model.Layers[0].Parameters.Where(p => p.Label!.Split('.')[^1].StartsWith('w')).Max(p => Math.Abs(p.Data));

        Assert.InRange(LargestWeight(new TrainingOptions { Activation = AutoGrad.Nn.Activation.Tanh }), 0, Math.Sqrt(6.0 / (2 + 30)));
        Assert.InRange(LargestWeight(new TrainingOptions()), 1.2, Math.Sqrt(6.0 / 2)); // He: ±√(6 / fan_in), beyond uniform(−1, 1)
    }

    [Fact]
    public void EveryActivationLossAndOptimizer_HasOneWord_ThatParsesBack()
    {
        Assert.All(Enum.GetValues<LossKind>(), kind => Assert.Equal(kind, TrainingNames.Losses.Parse(TrainingNames.Losses.NameOf(kind))));
        Assert.All(Enum.GetValues<OptimizerKind>(), kind => Assert.Equal(kind, TrainingNames.Optimizers.Parse(TrainingNames.Optimizers.NameOf(kind))));
        Assert.All(Enum.GetValues<AutoGrad.Nn.Activation>(), kind => Assert.Equal(kind, TrainingNames.Activations.Parse(TrainingNames.Activations.NameOf(kind))));
        Assert.All(Enum.GetValues<AutoGrad.Nn.Initialization>(), kind => Assert.Equal(kind, TrainingNames.Initializations.Parse(TrainingNames.Initializations.NameOf(kind))));
        var error = Assert.Throws<ArgumentException>(() => TrainingNames.Optimizers.Parse("rmsprop"));
        Assert.Contains("Unknown optimizer 'rmsprop'; expected one of: sgd, momentum, adagrad, adam.", error.Message);
    }

    [Fact]
    public void Digits_LearnsInAFewHundredMiniBatchSteps_ThroughTheCompiledReplay()
    {
        DatasetSplit split = DatasetSplit.Create(Datasets.Digits(), 0.7, 0.15, 0.15, seed: 0);
        var trainer = new Trainer(split.Train, new TrainingOptions
        {
            HiddenLayers = [16],
            Optimizer = OptimizerKind.Adam,
            Steps = 150,
            BatchSize = 16,
            Standardize = true,
        });

        for (int i = 0; i < trainer.Options.Steps; i++)
        {
            trainer.Step();
        }

        Assert.True(trainer.IsCompiled);
        Assert.Equal(LossKind.SoftmaxCrossEntropy, trainer.Loss);
        double validation = trainer.Accuracy(split.Validation);
        Assert.True(validation >= 0.85, $"validation accuracy {validation}");
    }

    [Fact]
    public void Standardize_FeedsTheModelStandardisedFeatures_AndPredictTakesRawOnes()
    {
        // The class is which side of 2000 the first feature is on; the second is noise a thousand times smaller.
        double[][] features = Enumerable.Range(0, 20).Select(i => new[] { 1050.0 + 100 * i, 0.001 * (i % 3) }).ToArray();
        Dataset raw = new("scaled", features, features.Select(f => f[0] > 2000 ? 1 : 0).ToArray(), ["low", "high"]);
        var trainer = new Trainer(raw, new TrainingOptions { Standardize = true, HiddenLayers = [4], Steps = 100, Optimizer = OptimizerKind.Adam, LearningRate = 0.05, Seed = 2 });
        for (int i = 0; i < 100; i++)
        {
            trainer.Step();
        }

        Assert.Equal(2000, trainer.Standardizer!.Means[0], 9);
        Assert.InRange(trainer.Standardizer.Transform(features[0])[0], -1.7, -1.6); // (1050 − 2000) / 577

        Assert.Equal(1.0, trainer.Accuracy(raw));
        Assert.Equal(1, trainer.Predict([2900.0, 0.002]));
        Assert.Equal(0, trainer.Predict([1100.0, 0.002]));
        Assert.Null(new Trainer(raw, new TrainingOptions { Steps = 1 }).Standardizer);
    }
}
