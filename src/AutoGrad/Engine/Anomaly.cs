using System.Globalization;
using System.Text;

namespace AutoGrad;

/// <summary>
/// Anomaly detection, like PyTorch's <c>detect_anomaly</c>: inside <see cref="Detect"/>, the first
/// operation whose forward value or backward gradient is NaN or ±∞ throws an
/// <see cref="AnomalyException"/> that names the op, its input values and the labelled values on the
/// path back to the leaves. Off by default; when off it costs one test per node.
/// </summary>
/// <remarks>
/// Detection follows the flow of the code that turned it on, as an <see cref="AsyncLocal{T}"/> does:
/// code awaited inside the block is checked on whatever thread it resumes, as are tasks it starts;
/// work running elsewhere at the same time is not. Inputs given to a graph (leaves) may be ±∞ — a
/// mask constant, say; what is checked is every value an op makes and every gradient backward makes.
/// </remarks>
/// <example>
/// <code>
/// using (Anomaly.Detect())
/// {
///     Value loss = Model(x);      // throws at the first op that makes NaN or ±∞
///     loss.Backward();            // throws at the first gradient that becomes NaN or ±∞
/// }
/// </code>
/// </example>
public static class Anomaly
{
    private static readonly AsyncLocal<int> s_depth = new();

    // Detections open anywhere: lets node creation skip the AsyncLocal lookup when none is.
    private static int s_open;

    /// <summary>True when detection is on for the code running now.</summary>
    public static bool IsDetecting => s_open != 0 && s_depth.Value > 0;

    /// <summary>Turns detection on for this flow of code until the returned object is disposed. Calls nest.</summary>
    public static IDisposable Detect()
    {
        int outer = s_depth.Value;
        s_depth.Value = outer + 1;
        Interlocked.Increment(ref s_open);
        return new Detection(outer);
    }

    /// <summary>Throws when a node just made holds NaN or ±∞.</summary>
    internal static void CheckForward(Value node)
    {
        if (double.IsFinite(node.Data))
        {
            return;
        }

        var inputs = new StringBuilder();
        for (int i = 0; i < node.InputCount; i++)
        {
            inputs.Append(i == 0 ? "" : ", ").Append(Describe(node.GetInput(i)));
        }

        throw new AnomalyException(
            node,
            inBackward: false,
            $"Anomaly in the forward pass: {OpName(node)} produced {Number(node.Data)} from input(s) {inputs}. {PathToLeaves(node)}");
    }

    /// <summary>Throws when the gradient a node sends to one of its inputs is NaN or ±∞.</summary>
    internal static void CheckBackward(Value node, int inputIndex, double localGradient, double upstream)
    {
        double contribution = localGradient * upstream;
        if (double.IsFinite(contribution))
        {
            return;
        }

        throw new AnomalyException(
            node,
            inBackward: true,
            $"Anomaly in the backward pass: the gradient {OpName(node)} sends to its input {inputIndex} ({Describe(node.GetInput(inputIndex))}) is {Number(contribution)} = local derivative {Number(localGradient)} × upstream gradient {Number(upstream)}. {PathToLeaves(node)}");
    }

    /// <summary>Throws when the gradient accumulated in <paramref name="input"/> has become NaN or ±∞ (finite contributions can overflow).</summary>
    internal static void CheckAccumulated(Value node, int inputIndex, Value input)
    {
        if (double.IsFinite(input.Grad))
        {
            return;
        }

        throw new AnomalyException(
            node,
            inBackward: true,
            $"Anomaly in the backward pass: the gradient of {OpName(node)}'s input {inputIndex} ({Describe(input)}) has accumulated to {Number(input.Grad)}. {PathToLeaves(node)}");
    }

    /// <summary>The op of a node as a reader knows it: "Log", or "Log 'h'" when labelled.</summary>
    internal static string OpName(Value node) =>
        (node.Op == Op.Custom ? $"custom op '{node.CustomName}'" : node.Op.ToString()) + (node.Label is { } label ? $" '{label}'" : "");

    private static string Describe(Value value) =>
        Number(value.Data) + (value.Label is { } label ? $" ('{label}')" : "") + (value.IsLeaf ? "" : $" from {value.Op}");

    private static string Number(double x) => x.ToString("R", CultureInfo.InvariantCulture).Replace("Infinity", "∞", StringComparison.Ordinal);

    /// <summary>The labelled values the node depends on, nearest first, leaves last with their values.</summary>
    private static string PathToLeaves(Value node)
    {
        const int MaxShown = 12;
        var seen = new HashSet<Value>(ReferenceEqualityComparer.Instance) { node };
        var queue = new Queue<Value>([node]);
        var labelled = new List<string>();
        var leaves = new List<string>();
        while (queue.TryDequeue(out Value? current))
        {
            for (int i = 0; i < current.InputCount; i++)
            {
                Value input = current.GetInput(i);
                if (!seen.Add(input))
                {
                    continue;
                }

                queue.Enqueue(input);
                if (input.Label is { } label)
                {
                    (input.IsLeaf ? leaves : labelled).Add(input.IsLeaf ? $"{label} = {Number(input.Data)}" : label);
                }
            }
        }

        if (labelled.Count + leaves.Count == 0)
        {
            return "No value on the way back to the leaves has a label; give values a Label to see the path here.";
        }

        IEnumerable<string> path = labelled.Take(MaxShown).Append(leaves.Count == 0 ? "(no labelled leaves)" : string.Join(", ", leaves.Take(MaxShown)));
        return $"Path back to the leaves: {node.Label ?? node.Op.ToString()} ← {string.Join(" ← ", path)}.";
    }

    private sealed class Detection(int outer) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1)
            {
                return;
            }

            // Back to the depth before Detect, in this flow only, whichever thread it now runs on.
            s_depth.Value = outer;
            Interlocked.Decrement(ref s_open);
        }
    }
}
