namespace AutoGrad.Nn;

/// <summary>
/// Batch normalisation over a mini-batch: each feature is normalised by the batch's mean and
/// (biased) variance, x̂ = (x − μ) / √(σ² + ε), then scaled and shifted by learned γ and β. It keeps
/// running averages of μ and σ² for evaluation, when the batch statistics are not used.
/// </summary>
public sealed class BatchNorm : Module
{
    private readonly Value[] _gamma;
    private readonly Value[] _beta;
    private readonly double[] _runningMean;
    private readonly double[] _runningVariance;
    private readonly Value[] _parameters;

    /// <summary>Creates the layer with γ = 1, β = 0, running mean 0 and running variance 1.</summary>
    /// <param name="features">Values per example; at least 1.</param>
    /// <param name="momentum">How fast running statistics follow the batches, in [0, 1] (PyTorch's 0.1; 0 freezes them).</param>
    /// <param name="epsilon">Added to the variance so a constant feature does not divide by 0; finite and greater than 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="features"/> is less than 1 or needs more than <see cref="Limits.MaxElements"/> parameters, <paramref name="momentum"/> is outside [0, 1] or NaN,
    /// or <paramref name="epsilon"/> is not finite and greater than 0.
    /// </exception>
    public BatchNorm(int features, double momentum = 0.1, double epsilon = 1e-5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        Limits.ThrowIfTooLarge(2L * features, $"The parameters of BatchNorm over {features} features", nameof(features));
        Checks.ThrowIfOutside(momentum, 0, 1, nameof(momentum));
        Checks.ThrowIfNotFinitePositive(epsilon, nameof(epsilon));
        _gamma = Enumerable.Range(0, features).Select(i => new Value(1, $"gamma{i}")).ToArray();
        _beta = Enumerable.Range(0, features).Select(i => new Value(0, $"beta{i}")).ToArray();
        _runningMean = new double[features];
        _runningVariance = Enumerable.Repeat(1.0, features).ToArray();
        _parameters = [.. _gamma, .. _beta];
        Momentum = momentum;
        Epsilon = epsilon;
    }

    /// <summary>How fast running statistics follow the batches.</summary>
    public double Momentum { get; }

    /// <summary>Added to the variance before the square root.</summary>
    public double Epsilon { get; }

    /// <summary>True while training (batch statistics), false in evaluation (running statistics). True at first.</summary>
    public bool Training { get; set; } = true;

    /// <summary>The running means, per feature.</summary>
    public IReadOnlyList<double> RunningMean => _runningMean;

    /// <summary>The running variances, per feature.</summary>
    public IReadOnlyList<double> RunningVariance => _runningVariance;

    /// <summary>Restores running statistics saved with a model (<see cref="ModelFile"/>); the caller has checked their count and values.</summary>
    internal void RestoreRunningStatistics(ReadOnlySpan<double> means, ReadOnlySpan<double> variances)
    {
        means.CopyTo(_runningMean);
        variances.CopyTo(_runningVariance);
    }

    /// <summary>
    /// Normalises a batch; in training also updates the running statistics. Those statistics live
    /// outside the graph, so its output cannot be compiled (<see cref="Compilation.CompiledGraph.Compile(Value)"/>
    /// refuses it, naming the node): build the graph afresh each step.
    /// </summary>
    /// <param name="batch">Examples, each with one non-null value per feature; in training at least 2 (a variance needs them).</param>
    /// <exception cref="ArgumentNullException"><paramref name="batch"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// An example or one of its values is null (the message gives the indices), an example has the
    /// wrong number of features, or a training batch has fewer than 2 examples.
    /// </exception>
    public Value[][] Forward(IReadOnlyList<IReadOnlyList<Value>> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        int features = _gamma.Length;
        for (int n = 0; n < batch.Count; n++)
        {
            IReadOnlyList<Value> example = batch[n]
                ?? throw new ArgumentException($"Example {n} of 'batch' is null; expected a list of {features} values.", nameof(batch));
            if (example.Count != features)
            {
                throw new ArgumentException($"Example {n} has {example.Count} features; BatchNorm expects {features}.", nameof(batch));
            }

            for (int f = 0; f < features; f++)
            {
                if (example[f] is null)
                {
                    throw new ArgumentException($"Item {f} of example {n} of 'batch' is null; expected a Value.", nameof(batch));
                }
            }
        }

        if (Training && batch.Count < 2)
        {
            throw new ArgumentException($"A training batch needs at least 2 examples to have a variance; got {batch.Count}.", nameof(batch));
        }

        var output = batch.Select(_ => new Value[features]).ToArray();
        for (int f = 0; f < features; f++)
        {
            Value[] column = batch.Select(example => example[f]).ToArray();
            Value mean;
            Value variance;
            // Marked so a compiled replay is refused (see CompiledGraph.Compile): in training the
            // running statistics are updated here, outside the graph, which a replay would skip; in
            // evaluation they are read here as constants, which a replay would keep when they change.
            if (Training)
            {
                mean = (Value.Sum(column) / column.Length).RefuseReplay(
                    $"is the batch mean of feature {f} of a BatchNorm in training mode, whose running statistics each forward pass updates outside the graph.");
                variance = Value.Sum(column.Select(x => (x - mean).Pow(2))) / column.Length;
                _runningMean[f] = (1 - Momentum) * _runningMean[f] + Momentum * mean.Data;
                _runningVariance[f] = (1 - Momentum) * _runningVariance[f] + Momentum * variance.Data;
            }
            else
            {
                string reason = $"is the running mean of feature {f} of a BatchNorm in evaluation mode, read when the graph was built.";
                mean = Value.Constant(_runningMean[f]).RefuseReplay(reason);
                variance = _runningVariance[f];
            }

            Value scale = _gamma[f] / (variance + Epsilon).Sqrt();
            for (int n = 0; n < column.Length; n++)
            {
                output[n][f] = (column[n] - mean) * scale + _beta[f];
            }
        }

        return output;
    }

    /// <summary>γ for every feature, then β for every feature.</summary>
    public override IReadOnlyList<Value> Parameters => _parameters;
}
