using System.Runtime.InteropServices;

namespace AutoGrad.Benchmarks.Quick;

/// <summary>The calling thread's CPU time (Linux <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>).</summary>
internal static class ThreadCpu
{
    private const int ThreadCpuTimeClock = 3;

    public static TimeSpan Now()
    {
        _ = ClockGetTime(ThreadCpuTimeClock, out TimeSpec now);
        return TimeSpan.FromTicks((now.Seconds * 1_000_000_000 + now.Nanoseconds) / 100);
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
