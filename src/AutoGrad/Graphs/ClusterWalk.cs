namespace AutoGrad.Graphs;

/// <summary>
/// Visits nested clusters in the order a text format writes them, with a loop rather than recursion
/// (10,000 nested scopes must not overflow the stack), and gives the indentation of each level, capped
/// so deep nesting costs at most <see cref="MaxIndentLevels"/> indents per line: output stays linear in
/// the graph's size.
/// </summary>
internal static class ClusterWalk
{
    /// <summary>The deepest level indented further; deeper clusters are written at this indentation.</summary>
    public const int MaxIndentLevels = 16;

    private static readonly string[] s_indents = [.. Enumerable.Range(0, MaxIndentLevels + 1).Select(level => new string(' ', 2 * (level + 1)))];

    /// <summary>Two spaces per level (level 0 is the graph's body), at most <see cref="MaxIndentLevels"/> levels deep.</summary>
    public static string Indent(int level) => s_indents[Math.Min(level, MaxIndentLevels)];

    /// <summary>
    /// Calls <paramref name="enter"/> for a cluster, then visits its children, then calls
    /// <paramref name="leave"/>, for each cluster under <paramref name="roots"/> in order; the level of
    /// a root is 0.
    /// </summary>
    public static void Visit(IEnumerable<DiagramCluster> roots, Action<DiagramCluster, int> enter, Action<DiagramCluster, int> leave)
    {
        var stack = new Stack<(DiagramCluster Cluster, int Level, bool Entered)>();
        foreach (DiagramCluster root in roots.Reverse())
        {
            stack.Push((root, 0, false));
        }

        while (stack.TryPop(out (DiagramCluster Cluster, int Level, bool Entered) top))
        {
            if (top.Entered)
            {
                leave(top.Cluster, top.Level);
                continue;
            }

            enter(top.Cluster, top.Level);
            stack.Push(top with { Entered = true });
            for (int i = top.Cluster.Children.Count - 1; i >= 0; i--)
            {
                stack.Push((top.Cluster.Children[i], top.Level + 1, false));
            }
        }
    }
}
