namespace AutoGrad.Optim;

/// <summary>Common learning-rate schedules.</summary>
public static class Schedules
{
    /// <summary>The base rate at every step.</summary>
    public static LearningRateSchedule Constant { get; } = (step, baseRate) => Checked(step, baseRate, baseRate);

    /// <summary>
    /// micrograd's demo: base · (1 − 0.9 · k / steps), falling linearly from the base rate to a tenth
    /// of it over <paramref name="steps"/> steps (1.0 − 0.9k/100 for base 1 and 100 steps).
    /// </summary>
    /// <param name="steps">The length of the decay; at least 1.</param>
    public static LearningRateSchedule LinearDecay(int steps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        return (step, baseRate) => Checked(step, baseRate, baseRate * (1.0 - 0.9 * Math.Min(step, steps) / steps));
    }

    /// <summary>The base rate multiplied by <paramref name="factor"/> every <paramref name="every"/> steps.</summary>
    /// <param name="every">Steps between drops; at least 1.</param>
    /// <param name="factor">The multiplier at each drop, in (0, 1], for example 0.5.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="every"/> is less than 1, or <paramref name="factor"/> is outside (0, 1].</exception>
    public static LearningRateSchedule StepDecay(int every, double factor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(every, 1);
        if (!(factor is > 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "Expected a decay factor in (0, 1]: a step decay never raises the rate.");
        }

        return (step, baseRate) => Checked(step, baseRate, baseRate * Math.Pow(factor, step / every));
    }

    /// <summary>
    /// The schedules' own arguments checked: a step from 0 and a base rate finite and greater than 0
    /// (as an optimizer's), so a schedule never turns a bad rate into a plausible-looking one.
    /// </summary>
    private static double Checked(int step, double baseRate, double rate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        if (!(double.IsFinite(baseRate) && baseRate > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(baseRate), baseRate, "Expected a base learning rate finite and greater than 0.");
        }

        return rate;
    }
}
