using System.CommandLine;
using System.Globalization;
using AutoGrad.Checking;
using AutoGrad.Expressions;
using Spectre.Console;
using static AutoGrad.Cli.Commands.ExpressionInput;

namespace AutoGrad.Cli.Commands;

/// <summary>
/// <c>autograd check "log(1 + x^2)" --points 200 --seed 0</c>: gradient-checks the expression with
/// <see cref="GradCheck.Check"/> at random points where it is defined (a point where f or its gradient
/// is not finite is drawn again), then shows the worst absolute and relative error per variable. A
/// failure exits with 1 and names the op whose local derivative is wrong; so does a check that did not
/// pass for another reason (the graph changed shape, an inconclusive entry).
/// </summary>
internal static class CheckCommand
{
    /// <summary>Each coordinate is drawn uniformly from [−Range, Range].</summary>
    public const double Range = 5;

    /// <summary>The most points; each costs 2n + 1 evaluations.</summary>
    public const int MaxPoints = 100_000;

    /// <summary>Draws per point requested before giving up on finding points where f is finite.</summary>
    public const int DrawsPerPoint = 50;

    /// <summary>The most candidate points drawn in a round when f is recorded once: their finiteness is found by the batched replay together.</summary>
    private const int DrawsPerCall = 4096;

    /// <summary>The most coordinates drawn in a round (a formula of many variables draws fewer points at a time).</summary>
    private const int NumbersPerRound = 1 << 16;

    /// <summary>
    /// The command; <paramref name="build"/> builds f from the leaves (tests give one with a wrong
    /// derivative). An expression's own graph has the same shape at every point, so it is recorded once
    /// and evaluated at every point through a batched replay (<see cref="BatchedGradCheck"/>); a graph
    /// from another <paramref name="build"/> may change shape with the point, so it is built afresh at
    /// every point unless <paramref name="sameShapeEverywhere"/> says it does not.
    /// </summary>
    public static Command Create(IAnsiConsole console, TextWriter error, CancellationToken cancellation, Func<Expression, IReadOnlyList<Value>, Value>? build = null, bool? sameShapeEverywhere = null)
    {
        Argument<string> expression = ExpressionArgument("to check");
        var points = new Option<int>("--points")
        {
            Description = $"How many random points to check, 1 to {MaxPoints}.",
            DefaultValueFactory = _ => 200,
            CustomParser = result => WholeNumber(result, 1, MaxPoints),
        };
        var seed = new Option<int>("--seed")
        {
            Description = "Seed of the random points.",
            DefaultValueFactory = _ => 0,
            CustomParser = result => WholeNumber(result, int.MinValue, int.MaxValue),
        };
        var command = new Command("check", $"Gradient-check a typed expression at random points in [-{Range}, {Range}] for each variable where it is finite. " +
            "Exit codes: 0 passed, 1 a gradient is wrong (the culprit op is named), the check did not pass (the graph changed shape or an entry was inconclusive) or no point could be checked, 2 bad expression or option (one line on stderr).")
        {
            expression, points, seed,
        };
        bool recordOnce = sameShapeEverywhere ?? build is null;
        command.SetAction(parse => Run(parse.GetValue(expression)!, parse.GetValue(points), parse.GetValue(seed), console, error, build ?? ((e, leaves) => e.Build(leaves)), recordOnce, cancellation));
        return command;
    }

    /// <summary>Parses a whole number option in [minimum, maximum], or adds the one-line error naming the option and the value.</summary>
    internal static int WholeNumber(System.CommandLine.Parsing.ArgumentResult result, int minimum, int maximum)
    {
        string token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) && value >= minimum && value <= maximum)
        {
            return value;
        }

        string typed = result.Parent is System.CommandLine.Parsing.OptionResult option ? option.IdentifierToken?.Value ?? option.Option.Name : result.Argument.Name;
        result.AddError(string.Create(CultureInfo.InvariantCulture, $"{typed} expects a whole number from {minimum} to {maximum}; got '{token}'."));
        return 0;
    }

    private static int Run(string text, int pointCount, int seed, IAnsiConsole console, TextWriter error, Func<Expression, IReadOnlyList<Value>, Value> build, bool recordOnce, CancellationToken cancellation)
    {
        if (Parse(text, error, cancellation) is not { } expression)
        {
            return ExitCodes.BadInput;
        }

        IReadOnlyList<string> names = expression.Variables;
        if (names.Count == 0)
        {
            return CliApplication.Fail(error, ExitCodes.BadInput, $"check expects an expression with at least one variable; '{expression}' has none, so there is no gradient to check.");
        }

        // The points run through Interruptible, so Ctrl-C ends the command at once even while one point
        // takes long (a formula of many variables is checked entry by entry); the loop also stops itself.
        var (tallies, pointsChecked, redrawn, culprit) = Interruptible.Run(
            () => (recordOnce ? CheckPointsBatched(expression, names.Count, pointCount, seed, build, cancellation) : null) ?? CheckPoints(expression, names.Count, pointCount, seed, build, cancellation),
            cancellation);
        if (pointsChecked == 0)
        {
            return CliApplication.Fail(error, ExitCodes.Failed, $"found no point in [-{Range}, {Range}] where '{expression}' and its gradient are finite after {redrawn} tries; nothing was checked.");
        }

        ShowTable(console, expression, tallies);
        string where = string.Create(CultureInfo.InvariantCulture, $"{pointsChecked} point(s) in [-{Range}, {Range}] (seed {seed}){(redrawn > 0 ? $", {redrawn} drawn again where f or its gradient was not finite" : "")}");
        int failedVariable = Array.FindIndex(tallies, w => w.Failed > 0);
        if (failedVariable >= 0)
        {
            VariableTally bad = tallies[failedVariable];
            string message = string.Create(
                CultureInfo.InvariantCulture,
                $"the gradient of '{expression}' is wrong: ∂f/∂{names[failedVariable]} failed at {bad.Failed} of {pointsChecked} points; e.g. at {Describe(expression, bad.FailedAt!)} analytic {bad.FirstFailure!.Analytic:R}, numerical {bad.FirstFailure.Numerical:R} ({bad.FirstFailure.Reason})");
            return CliApplication.Fail(error, ExitCodes.Failed, culprit is null
                ? $"{message}; no single op's local derivative was found wrong."
                : $"{message}; the culprit is {culprit}.");
        }

        // Not wrong, but not a pass either: say what kept the check from concluding, worst first.
        if (NotPassed(expression, names, tallies, pointsChecked) is { } reason)
        {
            return CliApplication.Fail(error, ExitCodes.Failed, reason);
        }

        console.WriteLine(pointsChecked < pointCount
            ? $"passed at {where}; only {pointsChecked} of the {pointCount} points asked for were found where f is finite."
            : $"passed at {where}.");
        return ExitCodes.Done;
    }

    /// <summary>Checks the gradient at random points until <paramref name="pointCount"/> were checked (or too many were drawn again); each variable's tally.</summary>
    private static (VariableTally[] Tallies, int PointsChecked, int Redrawn, GradCheckCulprit? Culprit) CheckPoints(
        Expression expression, int variables, int pointCount, int seed, Func<Expression, IReadOnlyList<Value>, Value> build, CancellationToken cancellation)
    {
        var random = new Random(seed);
        var tallies = new VariableTally[variables];
        int pointsChecked = 0, redrawn = 0;
        GradCheckCulprit? culprit = null;
        Func<IReadOnlyList<Value>, Value> function = leaves => build(expression, leaves);
        while (pointsChecked < pointCount && redrawn < pointCount * DrawsPerPoint)
        {
            cancellation.ThrowIfCancellationRequested();
            double[] point = [.. Enumerable.Range(0, variables).Select(_ => Range * (2 * random.NextDouble() - 1))];
            if (!FiniteWithGradient(function, point))
            {
                redrawn++; // outside the domain (log of a negative, a pole): draw another point
                continue;
            }

            GradCheckReport report = GradCheck.Check(function, point);
            pointsChecked++;
            culprit ??= report.Culprit;
            foreach (GradCheckEntry entry in report.Entries)
            {
                tallies[entry.Index].Add(entry, point);
            }
        }

        return (tallies, pointsChecked, redrawn, culprit);
    }

    /// <summary>
    /// <see cref="CheckPoints"/> with f recorded once: the same points drawn in the same order, the same
    /// redraws, the same reports (see <see cref="BatchedGradCheck"/>), found many points per call; null
    /// when f's graph cannot be replayed, so the caller checks point by point.
    /// </summary>
    private static (VariableTally[] Tallies, int PointsChecked, int Redrawn, GradCheckCulprit? Culprit)? CheckPointsBatched(
        Expression expression, int variables, int pointCount, int seed, Func<Expression, IReadOnlyList<Value>, Value> build, CancellationToken cancellation)
    {
        var random = new Random(seed);
        Func<IReadOnlyList<Value>, Value> function = leaves => build(expression, leaves);
        BatchedGradCheck? checker = null;
        var tallies = new VariableTally[variables];
        GradCheckCulprit? culprit = null;
        int pointsChecked = 0, redrawn = 0;
        while (pointsChecked < pointCount && redrawn < pointCount * DrawsPerPoint)
        {
            cancellation.ThrowIfCancellationRequested();
            // Drawn as CheckPoints draws them, one point after another; those past where it would stop
            // are not looked at. A round's points are checked and let go before the next round is drawn.
            int draws = Math.Min(Math.Clamp(NumbersPerRound / variables, 1, DrawsPerCall), pointCount - pointsChecked);
            var candidates = new double[draws * variables];
            for (int c = 0; c < candidates.Length; c++)
            {
                candidates[c] = Range * (2 * random.NextDouble() - 1);
            }

            checker ??= BatchedGradCheck.TryCreate(function, candidates.AsSpan(0, variables).ToArray());
            if (checker is null)
            {
                return null;
            }

            bool[] finite = checker.FiniteWithGradient(candidates);
            var accepted = new List<double[]>();
            for (int c = 0; c < draws && pointsChecked + accepted.Count < pointCount && redrawn < pointCount * DrawsPerPoint; c++)
            {
                if (finite[c])
                {
                    accepted.Add(candidates.AsSpan(c * variables, variables).ToArray());
                }
                else
                {
                    redrawn++; // outside the domain (log of a negative, a pole): draw another point
                }
            }

            GradCheckReport[] reports = checker.Check(accepted, cancellation: cancellation);
            for (int p = 0; p < reports.Length; p++)
            {
                culprit ??= reports[p].Culprit;
                foreach (GradCheckEntry entry in reports[p].Entries)
                {
                    tallies[entry.Index].Add(entry, accepted[p]);
                }
            }

            pointsChecked += accepted.Count;
        }

        return (tallies, pointsChecked, redrawn, culprit);
    }

    /// <summary>Why a check with no failure is still not a pass (a changed graph, an inconclusive entry); null when it passed.</summary>
    private static string? NotPassed(Expression expression, IReadOnlyList<string> names, VariableTally[] tallies, int pointsChecked)
    {
        foreach ((GradCheckOutcome outcome, string what) in new[]
        {
            (GradCheckOutcome.GraphChanged, "the graph changed shape within a step"),
            (GradCheckOutcome.Inconclusive, "the central difference was inconclusive"),
        })
        {
            int variable = Array.FindIndex(tallies, w => w.Count(outcome) > 0);
            if (variable >= 0)
            {
                VariableTally w = tallies[variable];
                (GradCheckEntry entry, double[] point) = w.FirstOf(outcome)!.Value;
                return string.Create(
                    CultureInfo.InvariantCulture,
                    $"the gradient check of '{expression}' did not pass: for ∂f/∂{names[variable]} {what} at {w.Count(outcome)} of {pointsChecked} points; e.g. at {Describe(expression, point)}: {entry.Reason}.");
            }
        }

        return null;
    }

    /// <summary>True when f and every ∂f/∂xᵢ are finite at the point: only then can a central difference be compared.</summary>
    private static bool FiniteWithGradient(Func<IReadOnlyList<Value>, Value> function, double[] point)
    {
        Value[] leaves = [.. point.Select(x => new Value(x))];
        Value f = function(leaves);
        if (!double.IsFinite(f.Data))
        {
            return false;
        }

        return Value.Gradients(f, leaves).All(g => double.IsFinite(g.Data));
    }

    private static void ShowTable(IAnsiConsole console, Expression expression, VariableTally[] tallies)
    {
        var table = new Table().Title(Markup.Escape($"gradient check of {expression}"));
        foreach (string column in new[] { "variable", "passed", "failed", "inconclusive", "skipped", "graph changed", "worst abs", "worst rel" })
        {
            table.AddColumn(new TableColumn(column) { Alignment = column == "variable" ? Justify.Left : Justify.Right });
        }

        for (int i = 0; i < tallies.Length; i++)
        {
            VariableTally w = tallies[i];
            table.AddRow(
                Markup.Escape(expression.Variables[i]),
                Count(w.Passed),
                w.Failed > 0 ? $"[red]{Count(w.Failed)}[/]" : "0",
                Count(w.Inconclusive),
                Count(w.Skipped),
                w.GraphChanged > 0 ? $"[red]{Count(w.GraphChanged)}[/]" : "0",
                w.Compared > 0 ? w.Absolute.ToString("G3", CultureInfo.InvariantCulture) : "-",
                w.Compared > 0 ? w.Relative.ToString("G3", CultureInfo.InvariantCulture) : "-");
        }

        table.Caption("worst abs = largest |analytic − numerical|; worst rel = that over the larger of |analytic|, |numerical|");
        console.Write(table);
    }

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>One variable's tally: outcomes, the worst errors among entries that were compared, the first entry of each outcome.</summary>
    private struct VariableTally
    {
        public int Passed, Failed, Inconclusive, Skipped, GraphChanged, Compared;
        public double Absolute, Relative;
        public GradCheckEntry? FirstFailure;
        public double[]? FailedAt;
        private (GradCheckEntry Entry, double[] Point)? _firstInconclusive, _firstGraphChanged;

        public readonly int Count(GradCheckOutcome outcome) => outcome switch
        {
            GradCheckOutcome.Passed => Passed,
            GradCheckOutcome.Failed => Failed,
            GradCheckOutcome.Inconclusive => Inconclusive,
            GradCheckOutcome.Skipped => Skipped,
            GradCheckOutcome.GraphChanged => GraphChanged,
            _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Not a GradCheckOutcome."),
        };

        public readonly (GradCheckEntry Entry, double[] Point)? FirstOf(GradCheckOutcome outcome) =>
            outcome == GradCheckOutcome.Inconclusive ? _firstInconclusive : outcome == GradCheckOutcome.GraphChanged ? _firstGraphChanged : null;

        public void Add(GradCheckEntry entry, double[] point)
        {
            switch (entry.Outcome)
            {
                case GradCheckOutcome.Passed: Passed++; break;
                case GradCheckOutcome.Failed: Failed++; break;
                case GradCheckOutcome.Inconclusive: Inconclusive++; _firstInconclusive ??= (entry, point); return;
                case GradCheckOutcome.Skipped: Skipped++; return;
                case GradCheckOutcome.GraphChanged: GraphChanged++; _firstGraphChanged ??= (entry, point); return;
            }

            // Only compared entries count: an inconclusive, skipped or changed-graph entry measures nothing.
            Compared++;
            double scale = Math.Max(Math.Abs(entry.Analytic), Math.Abs(entry.Numerical));
            Absolute = Math.Max(Absolute, entry.AbsoluteError);
            Relative = Math.Max(Relative, scale > 0 ? entry.AbsoluteError / scale : 0);
            if (entry.Outcome == GradCheckOutcome.Failed && FirstFailure is null)
            {
                FirstFailure = entry;
                FailedAt = point;
            }
        }
    }
}
