namespace AutoGrad.Checking;

/// <summary>
/// Thrown by <see cref="GradCheck.Assert"/> when a check did not pass: an analytic gradient disagrees
/// with the numerical one, or the check could not conclude (inconclusive, the graph changed shape, or
/// every input was skipped at a kink). <see cref="Outcome"/> says which.
/// </summary>
public sealed class GradCheckFailedException : Exception
{
    /// <summary>Creates the exception for a report that did not pass.</summary>
    /// <param name="report">The report; its summary becomes the message.</param>
    public GradCheckFailedException(GradCheckReport report)
        : base(report?.ToString())
    {
        ArgumentNullException.ThrowIfNull(report);
        Report = report;
    }

    /// <summary>The full report, every input included.</summary>
    public GradCheckReport Report { get; }

    /// <summary>What the check concluded instead of passing (the report's <see cref="GradCheckReport.Outcome"/>).</summary>
    public GradCheckOutcome Outcome => Report.Outcome;
}
