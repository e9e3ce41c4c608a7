using AutoGrad.Data;
using AutoGrad.Training;

namespace AutoGrad.Plots;

/// <summary>
/// Records a <see cref="Trainer"/>'s run for its pictures: every step's result, and at evenly spaced
/// steps (the first, every so many, the last) the loss and accuracy of the whole training part and of
/// the validation part. Give its <see cref="Hooks"/> to <see cref="Trainer.Run"/>, or call
/// <see cref="Record"/> after each <see cref="Trainer.Step"/>; then draw with <see cref="TrainingPictures.Save"/>.
/// </summary>
/// <example>
/// <code>
/// var trainer = new Trainer(data, new TrainingOptions { Steps = 200 });
/// var run = new TrainingRecorder(trainer, data);
/// trainer.Run(run.Hooks);
/// IReadOnlyList&lt;string&gt; written = TrainingPictures.Save(run, "pictures");
/// </code>
/// </example>
public sealed class TrainingRecorder
{
    /// <summary>How many checkpoints a run is measured at by default (as <c>autograd train</c> does).</summary>
    public const int DefaultCheckpoints = 20;

    private readonly List<StepResult> _history = [];
    private readonly List<TrainingCheckpoint> _checkpoints = [];
    private readonly int _every;
    private readonly int _steps;

    /// <summary>Prepares to record <paramref name="trainer"/>'s run.</summary>
    /// <param name="trainer">The trainer whose steps are recorded.</param>
    /// <param name="train">The data it trains on (the same examples as the trainer's; measured at each checkpoint, drawn by the decision boundary).</param>
    /// <param name="validation">Held-out data to measure beside it, or null.</param>
    /// <param name="checkpoints">
    /// About how many steps to measure the whole parts at, spread over <see cref="TrainingOptions.Steps"/>;
    /// 0 measures none while training (the pictures then measure the last step only).
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="trainer"/> or <paramref name="train"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="checkpoints"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="train"/> or <paramref name="validation"/> has another number of features than the trainer's model reads.</exception>
    public TrainingRecorder(Trainer trainer, Dataset train, Dataset? validation = null, int checkpoints = DefaultCheckpoints)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentOutOfRangeException.ThrowIfNegative(checkpoints);
        PlotArguments.SameFeatures(trainer.Model.InputCount, train, nameof(train));
        if (validation is not null)
        {
            PlotArguments.SameFeatures(trainer.Model.InputCount, validation, nameof(validation));
        }

        Trainer = trainer;
        Train = train;
        Validation = validation;
        _steps = trainer.Options.Steps;
        _every = checkpoints == 0 ? 0 : Math.Max(1, _steps / checkpoints);
        Hooks = new TrainingHooks { AfterStep = Record };
    }

    /// <summary>The trainer whose run is recorded.</summary>
    public Trainer Trainer { get; }

    /// <summary>The data it trains on.</summary>
    public Dataset Train { get; }

    /// <summary>The held-out data measured beside it, or null.</summary>
    public Dataset? Validation { get; }

    /// <summary>Every recorded step's result, in order.</summary>
    public IReadOnlyList<StepResult> History => _history;

    /// <summary>The measurements of the whole training part (and validation part), in order of step.</summary>
    public IReadOnlyList<TrainingCheckpoint> Checkpoints => _checkpoints;

    /// <summary>Hooks for <see cref="Trainer.Run"/> that call <see cref="Record"/> after every step.</summary>
    public TrainingHooks Hooks { get; }

    /// <summary>Records a step: adds it to <see cref="History"/> and, when a checkpoint is due, measures the model as it is now.</summary>
    /// <param name="step">What the step measured (<see cref="Trainer.Step"/>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="step"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// The step is not the one after the last recorded (another trainer's run, or a step given twice):
    /// a recorder records one trainer's run, and its checkpoints measure that trainer's model.
    /// </exception>
    public void Record(StepResult step)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (_history.Count > 0 && step.Step != _history[^1].Step + 1)
        {
            throw new ArgumentException(
                $"Step {step.Step + 1} came after step {_history[^1].Step + 1}; expected step {_history[^1].Step + 2}: a recorder records one trainer's run, step by step (make a TrainingRecorder for each trainer).",
                nameof(step));
        }

        _history.Add(step);
        int done = step.Step + 1;
        if (_every > 0 && (done % _every == 0 || done == _steps || done == 1))
        {
            _checkpoints.Add(TrainingCheckpoint.Measure(done, Trainer.ToModel(), Train, Validation));
        }
    }

    /// <summary>The checkpoints, with one more for the last step when it has none (a run stopped early, or no checkpoints asked for).</summary>
    internal IReadOnlyList<TrainingCheckpoint> CheckpointsToTheEnd()
    {
        int last = _history[^1].Step + 1;
        return _checkpoints.Count > 0 && _checkpoints[^1].Step == last
            ? _checkpoints
            : [.. _checkpoints, TrainingCheckpoint.Measure(last, Trainer.ToModel(), Train, Validation)];
    }
}
