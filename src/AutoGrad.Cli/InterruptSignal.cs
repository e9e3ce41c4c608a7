using System.Runtime.InteropServices;

namespace AutoGrad.Cli;

/// <summary>
/// Makes Ctrl-C (SIGINT) reach <c>autograd</c> even when the process that started it ignores SIGINT:
/// a script's background job (<c>autograd train … &amp;</c>), or a harness that shields itself from
/// Ctrl-C. An ignored signal is inherited across exec, and the .NET runtime leaves an inherited
/// ignore as it is, so <see cref="Console.CancelKeyPress"/> would never fire and the command would
/// run on. Every command promises to stop at Ctrl-C with exit 130 and write nothing, so the default
/// action is put back before the runtime's handler is asked for. SIGQUIT is left as it is.
/// </summary>
internal static partial class InterruptSignal
{
    private const int SigInt = 2; // the same number on Linux and macOS
    private static readonly nint DefaultAction = 0; // SIG_DFL

    /// <summary>Restores SIGINT's default action where it was inherited as ignored; call before subscribing to <see cref="Console.CancelKeyPress"/>.</summary>
    public static void Honour()
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            _ = Signal(SigInt, DefaultAction);
        }
    }

    [LibraryImport("libc", EntryPoint = "signal")]
    private static partial nint Signal(int signal, nint handler);
}
