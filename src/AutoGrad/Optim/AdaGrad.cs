namespace AutoGrad.Optim;

/// <summary>AdaGrad: h ← h + g², p ← p − η g / (√h + ε); each parameter's rate shrinks as its gradients add up.</summary>
public sealed class AdaGrad : Optimizer
{
    private readonly double[] _sumOfSquares;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The values to update.</param>
    /// <param name="learningRate">The base rate η.</param>
    /// <param name="epsilon">ε, so the first step does not divide by 0; finite and greater than 0.</param>
    /// <param name="schedule">How η changes with the step; constant if null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epsilon"/> is not finite and greater than 0.</exception>
    public AdaGrad(IEnumerable<Value> parameters, double learningRate, double epsilon = 1e-8, LearningRateSchedule? schedule = null)
        : base(parameters, learningRate, schedule)
    {
        Epsilons.ThrowIfInvalid(epsilon);
        Epsilon = epsilon;
        _sumOfSquares = new double[Parameters.Count];
    }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    protected override double Update(int index, double gradient, double rate)
    {
        _sumOfSquares[index] += gradient * gradient;
        return -rate * gradient / (Math.Sqrt(_sumOfSquares[index]) + Epsilon);
    }
}
