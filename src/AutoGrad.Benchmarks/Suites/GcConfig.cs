using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace AutoGrad.Benchmarks.Suites;

/// <summary>Runs each benchmark twice: with the default gen0 budget and with 256 MiB (see docs/performance.md).</summary>
public sealed class GcConfig : ManualConfig
{
    /// <summary>Adds the two jobs.</summary>
    public GcConfig()
    {
        AddJob(Job.Default.WithId("default-gc"));
        AddJob(Job.Default.WithId("gen0-256MiB").WithEnvironmentVariable(GcSettings.Gen0SizeVariable, GcSettings.Gen0Size));
    }
}
