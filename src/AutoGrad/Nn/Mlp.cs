namespace AutoGrad.Nn;

/// <summary>A multi-layer perceptron: fully connected layers, one after the other.</summary>
/// <example>
/// <code>
/// var model = new Mlp(2, [16, 16, 1]);            // micrograd's moons network
/// Value score = model.Forward([x0, x1])[0];
/// </code>
/// </example>
public sealed class Mlp : Module
{
    private readonly Layer[] _layers;
    private readonly BatchNorm[] _norms; // one per hidden layer, or none
    private readonly Dropout? _dropout;
    private readonly Value[] _parameters;

    /// <summary>Creates the network.</summary>
    /// <param name="inputs">Inputs to the first layer; at least 1.</param>
    /// <param name="layerSizes">Neurons in each layer, the last being the outputs; at least one layer, each at least 1.</param>
    /// <param name="options">Activations and initialisation (each a named enum member), and seed; micrograd's defaults if null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="layerSizes"/> is null.</exception>
    /// <exception cref="ArgumentException">A size is less than 1 or there are no layers; the message names which.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// An option holds an enum value that is not a named member or a dropout outside [0, 1) (the message names the option), or the
    /// network would have more than <see cref="Limits.MaxElements"/> parameters.
    /// </exception>
    public Mlp(int inputs, IReadOnlyList<int> layerSizes, MlpOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(layerSizes);
        Options = options ?? new MlpOptions();
        Checks.ThrowIfUndefined(Options.HiddenActivation, nameof(options), nameof(MlpOptions.HiddenActivation));
        Checks.ThrowIfUndefined(Options.OutputActivation, nameof(options), nameof(MlpOptions.OutputActivation));
        Checks.ThrowIfUndefined(Options.Initialization, nameof(options), nameof(MlpOptions.Initialization));
        bool maxout = Options.HiddenActivation == Activation.Maxout || Options.OutputActivation == Activation.Maxout;
        if (maxout && Options.MaxoutPieces is < 2 or > Neuron.MaxMaxoutPieces)
        {
            throw new ArgumentOutOfRangeException(nameof(options), Options.MaxoutPieces, $"options.MaxoutPieces is {Options.MaxoutPieces}; expected 2 to {Neuron.MaxMaxoutPieces} pieces per maxout unit.");
        }

        if (Options.BatchNorm && Options.HiddenActivation == Activation.Maxout)
        {
            throw new ArgumentException("options.BatchNorm with a maxout hidden activation: batch norm normalises one weighted sum per unit, and a maxout unit has one per piece; use another activation or no batch norm.", nameof(options));
        }

        if (!(Options.Dropout is >= 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), Options.Dropout, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"options.Dropout is {Options.Dropout}; expected a probability in [0, 1)."));
        }

        if (inputs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(inputs), inputs, "An MLP needs at least 1 input.");
        }

        if (layerSizes.Count == 0)
        {
            throw new ArgumentException("An MLP needs at least one layer; got an empty list of layer sizes.", nameof(layerSizes));
        }

        for (int i = 0; i < layerSizes.Count; i++)
        {
            if (layerSizes[i] < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(layerSizes), $"Layer {i + 1} has {layerSizes[i]} neurons; every layer needs at least 1.");
            }
        }

        bool prelu = Options.HiddenActivation == Activation.Prelu || Options.OutputActivation == Activation.Prelu;
        Limits.ThrowIfTooLarge(
            MinimumParameterCount(inputs, layerSizes) * (maxout ? Options.MaxoutPieces : 1) + (prelu ? layerSizes.Sum(n => (long)n) : 0),
            $"The parameters of MLP({inputs}, [{string.Join(", ", layerSizes)}])",
            nameof(layerSizes));

        var random = new Random(Options.Seed);
        InputCount = inputs;
        LayerSizes = layerSizes.ToArray();
        _layers = new Layer[layerSizes.Count];
        int fanIn = inputs;
        for (int i = 0; i < _layers.Length; i++)
        {
            bool last = i == _layers.Length - 1;
            _layers[i] = new Layer(fanIn, layerSizes[i], last ? Options.OutputActivation : Options.HiddenActivation, Options.Initialization, random, Options.MaxoutPieces);
            foreach (Value parameter in _layers[i].Parameters)
            {
                parameter.Label = $"layer{i + 1}.{parameter.Label}"; // layer1.neuron3.w2, as "layer 1" in diagrams
            }

            fanIn = layerSizes[i];
        }

        _norms = Options.BatchNorm ? layerSizes.Take(layerSizes.Count - 1).Select(n => new BatchNorm(n)).ToArray() : [];
        for (int i = 0; i < _norms.Length; i++)
        {
            foreach (Value parameter in _norms[i].Parameters)
            {
                parameter.Label = $"batchnorm{i + 1}.{parameter.Label}"; // batchnorm1.gamma3 normalises layer 1
            }
        }

        // Its own stream (seed + 2), apart from the weights' and a trainer's batches' (seed + 1).
        _dropout = Options.Dropout > 0 ? new Dropout(Options.Dropout, Options.Seed + 2) : null;

        // The layers' parameters first, so a network's weights sit at the same places with or without batch norm.
        _parameters = [.. _layers.SelectMany(l => l.Parameters), .. _norms.SelectMany(n => n.Parameters)];
    }

    /// <summary>
    /// Weights and biases of a network of this shape (a PReLU adds a slope per neuron), counted layer
    /// by layer without building it, stopping once past <paramref name="stopAbove"/>: the count that
    /// guards both this constructor and <see cref="ModelFile.Load"/> against <see cref="Limits.MaxElements"/>.
    /// </summary>
    internal static long MinimumParameterCount(int inputs, IReadOnlyList<int> layerSizes, long stopAbove = Limits.MaxElements)
    {
        long count = 0;
        long fanIn = inputs;
        foreach (int size in layerSizes)
        {
            count += (fanIn + 1) * size;
            fanIn = size;
            if (count > stopAbove)
            {
                break;
            }
        }

        return count;
    }

    /// <summary>Inputs to the first layer.</summary>
    public int InputCount { get; }

    /// <summary>Neurons per layer.</summary>
    public IReadOnlyList<int> LayerSizes { get; }

    /// <summary>The options it was built with.</summary>
    public MlpOptions Options { get; }

    /// <summary>The layers, first to last.</summary>
    public IReadOnlyList<Layer> Layers => _layers;

    /// <summary>The batch normalisation after each hidden layer (<see cref="MlpOptions.BatchNorm"/>), first to last; empty without it.</summary>
    public IReadOnlyList<BatchNorm> BatchNorms => _norms;

    /// <summary>
    /// True while training: dropout drops and batch norm uses (and updates) each batch's statistics.
    /// False to predict: every unit on, batch norm with its running statistics. True at first; it
    /// matters only with <see cref="MlpOptions.BatchNorm"/> or <see cref="MlpOptions.Dropout"/>.
    /// </summary>
    public bool Training
    {
        get => _training;
        set
        {
            _training = value;
            foreach (BatchNorm norm in _norms)
            {
                norm.Training = value;
            }

            if (_dropout is not null)
            {
                _dropout.Training = value;
            }
        }
    }

    private bool _training = true;

    /// <summary>
    /// Whether a graph of this network would differ from step to step while <see cref="Training"/>
    /// (a new dropout mask, new batch statistics), so it must be built afresh instead of replayed.
    /// </summary>
    public bool ChangesEveryStep => _norms.Length > 0 || _dropout is not null;

    /// <summary>
    /// The outputs of the last layer for the given inputs. Called inside a <see cref="Scope"/> (for a
    /// diagram), it builds each layer inside a nested scope "layer k" and each neuron inside
    /// "neuron j", so the picture reads layer by layer; outside any scope it opens none, so plain
    /// training pays nothing for them.
    /// </summary>
    /// <param name="inputs">As many values as <see cref="InputCount"/>, none null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="inputs"/> is null.</exception>
    /// <exception cref="ArgumentException">The number of inputs is wrong, or an input is null (the message gives the index).</exception>
    /// <exception cref="InvalidOperationException">The network has batch norm and is <see cref="Training"/>: one example has no batch statistics.</exception>
    public Value[] Forward(IReadOnlyList<Value> inputs)
    {
        Checks.ThrowIfNullOrHasNull(inputs, nameof(inputs));
        if (inputs.Count != InputCount)
        {
            throw new ArgumentException($"Mlp expects {InputCount} inputs but got {inputs.Count}.", nameof(inputs));
        }

        if (_norms.Length > 0)
        {
            if (Training)
            {
                throw new InvalidOperationException($"{this} normalises over a batch while training: call ForwardBatch, or set Training to false to predict one example.");
            }

            return ForwardBatch([inputs])[0];
        }

        bool scoped = Scope.Current is not null;
        Value[]? activations = null; // after the first layer, arrays made here that no one else sees: each layer's nodes keep them
        for (int i = 0; i < _layers.Length; i++)
        {
            using Scope? scope = scoped ? Scope.Enter($"layer {i + 1}") : null;
            activations = activations is null ? _layers[i].Forward(inputs) : _layers[i].ForwardKept(activations);
            if (_dropout is not null && i < _layers.Length - 1)
            {
                activations = _dropout.Forward(activations); // passes through when not training
            }
        }

        return activations!;
    }

    /// <summary>
    /// The outputs for every example of a batch. With <see cref="MlpOptions.BatchNorm"/> each hidden
    /// layer's weighted sums are normalised over the batch before the nonlinearity (while
    /// <see cref="Training"/>: with the batch's statistics, which it also folds into the running ones);
    /// without, it is <see cref="Forward(IReadOnlyList{Value})"/> of each example in turn.
    /// </summary>
    /// <param name="batch">Examples, each of <see cref="InputCount"/> values, none null; with batch norm in training at least 2.</param>
    /// <exception cref="ArgumentNullException"><paramref name="batch"/> is null.</exception>
    /// <exception cref="ArgumentException">An example is null or has the wrong number of inputs, or a training batch for batch norm has fewer than 2.</exception>
    public Value[][] ForwardBatch(IReadOnlyList<IReadOnlyList<Value>> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        for (int n = 0; n < batch.Count; n++)
        {
            IReadOnlyList<Value> example = batch[n] ?? throw new ArgumentException($"Example {n} of 'batch' is null; expected {InputCount} values.", nameof(batch));
            Checks.ThrowIfNullOrHasNull(example, nameof(batch));
            if (example.Count != InputCount)
            {
                throw new ArgumentException($"Example {n} of 'batch' has {example.Count} inputs; {this} expects {InputCount}.", nameof(batch));
            }
        }

        if (_norms.Length == 0)
        {
            return batch.Select(Forward).ToArray();
        }

        // Affine → BatchNorm → activation (→ dropout), layer by layer over the whole batch.
        IReadOnlyList<IReadOnlyList<Value>> activations = batch;
        for (int i = 0; i < _layers.Length; i++)
        {
            Layer layer = _layers[i];
            if (i == _layers.Length - 1)
            {
                return activations.Select(layer.Forward).ToArray();
            }

            Value[][] normalised = _norms[i].Forward(activations.Select(layer.WeightedSums).ToArray());
            activations = normalised.Select(sums =>
            {
                Value[] units = layer.Activate(sums);
                return _dropout is null ? units : _dropout.Forward(units);
            }).ToArray();
        }

        throw new System.Diagnostics.UnreachableException("An Mlp has at least one layer.");
    }

    /// <summary>The outputs for plain numbers (each becomes a constant leaf).</summary>
    /// <param name="inputs">As many numbers as <see cref="InputCount"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="inputs"/> is null.</exception>
    /// <exception cref="ArgumentException">The number of inputs is wrong.</exception>
    public Value[] Forward(IReadOnlyList<double> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return Forward(inputs.Select(x => new Value(x)).ToArray());
    }

    /// <summary>
    /// Layer by layer, neuron by neuron: weights, then bias (micrograd's order), each labelled with its
    /// qualified name, as <c>layer1.neuron3.w2</c> or <c>layer2.neuron0.b</c> (layers from 1, neurons and weights from 0);
    /// then, with batch norm, each hidden layer's γ and β, as <c>batchnorm1.gamma3</c>.
    /// </summary>
    public override IReadOnlyList<Value> Parameters => _parameters;

    /// <summary>The architecture, as <c>MLP(2, [16, 16, 1], relu)</c>, <c>MLP(2, [8, 1], maxout of 3 pieces)</c>, or <c>MLP(64, [16, 10], tanh, batch norm, dropout 0.3)</c>.</summary>
    public override string ToString() =>
        $"MLP({InputCount}, [{string.Join(", ", LayerSizes)}], {ActivationNames.NameOf(Options.HiddenActivation)}" +
        (Options.HiddenActivation == Activation.Maxout ? $" of {Options.MaxoutPieces} pieces" : "") +
        (Options.BatchNorm ? ", batch norm" : "") +
        (Options.Dropout > 0 ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $", dropout {Options.Dropout}") : "") + ")";
}
