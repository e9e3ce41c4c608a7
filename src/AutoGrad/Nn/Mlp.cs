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
    private readonly Value[] _parameters;

    /// <summary>Creates the network.</summary>
    /// <param name="inputs">Inputs to the first layer; at least 1.</param>
    /// <param name="layerSizes">Neurons in each layer, the last being the outputs; at least one layer, each at least 1.</param>
    /// <param name="options">Activations and initialisation (each a named enum member), and seed; micrograd's defaults if null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="layerSizes"/> is null.</exception>
    /// <exception cref="ArgumentException">A size is less than 1 or there are no layers; the message names which.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// An option holds an enum value that is not a named member (the message names the option), or the
    /// network would have more than <see cref="Limits.MaxElements"/> parameters.
    /// </exception>
    public Mlp(int inputs, IReadOnlyList<int> layerSizes, MlpOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(layerSizes);
        Options = options ?? new MlpOptions();
        Checks.ThrowIfUndefined(Options.HiddenActivation, nameof(options), nameof(MlpOptions.HiddenActivation));
        Checks.ThrowIfUndefined(Options.OutputActivation, nameof(options), nameof(MlpOptions.OutputActivation));
        Checks.ThrowIfUndefined(Options.Initialization, nameof(options), nameof(MlpOptions.Initialization));
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
            MinimumParameterCount(inputs, layerSizes) + (prelu ? layerSizes.Sum(n => (long)n) : 0),
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
            _layers[i] = new Layer(fanIn, layerSizes[i], last ? Options.OutputActivation : Options.HiddenActivation, Options.Initialization, random);
            foreach (Value parameter in _layers[i].Parameters)
            {
                parameter.Label = $"layer{i + 1}.{parameter.Label}"; // layer1.neuron3.w2, as "layer 1" in diagrams
            }

            fanIn = layerSizes[i];
        }

        _parameters = _layers.SelectMany(l => l.Parameters).ToArray();
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

    /// <summary>
    /// The outputs of the last layer for the given inputs. Called inside a <see cref="Scope"/> (for a
    /// diagram), it builds each layer inside a nested scope "layer k" and each neuron inside
    /// "neuron j", so the picture reads layer by layer; outside any scope it opens none, so plain
    /// training pays nothing for them.
    /// </summary>
    /// <param name="inputs">As many values as <see cref="InputCount"/>, none null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="inputs"/> is null.</exception>
    /// <exception cref="ArgumentException">The number of inputs is wrong, or an input is null (the message gives the index).</exception>
    public Value[] Forward(IReadOnlyList<Value> inputs)
    {
        Checks.ThrowIfNullOrHasNull(inputs, nameof(inputs));
        if (inputs.Count != InputCount)
        {
            throw new ArgumentException($"Mlp expects {InputCount} inputs but got {inputs.Count}.", nameof(inputs));
        }

        bool scoped = Scope.Current is not null;
        IReadOnlyList<Value> activations = inputs;
        for (int i = 0; i < _layers.Length; i++)
        {
            using Scope? scope = scoped ? Scope.Enter($"layer {i + 1}") : null;
            activations = _layers[i].Forward(activations);
        }

        return (Value[])activations;
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
    /// qualified name, as <c>layer1.neuron3.w2</c> or <c>layer2.neuron0.b</c> (layers from 1, neurons and weights from 0).
    /// </summary>
    public override IReadOnlyList<Value> Parameters => _parameters;

    /// <summary>The architecture, as <c>MLP(2, [16, 16, 1], relu)</c>.</summary>
    public override string ToString() =>
        $"MLP({InputCount}, [{string.Join(", ", LayerSizes)}], {ActivationNames.NameOf(Options.HiddenActivation)})";
}
