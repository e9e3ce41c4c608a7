namespace AutoGrad.Training;

/// <summary>
/// What <see cref="Trainer.Run"/> does around its steps: report each step, evaluate every so many
/// steps, and stop early. Each is optional; none by default.
/// </summary>
public sealed record TrainingHooks
{
    /// <summary>Called after every step with what it measured (progress, a curve).</summary>
    public Action<StepResult>? AfterStep { get; init; }

    /// <summary>Call <see cref="Evaluate"/> after every this many steps (an epoch, say: <see cref="BatchSource.StepsPerEpoch"/>); 0, never, by default.</summary>
    public int EvaluateEvery { get; init; }

    /// <summary>Called with the number of steps done after every <see cref="EvaluateEvery"/> steps: measure validation accuracy, draw a frame.</summary>
    public Action<int>? Evaluate { get; init; }

    /// <summary>Stop after the step for which this returns true (a loss that is no longer finite, say); the step is in the history.</summary>
    public Func<StepResult, bool>? StopAfter { get; init; }
}
