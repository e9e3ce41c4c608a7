namespace AutoGrad.Checking;

/// <summary>What a gradient check concluded for one input.</summary>
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

    /// <summary>The point is within a step of a kink (ReLU or |x| at 0, a tie in max), where a central difference measures neither slope.</summary>
    Skipped,
}
