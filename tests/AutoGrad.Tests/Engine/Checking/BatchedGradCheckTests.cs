using AutoGrad.Checking;
using AutoGrad.Expressions;

namespace AutoGrad.Tests.Engine.Checking;

/// <summary>
/// <see cref="BatchedGradCheck"/> (what <c>autograd check</c> runs): the graph recorded once, every point's
/// value, gradient and central differences found through a batched replay. Its report at each point
/// must be <see cref="GradCheck.Check"/>'s there, number for number and word for word.
/// </summary>
public sealed class BatchedGradCheckTests
{
    private static readonly Dictionary<string, Func<IReadOnlyList<Value>, Value>> Functions = new()
    {
        ["smooth"] = Formula("log(1 + x^2) * tanh(y)"),
        ["kinks"] = Formula("abs(x) + relu(y) + max(x, y) * min(x, z) + step(z)"),
        ["many variables"] = Formula("sum(a*b, b*c, c*d, d*e, e*f, f*g, g*h) + logsumexp(a, b, c) + leakyrelu(d, 0.1) + elu(e) + softplus(f) + atan(g) + softsign(h)"),
        ["poles and powers"] = Formula("pow(x, y) + x^3 + exp(y)/x + 1/(x - y)"),
        ["inconclusive"] = Formula("x + 1e20"),
        ["curves fast"] = Formula("sin(300*x) * cos(200*y)"),
        // sin's derivative given as +sin: a wrong derivative the replay computes as the graph does; the culprit must be named.
        ["wrong derivative"] = x => Value.Custom("badsin", [x[0] * x[1]], v => Math.Sin(v[0]), (v, _) => Math.Sin(v[0])) * 2,
    };

    public static TheoryData<string> Names => [.. Functions.Keys];

    private static Func<IReadOnlyList<Value>, Value> Formula(string text)
    {
        Expression expression = Expression.Parse(text);
        return leaves => expression.Build(leaves);
    }

    private static int VariablesOf(string name) => name switch
    {
        "many variables" => 8,
        "kinks" => 3,
        "inconclusive" => 1,
        _ => 2,
    };

    /// <summary>Random points in [−5, 5], then points on the kinks and poles (0, and x = y).</summary>
    private static List<double[]> Points(int variables, int count, int seed)
    {
        var random = new Random(seed);
        var points = Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, variables).Select(_ => 10 * random.NextDouble() - 5).ToArray()).ToList();
        points.Add(new double[variables]);
        points.Add([.. Enumerable.Repeat(1.5, variables)]);
        points.Add([.. Enumerable.Range(0, variables).Select(i => i == 0 ? 1e-7 : 0.25)]);
        return points;
    }

    private static void AssertSame(double expected, double actual, string what)
    {
        if (BitConverter.DoubleToInt64Bits(expected) != BitConverter.DoubleToInt64Bits(actual))
        {
            Assert.Fail($"{what}: point by point {expected:R}, batched {actual:R}");
        }
    }

    private static void AssertSameReport(GradCheckReport expected, GradCheckReport actual, string where)
    {
        AssertSame(expected.Output, actual.Output, $"{where}, the output");
        Assert.Equal(expected.Outcome, actual.Outcome);
        Assert.Equal(expected.Entries.Count, actual.Entries.Count);
        for (int i = 0; i < expected.Entries.Count; i++)
        {
            GradCheckEntry e = expected.Entries[i], a = actual.Entries[i];
            string entry = $"{where}, input {i}";
            Assert.Equal((e.Index, e.Name, e.Outcome, e.Reason), (a.Index, a.Name, a.Outcome, a.Reason));
            AssertSame(e.Point, a.Point, $"{entry}, the point");
            AssertSame(e.Analytic, a.Analytic, $"{entry}, the analytic derivative");
            AssertSame(e.Numerical, a.Numerical, $"{entry}, the numerical derivative");
            AssertSame(e.Allowed, a.Allowed, $"{entry}, the tolerance");
        }

        Assert.Equal(expected.Culprit?.ToString(), actual.Culprit?.ToString());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void TheReportAtEveryPoint_IsGradCheckChecks_NumberForNumber(string name)
    {
        Func<IReadOnlyList<Value>, Value> function = Functions[name];
        List<double[]> points = Points(VariablesOf(name), 150, seed: name.Length);
        BatchedGradCheck checker = BatchedGradCheck.TryCreate(function, points[0])!;
        Assert.NotNull(checker);

        GradCheckReport[] batched = checker.Check(points);

        Assert.Equal(points.Count, batched.Length);
        for (int p = 0; p < points.Count; p++)
        {
            AssertSameReport(GradCheck.Check(function, points[p]), batched[p], $"{name} at point {p} [{string.Join(", ", points[p])}]");
        }
    }

    [Fact]
    public void PlainPasses_AreJudgedFromTheBatch_OnlyTheOthersAreCheckedAgainPointByPoint()
    {
        // A report judged from the batch carries no graph; one made by GradCheck.Check does.
        List<double[]> smooth = Points(2, 150, seed: 1)[..150];
        GradCheckReport[] passes = BatchedGradCheck.TryCreate(Functions["smooth"], smooth[0])!.Check(smooth);
        Assert.All(passes, report => Assert.Null(report.Graph));

        List<double[]> kinks = Points(3, 150, seed: 2);
        GradCheckReport[] mixed = BatchedGradCheck.TryCreate(Functions["kinks"], kinks[0])!.Check(kinks);
        Assert.Contains(mixed, report => report.Graph is null);
        Assert.All(mixed.Where(report => report.Entries.Any(e => e.Outcome != GradCheckOutcome.Passed)), report => Assert.NotNull(report.Graph));
    }

    [Fact]
    public void FiniteWithGradient_IsWhatAFreshGraphFinds_AtEveryPoint()
    {
        Func<IReadOnlyList<Value>, Value> function = Formula("log(x) + sqrt(y) + 1/(x - y)");
        List<double[]> points = Points(2, 400, seed: 3);
        points.Add([2, 2]); // a pole: f is infinite
        BatchedGradCheck checker = BatchedGradCheck.TryCreate(function, points[0])!;

        bool[] batched = checker.FiniteWithGradient([.. points.SelectMany(p => p)]);

        bool[] fresh = points.Select(point =>
        {
            Value[] leaves = [.. point.Select(x => new Value(x))];
            Value f = function(leaves);
            return double.IsFinite(f.Data) && Value.Gradients(f, leaves).All(g => double.IsFinite(g.Data));
        }).ToArray();
        Assert.Equal(fresh, batched);
        Assert.Contains(true, batched);
        Assert.Contains(false, batched);
    }

    [Fact]
    public void AGraphAReplayRefuses_OrOneThatLeavesAnInputOut_IsLeftToTheCallerToCheckPointByPoint()
    {
        // A custom op given as numbers at one point cannot be replayed; an input the function never reads is no leaf of its graph.
        Assert.Null(BatchedGradCheck.TryCreate(x => Value.Custom("frozen", x[0].Data * 2, [x[0]], [2.0]), [0.5]));
        Assert.Null(BatchedGradCheck.TryCreate(x => x[0] * 3, [0.5, 0.25]));
    }

    /// <summary>
    /// Under <see cref="Anomaly.Detect"/> a user sees the anomaly the dynamic graph reports (its op,
    /// inputs and path back to the leaves), not the compiled replay's: at a point outside the domain,
    /// and at a point whose step crosses into it (log(x·y) at x = 10⁻⁹, where x − h is negative).
    /// </summary>
    [Fact]
    public void UnderAnomalyDetection_TheAnomalyIsTheOneTheDynamicGraphThrows()
    {
        Func<IReadOnlyList<Value>, Value> function = x => (x[0] * x[1]).Log();
        double[] stepCrossesZero = [1e-9, 1.0], outside = [-1.0, 1.0];
        BatchedGradCheck checker = BatchedGradCheck.TryCreate(function, [0.5, 0.5])!;
        AnomalyException fromCheck, fromBatchedCheck, fromFreshGraph, fromBatchedFinite;
        using (Anomaly.Detect())
        {
            fromCheck = Assert.Throws<AnomalyException>(() => GradCheck.Check(function, stepCrossesZero));
            fromBatchedCheck = Assert.Throws<AnomalyException>(() => checker.Check([stepCrossesZero]));
            fromFreshGraph = Assert.Throws<AnomalyException>(() => Value.Gradients(function([.. outside.Select(x => new Value(x))]), []));
            fromBatchedFinite = Assert.Throws<AnomalyException>(() => checker.FiniteWithGradient(outside));
        }

        foreach ((AnomalyException expected, AnomalyException actual) in new[] { (fromCheck, fromBatchedCheck), (fromFreshGraph, fromBatchedFinite) })
        {
            Assert.Equal(expected.GetType(), actual.GetType());
            Assert.Equal((expected.Node.Op, expected.InBackward, expected.Node.Data), (actual.Node.Op, actual.InBackward, actual.Node.Data));
            Assert.Equal(expected.Message, actual.Message);
        }

        Assert.StartsWith("Anomaly in the forward pass: Log produced NaN", fromBatchedCheck.Message, StringComparison.Ordinal);
    }
}
