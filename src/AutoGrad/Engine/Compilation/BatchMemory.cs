using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoGrad.Compilation;

/// <summary>
/// The working memory of a batched replay for one block of points, node-major: node i's values for
/// the block's points lie side by side in row i (lane = point), <see cref="Width"/> doubles apart, so
/// one vector load reads a node at <c>Vector&lt;double&gt;.Count</c> points. Gradients and the stored
/// local derivatives of per-lane ops have rows of their own. Made once per batched replay, at its
/// first call; each later call reuses it.
/// </summary>
internal sealed class BatchMemory
{
    private const int Alignment = 64; // a cache line, and one Vector512

    private readonly double[] _values;
    private readonly double[] _grads;
    private readonly double[] _partials;
    private readonly int _valuesStart;
    private readonly int _gradsStart;
    private readonly int _partialsStart;

    public BatchMemory(BatchProgram program, bool[] needsGradient, int width)
    {
        Program = program;
        Width = width;
        NeedsGradient = needsGradient;
        PartialRow = new int[program.Steps.Length];
        int partialRows = 0, widestCustom = 0;
        for (int k = 0; k < program.Steps.Length; k++)
        {
            BatchStep step = program.Steps[k];
            int rows = BatchKernels.SlopeRows(step.Kernel);
            PartialRow[k] = rows > 0 ? partialRows : -1;
            partialRows += rows;
            widestCustom = step.Kernel == BatchKernel.Custom ? Math.Max(widestCustom, step.B) : widestCustom;
        }

        // Pinned, so the rows can start on a cache line: a vector never straddles two.
        (_values, _valuesStart) = Aligned((long)program.NodeCount * width);
        (_grads, _gradsStart) = Aligned((long)program.NodeCount * width);
        (_partials, _partialsStart) = Aligned((long)partialRows * width);
        ScaledInputs = program.GatheredInputs.Select(node => node * width).ToArray();
        CustomScratch = new double[widestCustom];
        LeafValues = new double[program.LeafCount];
        ClearedRows = Enumerable.Range(0, program.NodeCount).Where(node => needsGradient[node]).ToArray();
    }

    /// <summary>The instructions.</summary>
    public BatchProgram Program { get; }

    /// <summary>How many points a block holds: the distance between two rows.</summary>
    public int Width { get; }

    /// <summary>Per node: true when its gradient leads to a gradient the caller asked for (backward skips the others).</summary>
    public bool[] NeedsGradient { get; }

    /// <summary>Per step: the first of its two rows of stored local derivatives (per-lane ops), −1 for others.</summary>
    public int[] PartialRow { get; }

    /// <summary>The gathered inputs' positions times <see cref="Width"/>: where each input's row starts.</summary>
    public int[] ScaledInputs { get; }

    /// <summary>The leaves' values as the call found them in the compiled graph (shared leaves are broadcast from here).</summary>
    public double[] LeafValues { get; }

    /// <summary>A custom op's inputs at one point, gathered for its functions.</summary>
    public double[] CustomScratch { get; }

    /// <summary>The nodes whose gradient rows backward clears before each block.</summary>
    public int[] ClearedRows { get; }

    /// <summary>The doubles this memory holds (values, gradients, partials), for the documentation's budget.</summary>
    public long Doubles => _values.LongLength + _grads.LongLength + _partials.LongLength;

    /// <summary>The start of row 0 of the values.</summary>
    public ref double Values => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_values), _valuesStart);

    /// <summary>The start of row 0 of the gradients.</summary>
    public ref double Grads => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_grads), _gradsStart);

    /// <summary>The start of row 0 of the stored local derivatives.</summary>
    public ref double Partials => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_partials), _partialsStart);

    /// <summary>Node <paramref name="node"/>'s values at the block's points.</summary>
    public Span<double> ValueRow(int node) => _values.AsSpan(_valuesStart + (node * Width), Width);

    /// <summary>Node <paramref name="node"/>'s gradients at the block's points.</summary>
    public Span<double> GradientRow(int node) => _grads.AsSpan(_gradsStart + (node * Width), Width);

    private static unsafe (double[] Array, int Start) Aligned(long length)
    {
        if (length + (Alignment / sizeof(double)) > Array.MaxLength)
        {
            throw new InsufficientMemoryException($"A block of {length} doubles does not fit in one array; the batched replay narrows its blocks for large graphs, so this graph is too large to batch.");
        }

        double[] array = GC.AllocateArray<double>((int)length + (Alignment / sizeof(double)), pinned: true);
        long address = (long)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        int start = (int)(((Alignment - (address % Alignment)) % Alignment) / sizeof(double));
        return (array, start);
    }
}
