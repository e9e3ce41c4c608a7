using AutoGrad.Training;

namespace AutoGrad.Cli.Experiments;

/// <summary>The loss and accuracy of a training run, step by step: what the curves of several experiments draw.</summary>
internal static class TrainingCurve
{
    /// <summary>Runs <paramref name="steps"/> steps of <paramref name="trainer"/>, keeping each step's loss and accuracy.</summary>
    public static (List<double> Loss, List<double> Accuracy) Record(Trainer trainer, int steps)
    {
        var loss = new List<double>(steps);
        var accuracy = new List<double>(steps);
        for (int t = 0; t < steps; t++)
        {
            StepResult step = trainer.Step();
            loss.Add(step.Loss);
            accuracy.Add(step.Accuracy);
        }

        return (loss, accuracy);
    }
}
