using System.Diagnostics;

namespace AutoGrad.Benchmarks;

/// <summary>The gen0 budget the benchmarks run with, and how the process gives it to itself.</summary>
internal static class GcSettings
{
    public const string Gen0SizeVariable = "DOTNET_GCgen0size";

    /// <summary>256 MiB: a 10⁶-node graph step fits in gen0 and dies there.</summary>
    public const string Gen0Size = "0x10000000";

    public static string Describe()
    {
        string gen0 = Environment.GetEnvironmentVariable(Gen0SizeVariable) is { } size ? $"{Gen0SizeVariable}={size}" : "default gen0 budget";

        // Background (concurrent) GC caps the gen0 budget at 6 MiB; without it the cap is 200 MiB.
        bool concurrent = Environment.GetEnvironmentVariable("DOTNET_gcConcurrent") is { } flag
            ? flag != "0"
            : AppContext.GetData("System.GC.Concurrent") is not bool configured || configured;
        return $"{gen0}, {(concurrent ? "concurrent GC" : "non-concurrent GC")}";
    }

    /// <summary>Starts this program again with the larger gen0 budget and the same arguments; returns its exit code.</summary>
    public static int RunAgainWithLargeGen0(string[] args)
    {
        string host = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(GcSettings).Assembly.Location); // run as 'dotnet X.dll'
        }

        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment[Gen0SizeVariable] = Gen0Size;
        using Process child = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {host} again.");
        child.WaitForExit();
        return child.ExitCode;
    }
}
