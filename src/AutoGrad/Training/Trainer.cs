using AutoGrad.Compilation;
using AutoGrad.Data;
using AutoGrad.Nn;
using AutoGrad.Optim;

namespace AutoGrad.Training;

/// <summary>
/// Trains an <see cref="Mlp"/> classifier, or a regression on data with numeric targets
/// (<see cref="Dataset.IsRegression"/>, with the mean squared error), on a <see cref="Dataset"/>: each <see cref="Step"/> builds the
/// loss over a batch, zeroes the gradients, backpropagates and updates the parameters, and
/// <see cref="Run"/> is the training loop — the one the <c>train</c> command and every experiment use.
/// </summary>
public sealed class Trainer
{
    private readonly Dataset _data; // standardised when Options.Standardize is set (a regression's targets too)
    private readonly string _dataName;
    private readonly BatchSource _batches;
    private readonly double[] _outputBuffer;

    // The loss of one batch, recorded at the first step and replayed after (see UseCompiledGraph).
    private BatchGraph? _batch;
    private CompiledGraph? _compiled;

    /// <summary>Builds the model and optimizer for the dataset.</summary>
    /// <param name="data">The training examples (only those: with <see cref="TrainingOptions.Standardize"/>, the standardiser is fitted on them).</param>
    /// <param name="options">Architecture, loss, optimizer, steps; micrograd's demo if null.</param>
    /// <param name="batches">
    /// Which examples each step sees; null (the default) for what the options say: the whole dataset,
    /// or <see cref="TrainingOptions.BatchSize"/> examples drawn with replacement (<see cref="BatchSource.Sampled"/>, seed + 1).
    /// </param>
    /// <exception cref="ArgumentException">
    /// The options cannot train on the data (<see cref="Problem"/> says why: fewer than two classes, a loss
    /// that needs two classes and another number of them, a classification loss on numeric targets), an option is out of range,
    /// or <paramref name="batches"/> draws from another number of examples than the data has, or gives batch norm a batch of 1.
    /// </exception>
    public Trainer(Dataset data, TrainingOptions? options = null, BatchSource? batches = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        Options = options ?? new TrainingOptions();
        Options.Validate(nameof(options));
        if (Problem(data, Options) is { } problem)
        {
            throw new ArgumentException(problem.Option is null ? problem.Reason : $"{nameof(options)}.{problem}", problem.Option is null ? nameof(data) : nameof(options));
        }

        Loss = Options.LossFor(data);
        _dataName = data.Name;
        Standardizer = Options.Standardize ? Standardizer.Fit(data) : null;
        _data = Standardizer?.Transform(data) ?? data;
        if (data.Targets is { } targets && Options.Standardize)
        {
            // The target standardised too: a price in the hundreds of thousands would otherwise need its own learning rate.
            TargetStandardizer = Standardizer.Fit([.. targets.Select(t => new[] { t })], _ => $"The target of '{data.Name}'");
            _data = Regressor.Scaled(_data, TargetStandardizer);
        }

        int batchSize = Options.BatchSize == 0 ? data.Count : Math.Min(Options.BatchSize, data.Count);
        _batches = batches ?? (batchSize == data.Count ? BatchSource.Whole(data.Count) : BatchSource.Sampled(data.Count, batchSize, Options.Seed + 1));
        if (_batches.Count != data.Count)
        {
            throw new ArgumentException($"The batch source draws from {_batches.Count} examples but '{data.Name}' has {data.Count}; expected a source over exactly its examples.", nameof(batches));
        }

        if (Options.BatchNorm && _batches.SmallestBatch < 2)
        {
            throw new ArgumentException($"The batch source can give a batch of {_batches.SmallestBatch} example, and batch norm needs at least 2 for a variance; use another batch size.", nameof(batches));
        }
        int outputs = LossTargets.Outputs(Loss, data);
        _outputBuffer = new double[outputs];
        Model = new Mlp(data.FeatureCount, [.. Options.HiddenLayers, outputs], new MlpOptions
        {
            HiddenActivation = Options.Activation,
            Initialization = Options.ResolvedInitialization,
            BatchNorm = Options.BatchNorm,
            Dropout = Options.Dropout,
            MaxoutPieces = Options.MaxoutPieces,
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

    /// <summary>For a regression with <see cref="TrainingOptions.Standardize"/>, the target's mean and deviation on the training data (the network learns the standardised target); else null.</summary>
    public Standardizer? TargetStandardizer { get; }

    /// <summary>Whether it trains a regression (the data has numeric targets) rather than a classifier.</summary>
    public bool IsRegression => _data.IsRegression;

    /// <summary>
    /// Why <paramref name="options"/> cannot train on <paramref name="data"/>, or null if they can: the
    /// checks the constructor makes on the data, as data, so a caller can show them in its own words.
    /// </summary>
    /// <param name="data">The training examples.</param>
    /// <param name="options">The options; micrograd's demo if null.</param>
    public static TrainingProblem? Problem(Dataset data, TrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= new TrainingOptions();
        LossKind loss = options.LossFor(data);
        string lossName = TrainingNames.Losses.NameOf(loss);
        if (options.Standardize && Standardizer.Problem(data) is { } spread)
        {
            return new TrainingProblem(null, null, spread);
        }

        if (data.IsRegression)
        {
            return loss == LossKind.MeanSquaredError
                ? null
                : new TrainingProblem(nameof(TrainingOptions.Loss), lossName, $"reads classes, and '{data.Name}' has a numeric target ('{data.TargetName}'); expected {TrainingNames.Losses.NameOf(LossKind.MeanSquaredError)}, the regression loss.");
        }

        if (data.ClassCount < 2)
        {
            return new TrainingProblem(null, null, $"'{data.Name}' has only {data.ClassCount} class ('{string.Join("', '", data.ClassNames)}'); a classifier needs examples of at least 2 classes.");
        }

        if (Classifier.ReadsSign(loss) && data.ClassCount != 2)
        {
            string multiClass = string.Join(" or ", Enum.GetValues<LossKind>().Where(kind => !Classifier.ReadsSign(kind)).Select(TrainingNames.Losses.NameOf));
            return new TrainingProblem(nameof(TrainingOptions.Loss), lossName, $"needs 2 classes but '{data.Name}' has {data.ClassCount}; expected {multiClass}.");
        }

        return null;
    }

    /// <summary>The outputs the network <paramref name="options"/> build for <paramref name="data"/> has: 1 for a regression or a loss read by its sign, else one per class.</summary>
    /// <param name="data">The training examples.</param>
    /// <param name="options">The options; micrograd's demo if null.</param>
    public static int OutputCount(Dataset data, TrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        return LossTargets.Outputs((options ?? new TrainingOptions()).LossFor(data), data);
    }

    /// <summary>True once the batch loss has been recorded and is being replayed.</summary>
    public bool IsCompiled => _compiled is not null;

    /// <summary>Steps in one pass over the data with this trainer's batches (1 for the whole dataset).</summary>
    public int StepsPerEpoch => _batches.StepsPerEpoch;

    /// <summary>
    /// The training loop (<see cref="TrainingLoop.Run"/>): <see cref="TrainingOptions.Steps"/> (or <paramref name="steps"/>) calls of
    /// <see cref="Step"/>, with the <paramref name="hooks"/> around them, checking
    /// <paramref name="cancellation"/> before each step.
    /// </summary>
    /// <param name="hooks">Progress, evaluation and early stopping; none if null.</param>
    /// <param name="steps">How many steps; <see cref="TrainingOptions.Steps"/> if null.</param>
    /// <param name="cancellation">Stops the run between two steps.</param>
    /// <returns>What every step measured, in order (up to the one <see cref="TrainingHooks.StopAfter"/> stopped at).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is negative or more than <see cref="Limits.MaxElements"/>, or <see cref="TrainingHooks.EvaluateEvery"/> is negative.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled; the steps done so far stay done.</exception>
    public IReadOnlyList<StepResult> Run(TrainingHooks? hooks = null, int? steps = null, CancellationToken cancellation = default)
    {
        int count = steps ?? Options.Steps;
        ArgumentOutOfRangeException.ThrowIfNegative(count, nameof(steps));
        return TrainingLoop.Run(count, _ => Step(), hooks, cancellation);
    }

    /// <summary>
    /// One step on the next batch: loss, zero gradients, backward, update. The loss graph is recorded
    /// once and replayed (<see cref="TrainingOptions.UseCompiledGraph"/>) while the batches keep their
    /// size and the network is the same at every step; with dropout or batch norm, or for a batch of
    /// another size, it is built afresh.
    /// </summary>
    public StepResult Step()
    {
        double rate = Optimizer.CurrentLearningRate;
        int[] examples = _batches.Next();
        Model.Training = true;
        double loss;
        BatchGraph batch;
        CompiledGraph? compiled = null;
        if (Options.UseCompiledGraph && !Model.ChangesEveryStep && (_compiled is null || _batch!.Size == examples.Length))
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

            batch = _batch;
            compiled = _compiled;
            loss = TrainingLoop.Step(Optimizer, compiled.Evaluate);
        }
        else
        {
            batch = new BatchGraph(Model, Loss, _data, examples, Options.L2);
            loss = TrainingLoop.Step(Optimizer, () => batch.Loss);
        }

        int correct = 0;
        double[]? errors = IsRegression ? new double[examples.Length] : null;
        for (int b = 0; b < examples.Length; b++)
        {
            for (int k = 0; k < _outputBuffer.Length; k++)
            {
                Value output = batch.Outputs[b][k];
                _outputBuffer[k] = compiled is null ? output.Data : compiled.ValueOf(output); // the outputs before the update
            }

            if (_data.Targets is { } targets)
            {
                errors![b] = (_outputBuffer[0] - targets[examples[b]]) * (TargetStandardizer?.Deviations[0] ?? 1); // in the target's units
            }
            else
            {
                correct += Classifier.ClassOf(Loss, _outputBuffer) == _data.Labels[examples[b]] ? 1 : 0;
            }
        }

        return IsRegression
            ? new StepResult(Optimizer.StepCount - 1, loss, double.NaN, rate) { Rmse = RegressionMetrics.RootMeanSquare(errors) }
            : new StepResult(Optimizer.StepCount - 1, loss, (double)correct / examples.Length, rate);
    }

    /// <summary>The model as it is now, with its standardiser and the data's class and feature names, ready to predict and to save.</summary>
    /// <exception cref="InvalidOperationException">It trains a regression (<see cref="ToRegressor"/>).</exception>
    public Classifier ToClassifier() =>
        IsRegression
            ? throw new InvalidOperationException($"'{_dataName}' has numeric targets, so this trainer trains a regression; use ToRegressor or ToModel.")
            : new(Model, Loss, _data.ClassNames, Standardizer, _data.FeatureNames);

    /// <summary>The regression as it is now, with its standardisers and the data's feature and target names, ready to predict and to save.</summary>
    /// <exception cref="InvalidOperationException">It trains a classifier (<see cref="ToClassifier"/>).</exception>
    public Regressor ToRegressor() =>
        IsRegression
            ? new(Model, _data.TargetName!, Standardizer, TargetStandardizer, _data.FeatureNames)
            : throw new InvalidOperationException($"'{_dataName}' has classes, so this trainer trains a classifier; use ToClassifier or ToModel.");

    /// <summary>The model as it is now: <see cref="ToRegressor"/> for a regression, else <see cref="ToClassifier"/>.</summary>
    public TrainedModel ToModel() => IsRegression ? ToRegressor() : ToClassifier();

    /// <summary>The share of <paramref name="data"/> the model classifies correctly now.</summary>
    /// <param name="data">Raw (unstandardised) examples with the training data's features and classes.</param>
    /// <exception cref="InvalidOperationException">It trains a regression.</exception>
    public double Accuracy(Dataset data) => ToClassifier().Accuracy(data);

    /// <summary>The class the model predicts for one feature vector.</summary>
    /// <param name="features">As many raw (unstandardised) numbers as the model has inputs.</param>
    /// <exception cref="InvalidOperationException">It trains a regression.</exception>
    public int Predict(IReadOnlyList<double> features) => ToClassifier().Predict(features);

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
        private readonly double[] _target;

        public BatchGraph(Mlp model, LossKind loss, Dataset data, int[] examples, double l2)
        {
            _loss = loss;
            int size = examples.Length;
            int targetWidth = model.LayerSizes[^1];
            _target = new double[targetWidth];
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
            Value[][]? normalised = model.BatchNorms.Count > 0 ? model.ForwardBatch(_inputs) : null; // batch norm needs the whole batch
            for (int b = 0; b < size; b++)
            {
                Outputs[b] = normalised?[b] ?? model.Forward(_inputs[b]);
                losses[b] = LossTargets.Loss(loss, Outputs[b], _targets[b]);
            }

            Value dataLoss = Value.Sum(losses) * (1.0 / size);
            Loss = l2 > 0 ? dataLoss + Losses.L2Regularization(model.Parameters, l2) : dataLoss;
        }

        public Value Loss { get; }

        public Value[][] Outputs { get; }

        public int Size => _inputs.Length;

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

                LossTargets.Encode(_loss, data, examples[b], _target);
                Value[] target = _targets[b];
                for (int k = 0; k < target.Length; k++)
                {
                    target[k].Grad = 0;
                    target[k].Data = _target[k];
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
