namespace AutoGrad.Optim;

/// <summary>The learning rate to use at a step, given the optimizer's base rate. See <see cref="Schedules"/>.</summary>
/// <param name="step">The step about to be taken, from 0.</param>
/// <param name="baseRate">The optimizer's learning rate.</param>
public delegate double LearningRateSchedule(int step, double baseRate);
