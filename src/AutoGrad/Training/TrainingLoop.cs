using AutoGrad.Optim;

namespace AutoGrad.Training;

/// <summary>
/// The training loop, written once: <see cref="Step(Optimizer, Func{double})"/> is one update (zero the
/// gradients, compute the loss and its gradients, step), and <see cref="Run"/> repeats a step with
/// progress, evaluation, early stopping and cancellation around it. <see cref="Trainer"/> drives both
/// with its classifier's forward pass; a model of another kind (a regression, a custom network)
/// plugs in its own forward pass.
/// </summary>
public static class TrainingLoop
{
    /// <summary>One update: zero the gradients, let <paramref name="lossAndGradients"/> compute the loss and fill the gradients, then step.</summary>
    /// <param name="optimizer">The optimizer of the parameters the loss reads.</param>
    /// <param name="lossAndGradients">
    /// The forward and backward pass of one batch, returning the loss: build a graph and call
    /// <see cref="Value.Backward"/>, or replay a <see cref="Compilation.CompiledGraph"/> with <c>Evaluate</c>.
    /// </param>
    /// <returns>The loss, before the update.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static double Step(Optimizer optimizer, Func<double> lossAndGradients)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(lossAndGradients);
        optimizer.ZeroGrad();
        double loss = lossAndGradients();
        optimizer.Step();
        return loss;
    }

    /// <summary>One update on a graph built afresh: <paramref name="buildLoss"/> builds it, backpropagation fills the gradients.</summary>
    /// <param name="optimizer">The optimizer of the parameters the loss reads.</param>
    /// <param name="buildLoss">Builds the loss of the next batch.</param>
    /// <returns>The loss, before the update.</returns>
    /// <exception cref="ArgumentNullException">An argument is null, or the loss built is.</exception>
    public static double Step(Optimizer optimizer, Func<Value> buildLoss)
    {
        ArgumentNullException.ThrowIfNull(buildLoss);
        return Step(optimizer, () =>
        {
            Value loss = buildLoss() ?? throw new ArgumentNullException(nameof(buildLoss), "The loss built is null; expected a Value.");
            loss.Backward();
            return loss.Data;
        });
    }

    /// <summary>
    /// The loop: <paramref name="steps"/> calls of <paramref name="step"/> (given the step's number, from 0),
    /// with the <paramref name="hooks"/> around them, checking <paramref name="cancellation"/> before each.
    /// </summary>
    /// <param name="steps">How many steps; 0 to <see cref="Limits.MaxElements"/> (the history keeps one result per step).</param>
    /// <param name="step">One step, returning what it measured.</param>
    /// <param name="hooks">Progress, evaluation and early stopping; none if null.</param>
    /// <param name="cancellation">Stops the run between two steps.</param>
    /// <returns>What every step measured, in order (up to the one <see cref="TrainingHooks.StopAfter"/> stopped at).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="step"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is negative or more than <see cref="Limits.MaxElements"/>, or <see cref="TrainingHooks.EvaluateEvery"/> is negative.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled; the steps done so far stay done.</exception>
    public static IReadOnlyList<StepResult> Run(int steps, Func<int, StepResult> step, TrainingHooks? hooks = null, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        Limits.ThrowIfTooLarge(steps, "The run's history (one result per step)", nameof(steps)); // refused before a single step, not after hours
        ArgumentNullException.ThrowIfNull(step);
        hooks ??= new TrainingHooks();
        ArgumentOutOfRangeException.ThrowIfNegative(hooks.EvaluateEvery, nameof(hooks));
        var history = new List<StepResult>(Math.Min(steps, 1 << 16));
        for (int i = 0; i < steps; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            StepResult result = step(i) ?? throw new ArgumentNullException(nameof(step), $"Step {i} returned null; expected a StepResult.");
            history.Add(result);
            hooks.AfterStep?.Invoke(result);
            if (hooks.StopAfter?.Invoke(result) == true)
            {
                break;
            }

            if (hooks.EvaluateEvery > 0 && (i + 1) % hooks.EvaluateEvery == 0)
            {
                hooks.Evaluate?.Invoke(i + 1);
            }
        }

        return history;
    }
}
