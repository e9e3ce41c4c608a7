using System.Runtime.CompilerServices;

namespace AutoGrad;

/// <summary>
/// The nodes a compiled replay must refuse, and why (see <see cref="Value.RefuseReplay"/>). Kept beside
/// the nodes rather than in them: few nodes are ever marked, and a field in every node's extras would
/// make each n-ary node 8 bytes larger.
/// </summary>
internal static class ReplayRefusals
{
    private static readonly ConditionalWeakTable<Value, string> Reasons = new();
    private static volatile bool s_anyMarked; // until something is marked, a compile looks nothing up

    /// <summary>Records why <paramref name="node"/> cannot be replayed.</summary>
    public static void Mark(Value node, string reason)
    {
        Reasons.AddOrUpdate(node, reason);
        s_anyMarked = true;
    }

    /// <summary>Why <paramref name="node"/> cannot be replayed, or null.</summary>
    public static string? Of(Value node) => s_anyMarked && Reasons.TryGetValue(node, out string? reason) ? reason : null;
}
