namespace AutoGrad.Checking;

/// <summary>Thrown by <see cref="GradCheck.Assert"/> when an analytic gradient disagrees with the numerical one.</summary>
public sealed class GradCheckFailedException : Exception
{
    /// <summary>Creates the exception for a failed report.</summary>
    /// <param name="report">The report; its summary becomes the message.</param>
    public GradCheckFailedException(GradCheckReport report)
        : base(report?.ToString())
    {
        ArgumentNullException.ThrowIfNull(report);
        Report = report;
    }

    /// <summary>The full report, every input included.</summary>
    public GradCheckReport Report { get; }
}
