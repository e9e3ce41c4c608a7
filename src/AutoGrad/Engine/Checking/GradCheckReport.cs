namespace AutoGrad.Checking;

/// <summary>
/// The result of a gradient check: one entry per input with its outcome, the worst of them, and —
/// when a check failed — the op whose own local derivative is wrong.
/// </summary>
public sealed class GradCheckReport
{
    internal GradCheckReport(double output, IReadOnlyList<GradCheckEntry> entries)
    {
        Output = output;
        Entries = entries;
        // The worst among what was actually compared: failures first, then the largest error ratio.
        Worst = entries.Count == 0
            ? null
            : entries.MaxBy(e => (e.Outcome == GradCheckOutcome.Failed ? 2 : e.Outcome == GradCheckOutcome.Passed ? 1 : 0, double.IsNaN(e.ErrorRatio) ? double.PositiveInfinity : e.ErrorRatio));
    }

    /// <summary>The function's value at the point.</summary>
    public double Output { get; }

    /// <summary>One entry per input, in order.</summary>
    public IReadOnlyList<GradCheckEntry> Entries { get; }

    /// <summary>The failed entry, else the compared entry, with the largest error relative to its tolerance; null for no inputs.</summary>
    public GradCheckEntry? Worst { get; }

    /// <summary>
    /// When an entry failed: the first op from the leaves whose recorded local derivative disagrees
    /// with a central difference of its own forward function; null when none does (a failure then
    /// comes from how the graph is built, for example a value copied into a constant) or nothing failed.
    /// </summary>
    public GradCheckCulprit? Culprit { get; init; }

    /// <summary>The graph the check built at its point (its output node), to inspect or draw; null for checks that build none.</summary>
    public Value? Graph { get; init; }

    /// <summary>True when no entry failed or was inconclusive (entries skipped at a kink are allowed).</summary>
    public bool Passed => Entries.All(e => e.Outcome is GradCheckOutcome.Passed or GradCheckOutcome.Skipped);

    /// <summary>True when some entry failed.</summary>
    public bool Failed => Entries.Any(e => e.Outcome == GradCheckOutcome.Failed);

    /// <summary>A summary: the verdict with counts, the worst entry with its reason, and the culprit op.</summary>
    public override string ToString()
    {
        int failed = Entries.Count(e => e.Outcome == GradCheckOutcome.Failed);
        int inconclusive = Entries.Count(e => e.Outcome == GradCheckOutcome.Inconclusive);
        int skipped = Entries.Count(e => e.Outcome == GradCheckOutcome.Skipped);
        string verdict = failed > 0 ? $"FAILED for {failed} of {Entries.Count} inputs"
            : inconclusive > 0 ? $"inconclusive for {inconclusive} of {Entries.Count} inputs"
            : "passed";
        string notes = (inconclusive > 0 && failed > 0 ? $", {inconclusive} inconclusive" : "") + (skipped > 0 ? $", {skipped} skipped at a kink" : "");
        if (Worst is null)
        {
            return $"GradCheck {verdict}: no inputs.";
        }

        string culprit = Culprit is null
            ? (failed > 0 ? " No op's own local derivative disagrees: look at how the graph is built (a value copied into a constant, a custom op given as numbers)." : "")
            : $" Culprit: {Culprit}.";
        return $"GradCheck {verdict}{notes}; worst {Worst}.{culprit}";
    }
}
