namespace AutoGrad.Optim;

/// <summary>Common learning-rate schedules.</summary>
public static class Schedules
{
    /// <summary>The base rate at every step.</summary>
    public static LearningRateSchedule Constant { get; } = (_, baseRate) => baseRate;

    /// <summary>
    /// micrograd's demo: base · (1 − 0.9 · k / steps), falling linearly from the base rate to a tenth
    /// of it over <paramref name="steps"/> steps (1.0 − 0.9k/100 for base 1 and 100 steps).
    /// </summary>
    /// <param name="steps">The length of the decay; at least 1.</param>
    public static LearningRateSchedule LinearDecay(int steps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        return (step, baseRate) => baseRate * (1.0 - 0.9 * Math.Min(step, steps) / steps);
    }

    /// <summary>The base rate multiplied by <paramref name="factor"/> every <paramref name="every"/> steps.</summary>
    /// <param name="every">Steps between drops; at least 1.</param>
    /// <param name="factor">The multiplier at each drop, for example 0.5.</param>
    public static LearningRateSchedule StepDecay(int every, double factor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(every, 1);
        return (step, baseRate) => baseRate * Math.Pow(factor, step / every);
    }
}
