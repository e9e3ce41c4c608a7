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
    /// each input's gradient with a central difference. The function must build the same graph at every
    /// point it is called with: an input whose graph changes shape a step away (an op added a
    /// data-dependent number of times, an input's <see cref="Value.Data"/> copied into a constant) is
    /// reported as <see cref="GradCheckOutcome.GraphChanged"/>, and the report does not pass.
    /// </summary>
    /// <param name="function">Builds the output from fresh leaf values, one per coordinate of the point. It is called 2n + 1 times (a few more for inputs that need a second look) and must build the same expression each time.</param>
    /// <param name="point">The coordinates to check at; finite, at least one.</param>
    /// <param name="options">Step and tolerances; <see cref="GradCheckOptions.Default"/> if null.</param>
    /// <returns>A report with one entry per input; <see cref="GradCheckReport.Outcome"/> says what the check concluded.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> or <paramref name="point"/> is null, or the function returned null.</exception>
    /// <exception cref="ArgumentException">The point has no coordinates, or a coordinate is not finite.</exception>
    public static GradCheckReport Check(Func<IReadOnlyList<Value>, Value> function, IReadOnlyList<double> point, GradCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(point);
        RequireInputs(point.Count, nameof(point));
        options ??= GradCheckOptions.Default;
        NumericalDerivative.CheckStep(options.Step);
        Value[] leaves = Derivatives.LeavesAt(point, nameof(point));
        double[] coordinates = leaves.Select(leaf => leaf.Data).ToArray();
        Value output = Evaluate(function, leaves);
        output.Backward();
        Probe here = Probe.Of(output, IndexIn(leaves));

        var entries = new GradCheckEntry[coordinates.Length];
        for (int i = 0; i < coordinates.Length; i++)
        {
            int index = i;
            entries[i] = CheckOne(i, $"x{i}", $"coordinate {i}", coordinates[i], leaves[i].Grad, here, x => EvaluateWith(function, coordinates, index, x), options);
        }

        GradCheckCulprit? culprit = entries.Any(e => e.Outcome == GradCheckOutcome.Failed) ? FindCulprit(here.Shape.Nodes, options) : null;
        return new GradCheckReport(output.Data, entries) { Culprit = culprit, Graph = output };
    }

    /// <summary>
    /// Like <see cref="Check"/>, but throws unless the check passed. It throws when an input failed,
    /// and also when the check could not conclude: an input inconclusive (the central difference cannot
    /// resolve the tolerance), the graph changed shape a step away, or every input was skipped at a kink
    /// so nothing was compared. A check that compared nothing is no evidence that a gradient is right.
    /// </summary>
    /// <param name="function">Builds the output from one leaf per coordinate.</param>
    /// <param name="point">The coordinates to check at; finite, at least one.</param>
    /// <param name="options">Step and tolerances; <see cref="GradCheckOptions.Default"/> if null.</param>
    /// <returns>The report, when it passed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> or <paramref name="point"/> is null, or the function returned null.</exception>
    /// <exception cref="ArgumentException">The point has no coordinates, or a coordinate is not finite.</exception>
    /// <exception cref="GradCheckFailedException">The report's <see cref="GradCheckReport.Outcome"/> is not <see cref="GradCheckOutcome.Passed"/>; the message starts with what happened.</exception>
    public static GradCheckReport Assert(Func<IReadOnlyList<Value>, Value> function, IReadOnlyList<double> point, GradCheckOptions? options = null)
    {
        GradCheckReport report = Check(function, point, options);
        return report.Passed ? report : throw new GradCheckFailedException(report);
    }

    /// <summary>
    /// Checks the gradients of a loss with respect to values that already exist, such as a model's
    /// parameters: backpropagates once, then nudges each value's <see cref="Value.Data"/> up and down
    /// and rebuilds the loss. Every value's data is restored afterwards. As in <see cref="Check"/>,
    /// a loss whose graph changes shape a step away is <see cref="GradCheckOutcome.GraphChanged"/>,
    /// and a value within a step of a kink is skipped.
    /// </summary>
    /// <param name="parameters">The values to check, for example <c>model.Parameters</c>; at least one. Checking some of the values a loss reads is fine: the others stay as they are.</param>
    /// <param name="loss">Builds the loss from the current data of the values; called 2n + 1 times (a few more for values that need a second look).</param>
    /// <param name="options">Step and tolerances; <see cref="GradCheckOptions.Default"/> if null.</param>
    /// <returns>A report with one entry per parameter, in order.</returns>
    /// <exception cref="ArgumentNullException">An argument is null, or the loss function returned null.</exception>
    /// <exception cref="ArgumentException"><paramref name="parameters"/> is empty, or an item of it is null.</exception>
    public static GradCheckReport CheckParameters(IReadOnlyList<Value> parameters, Func<Value> loss, GradCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(loss);
        RequireInputs(parameters.Count, nameof(parameters));
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
        Func<Value, int> indexOf = IndexIn(parameters);
        Probe here = Probe.Of(output, indexOf);

        var entries = new GradCheckEntry[parameters.Count];
        for (int i = 0; i < parameters.Count; i++)
        {
            Value parameter = parameters[i];
            double original = parameter.Data;
            try
            {
                Probe At(double x)
                {
                    parameter.Data = x;
                    return Probe.Of(BuildLoss(loss), indexOf);
                }

                entries[i] = CheckOne(i, parameter.Label ?? $"parameter {i}", $"parameter {i}", original, analytic[i], here, At, options) with { Name = parameter.Label };
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
    /// Entries of a coordinate whose step changes the graph's shape are <see cref="GradCheckOutcome.GraphChanged"/>.
    /// </summary>
    /// <param name="function">Builds the output from fresh leaf values, one per coordinate; called 2n + 1 times.</param>
    /// <param name="point">The coordinates to check at; finite, at least one.</param>
    /// <param name="options">Step and tolerances; <see cref="GradCheckOptions.Default"/> if null.</param>
    /// <returns>A report with one entry per pair (i, j), index i·n + j, named "∂²f/∂xi∂xj".</returns>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> or <paramref name="point"/> is null, or the function returned null.</exception>
    /// <exception cref="ArgumentException">The point has no coordinates, or a coordinate is not finite.</exception>
    /// <exception cref="NotSupportedException">The function uses a custom op, which cannot be differentiated twice.</exception>
    public static GradCheckReport CheckSecondOrder(Func<IReadOnlyList<Value>, Value> function, IReadOnlyList<double> point, GradCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(point);
        RequireInputs(point.Count, nameof(point));
        options ??= GradCheckOptions.Default;
        Value[] leaves = Derivatives.LeavesAt(point, nameof(point));
        double[] coordinates = leaves.Select(leaf => leaf.Data).ToArray();
        int n = coordinates.Length;
        Value output = Evaluate(function, leaves);
        GraphShape here = GraphShape.Of(output, IndexIn(leaves));
        Value[] gradient = Value.Gradients(output, leaves, createGraph: true);
        var entries = new GradCheckEntry[n * n];
        for (int j = 0; j < n; j++)
        {
            double h = StepOrThrow(coordinates[j], options.Step, $"coordinate {j}");
            (double[] up, GraphShape upShape) = FirstDerivativesWith(function, coordinates, j, coordinates[j] + h);
            (double[] down, GraphShape downShape) = FirstDerivativesWith(function, coordinates, j, coordinates[j] - h);
            string at = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"x{j} = {coordinates[j]:R}");
            string? changed = here.DifferenceFrom(upShape, at, $"x{j} + h") ?? here.DifferenceFrom(downShape, at, $"x{j} − h");
            for (int i = 0; i < n; i++)
            {
                double analytic = Value.Gradients(gradient[i], [leaves[j]])[0].Data;
                GradCheckEntry entry = Judge(i * n + j, coordinates[j], analytic, up[i], down[i], h, options) with { Name = $"∂²f/∂x{i}∂x{j}" };
                entries[i * n + j] = changed is null ? entry : entry with { Outcome = GradCheckOutcome.GraphChanged, Reason = GraphChangedReason(changed) };
            }
        }

        return new GradCheckReport(output.Data, entries);
    }

    /// <summary>
    /// One input's entry: the central difference at ±h, then — unless the graph changed shape or an op
    /// changed branch within the step — a second look where the first one failed (Richardson) or where
    /// rounding error hid the answer (a wider step).
    /// </summary>
    private static GradCheckEntry CheckOne(int index, string name, string stepWhere, double x, double analytic, Probe here, Func<double, Probe> at, GradCheckOptions options)
    {
        double h = StepOrThrow(x, options.Step, stepWhere);
        Probe up = at(x + h);
        Probe down = at(x - h);
        GradCheckEntry entry = Judge(index, x, analytic, up.Output, down.Output, h, options);
        string point = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{name} = {x:R}");
        string? changed = here.Shape.DifferenceFrom(up.Shape, point, $"{name} + h") ?? here.Shape.DifferenceFrom(down.Shape, point, $"{name} − h");
        if (changed is not null)
        {
            return entry with { Outcome = GradCheckOutcome.GraphChanged, Reason = GraphChangedReason(changed) };
        }

        if (KinkCrossed(here, up, down) is { } kink)
        {
            return entry with { Outcome = GradCheckOutcome.Skipped, Reason = $"within a step of the kink of {kink}, where a central difference measures neither side's slope" };
        }

        // A second look may only use points where the graph is the same and on the same branches.
        double? Smooth(double v)
        {
            Probe probe = at(v);
            return here.Shape.DifferenceFrom(probe.Shape, "", "") is null && KinkCrossed(here, probe, probe) is null ? probe.Output : null;
        }

        if (entry.Outcome == GradCheckOutcome.Failed)
        {
            entry = Refine(entry, h, Smooth, options);
        }

        // Where the central difference's rounding error is above the tolerance, neither a pass nor a
        // disagreement within that error means anything: look again with a wider step.
        double roundoff = MachineEpsilon * (Math.Abs(up.Output) + Math.Abs(down.Output)) / (2 * h);
        if (entry.Outcome is GradCheckOutcome.Passed or GradCheckOutcome.Inconclusive && double.IsFinite(entry.Numerical) && roundoff > entry.Allowed)
        {
            GradCheckEntry widened = Widen(entry, h, roundoff, Smooth, options);
            return widened.Outcome != GradCheckOutcome.Inconclusive || entry.Outcome == GradCheckOutcome.Inconclusive
                ? widened
                : entry with { Outcome = GradCheckOutcome.Inconclusive, Reason = RoundingReason(roundoff, up.Output, down.Output, h, entry.Allowed) + "; no wider step up to 10,000 times resolved it" };
        }

        return entry;
    }

    private static string GraphChangedReason(string difference) =>
        $"the graph changed shape within a step: {difference}. The gradient of one graph is not the slope across several, so this input was not checked";

    private static void RequireInputs(int count, string parameter)
    {
        if (count == 0)
        {
            throw new ArgumentException(
                parameter == "point"
                    ? "The point has no coordinates; expected at least one input to check (a check of no inputs would pass without comparing anything)."
                    : "'parameters' is empty; expected at least one value to check (a check of no values would pass without comparing anything).",
                parameter);
        }
    }

    /// <summary>The position of a value in <paramref name="inputs"/> by reference, or −1.</summary>
    private static Func<Value, int> IndexIn(IReadOnlyList<Value> inputs)
    {
        var positions = new Dictionary<Value, int>(inputs.Count, ReferenceEqualityComparer.Instance);
        for (int i = 0; i < inputs.Count; i++)
        {
            positions.TryAdd(inputs[i], i);
        }

        return value => positions.TryGetValue(value, out int i) ? i : -1;
    }

    private static (double[] Gradient, GraphShape Shape) FirstDerivativesWith(Func<IReadOnlyList<Value>, Value> function, double[] coordinates, int index, double x)
    {
        Value[] leaves = coordinates.Select((c, j) => new Value(j == index ? x : c)).ToArray();
        Value output = Evaluate(function, leaves);
        output.Backward();
        return (leaves.Select(leaf => leaf.Grad).ToArray(), GraphShape.Of(output, IndexIn(leaves)));
    }

    private static Value BuildLoss(Func<Value> loss) =>
        loss() ?? throw new ArgumentNullException(nameof(loss), "The loss function returned null; expected the output Value.");

    private static Probe EvaluateWith(Func<IReadOnlyList<Value>, Value> function, double[] coordinates, int index, double x)
    {
        var leaves = new Value[coordinates.Length];
        for (int j = 0; j < leaves.Length; j++)
        {
            leaves[j] = new Value(j == index ? x : coordinates[j]);
        }

        return Probe.Of(Evaluate(function, leaves), IndexIn(leaves));
    }

    /// <summary>The first node whose branch differs a step away on either side, described; null if none. The shapes are the same.</summary>
    private static string? KinkCrossed(Probe here, Probe up, Probe down)
    {
        for (int k = 0; k < here.Branches.Length; k++)
        {
            if (up.Branches[k] != here.Branches[k] || down.Branches[k] != here.Branches[k])
            {
                Value node = here.Shape.Nodes[k];
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
                return entry with { Outcome = GradCheckOutcome.Inconclusive, Reason = RoundingReason(roundoff, up, down, h, allowed) };
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
    /// evaluations, only for entries that failed. <paramref name="function"/> gives null where the
    /// graph is not the one checked (another shape, another branch): then the entry stays as it is.
    /// </summary>
    private static GradCheckEntry Refine(GradCheckEntry entry, double h, Func<double, double?> function, GradCheckOptions options)
    {
        double x = entry.Point;
        double wideStep = (x + 2 * h) - x; // rounded so x ± 2h are exact, as the step h is
        if (function(x + wideStep) is not { } up || function(x - wideStep) is not { } down)
        {
            return entry; // the wider step meets a kink or another graph: no second look
        }

        double wide = (up - down) / (2 * wideStep);
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
    /// A second look at an entry the central difference could not resolve because f is large next to
    /// its change: its rounding error, about ε(|f(x + h)| + |f(x − h)|) / 2h, falls as the step grows.
    /// Tries steps of 10h, 100h, 1000h and 10,000h; at each, the Richardson estimate (4·D(H) − D(2H)) / 3 is
    /// trusted when its uncertainty — the truncation estimate |D(2H) − D(H)| / 3 plus its rounding
    /// error — is within the tolerance. The entry then passes or fails against that estimate; it stays
    /// inconclusive when no step resolves it or a wider step meets a kink or another graph. A correct
    /// Σxᵢ² of 10,000 inputs in [−50, 50] (f ≈ 8·10⁶) is resolved at the inputs nearest 0 with 1000h.
    /// </summary>
    private static GradCheckEntry Widen(GradCheckEntry entry, double h, double roundoff, Func<double, double?> function, GradCheckOptions options)
    {
        double x = entry.Point;
        for (int factor = 10; factor <= 10_000; factor *= 10)
        {
            double step = (x + factor * h) - x;
            double wideStep = (x + 2 * factor * h) - x;
            if (function(x + step) is not { } up || function(x - step) is not { } down
                || function(x + wideStep) is not { } wideUp || function(x - wideStep) is not { } wideDown)
            {
                return entry;
            }

            double near = (up - down) / (2 * step);
            double far = (wideUp - wideDown) / (2 * wideStep);
            double estimate = ((4 * near) - far) / 3;
            double uncertainty = (Math.Abs(far - near) / 3) + (1.5 * MachineEpsilon * (Math.Abs(up) + Math.Abs(down)) / (2 * step));
            if (!double.IsFinite(estimate) || !double.IsFinite(uncertainty))
            {
                return entry;
            }

            double allowed = options.AbsoluteTolerance + options.RelativeTolerance * Math.Abs(estimate);
            if (uncertainty > allowed)
            {
                continue;
            }

            double difference = Math.Abs(entry.Analytic - estimate);
            double noise = Math.Max(10 * uncertainty, 1e-3 * options.AbsoluteTolerance);
            bool signsDiffer = entry.Analytic * estimate < 0 && Math.Abs(entry.Analytic) > noise && Math.Abs(estimate) > noise;
            string why = Invariant($"at the step {h:G3} the central difference's rounding error (about {roundoff:G3}) was above the tolerance; with the step {step:G3} its estimate {estimate:R} is within {uncertainty:G3}");
            if (difference <= allowed && !signsDiffer)
            {
                return entry with { Numerical = estimate, Allowed = allowed, Outcome = GradCheckOutcome.Passed, Reason = "passed with a wider step: " + why };
            }

            if (difference > allowed + uncertainty || signsDiffer)
            {
                return entry with
                {
                    Numerical = estimate,
                    Allowed = allowed,
                    Outcome = GradCheckOutcome.Failed,
                    Reason = Invariant($"failed with a wider step: |difference| {difference:G3} is {difference / allowed:G3} times what the tolerances allow ({allowed:G3}){(signsDiffer ? ", and the signs differ" : "")}; ") + why,
                };
            }
        }

        return entry;
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

    private static string RoundingReason(double roundoff, double up, double down, double h, double allowed) =>
        Invariant($"f is too large next to its change for a central difference: its rounding error is about {roundoff:G3} (|f| ≈ {Math.Max(Math.Abs(up), Math.Abs(down)):G3}, step {h:G3}), above the tolerance {allowed:G3}");

    private static readonly double MachineEpsilon = Math.BitIncrement(1.0) - 1.0;

    private static string Invariant(FormattableString text) => text.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static Value Evaluate(Func<IReadOnlyList<Value>, Value> function, Value[] leaves) =>
        function(leaves) ?? throw new ArgumentNullException(nameof(function), "The function returned null; expected the output Value.");

    /// <summary>One evaluation of the function: its value, its graph's shape and the branch each op is on.</summary>
    private sealed record Probe(double Output, GraphShape Shape, int[] Branches)
    {
        public static Probe Of(Value output, Func<Value, int> inputIndex)
        {
            GraphShape shape = GraphShape.Of(output, inputIndex);
            return new Probe(output.Data, shape, BranchesOf(shape.Nodes));
        }

        /// <summary>The branch each node's op is on (−1, 0, +1 at a kink; 0 for smooth ops), in topological order.</summary>
        private static int[] BranchesOf(List<Value> graph)
        {
            var branches = new int[graph.Count];
            for (int k = 0; k < branches.Length; k++)
            {
                Value node = graph[k];
                if (node.Op != Op.Custom && OpCatalog.Of(node.Op) is { Shape: OpShape.Unary or OpShape.Binary } info)
                {
                    // n-ary ops are smooth; unary and binary ops say which side of a kink they are on.
                    branches[k] = info.BranchAt(node.Inputs.Select(v => v.Data).ToArray(), node.Parameter ?? 0);
                }
            }

            return branches;
        }
    }
}
