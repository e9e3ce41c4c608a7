using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace AutoGrad.Benchmarks.Quick;

/// <summary>
/// Where one workload's bytes go, by type: the runtime's GC AllocationTick event fires about once
/// every 100 KB allocated and names the type of the object that crossed the mark, so over many steps
/// each type's share of the events is its share of the bytes (a sample, not a count: types below
/// about 1% of the bytes may not show). Run with <c>--alloc-types &lt;run&gt; N</c>.
/// </summary>
internal static class AllocationByType
{
    public static int Run(string name, string stepsText, TextWriter output)
    {
        if (!StepProbe.TryMake(name, out Func<Workloads.IWorkloadRun>? make) || !int.TryParse(stepsText, CultureInfo.InvariantCulture, out int steps) || steps < 1)
        {
            Console.Error.WriteLine($"usage: --alloc-types <{string.Join("|", StepProbe.Names)}> <steps ≥ 1>; got '{name}' '{stepsText}'");
            return 2;
        }

        Workloads.IWorkloadRun run = make!();
        for (int i = 0; i < 3; i++)
        {
            run.Step(); // JIT and first-step allocations out of the way
        }

        using var listener = new TickListener();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < steps; i++)
        {
            run.Step();
        }

        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        Thread.Sleep(2000); // events arrive on the listener's thread
        long sampled = listener.Bytes.Values.Sum();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# {name}: {bytes / (double)steps:F0} bytes per step over {steps} steps; {listener.Events} AllocationTick events"));
        output.WriteLine("type,share,bytes_per_step");
        foreach ((string type, long amount) in listener.Bytes.OrderByDescending(pair => pair.Value))
        {
            double share = amount / (double)sampled;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{type},{share:P1},{share * bytes / steps:F0}"));
        }

        return 0;
    }

    private sealed class TickListener : EventListener
    {
        public ConcurrentDictionary<string, long> Bytes { get; } = new();

        public int Events;

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1); // GC keyword: AllocationTick is verbose
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs data)
        {
            if (data.EventName is not { } eventName || !eventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || data.Payload is null)
            {
                return;
            }

            int typeIndex = data.PayloadNames!.IndexOf("TypeName");
            int amountIndex = data.PayloadNames.IndexOf("AllocationAmount64");
            string type = typeIndex >= 0 ? data.Payload[typeIndex] as string ?? "?" : "?";
            long amount = amountIndex >= 0 ? Convert.ToInt64(data.Payload[amountIndex], CultureInfo.InvariantCulture) : 100_000;
            Bytes.AddOrUpdate(type, amount, (_, sum) => sum + amount);
            Interlocked.Increment(ref Events);
        }
    }
}
