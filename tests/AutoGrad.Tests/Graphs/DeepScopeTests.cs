using System.Diagnostics;
using AutoGrad.Graphs;

namespace AutoGrad.Tests.Graphs;

/// <summary>
/// 10,000 nested scopes on a thread with a 256 KiB stack: the exporters, <see cref="Scope.ToString"/>
/// and collapsing to fit <see cref="DiagramOptions.MaxNodes"/> use loops, not recursion, and the text
/// they write grows linearly with the depth (indentation is capped).
/// </summary>
public class DeepScopeTests
{
    private const int Deep = 10_000;
    private const int SmallStack = 256 * 1024;

    /// <summary>A chain of <paramref name="depth"/> tanh values, value k made inside k + 1 nested scopes named "s" (a value node and an op node each).</summary>
    private static (Value Output, Scope Innermost) Nested(int depth)
    {
        var scopes = new Stack<Scope>();
        Value v = new(0.5, "x");
        Scope innermost;
        try
        {
            for (int k = 0; k < depth; k++)
            {
                scopes.Push(Scope.Enter("s"));
                v = v.Tanh();
            }
        }
        finally
        {
            innermost = scopes.Peek();
            while (scopes.TryPop(out Scope? scope))
            {
                scope.Dispose();
            }
        }

        return (v, innermost);
    }

    /// <summary>Runs <paramref name="work"/> on a new thread with a 256 KiB stack and returns its result (a stack overflow would end the test run).</summary>
    private static T OnSmallStack<T>(Func<T> work)
    {
        T result = default!;
        Exception? error = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    result = work();
                }
                catch (Exception e)
                {
                    error = e;
                }
            },
            SmallStack);
        thread.Start();
        thread.Join();
        return error is null ? result : throw new InvalidOperationException("The work failed on the small stack.", error);
    }

    private static readonly DotOptions Unlimited = new() { MaxNodes = int.MaxValue };

    [Fact]
    public void Scope_ToString_AtTenThousandNestedScopes_OnA256KiBStack()
    {
        (_, Scope innermost) = Nested(Deep);

        string path = OnSmallStack(innermost.ToString);

        Assert.Equal(Deep - 1, innermost.Depth);
        Assert.Equal(string.Join(" / ", Enumerable.Repeat("s", Deep)), path);
    }

    [Fact]
    public void DotExport_AtTenThousandNestedScopes_OnA256KiBStack_IsLinearInSize()
    {
        (Value shallow, _) = Nested(Deep / 10);
        (Value deep, _) = Nested(Deep);

        string small = OnSmallStack(() => DotExporter.Export(shallow, Unlimited));
        string large = OnSmallStack(() => DotExporter.Export(deep, Unlimited));

        // Every scope is a cluster holding its value and its op; none is lost.
        Assert.Equal(Deep, CountOf(large, "subgraph cluster_"));
        Assert.Equal(2 * Deep + 1, CountOf(large, " [shape="));
        // Linear: ten times the depth is about ten times the text (quadratic indentation made it ~100×).
        double ratio = (double)large.Length / small.Length;
        Assert.InRange(ratio, 9.0, 11.0);
        Assert.True(large.Length < 1000 * Deep, $"{large.Length} characters for {Deep} scopes"); // about 600 per scope
        Assert.Contains("\n" + new string(' ', 2 * (ClusterWalk.MaxIndentLevels + 1)) + "subgraph", large, StringComparison.Ordinal);
        Assert.DoesNotContain("\n" + new string(' ', 2 * (ClusterWalk.MaxIndentLevels + 2)) + "subgraph", large, StringComparison.Ordinal);
    }

    [Fact]
    public void MermaidExport_AtTenThousandNestedScopes_OnA256KiBStack_IsLinearInSize()
    {
        (Value shallow, _) = Nested(Deep / 10);
        (Value deep, _) = Nested(Deep);

        string small = OnSmallStack(() => MermaidExporter.Export(shallow, Unlimited));
        string large = OnSmallStack(() => MermaidExporter.Export(deep, Unlimited));

        Assert.Equal(Deep, CountOf(large, "subgraph cluster_"));
        Assert.Equal(Deep, large.Split('\n').Count(line => line.Trim() == "end"));
        double ratio = (double)large.Length / small.Length;
        Assert.InRange(ratio, 9.0, 11.0);
        Assert.True(large.Length < 300 * Deep, $"{large.Length} characters for {Deep} scopes");
    }

    [Fact]
    public void CollapseToFitMaxNodes_AtTenThousandNestedScopes_OnA256KiBStack()
    {
        (Value deep, _) = Nested(Deep);
        var options = new DotOptions { MaxNodes = 1000, Oversize = OversizeBehavior.CollapseScopes };
        var clock = Stopwatch.StartNew();

        string dot = OnSmallStack(() => DotExporter.Export(deep, options));
        DiagramSummary summary = OnSmallStack(() => Diagram.Describe(deep, options));

        // The deepest collapse that fits: scopes from depth d on are one box, and the d scopes outside
        // it hold a value and an op each, so 2d + 1 (the input x) + 1 (the box) ≤ 1000 gives d = 499.
        int nodes = CountOf(dot, " [shape=");
        Assert.Equal(1000, nodes);
        Assert.Equal(1, CountOf(dot, "shape=box3d"));
        Assert.Equal(499, CountOf(dot, "subgraph cluster_"));
        Assert.Contains($"{Deep - 499} values", dot, StringComparison.Ordinal); // the box stands for the rest
        Assert.Contains("drew 1 scopes (s) as boxes, 1000 nodes", dot, StringComparison.Ordinal);
        Assert.Single(summary.CollapsedScopes);
        Assert.Equal(499, summary.CollapsedScopes[0].Split(" / ").Length - 1);
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), $"took {clock.Elapsed}"); // not a timing test: a guard against the cubic 225 s at 4,000
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
