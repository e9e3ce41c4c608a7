using AutoGrad.Data;
using AutoGrad.Nn;
using AutoGrad.Training;

namespace AutoGrad.Tests.Training;

/// <summary>
/// <see cref="Trainer.Run"/>, the one training loop: it is the steps a caller used to write by hand,
/// with progress, evaluation, early stopping and cancellation around them; and the batch sources,
/// dropout, batch norm and weight decay it trains with.
/// </summary>
public class TrainingLoopTests
{
    private static readonly Dataset Moons = Datasets.Moons(40, seed: 3);

    private static TrainingOptions Small => new() { HiddenLayers = [8], Steps = 12, BatchSize = 10, Seed = 5 };

    [Fact]
    public void Run_OfMoreStepsThanItCanKeepTheHistoryOf_IsRefusedBeforeAnyStep()
    {
        // int.MaxValue steps of a cheap step would keep 2³¹ results: found by the hostile API sweep,
        // which ran out of 24 GiB of memory.
        int calls = 0;
        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => TrainingLoop.Run(int.MaxValue, i => { calls++; return new StepResult(i, 1, 0.5, 0.1); }));
        Assert.Equal("steps", refused.ParamName);
        Assert.Contains("Limits.MaxElements", refused.Message);
        Assert.Equal(0, calls);
    }

    [Fact]
    public void Run_IsStepCalledStepsTimes_ToTheLastBit()
    {
        var looped = new Trainer(Moons, Small);
        var byHand = new Trainer(Moons, Small);

        IReadOnlyList<StepResult> history = looped.Run();
        var steps = Enumerable.Range(0, Small.Steps).Select(_ => byHand.Step()).ToList();

        Assert.Equal(steps, history);
        Assert.Equal(byHand.Model.Parameters.Select(p => p.Data), looped.Model.Parameters.Select(p => p.Data));
    }

    [Fact]
    public void LoopStep_ZeroesBackpropagatesAndUpdates_WithAPluggedInForwardPass()
    {
        var x = new Value(2);
        x.Grad = 100; // a stale gradient the step must clear
        var optimizer = new AutoGrad.Optim.Sgd([x], 0.25);

        IReadOnlyList<StepResult> history = TrainingLoop.Run(2, step => new StepResult(step, TrainingLoop.Step(optimizer, () => x * x), double.NaN, 0.25));

        Assert.Equal([4.0, 1.0], history.Select(s => s.Loss)); // x² at 2, then at 2 − 0.25·4 = 1
        Assert.Equal(0.5, x.Data); // 1 − 0.25·2
    }

    [Fact]
    public void Run_CallsItsHooks_AfterEveryStep_EvaluatingEveryN_AndStopsWhenAsked()
    {
        var trainer = new Trainer(Moons, Small);
        var seen = new List<int>();
        var evaluated = new List<int>();

        IReadOnlyList<StepResult> history = trainer.Run(new TrainingHooks
        {
            AfterStep = step => seen.Add(step.Step),
            EvaluateEvery = 3,
            Evaluate = done => evaluated.Add(done),
            StopAfter = step => step.Step == 7,
        });

        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7], seen);
        Assert.Equal([3, 6], evaluated);
        Assert.Equal(8, history.Count);
    }

    [Fact]
    public void Run_StopsBetweenSteps_WhenCancelled()
    {
        var trainer = new Trainer(Moons, Small);
        using var cancel = new CancellationTokenSource();
        int steps = 0;

        Assert.Throws<OperationCanceledException>(() => trainer.Run(
            new TrainingHooks { AfterStep = _ => { if (++steps == 4) { cancel.Cancel(); } } },
            cancellation: cancel.Token));

        Assert.Equal(4, steps);
        Assert.Equal(4, trainer.Optimizer.StepCount);
    }

    [Fact]
    public void EpochBatches_SeeEveryExampleOncePerEpoch_TheLastBatchSmaller()
    {
        BatchSource batches = BatchSource.Epochs(23, 10, seed: 1);

        Assert.Equal(3, batches.StepsPerEpoch);
        for (int epoch = 0; epoch < 3; epoch++)
        {
            int[][] pass = [batches.Next(), batches.Next(), batches.Next()];
            Assert.Equal([10, 10, 3], pass.Select(b => b.Length));
            Assert.Equal(Enumerable.Range(0, 23), pass.SelectMany(b => b).Order());
        }
    }

    [Fact]
    public void Trainer_WithEpochBatches_TrainsThroughTheReplay_AndRebuildsTheShorterLastBatch()
    {
        var trainer = new Trainer(Moons, Small with { UseCompiledGraph = true }, BatchSource.Epochs(Moons.Count, 15, seed: 6));
        var rebuilt = new Trainer(Moons, Small with { UseCompiledGraph = false }, BatchSource.Epochs(Moons.Count, 15, seed: 6));

        trainer.Run();
        rebuilt.Run();

        Assert.True(trainer.IsCompiled);
        Assert.Equal(rebuilt.Model.Parameters.Select(p => p.Data), trainer.Model.Parameters.Select(p => p.Data));
    }

    [Theory]
    [InlineData(0.3, false)]
    [InlineData(0, true)]
    [InlineData(0.2, true)]
    public void DropoutOrBatchNorm_BuildTheGraphEveryStep_AndTrainOtherwise(double dropout, bool batchNorm)
    {
        var plain = new Trainer(Moons, Small);
        var regularised = new Trainer(Moons, Small with { Dropout = dropout, BatchNorm = batchNorm });

        plain.Run();
        IReadOnlyList<StepResult> history = regularised.Run();

        Assert.False(regularised.IsCompiled);
        Assert.All(history, step => Assert.True(double.IsFinite(step.Loss)));
        Assert.NotEqual(plain.Model.Layers[0].Parameters.Select(p => p.Data), regularised.Model.Layers[0].Parameters.Select(p => p.Data));
        Assert.Equal(batchNorm, regularised.Model.BatchNorms.Count == 1);
        Assert.Equal(dropout, regularised.Model.Options.Dropout);
    }

    [Fact]
    public void BatchNorm_TrainsItsGammaAndBeta_AndPredictsWithTheRunningStatistics()
    {
        var trainer = new Trainer(Moons, Small with { BatchNorm = true, Steps = 30 });
        trainer.Run();
        BatchNorm norm = trainer.Model.BatchNorms[0];

        Assert.Contains(norm.Parameters, p => p.Data is not (0 or 1)); // γ from 1 and β from 0 have moved
        Assert.Contains(norm.RunningMean, m => m != 0);

        // One example predicted alone: the running statistics, not a batch's (which one example has not).
        double[] features = Moons.Features[0];
        trainer.Predict(features);
        Assert.False(trainer.Model.Training); // a prediction turns training off
        Value[] outputs = trainer.Model.Forward(features);
        Value[] sums = trainer.Model.Layers[0].WeightedSums(features.Select(x => new Value(x)).ToArray());
        double expected0 = (sums[0].Data - norm.RunningMean[0]) / Math.Sqrt(norm.RunningVariance[0] + norm.Epsilon) * norm.Parameters[0].Data + norm.Parameters[8].Data;
        Assert.Equal(expected0, trainer.Model.BatchNorms[0].Forward([sums])[0][0].Data, 12);
        Assert.True(double.IsFinite(outputs[0].Data));
    }

    [Fact]
    public void BatchNormNetwork_RefusesOneExampleWhileTraining_NamingWhatToDo()
    {
        var model = new Mlp(2, [4, 1], new MlpOptions { BatchNorm = true });

        var error = Assert.Throws<InvalidOperationException>(() => model.Forward([1.0, 2.0]));

        Assert.Contains("call ForwardBatch, or set Training to false", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WeightDecay_IsTheL2Term_KeepingTheWeightsSmaller()
    {
        var none = new Trainer(Moons, Small with { L2 = 0, Steps = 60 });
        var decayed = new Trainer(Moons, Small with { L2 = 0.05, Steps = 60 });

        none.Run();
        decayed.Run();

        static double Norm(Trainer t) => Math.Sqrt(t.Model.Parameters.Sum(p => p.Data * p.Data));
        Assert.True(Norm(decayed) < 0.9 * Norm(none), $"{Norm(decayed)} vs {Norm(none)}");
    }
}
