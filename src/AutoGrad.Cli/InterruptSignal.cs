using System.Runtime.InteropServices;

namespace AutoGrad.Cli;

/// <summary>
/// Makes Ctrl-C (SIGINT) reach <c>autograd</c> whatever the process that started it did with SIGINT.
/// A script's background job (<c>autograd train … &amp;</c>) or a harness that shields itself from
/// Ctrl-C may ignore it, and a harness may block it (mask it); both are inherited across exec. The
/// .NET runtime leaves an inherited ignore as it is, and a blocked signal stays pending, so
/// <see cref="Console.CancelKeyPress"/> would never fire and the command would run on. Every command
/// promises to stop at Ctrl-C with exit 130 and write nothing, so the default action is put back and
/// the signal unblocked before the runtime's handler is asked for. SIGQUIT is left as it is.
/// </summary>
internal static partial class InterruptSignal
{
    private const int SigInt = 2; // the same number on Linux and macOS
    private static readonly nint DefaultAction = 0; // SIG_DFL

    /// <summary>
    /// Restores SIGINT's default action where it was inherited as ignored, and unblocks it where it was
    /// inherited as blocked; call on the main thread before subscribing to <see cref="Console.CancelKeyPress"/>.
    /// </summary>
    public static void Honour()
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            _ = Signal(SigInt, DefaultAction);

            // The mask is per thread: the main thread unblocking SIGINT is enough for the kernel to deliver
            // it here (threads started earlier may keep it blocked).
            var set = new byte[256]; // more than sigset_t anywhere (glibc 128 bytes, macOS 4)
            if (SigEmptySet(set) == 0 && SigAddSet(set, SigInt) == 0)
            {
                _ = PthreadSigmask(OperatingSystem.IsMacOS() ? 2 : 1, set, 0); // SIG_UNBLOCK
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "signal")]
    private static partial nint Signal(int signal, nint handler);

    [LibraryImport("libc", EntryPoint = "sigemptyset")]
    private static partial int SigEmptySet(byte[] set);

    [LibraryImport("libc", EntryPoint = "sigaddset")]
    private static partial int SigAddSet(byte[] set, int signal);

    [LibraryImport("libc", EntryPoint = "pthread_sigmask")]
    private static partial int PthreadSigmask(int how, byte[] set, nint oldSet);
}
