using AutoGrad.Training;

namespace AutoGrad.Cli.Experiments;

/// <summary>The loss and accuracy of a training run, step by step: what the curves of several experiments draw.</summary>
internal static class TrainingCurve
{
    /// <summary>Runs <paramref name="steps"/> steps of <paramref name="trainer"/> (<see cref="Trainer.Run"/>), keeping each step's loss and accuracy.</summary>
    public static (List<double> Loss, List<double> Accuracy) Record(Trainer trainer, int steps)
    {
        IReadOnlyList<StepResult> history = trainer.Run(steps: steps);
        return ([.. history.Select(step => step.Loss)], [.. history.Select(step => step.Accuracy)]);
    }
}
