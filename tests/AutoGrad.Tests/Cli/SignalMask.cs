using System.Runtime.InteropServices;

namespace AutoGrad.Tests.Cli;

/// <summary>The calling thread's POSIX signal mask (Linux), for starting a child with a signal blocked.</summary>
internal static partial class SignalMask
{
    /// <summary>SIGINT.</summary>
    public const int Interrupt = 2;

    /// <summary>SIG_BLOCK on Linux.</summary>
    public const int Block = 0;

    /// <summary>SIG_UNBLOCK on Linux.</summary>
    public const int Unblock = 1;

    /// <summary>Blocks or unblocks <paramref name="signal"/> on the calling thread.</summary>
    public static void Change(int how, int signal)
    {
        var set = new byte[256]; // more than glibc's 128-byte sigset_t
        Assert.Equal(0, SigEmptySet(set));
        Assert.Equal(0, SigAddSet(set, signal));
        Assert.Equal(0, PthreadSigmask(how, set, 0));
    }

    [LibraryImport("libc", EntryPoint = "sigemptyset")]
    private static partial int SigEmptySet(byte[] set);

    [LibraryImport("libc", EntryPoint = "sigaddset")]
    private static partial int SigAddSet(byte[] set, int signal);

    [LibraryImport("libc", EntryPoint = "pthread_sigmask")]
    private static partial int PthreadSigmask(int how, byte[] set, nint oldSet);
}
