using AutoGrad.Compilation;

namespace AutoGrad.Checking;

/// <summary>
/// <see cref="GradCheck.Check"/> at many points of one function whose graph has the same shape at
/// every point (an <see cref="Expressions.Expression"/>'s, say): the graph is recorded once and
/// evaluated through a <see cref="BatchedReplay"/> — the value and gradient at every point in one
/// pass, the central differences' points x ± h in another — instead of built afresh 2n + 1 times per point.
/// </summary>
/// <remarks>
/// A point's report holds the same numbers as <see cref="GradCheck.Check"/>'s there, bit for bit (the
/// batched replay gives, at each point, what a fresh graph gives). Only the plain case is judged here:
/// every input passed at the first look, on the same branch of every kink at x ± h, with no second
/// look wanted. Any other point — an input failed, was inconclusive, sat within a step of a kink or
/// needs a wider step — is checked again by <see cref="GradCheck.Check"/> itself, so its report (the
/// culprit op, the reasons in words) is that one. Because the graph is recorded once, a function whose
/// graph changes shape with its inputs' values must not be checked this way: its change would go
/// unseen. The reports judged here carry no <see cref="GradCheckReport.Graph"/>.
/// <para><b>Under anomaly detection.</b> While <see cref="Anomaly.IsDetecting"/>, every point
/// is evaluated by fresh graphs, as <see cref="GradCheck.Check"/> and <see cref="Value.Gradients"/> do,
/// and not by the replay: an anomaly is then the <see cref="AnomalyException"/> the user's own graph
/// throws (the op, its inputs, the path back to the leaves, <see cref="AnomalyException.Node"/> the
/// node built at that point), not the compiled replay's, whose node was built at another point.</para>
/// </remarks>
internal sealed class BatchedGradCheck
{
    // Points (x, or x ± h for one coordinate) per call of the batched replay.
    private const int RowsPerCall = 256;

    private static readonly double MachineEpsilon = Math.BitIncrement(1.0) - 1.0;

    private readonly Func<IReadOnlyList<Value>, Value> _function;
    private readonly int _variables;
    private readonly BatchedReplay _batch;

    // Each op that can sit on a side of a kink: its rule, constant, and where its inputs are in a row
    // of outputs (the second −1 for a unary op). Output 0 is the function's value.
    private readonly OpInfo[] _branchOps;
    private readonly double[] _branchConstants;
    private readonly int[] _firstInputs;
    private readonly int[] _secondInputs;
    private readonly int _outputsPerPoint;

    private BatchedGradCheck(Func<IReadOnlyList<Value>, Value> function, int variables, BatchedReplay batch, OpInfo[] branchOps, double[] branchConstants, int[] firstInputs, int[] secondInputs)
    {
        _function = function;
        _variables = variables;
        _batch = batch;
        _branchOps = branchOps;
        _branchConstants = branchConstants;
        _firstInputs = firstInputs;
        _secondInputs = secondInputs;
        _outputsPerPoint = batch.Outputs.Count;
    }

    /// <summary>The inputs (coordinates) of each point.</summary>
    public int Variables => _variables;

    /// <summary>
    /// Records <paramref name="function"/> once, built at <paramref name="at"/>; null when its graph
    /// cannot be replayed (an op that recorded numbers at one point only, batch norm's statistics) or
    /// leaves an input out, so the caller checks point by point.
    /// </summary>
    /// <param name="function">Builds the output from one leaf per coordinate; the same graph at every point.</param>
    /// <param name="at">Any point of the right number of coordinates: where the graph is built to be recorded.</param>
    public static BatchedGradCheck? TryCreate(Func<IReadOnlyList<Value>, Value> function, IReadOnlyList<double> at)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(at);
        Value[] leaves = [.. at.Select(x => new Value(x))];
        Value output = function(leaves) ?? throw new ArgumentNullException(nameof(function), "The function returned null; expected the output Value.");
        CompiledGraph graph;
        try
        {
            graph = CompiledGraph.Compile(output);
        }
        catch (NotSupportedException)
        {
            return null; // a graph a replay refuses: checked point by point
        }

        // The values each kink's side is read from: the inputs of every unary and binary op (the only
        // ops GradCheck asks a branch of), each once, after the output.
        var outputs = new List<Value> { output };
        var position = new Dictionary<Value, int>(ReferenceEqualityComparer.Instance) { [output] = 0 };
        int PositionOf(Value node)
        {
            if (!position.TryGetValue(node, out int index))
            {
                index = outputs.Count;
                position.Add(node, index);
                outputs.Add(node);
            }

            return index;
        }

        var ops = new List<OpInfo>();
        var constants = new List<double>();
        var firsts = new List<int>();
        var seconds = new List<int>();
        foreach (Value node in output.CollectTopologicalOrder())
        {
            if (node.IsLeaf || node.Op == Op.Custom || OpCatalog.Of(node.Op) is not { Shape: OpShape.Unary or OpShape.Binary } info)
            {
                continue;
            }

            ops.Add(info);
            constants.Add(node.Parameter ?? 0);
            firsts.Add(PositionOf(node.GetInput(0)));
            seconds.Add(info.Shape == OpShape.Binary ? PositionOf(node.GetInput(1)) : -1);
        }

        try
        {
            BatchedReplay batch = graph.Batch(leaves, outputs);
            return new BatchedGradCheck(function, leaves.Length, batch, [.. ops], [.. constants], [.. firsts], [.. seconds]);
        }
        catch (ArgumentException)
        {
            return null; // an input the function does not read is no leaf of the graph: checked point by point
        }
    }

    /// <summary>
    /// For each point (a row of <see cref="Variables"/> coordinates in <paramref name="points"/>): true
    /// when f and every ∂f/∂xᵢ are finite there, as a fresh graph and <see cref="Value.Gradients"/> find them.
    /// </summary>
    public bool[] FiniteWithGradient(ReadOnlySpan<double> points)
    {
        int count = points.Length / _variables;
        var finite = new bool[count];
        if (Anomaly.IsDetecting)
        {
            // A fresh graph per point, so an anomaly is reported as the user's own graph reports it
            // (see the remarks, under anomaly detection).
            for (int p = 0; p < count; p++)
            {
                Value[] leaves = [.. points.Slice(p * _variables, _variables).ToArray().Select(x => new Value(x))];
                Value output = _function(leaves);
                finite[p] = double.IsFinite(output.Data) && Value.Gradients(output, leaves).All(g => double.IsFinite(g.Data));
            }

            return finite;
        }

        int block = Math.Min(Math.Max(count, 1), RowsPerCall);
        var outputs = new double[block * _outputsPerPoint];
        var gradients = new double[block * _variables];
        for (int first = 0; first < count; first += block)
        {
            int rows = Math.Min(block, count - first);
            _batch.Evaluate(points.Slice(first * _variables, rows * _variables), outputs.AsSpan(0, rows * _outputsPerPoint), gradients.AsSpan(0, rows * _variables));
            for (int r = 0; r < rows; r++)
            {
                finite[first + r] = double.IsFinite(outputs[r * _outputsPerPoint])
                    && AllFinite(gradients.AsSpan(r * _variables, _variables));
            }
        }

        return finite;
    }

    /// <summary>
    /// The report <see cref="GradCheck.Check"/> gives at each point, in order (see the remarks: the
    /// plain passes judged from the batched replay, any other point by <see cref="GradCheck.Check"/>).
    /// </summary>
    /// <param name="points">Finite points of <see cref="Variables"/> coordinates each.</param>
    /// <param name="options">Step and tolerances; <see cref="GradCheckOptions.Default"/> if null.</param>
    /// <param name="cancellation">Looked at between calls of the batched replay.</param>
    public GradCheckReport[] Check(IReadOnlyList<double[]> points, GradCheckOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        options ??= GradCheckOptions.Default;
        NumericalDerivative.CheckStep(options.Step);
        var reports = new GradCheckReport[points.Count];
        if (Anomaly.IsDetecting)
        {
            // Every point is GradCheck.Check's, in order (see the remarks, under anomaly detection).
            for (int p = 0; p < points.Count; p++)
            {
                cancellation.ThrowIfCancellationRequested();
                reports[p] = GradCheck.Check(_function, points[p], options);
            }

            return reports;
        }

        int n = _variables;
        int pointsPerGroup = Math.Max(1, RowsPerCall / (2 * n));
        for (int first = 0; first < points.Count; first += pointsPerGroup)
        {
            cancellation.ThrowIfCancellationRequested();
            int count = Math.Min(pointsPerGroup, points.Count - first);
            var group = new List<int>(count);
            for (int q = 0; q < count; q++)
            {
                int p = first + q;
                if (Judgeable(points[p], options.Step))
                {
                    group.Add(p);
                }
                else
                {
                    reports[p] = GradCheck.Check(_function, points[p], options); // refuses the point with Check's own words
                }
            }

            foreach ((int p, GradCheckReport? report) in JudgeGroup(points, group, options, cancellation))
            {
                reports[p] = report ?? GradCheck.Check(_function, points[p], options);
            }
        }

        return reports;
    }

    /// <summary>True when the point has the right coordinates, all finite, and a step that moves each: else Check refuses it.</summary>
    private bool Judgeable(double[] point, double step)
    {
        if (point is null || point.Length != _variables)
        {
            return false;
        }

        foreach (double x in point)
        {
            double h = NumericalDerivative.StepAt(x, step);
            if (!double.IsFinite(x) || !(h > 0) || !double.IsFinite(h))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Each point of the group with its report, or null where GradCheck.Check must look.</summary>
    private List<(int Point, GradCheckReport? Report)> JudgeGroup(IReadOnlyList<double[]> points, List<int> group, GradCheckOptions options, CancellationToken cancellation)
    {
        int n = _variables, m = _outputsPerPoint;
        var judged = new List<(int, GradCheckReport?)>(group.Count);
        if (group.Count == 0)
        {
            return judged;
        }

        // At each point itself: f, every output each kink reads, and the gradient.
        var here = new double[group.Count * n];
        for (int q = 0; q < group.Count; q++)
        {
            points[group[q]].CopyTo(here, q * n);
        }

        var hereOutputs = new double[group.Count * m];
        var analytic = new double[group.Count * n];
        _batch.Evaluate(here, hereOutputs, analytic);
        var hereBranches = new int[group.Count][];
        for (int q = 0; q < group.Count; q++)
        {
            hereBranches[q] = Branches(hereOutputs.AsSpan(q * m, m));
        }

        // At x ± h for each coordinate of each point (row q·2n + 2i for +h, + 1 for −h): f, and whether
        // every kink is on the side it is on at the point.
        int rows = group.Count * 2 * n;
        var shifted = new double[rows];
        var sameSide = new bool[rows];
        var steps = new double[group.Count * n];
        int block = Math.Min(rows, RowsPerCall);
        var inputs = new double[block * n];
        var outputs = new double[block * m];
        for (int start = 0; start < rows; start += block)
        {
            cancellation.ThrowIfCancellationRequested();
            int count = Math.Min(block, rows - start);
            for (int r = 0; r < count; r++)
            {
                (int q, int i, bool up) = ((start + r) / (2 * n), (start + r) % (2 * n) / 2, (start + r) % 2 == 0);
                double x = points[group[q]][i];
                double h = NumericalDerivative.StepAt(x, options.Step);
                steps[(q * n) + i] = h;
                Span<double> row = inputs.AsSpan(r * n, n);
                points[group[q]].CopyTo(row);
                row[i] = up ? x + h : x - h;
            }

            _batch.Forward(inputs.AsSpan(0, count * n), outputs.AsSpan(0, count * m));
            for (int r = 0; r < count; r++)
            {
                ReadOnlySpan<double> row = outputs.AsSpan(r * m, m);
                shifted[start + r] = row[0];
                sameSide[start + r] = Branches(row).AsSpan().SequenceEqual(hereBranches[(start + r) / (2 * n)]);
            }
        }

        for (int q = 0; q < group.Count; q++)
        {
            var entries = new GradCheckEntry[n];
            bool plain = true;
            for (int i = 0; i < n && plain; i++)
            {
                int up = (q * 2 * n) + (2 * i), down = up + 1;
                double h = steps[(q * n) + i];
                GradCheckEntry entry = GradCheck.Judge(i, points[group[q]][i], analytic[(q * n) + i], shifted[up], shifted[down], h, options);
                double roundoff = MachineEpsilon * (Math.Abs(shifted[up]) + Math.Abs(shifted[down])) / (2 * h);
                // GradCheck.Check's first look, when it is the last: a pass, no kink crossed, no wider step wanted.
                plain = entry.Outcome == GradCheckOutcome.Passed && sameSide[up] && sameSide[down]
                    && !(double.IsFinite(entry.Numerical) && roundoff > entry.Allowed);
                entries[i] = entry;
            }

            judged.Add((group[q], plain ? new GradCheckReport(hereOutputs[q * m], entries) : null));
        }

        return judged;
    }

    /// <summary>The side of its kink each op is on, from a row of outputs.</summary>
    private int[] Branches(ReadOnlySpan<double> row)
    {
        var branches = new int[_branchOps.Length];
        for (int k = 0; k < branches.Length; k++)
        {
            double[] inputs = _secondInputs[k] < 0 ? [row[_firstInputs[k]]] : [row[_firstInputs[k]], row[_secondInputs[k]]];
            branches[k] = _branchOps[k].BranchAt(inputs, _branchConstants[k]);
        }

        return branches;
    }

    private static bool AllFinite(ReadOnlySpan<double> numbers)
    {
        foreach (double x in numbers)
        {
            if (!double.IsFinite(x))
            {
                return false;
            }
        }

        return true;
    }
}
