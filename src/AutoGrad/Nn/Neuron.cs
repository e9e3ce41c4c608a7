namespace AutoGrad.Nn;

/// <summary>
/// One neuron: activation(w · x + b). The weighted sum is a single <see cref="Value.Dot"/> node plus
/// the bias, not 2n binary nodes.
/// </summary>
public sealed class Neuron : Module
{
    private readonly Value[] _weights;
    private readonly Value _bias;
    private readonly Value? _preluSlope;
    private readonly Value[] _parameters;

    /// <summary>Creates a neuron with weights drawn from <paramref name="random"/>.</summary>
    /// <param name="inputs">How many inputs it takes; at least 1.</param>
    /// <param name="activation">Its nonlinearity; a named <see cref="Nn.Activation"/>.</param>
    /// <param name="weightLimit">Weights are uniform in (−limit, limit); finite and greater than 0.</param>
    /// <param name="random">The seeded source of the weights.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="inputs"/> is less than 1 or more than <see cref="Limits.MaxElements"/>, <paramref name="activation"/> is not a named member,
    /// or <paramref name="weightLimit"/> is not finite and greater than 0.
    /// </exception>
    /// <exception cref="ArgumentNullException"><paramref name="random"/> is null.</exception>
    public Neuron(int inputs, Activation activation, double weightLimit, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        Limits.ThrowIfTooLarge(inputs + 1L, $"The parameters of a neuron with {inputs} inputs", nameof(inputs));
        Checks.ThrowIfUndefined(activation, nameof(activation));
        Checks.ThrowIfNotFinitePositive(weightLimit, nameof(weightLimit));
        ArgumentNullException.ThrowIfNull(random);
        Activation = activation;
        _weights = new Value[inputs];
        for (int i = 0; i < inputs; i++)
        {
            _weights[i] = new Value(weightLimit * (2 * random.NextDouble() - 1), $"w{i}");
        }

        _bias = new Value(0, "b");
        _preluSlope = activation == Activation.Prelu ? new Value(0.25, "slope") : null;
        _parameters = _preluSlope is null ? [.. _weights, _bias] : [.. _weights, _bias, _preluSlope];
    }

    /// <summary>The nonlinearity.</summary>
    public Activation Activation { get; }

    /// <summary>How many inputs the neuron takes.</summary>
    public int InputCount => _weights.Length;

    /// <summary>activation(w · x + b).</summary>
    /// <param name="inputs">As many values as <see cref="InputCount"/>, none null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="inputs"/> is null.</exception>
    /// <exception cref="ArgumentException">The number of inputs is wrong, or an input is null (the message gives the index).</exception>
    public Value Forward(IReadOnlyList<Value> inputs)
    {
        Checks.ThrowIfNullOrHasNull(inputs, nameof(inputs));
        if (inputs.Count != _weights.Length)
        {
            throw new ArgumentException($"Neuron expects {_weights.Length} inputs but got {inputs.Count}.", nameof(inputs));
        }

        Value sum = Value.Dot(_weights, inputs) + _bias;
        return Activation switch
        {
            Activation.Linear => sum,
            Activation.Tanh => sum.Tanh(),
            Activation.Sigmoid => sum.Sigmoid(),
            Activation.Relu => sum.Relu(),
            Activation.LeakyRelu => sum.LeakyRelu(),
            Activation.Prelu => sum.Prelu(_preluSlope!),
            Activation.Elu => sum.Elu(),
            _ => throw new System.Diagnostics.UnreachableException($"Activation {Activation} has no rule."), // the constructor refuses undefined values
        };
    }

    /// <summary>The weights, then the bias, then the PReLU slope if there is one.</summary>
    public override IReadOnlyList<Value> Parameters => _parameters;
}
