namespace AutoGrad.Optim;

/// <summary>
/// Adam: m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², then with the bias corrections m̂ = m / (1 − β₁ᵗ)
/// and v̂ = v / (1 − β₂ᵗ), p ← p − η m̂ / (√v̂ + ε).
/// </summary>
public sealed class Adam : Optimizer
{
    private readonly double[] _firstMoment;
    private readonly double[] _secondMoment;
    private double _beta1Power = 1;
    private double _beta2Power = 1;
    private int _correctedStep = -1;

    /// <summary>Creates the optimizer with Kingma and Ba's defaults.</summary>
    /// <param name="parameters">The values to update.</param>
    /// <param name="learningRate">The base rate η; 0.001 is the usual start.</param>
    /// <param name="beta1">β₁, the decay of the mean of gradients.</param>
    /// <param name="beta2">β₂, the decay of the mean of squared gradients.</param>
    /// <param name="epsilon">ε, so a zero gradient does not divide 0 by 0; finite and greater than 0.</param>
    /// <param name="schedule">How η changes with the step; constant if null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A β is outside [0, 1), or <paramref name="epsilon"/> is not finite and greater than 0.</exception>
    public Adam(IEnumerable<Value> parameters, double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, LearningRateSchedule? schedule = null)
        : base(parameters, learningRate, schedule)
    {
        if (!(beta1 is >= 0 and < 1) || !(beta2 is >= 0 and < 1))
        {
            bool first = !(beta1 is >= 0 and < 1);
            throw new ArgumentOutOfRangeException(first ? nameof(beta1) : nameof(beta2), first ? beta1 : beta2, "Adam's betas must be in [0, 1).");
        }

        Epsilons.ThrowIfInvalid(epsilon);

        (Beta1, Beta2, Epsilon) = (beta1, beta2, epsilon);
        _firstMoment = new double[Parameters.Count];
        _secondMoment = new double[Parameters.Count];
    }

    /// <summary>β₁.</summary>
    public double Beta1 { get; }

    /// <summary>β₂.</summary>
    public double Beta2 { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    protected override double Update(int index, double gradient, double rate)
    {
        if (_correctedStep != StepCount)
        {
            // βᵗ for t = StepCount + 1, updated once per step rather than per parameter.
            _correctedStep = StepCount;
            _beta1Power *= Beta1;
            _beta2Power *= Beta2;
        }

        _firstMoment[index] = Beta1 * _firstMoment[index] + (1 - Beta1) * gradient;
        _secondMoment[index] = Beta2 * _secondMoment[index] + (1 - Beta2) * gradient * gradient;
        double meanHat = _firstMoment[index] / (1 - _beta1Power);
        double varianceHat = _secondMoment[index] / (1 - _beta2Power);
        return -rate * meanHat / (Math.Sqrt(varianceHat) + Epsilon);
    }
}
