namespace AutoGrad.Nn;

/// <summary>
/// One neuron: activation(w · x + b). The weighted sum is a single <see cref="Value.Dot"/> node plus
/// the bias, not 2n binary nodes. A maxout neuron has k such sums, its pieces, and outputs their
/// largest: max(w₁ · x + b₁, …, wₖ · x + bₖ).
/// </summary>
public sealed class Neuron : Module
{
    /// <summary>The most pieces a maxout neuron may have.</summary>
    public const int MaxMaxoutPieces = 16;

    private readonly Value[] _weights;
    private readonly Value _bias;
    private readonly (Value[] Weights, Value Bias)[] _otherPieces; // maxout's pieces after the first; empty otherwise
    private readonly Value? _preluSlope;
    private readonly Value[] _parameters;

    /// <summary>Creates a neuron with weights drawn from <paramref name="random"/>.</summary>
    /// <param name="inputs">How many inputs it takes; at least 1.</param>
    /// <param name="activation">Its nonlinearity; a named <see cref="Nn.Activation"/>.</param>
    /// <param name="weightLimit">Weights are uniform in (−limit, limit); finite and greater than 0.</param>
    /// <param name="random">The seeded source of the weights.</param>
    /// <param name="maxoutPieces">For <see cref="Activation.Maxout"/>, its k pieces, 2 to <see cref="MaxMaxoutPieces"/> (2 by default); ignored by the other activations.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="inputs"/> is less than 1 or more than <see cref="Limits.MaxElements"/>, <paramref name="activation"/> is not a named member,
    /// <paramref name="weightLimit"/> is not finite and greater than 0, or a maxout neuron's <paramref name="maxoutPieces"/> is outside 2 to <see cref="MaxMaxoutPieces"/>.
    /// </exception>
    /// <exception cref="ArgumentNullException"><paramref name="random"/> is null.</exception>
    public Neuron(int inputs, Activation activation, double weightLimit, Random random, int maxoutPieces = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        Checks.ThrowIfUndefined(activation, nameof(activation));
        int pieces = activation == Activation.Maxout ? maxoutPieces : 1;
        if (activation == Activation.Maxout && maxoutPieces is < 2 or > MaxMaxoutPieces)
        {
            throw new ArgumentOutOfRangeException(nameof(maxoutPieces), maxoutPieces, $"A maxout neuron has 2 to {MaxMaxoutPieces} pieces; got {maxoutPieces}.");
        }

        Limits.ThrowIfTooLarge((inputs + 1L) * pieces, $"The parameters of a neuron with {inputs} inputs", nameof(inputs));
        Checks.ThrowIfNotFinitePositive(weightLimit, nameof(weightLimit));
        ArgumentNullException.ThrowIfNull(random);
        Activation = activation;
        string prefix = pieces > 1 ? "piece0." : ""; // a maxout neuron's weights say which piece they belong to
        _weights = new Value[inputs];
        for (int i = 0; i < inputs; i++)
        {
            _weights[i] = new Value(weightLimit * (2 * random.NextDouble() - 1), $"{prefix}w{i}");
        }

        _bias = new Value(0, $"{prefix}b");
        _otherPieces = new (Value[], Value)[pieces - 1];
        for (int p = 1; p < pieces; p++)
        {
            var weights = new Value[inputs];
            for (int i = 0; i < inputs; i++)
            {
                weights[i] = new Value(weightLimit * (2 * random.NextDouble() - 1), $"piece{p}.w{i}");
            }

            _otherPieces[p - 1] = (weights, new Value(0, $"piece{p}.b"));
        }

        _preluSlope = activation == Activation.Prelu ? new Value(0.25, "slope") : null;
        _parameters = [.. _weights, _bias, .. _otherPieces.SelectMany(piece => piece.Weights.Append(piece.Bias)), .. _preluSlope is null ? [] : new[] { _preluSlope }];
    }

    /// <summary>Linear pieces: k for maxout, else 1.</summary>
    public int PieceCount => _otherPieces.Length + 1;

    /// <summary>The nonlinearity.</summary>
    public Activation Activation { get; }

    /// <summary>How many inputs the neuron takes.</summary>
    public int InputCount => _weights.Length;

    /// <summary>
    /// activation(w · x + b): <see cref="Activate"/> of <see cref="WeightedSum"/>; for maxout the
    /// largest piece, max(w₁ · x + b₁, …, wₖ · x + bₖ) (<see cref="Functions.Maxout"/>), whose gradient
    /// flows to the largest piece's weights alone.
    /// </summary>
    /// <param name="inputs">As many values as <see cref="InputCount"/>, none null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="inputs"/> is null.</exception>
    /// <exception cref="ArgumentException">The number of inputs is wrong, or an input is null (the message gives the index).</exception>
    public Value Forward(IReadOnlyList<Value> inputs) =>
        _otherPieces.Length == 0 ? Activate(WeightedSum(inputs)) : ForwardMaxout(inputs);

    /// <summary>
    /// <see cref="Forward"/> over inputs its layer has checked (as many as <see cref="InputCount"/>, none
    /// null) and keeps unchanged while the graph lives: the Dot node keeps the weights and
    /// <paramref name="inputs"/> as they are instead of copying both into an array of its own.
    /// </summary>
    /// <param name="inputs">The inputs, kept by the Dot node.</param>
    /// <param name="inputsAreNodes">No input is a leaf (a hidden layer's outputs), which lets a backward walk send to weights and inputs in one loop.</param>
    internal Value ForwardKept(Value[] inputs, bool inputsAreNodes = false) =>
        _otherPieces.Length == 0 ? ApplyActivation(Value.DotOfKept(_weights, inputs, aAreLeaves: true, bHasNoLeaves: inputsAreNodes) + _bias) : ForwardMaxout(inputs);

    // Apart from Forward, so the closure below is made only for maxout (a lambda's captures are
    // allocated on entry to the method that holds it, whichever branch runs).
    private Value ForwardMaxout(IReadOnlyList<Value> inputs)
    {
        Value first = Sum(_weights, _bias, inputs);
        return Functions.Maxout([first, .. _otherPieces.Select(piece => Value.Dot(piece.Weights, inputs) + piece.Bias)]);
    }

    /// <summary>
    /// The weighted sum w · x + b before the nonlinearity: what batch normalisation normalises
    /// (Affine → BatchNorm → activation).
    /// </summary>
    /// <param name="inputs">As many values as <see cref="InputCount"/>, none null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="inputs"/> is null.</exception>
    /// <exception cref="ArgumentException">The number of inputs is wrong, or an input is null (the message gives the index).</exception>
    /// <exception cref="InvalidOperationException">The neuron is maxout, which has a sum per piece.</exception>
    public Value WeightedSum(IReadOnlyList<Value> inputs)
    {
        ThrowIfMaxout();
        return Sum(_weights, _bias, inputs);
    }

    private Value Sum(Value[] weights, Value bias, IReadOnlyList<Value> inputs)
    {
        Checks.ThrowIfNullOrHasNull(inputs, nameof(inputs));
        if (inputs.Count != _weights.Length)
        {
            throw new ArgumentException($"Neuron expects {_weights.Length} inputs but got {inputs.Count}.", nameof(inputs));
        }

        return Value.Dot(weights, inputs) + bias;
    }

    private void ThrowIfMaxout()
    {
        if (_otherPieces.Length > 0)
        {
            throw new InvalidOperationException($"A maxout neuron has {PieceCount} weighted sums, one per piece, and no single one to normalise or activate: call Forward.");
        }
    }

    /// <summary>The neuron's nonlinearity applied to a weighted sum (with its own slope for PReLU).</summary>
    /// <param name="sum">The weighted sum, or its batch-normalised form.</param>
    /// <exception cref="ArgumentNullException"><paramref name="sum"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The neuron is maxout, whose nonlinearity reads all its pieces' sums.</exception>
    public Value Activate(Value sum)
    {
        ArgumentNullException.ThrowIfNull(sum);
        ThrowIfMaxout();
        return ApplyActivation(sum);
    }

    /// <summary><see cref="Activate"/> for a sum this neuron made itself (not null, the neuron not maxout): no checks on a path run per neuron per point.</summary>
    private Value ApplyActivation(Value sum)
    {
        return Activation switch
        {
            Activation.Linear => sum,
            Activation.Tanh => sum.Tanh(),
            Activation.Sigmoid => sum.Sigmoid(),
            Activation.Relu => sum.Relu(),
            Activation.LeakyRelu => sum.LeakyRelu(),
            Activation.Prelu => sum.Prelu(_preluSlope!),
            Activation.Elu => sum.Elu(),
            Activation.Maxout => throw new System.Diagnostics.UnreachableException("Maxout reads its pieces, not one sum."),
            _ => throw new System.Diagnostics.UnreachableException($"Activation {Activation} has no rule."), // the constructor refuses undefined values
        };
    }

    /// <summary>The weights, then the bias (for maxout, piece by piece), then the PReLU slope if there is one.</summary>
    public override IReadOnlyList<Value> Parameters => _parameters;
}
