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
    private readonly Dataset _data; // standardised when Options.Standardize is set
    private readonly Random _batchRandom;
    private readonly double[] _outputBuffer;
    private readonly int _batchSize;

    // The loss of one batch, recorded at the first step and replayed after (see UseCompiledGraph).
    private BatchGraph? _batch;
    private CompiledGraph? _compiled;

    /// <summary>Builds the model and optimizer for the dataset.</summary>
    /// <param name="data">The training examples (only those: with <see cref="TrainingOptions.Standardize"/>, the standardiser is fitted on them).</param>
    /// <param name="options">Architecture, loss, optimizer, steps; micrograd's demo if null.</param>
    /// <exception cref="ArgumentException">The data has fewer than two classes, the loss needs two classes and the dataset has another number, or an option is out of range.</exception>
    public Trainer(Dataset data, TrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        Options = options ?? new TrainingOptions();
        Options.Validate(nameof(options));
        if (data.ClassCount < 2)
        {
            throw new ArgumentException(
                $"'{data.Name}' has only {data.ClassCount} class ('{string.Join("', '", data.ClassNames)}'); a classifier needs examples of at least 2 classes.", nameof(data));
        }

        Loss = Options.LossFor(data);
        if (Classifier.ReadsSign(Loss) && data.ClassCount != 2)
        {
            throw new ArgumentException($"The {Loss} loss needs 2 classes but '{data.Name}' has {data.ClassCount}; use SoftmaxCrossEntropy.", nameof(data));
        }

        Standardizer = Options.Standardize ? Standardizer.Fit(data) : null;
        _data = Standardizer?.Transform(data) ?? data;
        _batchRandom = new Random(Options.Seed + 1);
        _batchSize = Options.BatchSize == 0 ? data.Count : Math.Min(Options.BatchSize, data.Count);
        int outputs = Classifier.ReadsSign(Loss) ? 1 : data.ClassCount;
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
            OptimizerKind.Sgd => new Sgd(parameters, rate, schedule),
            _ => throw TrainingOptions.Undefined(Options.Optimizer, $"{nameof(options)}.{nameof(TrainingOptions.Optimizer)}"),
        };
    }

    /// <summary>The options it was given (choices left null are made in <see cref="Loss"/>, <see cref="Model"/> and <see cref="Optimizer"/>).</summary>
    public TrainingOptions Options { get; }

    /// <summary>The loss it minimises: <see cref="TrainingOptions.Loss"/>, or the one picked for the data's classes.</summary>
    public LossKind Loss { get; }

    /// <summary>The model being trained; it sees standardised features when <see cref="Standardizer"/> is set.</summary>
    public Mlp Model { get; }

    /// <summary>The optimizer updating it.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The standardisation fitted on the training data (with <see cref="TrainingOptions.Standardize"/>), or null.</summary>
    public Standardizer? Standardizer { get; }

    /// <summary>True once the batch loss has been recorded and is being replayed.</summary>
    public bool IsCompiled => _compiled is not null;

    /// <summary>One step on the next batch: loss, zero gradients, backward, update.</summary>
    public StepResult Step()
    {
        double rate = Optimizer.CurrentLearningRate;
        int[] examples = NextBatch();
        double loss;
        if (Options.UseCompiledGraph)
        {
            // Recorded once with the first batch; every later batch is written into its leaves.
            if (_compiled is null)
            {
                _batch = new BatchGraph(Model, Loss, _data, examples, Options.L2);
                _compiled = CompiledGraph.Compile(_batch.Loss);
            }
            else
            {
                _batch!.Load(_data, examples);
            }

            Optimizer.ZeroGrad();
            loss = _compiled.Evaluate();
        }
        else
        {
            _batch = new BatchGraph(Model, Loss, _data, examples, Options.L2);
            Optimizer.ZeroGrad();
            _batch.Loss.Backward();
            loss = _batch.Loss.Data;
        }

        int correct = 0;
        for (int b = 0; b < examples.Length; b++)
        {
            for (int k = 0; k < _outputBuffer.Length; k++)
            {
                Value output = _batch!.Outputs[b][k];
                _outputBuffer[k] = _compiled is null ? output.Data : _compiled.ValueOf(output);
            }

            correct += Classifier.ClassOf(Loss, _outputBuffer) == _data.Labels[examples[b]] ? 1 : 0;
        }

        Optimizer.Step();
        return new StepResult(Optimizer.StepCount - 1, loss, (double)correct / examples.Length, rate);
    }

    /// <summary>The model as it is now, with its standardiser and the data's class and feature names, ready to predict and to save.</summary>
    public Classifier ToClassifier() => new(Model, Loss, _data.ClassNames, Standardizer, _data.FeatureNames);

    /// <summary>The share of <paramref name="data"/> the model classifies correctly now.</summary>
    /// <param name="data">Raw (unstandardised) examples with the training data's features and classes.</param>
    public double Accuracy(Dataset data) => ToClassifier().Accuracy(data);

    /// <summary>The class the model predicts for one feature vector.</summary>
    /// <param name="features">As many raw (unstandardised) numbers as the model has inputs.</param>
    public int Predict(IReadOnlyList<double> features) => ToClassifier().Predict(features);

    /// <summary>The next batch's example indices: all of them in order for the full batch, else a sample with replacement.</summary>
    private int[] NextBatch()
    {
        if (_batchSize == _data.Count)
        {
            return Enumerable.Range(0, _data.Count).ToArray();
        }

        return Enumerable.Range(0, _batchSize).Select(_ => _batchRandom.Next(_data.Count)).ToArray();
    }

    /// <summary>
    /// The loss over a batch, built on input and target leaves holding the examples' features and
    /// targets: a replay of the recorded graph serves any other examples of the same count once
    /// <see cref="Load"/> has written them into those leaves.
    /// </summary>
    private sealed class BatchGraph
    {
        private readonly Value[][] _inputs;
        private readonly Value[][] _targets;
        private readonly LossKind _loss;

        public BatchGraph(Mlp model, LossKind loss, Dataset data, int[] examples, double l2)
        {
            _loss = loss;
            int size = examples.Length;
            int targetWidth = Classifier.ReadsSign(loss) ? 1 : model.LayerSizes[^1];
            _inputs = new Value[size][];
            _targets = new Value[size][];
            Outputs = new Value[size][];
            var losses = new Value[size];
            for (int b = 0; b < size; b++)
            {
                _inputs[b] = Leaves(model.InputCount);
                _targets[b] = Leaves(targetWidth);
            }

            Load(data, examples); // before the ops are built: a dynamic graph computes as it is built
            for (int b = 0; b < size; b++)
            {
                Outputs[b] = model.Forward(_inputs[b]);
                Value[] target = _targets[b];
                losses[b] = loss switch
                {
                    LossKind.Hinge => Losses.Hinge(Outputs[b][0], target[0]),
                    LossKind.BinaryCrossEntropy => Losses.BinaryCrossEntropyWithLogits(Outputs[b][0], target[0]),
                    LossKind.SoftmaxCrossEntropy => Losses.SoftmaxCrossEntropy(Outputs[b], target),
                    LossKind.MeanSquaredError => Losses.MeanSquaredError(Outputs[b], target),
                    _ => throw TrainingOptions.Undefined(loss, nameof(loss)),
                };
            }

            Value dataLoss = Value.Sum(losses) * (1.0 / size);
            Loss = l2 > 0 ? dataLoss + Losses.L2Regularization(model.Parameters, l2) : dataLoss;
        }

        public Value Loss { get; }

        public Value[][] Outputs { get; }

        /// <summary>Writes the examples' features and targets into the leaves (and clears their gradients, which nothing reads).</summary>
        public void Load(Dataset data, int[] examples)
        {
            for (int b = 0; b < examples.Length; b++)
            {
                double[] features = data.Features[examples[b]];
                Value[] inputs = _inputs[b];
                for (int f = 0; f < inputs.Length; f++)
                {
                    inputs[f].Data = features[f];
                    inputs[f].Grad = 0;
                }

                int label = data.Labels[examples[b]];
                Value[] target = _targets[b];
                for (int k = 0; k < target.Length; k++)
                {
                    target[k].Grad = 0;
                    target[k].Data = _loss switch
                    {
                        LossKind.Hinge => label == 1 ? 1 : -1,
                        LossKind.BinaryCrossEntropy => label,
                        LossKind.SoftmaxCrossEntropy or LossKind.MeanSquaredError => k == label ? 1 : 0, // one-hot
                        _ => throw TrainingOptions.Undefined(_loss, "loss"),
                    };
                }
            }
        }

        private static Value[] Leaves(int count)
        {
            var leaves = new Value[count];
            for (int i = 0; i < count; i++)
            {
                leaves[i] = new Value(0);
            }

            return leaves;
        }
    }
}
