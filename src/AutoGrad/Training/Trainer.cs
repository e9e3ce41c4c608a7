using AutoGrad.Compilation;
using AutoGrad.Data;
using AutoGrad.Nn;
using AutoGrad.Optim;

namespace AutoGrad.Training;

/// <summary>
/// Trains an <see cref="Mlp"/> classifier on a <see cref="Dataset"/>: each <see cref="Step"/> builds the
/// loss over a batch, zeroes the gradients, backpropagates and updates the parameters.
/// </summary>
public sealed class Trainer
{
    private readonly Dataset _data;
    private readonly Random _batchRandom;
    private readonly double[] _outputBuffer;

    // The full-batch loss, recorded at the first step and replayed after (see UseCompiledGraph).
    private CompiledGraph? _compiled;
    private Value[][]? _compiledOutputs;

    /// <summary>Builds the model and optimizer for the dataset.</summary>
    /// <param name="data">The training examples.</param>
    /// <param name="options">Architecture, loss, optimizer, steps; micrograd's demo if null.</param>
    /// <exception cref="ArgumentException">The data has fewer than two classes, the loss needs two classes and the dataset has another number, or an option is out of range.</exception>
    public Trainer(Dataset data, TrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        Options = options ?? new TrainingOptions();
        if (data.ClassCount < 2)
        {
            throw new ArgumentException(
                $"'{data.Name}' has only {data.ClassCount} class ('{string.Join("', '", data.ClassNames)}'); a classifier needs examples of at least 2 classes.", nameof(data));
        }

        Loss = Options.LossFor(data);
        if (Loss is LossKind.Hinge or LossKind.BinaryCrossEntropy && data.ClassCount != 2)
        {
            throw new ArgumentException($"The {Loss} loss needs 2 classes but '{data.Name}' has {data.ClassCount}; use SoftmaxCrossEntropy.", nameof(data));
        }

        if (Options.Steps < 0 || Options.BatchSize < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"Steps ({Options.Steps}) and BatchSize ({Options.BatchSize}) must not be negative.");
        }

        _data = data;
        _batchRandom = new Random(Options.Seed + 1);
        int outputs = Loss is LossKind.Hinge or LossKind.BinaryCrossEntropy ? 1 : data.ClassCount;
        _outputBuffer = new double[outputs];
        Model = new Mlp(data.FeatureCount, [.. Options.HiddenLayers, outputs], new MlpOptions
        {
            HiddenActivation = Options.Activation,
            Initialization = Options.ResolvedInitialization,
            Seed = Options.Seed,
        });
        LearningRateSchedule? schedule = Options.DecayLearningRate ? Schedules.LinearDecay(Math.Max(1, Options.Steps)) : null;
        IReadOnlyList<Value> parameters = Model.Parameters;
        double rate = Options.ResolvedLearningRate;
        Optimizer = Options.Optimizer switch
        {
            OptimizerKind.Momentum => new Momentum(parameters, rate, schedule: schedule),
            OptimizerKind.AdaGrad => new AdaGrad(parameters, rate, schedule: schedule),
            OptimizerKind.Adam => new Adam(parameters, rate, schedule: schedule),
            _ => new Sgd(parameters, rate, schedule),
        };
    }

    /// <summary>The options it was given (choices left null are made in <see cref="Loss"/>, <see cref="Model"/> and <see cref="Optimizer"/>).</summary>
    public TrainingOptions Options { get; }

    /// <summary>The loss it minimises: <see cref="TrainingOptions.Loss"/>, or the one picked for the data's classes.</summary>
    public LossKind Loss { get; }

    /// <summary>The model being trained.</summary>
    public Mlp Model { get; }

    /// <summary>The optimizer updating it.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>True once the full-batch loss has been recorded and is being replayed.</summary>
    public bool IsCompiled => _compiled is not null;

    /// <summary>One step on the next batch: loss, zero gradients, backward, update.</summary>
    public StepResult Step()
    {
        double rate = Optimizer.CurrentLearningRate;
        bool fullBatch = Options.BatchSize == 0 || Options.BatchSize >= _data.Count;
        double loss;
        int correct;
        int count;
        if (fullBatch && Options.UseCompiledGraph)
        {
            (loss, correct) = CompiledStep();
            count = _data.Count;
        }
        else
        {
            int[] batch = NextBatch();
            (Value total, Value[][] outputs) = BatchLoss(batch);
            correct = Enumerable.Range(0, batch.Length).Count(b => PredictedClass(outputs[b].Select(o => o.Data).ToArray()) == _data.Labels[batch[b]]);
            Optimizer.ZeroGrad();
            total.Backward();
            loss = total.Data;
            count = batch.Length;
        }

        Optimizer.Step();
        return new StepResult(Optimizer.StepCount - 1, loss, (double)correct / count, rate);
    }

    private (double Loss, int Correct) CompiledStep()
    {
        if (_compiled is null)
        {
            (Value total, Value[][] outputs) = BatchLoss(Enumerable.Range(0, _data.Count).ToArray());
            _compiled = CompiledGraph.Compile(total);
            _compiledOutputs = outputs;
        }

        Optimizer.ZeroGrad();
        double loss = _compiled.Evaluate();
        int correct = 0;
        for (int i = 0; i < _compiledOutputs!.Length; i++)
        {
            for (int k = 0; k < _outputBuffer.Length; k++)
            {
                _outputBuffer[k] = _compiled.ValueOf(_compiledOutputs[i][k]);
            }

            correct += PredictedClass(_outputBuffer) == _data.Labels[i] ? 1 : 0;
        }

        return (loss, correct);
    }

    /// <summary>The share of <paramref name="data"/> the model classifies correctly now.</summary>
    /// <param name="data">Examples with as many features as the training data.</param>
    public double Accuracy(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        int correct = 0;
        for (int i = 0; i < data.Count; i++)
        {
            correct += Predict(data.Features[i]) == data.Labels[i] ? 1 : 0;
        }

        return (double)correct / data.Count;
    }

    /// <summary>The class the model predicts for one feature vector.</summary>
    /// <param name="features">As many numbers as the model has inputs.</param>
    public int Predict(IReadOnlyList<double> features) => PredictedClass(Model.Forward(features).Select(o => o.Data).ToArray());

    /// <summary>The total loss over a batch of example indices, and the model's outputs for each example.</summary>
    private (Value Loss, Value[][] Outputs) BatchLoss(int[] batch)
    {
        var losses = new Value[batch.Length];
        var outputs = new Value[batch.Length][];
        for (int b = 0; b < batch.Length; b++)
        {
            int i = batch[b];
            outputs[b] = Model.Forward(_data.Features[i]);
            int label = _data.Labels[i];
            losses[b] = Loss switch
            {
                LossKind.Hinge => Losses.Hinge(outputs[b][0], label == 1 ? 1 : -1),
                LossKind.BinaryCrossEntropy => Losses.BinaryCrossEntropyWithLogits(outputs[b][0], label),
                LossKind.SoftmaxCrossEntropy => Losses.SoftmaxCrossEntropy(outputs[b], label),
                _ => Losses.MeanSquaredError(outputs[b], Functions.OneHot(label, _data.ClassCount)),
            };
        }

        Value dataLoss = Value.Sum(losses) * (1.0 / batch.Length);
        Value total = Options.L2 > 0 ? dataLoss + Losses.L2Regularization(Model.Parameters, Options.L2) : dataLoss;
        return (total, outputs);
    }

    private int PredictedClass(ReadOnlySpan<double> outputs)
    {
        if (Loss is LossKind.Hinge or LossKind.BinaryCrossEntropy)
        {
            return outputs[0] > 0 ? 1 : 0;
        }

        int best = 0;
        for (int k = 1; k < outputs.Length; k++)
        {
            best = outputs[k] > outputs[best] ? k : best; // the first on a tie, as Functions.Argmax
        }

        return best;
    }

    private int[] NextBatch()
    {
        if (Options.BatchSize == 0 || Options.BatchSize >= _data.Count)
        {
            return Enumerable.Range(0, _data.Count).ToArray();
        }

        return Enumerable.Range(0, Options.BatchSize).Select(_ => _batchRandom.Next(_data.Count)).ToArray();
    }
}
