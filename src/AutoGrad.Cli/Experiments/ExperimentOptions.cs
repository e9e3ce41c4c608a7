namespace AutoGrad.Cli.Experiments;

/// <summary>How an experiment runs: its seed, and whether at the small size the tests use.</summary>
/// <param name="Seed">Seeds every random choice (data, weights, random inputs), so a run can be repeated exactly.</param>
/// <param name="Quick">A small size that still shows the claim, for tests; the default size is the one the lessons show.</param>
internal sealed record ExperimentOptions(int Seed = 0, bool Quick = false)
{
    /// <summary><paramref name="full"/> at the default size, <paramref name="quick"/> with <see cref="Quick"/>.</summary>
    public int Size(int full, int quick) => Quick ? quick : full;
}
