namespace AutoGrad.Optim;

/// <summary>
/// Updates parameters from their gradients. A training step is: build the loss, <see cref="ZeroGrad"/>,
/// <see cref="Value.Backward"/>, <see cref="Step"/>.
/// </summary>
public abstract class Optimizer
{
    private readonly Value[] _parameters;

    /// <summary>Creates the optimizer for a fixed list of parameters.</summary>
    /// <param name="parameters">The values to update, for example <c>model.Parameters</c>.</param>
    /// <param name="learningRate">The base learning rate; positive.</param>
    /// <param name="schedule">How the rate changes with the step; constant if null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// A parameter is null, or one value is listed twice (it would be updated twice per step); the
    /// message gives the indices.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is not positive and finite.</exception>
    protected Optimizer(IEnumerable<Value> parameters, double learningRate, LearningRateSchedule? schedule)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(learningRate > 0) || !double.IsFinite(learningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "Expected a positive, finite learning rate.");
        }

        _parameters = parameters.ToArray();
        var seen = new Dictionary<Value, int>(_parameters.Length, ReferenceEqualityComparer.Instance);
        for (int i = 0; i < _parameters.Length; i++)
        {
            Value parameter = _parameters[i]
                ?? throw new ArgumentException($"Parameter {i} of 'parameters' is null; expected a Value.", nameof(parameters));
            if (!seen.TryAdd(parameter, i))
            {
                throw new ArgumentException(
                    $"Parameter {i} of 'parameters' ({parameter}) is the same Value as parameter {seen[parameter]}; each parameter must be listed once, or a step would update it twice.",
                    nameof(parameters));
            }
        }

        LearningRate = learningRate;
        Schedule = schedule ?? Schedules.Constant;
    }

    /// <summary>The parameters it updates, in order.</summary>
    public IReadOnlyList<Value> Parameters => _parameters;

    /// <summary>The base learning rate.</summary>
    public double LearningRate { get; }

    /// <summary>How the rate changes with the step.</summary>
    public LearningRateSchedule Schedule { get; }

    /// <summary>How many steps have been taken.</summary>
    public int StepCount { get; private set; }

    /// <summary>The rate the next <see cref="Step"/> will use: what <see cref="Schedule"/> gives for this step.</summary>
    /// <exception cref="InvalidOperationException">The schedule gave a negative, NaN or infinite rate; the message names the step and the rate.</exception>
    public double CurrentLearningRate
    {
        get
        {
            double rate = Schedule(StepCount, LearningRate);
            if (!(double.IsFinite(rate) && rate >= 0))
            {
                throw new InvalidOperationException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"The learning-rate schedule gave {rate} at step {StepCount} (base rate {LearningRate}); expected a rate finite and at least 0."));
            }

            return rate;
        }
    }

    /// <summary>Updates every parameter from its gradient, at <see cref="CurrentLearningRate"/>.</summary>
    /// <exception cref="InvalidOperationException">The schedule gave a negative, NaN or infinite rate; no parameter is changed.</exception>
    public void Step()
    {
        double rate = CurrentLearningRate;
        for (int i = 0; i < _parameters.Length; i++)
        {
            Value parameter = _parameters[i];
            parameter.Data += Update(i, parameter.Grad, rate);
        }

        StepCount++;
    }

    /// <summary>Sets every parameter's gradient to 0.</summary>
    public void ZeroGrad()
    {
        foreach (Value parameter in _parameters)
        {
            parameter.Grad = 0;
        }
    }

    /// <summary>The change to parameter <paramref name="index"/> for its gradient, at this step's rate.</summary>
    /// <param name="index">The parameter's position in <see cref="Parameters"/> (for per-parameter state).</param>
    /// <param name="gradient">∂loss/∂parameter.</param>
    /// <param name="rate">This step's learning rate.</param>
    protected abstract double Update(int index, double gradient, double rate);
}
