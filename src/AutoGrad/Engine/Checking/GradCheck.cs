namespace AutoGrad.Checking;

/// <summary>
/// Checks the gradients <see cref="Value.Backward"/> computes for a function against numerical
/// differentiation. Call it from your own tests to check ops you build or compose.
/// </summary>
/// <example>
/// <code>
/// [Fact]
/// public void Softsign_HasTheRightGradient() =>
///     GradCheck.Assert(x => x[0] / (1 + x[0].Abs()), [0.7]);
/// </code>
/// </example>
public static class GradCheck
{
    /// <summary>
    /// Evaluates <paramref name="function"/> at <paramref name="point"/>, backpropagates, and compares
    /// each input's gradient with a central difference.
    /// </summary>
    /// <param name="function">Builds the output from fresh leaf values, one per coordinate of the point. It is called 2n + 1 times and must build the same expression each time.</param>
    /// <param name="point">The coordinates to check at; finite.</param>
    /// <param name="options">Step and tolerances; <see cref="GradCheckOptions.Default"/> if null.</param>
    /// <returns>A report with one entry per input.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> or <paramref name="point"/> is null, or the function returned null.</exception>
    /// <exception cref="ArgumentException">A coordinate of the point is not finite.</exception>
    public static GradCheckReport Check(Func<IReadOnlyList<Value>, Value> function, IReadOnlyList<double> point, GradCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(point);
        options ??= GradCheckOptions.Default;
        NumericalDerivative.CheckStep(options.Step);
        Value[] leaves = Derivatives.LeavesAt(point, nameof(point));
        double[] coordinates = leaves.Select(leaf => leaf.Data).ToArray();
        Value output = Evaluate(function, leaves);
        output.Backward();
        List<Value> graph = output.CollectTopologicalOrder();
        int[] branches = Branches(graph);

        var entries = new GradCheckEntry[coordinates.Length];
        for (int i = 0; i < coordinates.Length; i++)
        {
            double h = StepOrThrow(coordinates[i], options.Step, $"coordinate {i}");
            (double up, int[] upBranches) = EvaluateWith(function, coordinates, i, coordinates[i] + h);
            (double down, int[] downBranches) = EvaluateWith(function, coordinates, i, coordinates[i] - h);
            var entry = Judge(i, coordinates[i], leaves[i].Grad, up, down, h, options);
            if (entry.Outcome == GradCheckOutcome.Failed)
            {
                int index = i;
                entry = Refine(entry, h, x => EvaluateWith(function, coordinates, index, x).Output, options);
            }

            string? kink = KinkCrossed(graph, branches, upBranches, downBranches);
            entries[i] = kink is null ? entry : entry with { Outcome = GradCheckOutcome.Skipped, Reason = $"within a step of the kink of {kink}, where a central difference measures neither side's slope" };
        }

        GradCheckCulprit? culprit = entries.Any(e => e.Outcome == GradCheckOutcome.Failed) ? FindCulprit(graph, options) : null;
        return new GradCheckReport(output.Data, entries) { Culprit = culprit, Graph = output };
    }

    /// <summary>Like <see cref="Check"/>, but throws when any input fails, with the worst input in the message.</summary>
    /// <param name="function">Builds the output from one leaf per coordinate.</param>
    /// <param name="point">The coordinates to check at; finite.</param>
    /// <param name="options">Step and tolerances; <see cref="GradCheckOptions.Default"/> if null.</param>
    /// <returns>The report, when it passed.</returns>
    /// <exception cref="GradCheckFailedException">An analytic gradient disagrees with the numerical one.</exception>
    public static GradCheckReport Assert(Func<IReadOnlyList<Value>, Value> function, IReadOnlyList<double> point, GradCheckOptions? options = null)
    {
        GradCheckReport report = Check(function, point, options);
        return report.Passed ? report : throw new GradCheckFailedException(report);
    }

    /// <summary>
    /// Checks the gradients of a loss with respect to values that already exist, such as a model's
    /// parameters: backpropagates once, then nudges each value's <see cref="Value.Data"/> up and down
    /// and rebuilds the loss. Every value's data is restored afterwards.
    /// </summary>
    /// <param name="parameters">The values to check, for example <c>model.Parameters</c>.</param>
    /// <param name="loss">Builds the loss from the current data of the values; called 2n + 1 times.</param>
    /// <param name="options">Step and tolerances; <see cref="GradCheckOptions.Default"/> if null.</param>
    /// <returns>A report with one entry per parameter, in order.</returns>
    /// <exception cref="ArgumentNullException">An argument is null, or the loss function returned null.</exception>
    /// <exception cref="ArgumentException">An item of <paramref name="parameters"/> is null.</exception>
    public static GradCheckReport CheckParameters(IReadOnlyList<Value> parameters, Func<Value> loss, GradCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(loss);
        options ??= GradCheckOptions.Default;
        NumericalDerivative.CheckStep(options.Step);
        for (int i = 0; i < parameters.Count; i++)
        {
            if (parameters[i] is null)
            {
                throw new ArgumentException($"Item {i} of 'parameters' is null; expected a Value.", nameof(parameters));
            }
        }

        foreach (Value parameter in parameters)
        {
            parameter.Grad = 0;
        }

        Value output = BuildLoss(loss);
        output.Backward();
        double[] analytic = parameters.Select(p => p.Grad).ToArray();

        var entries = new GradCheckEntry[parameters.Count];
        for (int i = 0; i < parameters.Count; i++)
        {
            Value parameter = parameters[i];
            double original = parameter.Data;
            double h = StepOrThrow(original, options.Step, $"parameter {i}");
            try
            {
                parameter.Data = original + h;
                double up = BuildLoss(loss).Data;
                parameter.Data = original - h;
                double down = BuildLoss(loss).Data;
                entries[i] = Judge(i, original, analytic[i], up, down, h, options) with { Name = parameter.Label };
            }
            finally
            {
                parameter.Data = original;
            }
        }

        return new GradCheckReport(output.Data, entries);
    }

    /// <summary>
    /// Checks second derivatives, as PyTorch's <c>gradgradcheck</c>: the Hessian built from the
    /// gradient graph (<see cref="Value.Gradients"/> with createGraph) against central differences
    /// of the first derivatives that <see cref="Value.Backward"/> computes. Catches a local derivative
    /// whose numbers are right but whose own derivative is not (for example one written as a constant).
    /// </summary>
    /// <param name="function">Builds the output from fresh leaf values, one per coordinate; called 2n + 1 times.</param>
    /// <param name="point">The coordinates to check at; finite.</param>
    /// <param name="options">Step and tolerances; <see cref="GradCheckOptions.Default"/> if null.</param>
    /// <returns>A report with one entry per pair (i, j), index i·n + j, named "∂²f/∂xi∂xj".</returns>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> or <paramref name="point"/> is null, or the function returned null.</exception>
    /// <exception cref="ArgumentException">A coordinate of the point is not finite.</exception>
    /// <exception cref="NotSupportedException">The function uses a custom op, which cannot be differentiated twice.</exception>
    public static GradCheckReport CheckSecondOrder(Func<IReadOnlyList<Value>, Value> function, IReadOnlyList<double> point, GradCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(point);
        options ??= GradCheckOptions.Default;
        Value[] leaves = Derivatives.LeavesAt(point, nameof(point));
        double[] coordinates = leaves.Select(leaf => leaf.Data).ToArray();
        int n = coordinates.Length;
        Value output = Evaluate(function, leaves);
        Value[] gradient = Value.Gradients(output, leaves, createGraph: true);
        var entries = new GradCheckEntry[n * n];
        for (int j = 0; j < n; j++)
        {
            double h = StepOrThrow(coordinates[j], options.Step, $"coordinate {j}");
            double[] up = FirstDerivativesWith(function, coordinates, j, coordinates[j] + h);
            double[] down = FirstDerivativesWith(function, coordinates, j, coordinates[j] - h);
            for (int i = 0; i < n; i++)
            {
                double analytic = Value.Gradients(gradient[i], [leaves[j]])[0].Data;
                entries[i * n + j] = Judge(i * n + j, coordinates[j], analytic, up[i], down[i], h, options) with { Name = $"∂²f/∂x{i}∂x{j}" };
            }
        }

        return new GradCheckReport(output.Data, entries);
    }

    private static double[] FirstDerivativesWith(Func<IReadOnlyList<Value>, Value> function, double[] coordinates, int index, double x)
    {
        Value[] leaves = coordinates.Select((c, j) => new Value(j == index ? x : c)).ToArray();
        Evaluate(function, leaves).Backward();
        return leaves.Select(leaf => leaf.Grad).ToArray();
    }

    private static Value BuildLoss(Func<Value> loss) =>
        loss() ?? throw new ArgumentNullException(nameof(loss), "The loss function returned null; expected the output Value.");

    private static (double Output, int[] Branches) EvaluateWith(Func<IReadOnlyList<Value>, Value> function, double[] coordinates, int index, double x)
    {
        var leaves = new Value[coordinates.Length];
        for (int j = 0; j < leaves.Length; j++)
        {
            leaves[j] = new Value(j == index ? x : coordinates[j]);
        }

        Value output = Evaluate(function, leaves);
        return (output.Data, Branches(output.CollectTopologicalOrder()));
    }

    /// <summary>The branch each node's op is on (−1, 0, +1 at a kink; 0 for smooth ops), in topological order.</summary>
    private static int[] Branches(List<Value> graph) =>
        graph.Select(node => node.IsLeaf || node.Op == Op.Custom ? 0 : OpCatalog.Of(node.Op).BranchAt(node.Inputs.Select(v => v.Data).ToArray(), node.Parameter ?? 0)).ToArray();

    /// <summary>The first node whose branch differs a step away on either side, described; null if none.</summary>
    private static string? KinkCrossed(List<Value> graph, int[] here, int[] up, int[] down)
    {
        if (up.Length != here.Length || down.Length != here.Length)
        {
            return "some op (the function built a different graph a step away)";
        }

        for (int k = 0; k < here.Length; k++)
        {
            if (up[k] != here[k] || down[k] != here[k])
            {
                Value node = graph[k];
                return $"{node.Op}{(node.Label is { } label ? $" '{label}'" : "")} at inputs [{string.Join(", ", node.Inputs.Select(v => v.Data.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}]";
            }
        }

        return null;
    }

    /// <summary>The absolute step at x, refusing one too small to move x at all.</summary>
    private static double StepOrThrow(double x, double step, string where)
    {
        double h = NumericalDerivative.StepAt(x, step);
        if (!(h > 0) || !double.IsFinite(h))
        {
            throw new ArgumentOutOfRangeException(
                nameof(step),
                step,
                $"A relative step of {step:R} does not move {where} = {x:R} at all (the spacing of doubles there is {Math.BitIncrement(Math.Abs(x)) - Math.Abs(x):G3}); use a step of about 1e-6, at least 1e-10.");
        }

        return h;
    }

    /// <summary>
    /// Compares one analytic derivative with the central difference (up − down) / 2h. The tolerance
    /// is absolute + relative · |numerical|; a sign that differs fails even within it, once both
    /// numbers stand clear of the noise; and where the central difference's own rounding error
    /// (about ε(|up| + |down|) / 2h: f large next to its change) exceeds the tolerance, a disagreement
    /// within that error is inconclusive rather than failed.
    /// </summary>
    internal static GradCheckEntry Judge(int index, double point, double analytic, double up, double down, double h, GradCheckOptions options)
    {
        double numerical = (up - down) / (2 * h);
        double allowed = options.AbsoluteTolerance + options.RelativeTolerance * Math.Abs(numerical);
        var entry = new GradCheckEntry(index, point, analytic, numerical, allowed);
        double roundoff = MachineEpsilon * (Math.Abs(up) + Math.Abs(down)) / (2 * h);
        if (!double.IsFinite(numerical))
        {
            return entry with { Outcome = GradCheckOutcome.Inconclusive, Reason = $"the central difference is {numerical}: f is not finite within a step (f = {up:R} and {down:R})" };
        }

        if (!double.IsFinite(analytic))
        {
            return entry with { Outcome = GradCheckOutcome.Failed, Reason = $"the analytic derivative is {analytic} where the central difference is finite" };
        }

        double difference = Math.Abs(analytic - numerical);
        if (difference > allowed)
        {
            if (roundoff > allowed && difference <= 2 * roundoff)
            {
                return entry with
                {
                    Outcome = GradCheckOutcome.Inconclusive,
                    Reason = Invariant($"f is too large next to its change for a central difference: its rounding error is about {roundoff:G3} (|f| ≈ {Math.Max(Math.Abs(up), Math.Abs(down)):G3}, step {h:G3}), above the tolerance {allowed:G3}"),
                };
            }

            string dominant = options.AbsoluteTolerance >= options.RelativeTolerance * Math.Abs(numerical) ? "absolute" : "relative";
            return entry with
            {
                Outcome = GradCheckOutcome.Failed,
                Reason = Invariant($"|difference| {difference:G3} is {difference / allowed:G3} times what the tolerances allow ({allowed:G3} = absolute {options.AbsoluteTolerance:G3} + relative {options.RelativeTolerance:G3} · |numerical|; the {dominant} part dominates)"),
            };
        }

        double noise = Math.Max(10 * roundoff, 1e-3 * options.AbsoluteTolerance);
        if (analytic * numerical < 0 && Math.Abs(analytic) > noise && Math.Abs(numerical) > noise)
        {
            return entry with { Outcome = GradCheckOutcome.Failed, Reason = Invariant($"the signs differ: within the tolerance, but both stand clear of the noise ({noise:G3})") };
        }

        return entry with { Outcome = GradCheckOutcome.Passed };
    }

    /// <summary>
    /// A second look at a failed entry, for functions that curve too fast for the step: the central
    /// difference's error is about c·h², so one with twice the step gives Richardson's estimate
    /// (4·D(h) − D(2h)) / 3, where the h² error cancels, and |D(2h) − D(h)| / 3 estimates that error.
    /// The entry passes if the analytic derivative agrees with the better estimate; it is inconclusive
    /// if the error estimate alone exceeds the tolerance; otherwise it stays failed. Costs two more
    /// evaluations, only for entries that failed.
    /// </summary>
    private static GradCheckEntry Refine(GradCheckEntry entry, double h, Func<double, double> function, GradCheckOptions options)
    {
        double x = entry.Point;
        double wideStep = (x + 2 * h) - x; // rounded so x ± 2h are exact, as the step h is
        double wide = (function(x + wideStep) - function(x - wideStep)) / (2 * wideStep);
        double extrapolated = ((4 * entry.Numerical) - wide) / 3;
        double truncation = Math.Abs(wide - entry.Numerical) / 3;
        if (!double.IsFinite(extrapolated))
        {
            return entry;
        }

        double allowed = options.AbsoluteTolerance + options.RelativeTolerance * Math.Abs(extrapolated);
        if (Math.Abs(entry.Analytic - extrapolated) <= allowed && entry.Analytic * extrapolated >= 0)
        {
            return entry with
            {
                Numerical = extrapolated,
                Allowed = allowed,
                Outcome = GradCheckOutcome.Passed,
                Reason = Invariant($"passed against the Richardson estimate; the plain central difference was {entry.Numerical:R}, off by its truncation error (about {truncation:G3})"),
            };
        }

        return truncation > allowed
            ? entry with
            {
                Outcome = GradCheckOutcome.Inconclusive,
                Reason = Invariant($"f curves too fast for a step of {h:G3}: the central difference moves from {wide:R} to {entry.Numerical:R} when the step halves (truncation error about {truncation:G3}, above the tolerance {allowed:G3}); try a smaller step"),
            }
            : entry;
    }

    /// <summary>
    /// Walks the graph from the leaves and checks each op's recorded local derivatives against a
    /// central difference of that op's own forward function; the first that fails is the culprit.
    /// </summary>
    private static GradCheckCulprit? FindCulprit(List<Value> graph, GradCheckOptions options)
    {
        foreach (Value node in graph)
        {
            if (node.IsLeaf || (node.Op == Op.Custom && node.CustomRule is null))
            {
                continue; // a custom op given as numbers has no forward function to re-evaluate
            }

            double[] inputs = node.Inputs.Select(v => v.Data).ToArray();
            double constant = node.Parameter ?? 0;
            OpInfo info = OpCatalog.Of(node.Op);
            Func<double[], double> forward = node.CustomRule is { } rule ? x => rule.Forward(x) : x => info.ForwardAt(x, constant);
            for (int i = 0; i < inputs.Length; i++)
            {
                double h = NumericalDerivative.StepAt(inputs[i], options.Step);
                if (!(h > 0))
                {
                    continue;
                }

                double[] up = (double[])inputs.Clone();
                double[] down = (double[])inputs.Clone();
                up[i] += h;
                down[i] -= h;
                int here = node.Op == Op.Custom ? 0 : info.BranchAt(inputs, constant);
                if (node.Op != Op.Custom && (info.BranchAt(up, constant) != here || info.BranchAt(down, constant) != here))
                {
                    continue; // at a kink: no slope to compare
                }

                GradCheckEntry local = Judge(i, inputs[i], node.GetLocalGradient(i), forward(up), forward(down), h, options);
                if (local.Outcome == GradCheckOutcome.Failed)
                {
                    return new GradCheckCulprit(node, i, inputs, local.Analytic, local.Numerical);
                }
            }
        }

        return null;
    }

    private static readonly double MachineEpsilon = Math.BitIncrement(1.0) - 1.0;

    private static string Invariant(FormattableString text) => text.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static Value Evaluate(Func<IReadOnlyList<Value>, Value> function, Value[] leaves) =>
        function(leaves) ?? throw new ArgumentNullException(nameof(function), "The function returned null; expected the output Value.");
}
