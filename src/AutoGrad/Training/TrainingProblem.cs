namespace AutoGrad.Training;

/// <summary>
/// Why a <see cref="Trainer"/> cannot train on some data with some options, as data rather than an
/// exception, so a caller (the <c>train</c> command) can show it in its own words:
/// <see cref="Trainer.Problem"/> finds it, and the constructor throws it.
/// </summary>
/// <param name="Option">
/// The <see cref="TrainingOptions"/> member at fault (<c>nameof(TrainingOptions.Loss)</c>), or null when the data itself cannot be trained on.
/// </param>
/// <param name="Value">The option's value as a user types it (<c>hinge</c>, the words of the <c>train</c> options and of model files), or null with no option.</param>
/// <param name="Reason">
/// The rest of the sentence: what is wrong and what is expected. With no option it is the whole
/// sentence ("'x' has only 1 class …"); with one, it follows the option and its value ("needs 2 classes but …").
/// </param>
public sealed record TrainingProblem(string? Option, string? Value, string Reason)
{
    /// <summary>The sentence: "Loss hinge needs 2 classes but …", or the reason alone when it is the data.</summary>
    public override string ToString() => Option is null ? Reason : $"{Option} {Value} {Reason}";
}
