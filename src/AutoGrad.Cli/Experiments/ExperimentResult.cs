namespace AutoGrad.Cli.Experiments;

/// <summary>What an experiment found: one line in figures, and the files that show it.</summary>
/// <param name="Summary">The result in one line, with the measured figures.</param>
/// <param name="Files">The figures (PNG) and the numbers behind them (CSV), written by the command after success.</param>
internal sealed record ExperimentResult(string Summary, IReadOnlyList<ExperimentFile> Files);
