namespace AutoGrad.Optim;

/// <summary>Gradient descent with momentum: v ← μ v − η g, p ← p + v.</summary>
public sealed class Momentum : Optimizer
{
    private readonly double[] _velocity;

    /// <summary>Creates the optimizer with zero initial velocity.</summary>
    /// <param name="parameters">The values to update.</param>
    /// <param name="learningRate">The base rate η.</param>
    /// <param name="momentum">μ, in [0, 1); 0.9 by default.</param>
    /// <param name="schedule">How η changes with the step; constant if null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="momentum"/> is outside [0, 1).</exception>
    public Momentum(IEnumerable<Value> parameters, double learningRate, double momentum = 0.9, LearningRateSchedule? schedule = null)
        : base(parameters, learningRate, schedule)
    {
        if (!(momentum is >= 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Expected a momentum in [0, 1).");
        }

        Coefficient = momentum;
        _velocity = new double[Parameters.Count];
    }

    /// <summary>μ.</summary>
    public double Coefficient { get; }

    /// <inheritdoc/>
    protected override double Update(int index, double gradient, double rate) =>
        _velocity[index] = Coefficient * _velocity[index] - rate * gradient;
}
