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
            : entries.MaxBy(e => (Rank(e.Outcome), double.IsNaN(e.ErrorRatio) ? double.PositiveInfinity : e.ErrorRatio));
        Outcome = entries.Any(e => e.Outcome == GradCheckOutcome.Failed) ? GradCheckOutcome.Failed
            : entries.Any(e => e.Outcome == GradCheckOutcome.GraphChanged) ? GradCheckOutcome.GraphChanged
            : entries.Any(e => e.Outcome == GradCheckOutcome.Inconclusive) ? GradCheckOutcome.Inconclusive
            : entries.Any(e => e.Outcome == GradCheckOutcome.Passed) ? GradCheckOutcome.Passed
            : GradCheckOutcome.Skipped; // every entry skipped (or none): nothing was compared
    }

    /// <summary>
    /// What the whole check concluded: <see cref="GradCheckOutcome.Failed"/> when an entry failed; else
    /// <see cref="GradCheckOutcome.GraphChanged"/> when the graph changed shape for an entry; else
    /// <see cref="GradCheckOutcome.Inconclusive"/> when an entry was; else <see cref="GradCheckOutcome.Passed"/>
    /// when at least one entry passed (others may be skipped at a kink); else
    /// <see cref="GradCheckOutcome.Skipped"/>: every entry was skipped and nothing was compared.
    /// </summary>
    public GradCheckOutcome Outcome { get; }

    /// <summary>The function's value at the point.</summary>
    public double Output { get; }

    /// <summary>One entry per input, in order.</summary>
    public IReadOnlyList<GradCheckEntry> Entries { get; }

    /// <summary>The failed entry, else one whose graph changed, else the compared entry, with the largest error relative to its tolerance; null for no inputs.</summary>
    public GradCheckEntry? Worst { get; }

    /// <summary>
    /// When an entry failed: the first op from the leaves whose recorded local derivative disagrees
    /// with a central difference of its own forward function; null when none does (a failure then
    /// comes from how the graph is built, for example a value copied into a constant) or nothing failed.
    /// </summary>
    public GradCheckCulprit? Culprit { get; init; }

    /// <summary>The graph the check built at its point (its output node), to inspect or draw; null for checks that build none.</summary>
    public Value? Graph { get; init; }

    /// <summary>
    /// True when <see cref="Outcome"/> is <see cref="GradCheckOutcome.Passed"/>: no entry failed, was
    /// inconclusive or saw the graph change, and at least one entry was compared and agreed (entries
    /// skipped at a kink are allowed beside it).
    /// </summary>
    public bool Passed => Outcome == GradCheckOutcome.Passed;

    /// <summary>True when some entry failed.</summary>
    public bool Failed => Entries.Any(e => e.Outcome == GradCheckOutcome.Failed);

    /// <summary>A summary: the verdict with counts, the worst entry with its reason, and the culprit op.</summary>
    public override string ToString()
    {
        int failed = Count(GradCheckOutcome.Failed);
        int changed = Count(GradCheckOutcome.GraphChanged);
        int inconclusive = Count(GradCheckOutcome.Inconclusive);
        int skipped = Count(GradCheckOutcome.Skipped);
        string verdict = Outcome switch
        {
            GradCheckOutcome.Failed => $"FAILED for {failed} of {Entries.Count} inputs",
            GradCheckOutcome.GraphChanged => $"NOT PASSED: the graph changed shape within a step for {changed} of {Entries.Count} inputs",
            GradCheckOutcome.Inconclusive => $"inconclusive for {inconclusive} of {Entries.Count} inputs",
            GradCheckOutcome.Skipped => $"NOT PASSED: compared nothing, all {Entries.Count} inputs were within a step of a kink",
            GradCheckOutcome.Passed => "passed",
            _ => throw new ArgumentOutOfRangeException(nameof(Outcome), Outcome, "Expected a defined GradCheckOutcome."),
        };
        string notes = (changed > 0 && Outcome != GradCheckOutcome.GraphChanged ? $", {changed} with a changed graph" : "")
            + (inconclusive > 0 && Outcome != GradCheckOutcome.Inconclusive ? $", {inconclusive} inconclusive" : "")
            + (skipped > 0 && Outcome != GradCheckOutcome.Skipped ? $", {skipped} skipped at a kink" : "");
        if (Worst is null)
        {
            return $"GradCheck {verdict}: no inputs.";
        }

        string culprit = Culprit is null
            ? (failed > 0 ? " No op's own local derivative disagrees: look at how the graph is built (a value copied into a constant, a custom op given as numbers)." : "")
            : $" Culprit: {Culprit}.";
        return $"GradCheck {verdict}{notes}; worst {Worst}.{culprit}";
    }

    private int Count(GradCheckOutcome outcome) => Entries.Count(e => e.Outcome == outcome);

    private static int Rank(GradCheckOutcome outcome) => outcome switch
    {
        GradCheckOutcome.Failed => 3,
        GradCheckOutcome.GraphChanged => 2,
        GradCheckOutcome.Passed => 1,
        GradCheckOutcome.Inconclusive or GradCheckOutcome.Skipped => 0,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Expected a defined GradCheckOutcome."),
    };
}
