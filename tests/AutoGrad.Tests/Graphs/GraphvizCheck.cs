using AutoGrad.Graphs;

namespace AutoGrad.Tests.Graphs;

/// <summary>Feeds DOT text to the real Graphviz and fails on any error or warning.</summary>
internal static class GraphvizCheck
{
    /// <summary>Lays the graph out with <c>dot -Tplain</c>; returns the plain-text layout.</summary>
    public static string[] Layout(string dot)
    {
        Assert.True(Graphviz.IsInstalled, "Graphviz 'dot' is not installed (apt-get install graphviz; .ci/run installs it).");
        GraphvizRun run = Graphviz.Run(dot, ["-Tplain"], TimeSpan.FromSeconds(60));
        Assert.True(run.Warnings.Length == 0, $"Graphviz warned: {run.Warnings}");
        return System.Text.Encoding.UTF8.GetString(run.Output).Split('\n');
    }

    /// <summary>How many nodes Graphviz laid out (clusters are not nodes).</summary>
    public static int NodeCount(string dot) => Layout(dot).Count(line => line.StartsWith("node ", StringComparison.Ordinal));

    /// <summary>How many edges Graphviz laid out.</summary>
    public static int EdgeCount(string dot) => Layout(dot).Count(line => line.StartsWith("edge ", StringComparison.Ordinal));
}
