namespace AutoGrad.Cli;

/// <summary>
/// The one way every command stops on Ctrl-C. <c>Program.cs</c> turns the first Ctrl-C into a
/// cancelled token; a command's own loops call <see cref="CancellationToken.ThrowIfCancellationRequested"/>
/// each round, and work it cannot interrupt (a library call with no token: reading a large file, a
/// whole-dataset prediction) runs through <see cref="Run{T}"/>, which returns as soon as the token is
/// cancelled. Either way an <see cref="OperationCanceledException"/> reaches
/// <see cref="CliApplication.Run"/>, which says so on stderr and exits with 130; nothing is written,
/// because every command writes its outputs only after its work is done.
/// </summary>
internal static class Interruptible
{
    /// <summary>
    /// Runs <paramref name="work"/> and returns its result, or throws <see cref="OperationCanceledException"/>
    /// as soon as <paramref name="cancellation"/> is cancelled (the abandoned work ends with the process).
    /// </summary>
    /// <typeparam name="T">The result.</typeparam>
    /// <param name="work">Work that writes nothing, so abandoning it loses nothing.</param>
    /// <param name="cancellation">Ctrl-C.</param>
    public static T Run<T>(Func<T> work, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        if (!cancellation.CanBeCanceled)
        {
            return work();
        }

        // GetResult rethrows the work's own exception, not an AggregateException.
        return Task.Run(work, CancellationToken.None).WaitAsync(cancellation).GetAwaiter().GetResult();
    }
}
