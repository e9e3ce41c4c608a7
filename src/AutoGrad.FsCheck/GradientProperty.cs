using System.Globalization;
using System.Text;
using AutoGrad.Checking;
using FsCheck;
using FsCheck.Fluent;

namespace AutoGrad.FsCheck;

/// <summary>
/// "This gradient is right" as an FsCheck <see cref="Property"/>: at every generated point, each
/// input's gradient from <see cref="Value.Backward"/> matches a central difference
/// (<see cref="GradCheck.Check"/>). A counterexample names the point, each wrong variable with its
/// analytic and numerical derivative, and the full <see cref="GradCheckReport"/>.
/// </summary>
/// <example>
/// <code>
/// [Property]
/// public Property Softsign_HasTheRightGradient() =>
///     GradientProperty.Holds(x => Softsign(x[0]), Points.Of(1, Domains.Anywhere));
/// </code>
/// </example>
public static class GradientProperty
{
    // Beyond this, or past a kink, a central difference no longer measures the slope reliably.
    private const double Tame = 1e4;
    private const double KinkMargin = 1e-4;

    /// <summary>The gradient of <paramref name="function"/> is right at every point <paramref name="points"/> generates.</summary>
    /// <param name="function">Builds the output from one leaf per coordinate of the point, named x0, x1, … in the report.</param>
    /// <param name="points">Finite points inside the function's domain, away from its kinks, for example <c>Points.Of(2, Domains.Anywhere)</c>.</param>
    /// <param name="options">Step and tolerances for <see cref="GradCheck.Check"/>; its defaults if null.</param>
    /// <returns>The property, for <c>[Property]</c> (FsCheck.Xunit) or <c>Check.One</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> or <paramref name="points"/> is null.</exception>
    public static Property Holds(Func<IReadOnlyList<Value>, Value> function, Gen<double[]> points, GradCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(points);
        return Prop.ForAll(points.Select(point => new PointCase(point)).ToArbitrary(), c =>
        {
            GradCheckReport report = GradCheck.Check(function, c.Point, options);
            return report.Passed ? Prop.ToProperty(true) : Prop.Label(false, Describe(report, c.Point, formula: null));
        });
    }

    /// <summary>
    /// The gradient of every generated graph is right, at a point drawn from <paramref name="coordinates"/>
    /// for each leaf. A failing graph shrinks (<see cref="GraphRecipe.Shrink"/>) to a small one, and
    /// prints as a formula. Cases where a central difference cannot be trusted are discarded, not
    /// failed: a value or numerical derivative beyond ±10⁴ or not finite, a built-in op within 10⁻⁴
    /// of the kink its declaration states (relu, step, leaky relu, elu, prelu, abs and softsign at 0,
    /// max and min at a tie), or a check the
    /// central difference itself calls inconclusive (rounding or truncation error above the tolerance).
    /// </summary>
    /// <param name="recipes">The graphs, for example <c>GraphRecipes.Over(GraphOps.All)</c>.</param>
    /// <param name="coordinates">Each leaf's value; finite numbers in [-2, 2] if null.</param>
    /// <param name="options">Step and tolerances for <see cref="GradCheck.Check"/>; its defaults if null.</param>
    /// <returns>The property.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="recipes"/> is null.</exception>
    public static Property HoldsForGraphs(Gen<GraphRecipe> recipes, Gen<double>? coordinates = null, GradCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(recipes);
        coordinates ??= Domains.Between(-2, 2);
        Gen<GraphCase> cases = from recipe in recipes
                               from point in Points.Of(recipe.LeafCount, coordinates)
                               select new GraphCase(recipe, point);
        return Prop.ForAll(Arb.From(cases, c => c.Shrink()), c =>
        {
            GradCheckReport report = GradCheck.Check(c.Recipe.Build, c.Point, options);
            bool trustworthy = IsTame(report.Output) && report.Entries.All(e => IsTame(e.Numerical))
                && report.Entries.All(e => e.Outcome != GradCheckOutcome.Inconclusive)
                && !NearAKink(c.Recipe.Build(c.Point.Select(x => new Value(x)).ToArray()));
            return Prop.When(trustworthy, () => report.Passed ? Prop.ToProperty(true) : Prop.Label(false, Describe(report, c.Point, c.Recipe.ToString())));
        });
    }

    /// <summary>The counterexample: the point, each failing variable with both derivatives, and the report.</summary>
    internal static string Describe(GradCheckReport report, IReadOnlyList<double> point, string? formula)
    {
        var text = new StringBuilder();
        // A check that did not conclude (graph changed shape, inconclusive, all skipped) is not called wrong.
        string verdict = report.Failed ? "Gradient wrong" : $"Gradient not checked ({report.Outcome})";
        text.Append(CultureInfo.InvariantCulture, $"{verdict}{(formula is null ? string.Empty : $" for {formula}")} at {PointText(point)}:");
        foreach (GradCheckEntry entry in report.Entries.Where(e => !e.Passed))
        {
            text.AppendLine().Append(CultureInfo.InvariantCulture, $"  ∂f/∂x{entry.Index}: analytic {entry.Analytic:R}, numerical {entry.Numerical:R}");
        }

        return text.AppendLine().Append(report).ToString();
    }

    internal static string PointText(IReadOnlyList<double> point) =>
        string.Create(CultureInfo.InvariantCulture, $"({string.Join(", ", point.Select((x, i) => $"x{i} = {x.ToString("R", CultureInfo.InvariantCulture)}"))})");

    private static bool IsTame(double x) => double.IsFinite(x) && Math.Abs(x) < Tame;

    // Where each built-in op's kink is comes from its declaration (OpCatalog), so a new kinked op needs no row here.
    internal static bool NearAKink(Value output) =>
        output.TopologicalOrder().Any(node => node.Op is not (Op.Leaf or Op.Custom) && OpCatalog.Of(node.Op).IsNearKink(node, KinkMargin));

    /// <summary>A generated point, printed as x0 = …, x1 = … in FsCheck's counterexample.</summary>
    private sealed record PointCase(double[] Point)
    {
        public override string ToString() => PointText(Point);
    }

    /// <summary>A generated graph and the point at its leaves; shrinks the graph, dropping the coordinate of a removed leaf.</summary>
    private sealed record GraphCase(GraphRecipe Recipe, double[] Point)
    {
        public IEnumerable<GraphCase> Shrink() => Recipe.ShrinkWithLeafRemoved().Select(candidate =>
            new GraphCase(candidate.Recipe, candidate.RemovedLeaf < 0 ? Point : Point.Where((_, i) => i != candidate.RemovedLeaf).ToArray()));

        public override string ToString() => $"{Recipe} at {PointText(Point)}";
    }
}
