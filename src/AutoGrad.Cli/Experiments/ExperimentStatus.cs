namespace AutoGrad.Cli.Experiments;

/// <summary>What an experiment is doing now, for the progress display.</summary>
/// <param name="Stage">What is being measured, as "sigmoid, Xavier".</param>
/// <param name="Fraction">How much of the whole run is done, 0 to 1.</param>
internal sealed record ExperimentStatus(string Stage, double Fraction);
