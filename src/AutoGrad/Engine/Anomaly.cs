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
/// code awaited inside the block is checked on whatever thread it resumes, as are tasks it starts
/// (until the block is disposed); work running elsewhere at the same time is not, and a block opened
/// on another thread never turns detection on here. Blocks may be disposed in any order. Inputs given to a graph (leaves) may be ±∞ — a
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
    // The innermost detection opened in this flow of code; each remembers the one around it. A
    // disposed detection stays in the chain until the flow next looks, and is skipped: blocks may end
    // in any order, and one disposed elsewhere does not leave this flow detecting.
    private static readonly AsyncLocal<Detection?> s_innermost = new();

    // Detections open anywhere: lets node creation skip the AsyncLocal lookup when none is.
    private static int s_open;

    /// <summary>True when detection is on for the code running now: a block opened in this flow of code is not yet disposed.</summary>
    public static bool IsDetecting
    {
        // Inlined where nodes are made, so the common case (no detection open anywhere) is one test.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        get => s_open != 0 && IsDetectingInThisFlow();
    }

    /// <summary><see cref="IsDetecting"/> once some detection is open somewhere: is one open in this flow of code.</summary>
    private static bool IsDetectingInThisFlow() => OpenIn(s_innermost.Value) is not null;

    /// <summary>
    /// Turns detection on for this flow of code until the returned object is disposed. Calls nest, and
    /// may be disposed in any order: detection stays on while any of this flow's blocks is open.
    /// </summary>
    public static IDisposable Detect()
    {
        var detection = new Detection(OpenIn(s_innermost.Value));
        s_innermost.Value = detection;
        Interlocked.Increment(ref s_open);
        return detection;
    }

    /// <summary>The first detection in the chain from <paramref name="innermost"/> outwards that is still open, or null.</summary>
    private static Detection? OpenIn(Detection? innermost)
    {
        while (innermost is not null && innermost.IsDisposed)
        {
            innermost = innermost.Outer;
        }

        return innermost;
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

    /// <summary>Throws when the gradient <paramref name="accumulated"/> in <paramref name="input"/> has become NaN or ±∞ (finite contributions can overflow).</summary>
    internal static void CheckAccumulated(Value node, int inputIndex, Value input, double accumulated)
    {
        if (double.IsFinite(accumulated))
        {
            return;
        }

        throw new AnomalyException(
            node,
            inBackward: true,
            $"Anomaly in the backward pass: the gradient of {OpName(node)}'s input {inputIndex} ({Describe(input)}) has accumulated to {Number(accumulated)}. {PathToLeaves(node)}");
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

    private sealed class Detection(Detection? outer) : IDisposable
    {
        private int _disposed;

        public Detection? Outer { get; } = outer;

        public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1)
            {
                return;
            }

            // Drop the disposed blocks from this flow's chain (in this flow only, whichever thread it now runs on).
            s_innermost.Value = OpenIn(s_innermost.Value);
            Interlocked.Decrement(ref s_open);
        }
    }
}
