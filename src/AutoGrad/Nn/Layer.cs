
namespace AutoGrad.Nn;

/// <summary>A fully connected layer: several neurons reading the same inputs.</summary>
public sealed class Layer : Module
{
    private readonly Neuron[] _neurons;
    private readonly Value[] _parameters;

    /// <summary>Creates a layer of <paramref name="outputs"/> neurons with <paramref name="inputs"/> inputs each.</summary>
    /// <param name="inputs">Inputs per neuron; at least 1.</param>
    /// <param name="outputs">Neurons; at least 1.</param>
    /// <param name="activation">Every neuron's nonlinearity; a named <see cref="Nn.Activation"/>.</param>
    /// <param name="initialization">How the weights are drawn; a named <see cref="Initialization"/>.</param>
    /// <param name="random">The seeded source of the weights.</param>
    /// <param name="maxoutPieces">For <see cref="Activation.Maxout"/>, each neuron's k pieces, 2 to <see cref="Neuron.MaxMaxoutPieces"/>; ignored otherwise.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A size is less than 1, the layer would have more than <see cref="Limits.MaxElements"/> parameters, an enum value is not a named member,
    /// or a maxout layer's <paramref name="maxoutPieces"/> is outside 2 to <see cref="Neuron.MaxMaxoutPieces"/>.
    /// </exception>
    /// <exception cref="ArgumentNullException"><paramref name="random"/> is null.</exception>
    public Layer(int inputs, int outputs, Activation activation, Initialization initialization, Random random, int maxoutPieces = 2)
    {
        if (inputs < 1 || outputs < 1)
        {
            throw new ArgumentOutOfRangeException(
                inputs < 1 ? nameof(inputs) : nameof(outputs), $"A layer needs at least 1 input and 1 output, but got {inputs} inputs and {outputs} outputs.");
        }

        Checks.ThrowIfUndefined(initialization, nameof(initialization));
        Limits.ThrowIfTooLarge(((long)inputs + 1) * outputs * (activation == Activation.Maxout ? Math.Clamp(maxoutPieces, 1, Neuron.MaxMaxoutPieces) : 1), $"The parameters of a layer of {outputs} neurons with {inputs} inputs each", nameof(outputs));
        double limit = initialization switch
        {
            Initialization.Uniform => 1.0,
            Initialization.Xavier => Math.Sqrt(6.0 / (inputs + outputs)),
            Initialization.He => Math.Sqrt(6.0 / inputs),
            _ => throw new System.Diagnostics.UnreachableException($"Initialization {initialization} has no weight limit."),
        };
        _neurons = new Neuron[outputs];
        for (int j = 0; j < outputs; j++)
        {
            _neurons[j] = new Neuron(inputs, activation, limit, random, maxoutPieces);
            foreach (Value parameter in _neurons[j].Parameters)
            {
                parameter.Label = $"neuron{j}.{parameter.Label}"; // qualified: reports and diagrams say which neuron
            }
        }

        _parameters = _neurons.SelectMany(n => n.Parameters).ToArray();
    }

    /// <summary>Inputs per neuron.</summary>
    public int InputCount => _neurons[0].InputCount;

    /// <summary>Neurons, so outputs.</summary>
    public int OutputCount => _neurons.Length;

    /// <summary>The neurons' nonlinearity.</summary>
    public Activation Activation => _neurons[0].Activation;

    /// <summary>
    /// Every neuron's output for the same inputs. Called inside a <see cref="Scope"/> (for a
    /// diagram), it builds each neuron inside a nested scope "neuron j"; outside any scope it opens none.
    /// </summary>
    /// <param name="inputs">As many values as <see cref="InputCount"/>, none null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="inputs"/> is null.</exception>
    /// <exception cref="ArgumentException">The number of inputs is wrong, or an input is null (the message gives the index).</exception>
    public Value[] Forward(IReadOnlyList<Value> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);

        // One copy the neurons' Dot nodes share, made before the checks and checked itself: the caller
        // may change its own list afterwards, and a list whose enumeration disagrees with its Count and
        // indexer must not slip items past the checks.
        Value[] kept = inputs is Value[] array ? (Value[])array.Clone() : [.. inputs];
        Checks.ThrowIfNullOrHasNull(kept, nameof(inputs));
        if (kept.Length != InputCount)
        {
            throw new ArgumentException($"Layer expects {InputCount} inputs but got {kept.Length}.", nameof(inputs));
        }

        return ForwardKept(kept);
    }

    /// <summary>
    /// <see cref="Forward"/> over inputs checked already (as many as <see cref="InputCount"/>, none null)
    /// that no one changes while the graph lives (an array the caller made for this graph): every
    /// neuron's Dot node keeps <paramref name="inputs"/> itself rather than a copy.
    /// </summary>
    internal Value[] ForwardKept(Value[] inputs)
    {
        bool scoped = Scope.Current is not null;
        bool inputsAreNodes = true; // looked at once for all the neurons
        foreach (Value input in inputs)
        {
            inputsAreNodes &= !input.IsLeaf;
        }

        var outputs = new Value[_neurons.Length];
        for (int j = 0; j < outputs.Length; j++)
        {
            using Scope? scope = scoped ? Scope.Enter($"neuron {j}") : null;
            outputs[j] = _neurons[j].ForwardKept(inputs, inputsAreNodes);
        }

        return outputs;
    }

    /// <summary>Every neuron's weighted sum w · x + b, before the nonlinearity (see <see cref="Activate"/>).</summary>
    /// <param name="inputs">As many values as <see cref="InputCount"/>, none null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="inputs"/> is null.</exception>
    /// <exception cref="ArgumentException">The number of inputs is wrong, or an input is null (the message gives the index).</exception>
    public Value[] WeightedSums(IReadOnlyList<Value> inputs)
    {
        Checks.ThrowIfNullOrHasNull(inputs, nameof(inputs));
        if (inputs.Count != InputCount)
        {
            throw new ArgumentException($"Layer expects {InputCount} inputs but got {inputs.Count}.", nameof(inputs));
        }

        return _neurons.Select(n => n.WeightedSum(inputs)).ToArray();
    }

    /// <summary>Each neuron's nonlinearity applied to its own entry of <paramref name="sums"/>.</summary>
    /// <param name="sums">One value per neuron, none null (the weighted sums, or their batch-normalised form).</param>
    /// <exception cref="ArgumentNullException"><paramref name="sums"/> is null.</exception>
    /// <exception cref="ArgumentException">There is not one value per neuron, or a value is null.</exception>
    public Value[] Activate(IReadOnlyList<Value> sums)
    {
        Checks.ThrowIfNullOrHasNull(sums, nameof(sums));
        if (sums.Count != _neurons.Length)
        {
            throw new ArgumentException($"Layer has {_neurons.Length} neurons but got {sums.Count} sums.", nameof(sums));
        }

        return _neurons.Select((n, j) => n.Activate(sums[j])).ToArray();
    }

    /// <summary>Each neuron's parameters, neuron by neuron.</summary>
    public override IReadOnlyList<Value> Parameters => _parameters;
}
