namespace AutoGrad.Cli;

/// <summary>The exit codes of <c>autograd</c>, as the house style fixes them.</summary>
internal static class ExitCodes
{
    /// <summary>The job is done.</summary>
    public const int Done = 0;

    /// <summary>The job failed (training diverged, an output could not be written); stderr says why.</summary>
    public const int Failed = 1;

    /// <summary>Bad usage or bad input; one line on stderr names the option or file, the value and what is expected.</summary>
    public const int BadInput = 2;

    /// <summary>Interrupted by Ctrl-C (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;
}
