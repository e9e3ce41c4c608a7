namespace AutoGrad.Checking;

/// <summary>
/// What a gradient check concluded for one input (<see cref="GradCheckEntry.Outcome"/>), and for the
/// whole check (<see cref="GradCheckReport.Outcome"/>). Only <see cref="Passed"/> is a pass.
/// </summary>
public enum GradCheckOutcome
{
    /// <summary>The analytic and numerical derivatives agree within the tolerances, with the same sign.</summary>
    Passed,

    /// <summary>They disagree: beyond the tolerances, or in sign. <see cref="GradCheckEntry.Reason"/> says which.</summary>
    Failed,

    /// <summary>
    /// The central difference cannot tell: its own rounding error (about |f|·ε/h) is above the
    /// tolerance, or f is not finite within a step. Neither passed nor failed.
    /// </summary>
    Inconclusive,

    /// <summary>
    /// For an input: the point is within a step of a kink (ReLU or |x| at 0, a tie in max), where a
    /// central difference measures neither slope. For a report: every input was skipped, so nothing
    /// was compared, which is not a pass.
    /// </summary>
    Skipped,

    /// <summary>
    /// The function built a differently shaped graph a step away: another number of nodes or other ops
    /// (an op added a data-dependent number of times), or a leaf whose value moves with the point (an
    /// input's <see cref="Value.Data"/> copied into a constant, through which no gradient flows). The
    /// gradient of one graph is not the slope across several, so nothing was checked: not a pass.
    /// </summary>
    GraphChanged,
}
