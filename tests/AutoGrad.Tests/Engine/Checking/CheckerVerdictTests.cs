using AutoGrad.Checking;

namespace AutoGrad.Tests.Checking;

/// <summary>
/// A check passes only when it compared something and it agreed: a graph that changes shape between
/// evaluations, a check where every input was skipped, and a check of no inputs are not passes.
/// </summary>
public class CheckerVerdictTests
{
    /// <summary>x² with its derivative given as 1 (it is 2x), so any check that compares it fails.</summary>
    private static Value WrongSquare(Value x) => Value.Custom("wrongsquare", x.Data * x.Data, [x], [1.0]);

    [Fact]
    public void WrongGradient_InAGraphThatGrowsOnEveryCall_IsGraphChanged_NotPassed()
    {
        int calls = 0;
        Value Function(IReadOnlyList<Value> x)
        {
            Value y = WrongSquare(x[0]);
            for (int i = 0; i < calls % 3; i++)
            {
                y += 0.0; // a data-independent but call-dependent number of ops: another graph each time
            }

            calls++;
            return y;
        }

        GradCheckReport report = GradCheck.Check(Function, [0.7]);

        Assert.False(report.Passed);
        Assert.Equal(GradCheckOutcome.GraphChanged, report.Outcome);
        Assert.Equal(GradCheckOutcome.GraphChanged, report.Entries[0].Outcome);
        Assert.Contains("the function built 2 nodes at x0 = 0.7 but 4 at x0 + h", report.Entries[0].Reason, StringComparison.Ordinal);
        Assert.StartsWith("GradCheck NOT PASSED: the graph changed shape within a step for 1 of 1 inputs", report.ToString(), StringComparison.Ordinal);

        calls = 0;
        var error = Assert.Throws<GradCheckFailedException>(() => GradCheck.Assert(Function, [0.7]));
        Assert.Equal(GradCheckOutcome.GraphChanged, error.Outcome);
        Assert.Contains("graph changed shape", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DataCopiedIntoAConstant_IsGraphChanged_ForThatInputOnly()
    {
        // x0 · x1.Data: x1's value is frozen into a constant, so no gradient reaches x1.
        GradCheckReport report = GradCheck.Check(x => x[0] * x[1].Data, [0.7, 1.5]);

        Assert.Equal(GradCheckOutcome.Passed, report.Entries[0].Outcome); // ∂/∂x0 = 1.5 is right
        Assert.Equal(GradCheckOutcome.GraphChanged, report.Entries[1].Outcome);
        Assert.Contains("the leaf at node 1 is 1.5 at x1 = 1.5 but 1.5000015 at x1 + h: an input's data was copied into a constant", report.Entries[1].Reason, StringComparison.Ordinal);
        Assert.Equal(GradCheckOutcome.GraphChanged, report.Outcome);
        Assert.False(report.Passed);
    }

    [Fact]
    public void DataCopiedIntoAConstant_OfTheSameInput_IsGraphChanged()
    {
        GradCheckReport report = GradCheck.Check(x => x[0] * x[0].Data, [0.7]);

        Assert.Equal(GradCheckOutcome.GraphChanged, report.Outcome);
        Assert.Contains("copied into a constant", report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void DataCopiedIntoAnOpsConstant_IsGraphChanged()
    {
        GradCheckReport report = GradCheck.Check(x => x[0].Pow(x[0].Data), [1.3]);

        Assert.Equal(GradCheckOutcome.GraphChanged, report.Outcome);
        Assert.Contains("the constant of Pow at node 1 is 1.3 at x0 = 1.3 but", report.Entries[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckParameters_DataCopiedIntoAConstant_IsGraphChanged()
    {
        var w = new Value(0.5, "w");
        GradCheckReport report = GradCheck.CheckParameters([w], () => w * w.Data);

        Assert.Equal(GradCheckOutcome.GraphChanged, report.Entries[0].Outcome);
        Assert.Contains("at w = 0.5 but", report.Entries[0].Reason, StringComparison.Ordinal);
        Assert.Equal(0.5, w.Data); // restored
    }

    [Fact]
    public void CheckSecondOrder_GraphThatChangesShape_IsGraphChanged()
    {
        GradCheckReport report = GradCheck.CheckSecondOrder(x => x[0] * x[0] * x[0].Data, [0.7]);

        Assert.Equal(GradCheckOutcome.GraphChanged, report.Outcome);
        Assert.False(report.Passed);
    }

    [Fact]
    public void EveryInputSkippedAtAKink_IsNotAPass_AndAssertSaysNothingWasCompared()
    {
        // ReLU and |x| at 0: a central difference measures neither side's slope, so nothing is compared.
        static Value KinkedAtZero(IReadOnlyList<Value> x) => x[0].Relu() * 3 + x[1].Abs();

        GradCheckReport report = GradCheck.Check(KinkedAtZero, [0.0, 0.0]);

        Assert.All(report.Entries, e => Assert.Equal(GradCheckOutcome.Skipped, e.Outcome));
        Assert.Equal(GradCheckOutcome.Skipped, report.Outcome);
        Assert.False(report.Passed);
        Assert.StartsWith("GradCheck NOT PASSED: compared nothing, all 2 inputs were within a step of a kink", report.ToString(), StringComparison.Ordinal);
        var error = Assert.Throws<GradCheckFailedException>(() => GradCheck.Assert(KinkedAtZero, [0.0, 0.0]));
        Assert.Equal(GradCheckOutcome.Skipped, error.Outcome);
    }

    [Fact]
    public void SomeInputsSkippedAtAKink_AndTheRestPassing_IsAPass()
    {
        GradCheckReport report = GradCheck.Check(x => x[0].Relu() + x[1] * x[1], [0.0, 0.8]);

        Assert.Equal(GradCheckOutcome.Skipped, report.Entries[0].Outcome);
        Assert.Equal(GradCheckOutcome.Passed, report.Entries[1].Outcome);
        Assert.True(report.Passed);
        Assert.Contains("1 skipped at a kink", report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void NoInputs_IsAnArgumentError_NotAVacuousPass()
    {
        static Value Constant(IReadOnlyList<Value> x) => Value.Constant(1);

        var check = Assert.Throws<ArgumentException>(() => GradCheck.Check(Constant, []));
        Assert.Equal("point", check.ParamName);
        Assert.Contains("no coordinates; expected at least one input", check.Message, StringComparison.Ordinal);
        Assert.Equal("point", Assert.Throws<ArgumentException>(() => GradCheck.Assert(Constant, [])).ParamName);
        Assert.Equal("point", Assert.Throws<ArgumentException>(() => GradCheck.CheckSecondOrder(Constant, [])).ParamName);
        var parameters = Assert.Throws<ArgumentException>(() => GradCheck.CheckParameters([], () => Value.Constant(1)));
        Assert.Equal("parameters", parameters.ParamName);
        Assert.Contains("'parameters' is empty", parameters.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Assert_ThrowsOnAnInconclusiveCheck_AsItsDocSays()
    {
        // x + 1e20: a step of 1e-6 (or 1000 times that) changes f by less than one ulp of 1e20.
        var error = Assert.Throws<GradCheckFailedException>(() => GradCheck.Assert(x => x[0] + 1e20, [1.0]));

        Assert.Equal(GradCheckOutcome.Inconclusive, error.Outcome);
        Assert.False(error.Report.Failed);
        Assert.StartsWith("GradCheck inconclusive for 1 of 1 inputs", error.Message, StringComparison.Ordinal);
    }

    /// <summary>10,000 values in [−50, 50], the nearest 0 first: Σxᵢ² ≈ 8·10⁶, and ∂/∂xᵢ = 2xᵢ ≈ 0 for the first few.</summary>
    private static double[] TenThousandValues()
    {
        var random = new Random(19);
        double[] values = [.. Enumerable.Range(0, 10_000).Select(_ => 100 * random.NextDouble() - 50)];
        Array.Sort(values, (a, b) => Math.Abs(a).CompareTo(Math.Abs(b)));
        return values;
    }

    [Fact]
    public void SumOfSquaresOfTenThousandValues_IsNotInconclusive_WhereTheGradientIsNearZero()
    {
        // Where ∂f/∂xᵢ ≈ 0 the tolerance is 1e-5 but the rounding error of (f(x + h) − f(x − h)) / 2h is
        // ε·2f/2h ≈ 1.8e-3: the plain central difference cannot tell. A wider step can, since the error
        // falls as the step grows. The whole 10,000-input Check would take 20,001 evaluations of a
        // 20,000-node graph (minutes here), so this checks the inputs nearest 0, where it could fail,
        // against the full 10,000-term sum.
        Value[] values = [.. TenThousandValues().Select(v => new Value(v))];
        Value[] checkedValues = values[..4];
        Value Loss() => Value.Sum(values.Select(v => v * v));

        // The premise: the plain central difference at the default step cannot judge some of them.
        int plainInconclusive = 0;
        foreach (Value value in checkedValues)
        {
            double x = value.Data, h = NumericalDerivative.StepAt(x, NumericalDerivative.DefaultStep);
            value.Data = x + h;
            double up = Loss().Data;
            value.Data = x - h;
            double down = Loss().Data;
            value.Data = x;
            plainInconclusive += GradCheck.Judge(0, x, 2 * x, up, down, h, GradCheckOptions.Default).Outcome == GradCheckOutcome.Inconclusive ? 1 : 0;
        }

        Assert.True(plainInconclusive > 0);

        GradCheckReport report = GradCheck.CheckParameters(checkedValues, Loss);

        Assert.True(report.Passed, report.ToString());
        Assert.All(report.Entries, e => Assert.Equal(GradCheckOutcome.Passed, e.Outcome));
        Assert.Contains(report.Entries, e => e.Reason?.StartsWith("passed with a wider step", StringComparison.Ordinal) == true);
        Assert.All(report.Entries, e => Assert.Equal(2 * checkedValues[e.Index].Data, e.Numerical, 1e-5));
    }

    [Fact]
    public void Assert_SumOfSquaresOfTenThousandValues_Passes()
    {
        double[] values = TenThousandValues();
        Value[] rest = [.. values[3..].Select(v => new Value(v))];

        GradCheckReport report = GradCheck.Assert(x => Value.Sum([.. x.Select(v => v * v), .. rest.Select(v => v * v)]), values[..3]);

        Assert.Equal(3, report.Entries.Count);
        Assert.Equal(GradCheckOutcome.Passed, report.Outcome);
    }

    [Fact]
    public void WrongGradientHiddenByRounding_FailsWithTheWiderStep()
    {
        // ∂/∂x of the custom square is 2x + 2.5e-5: off by 2.5 times the tolerance near 0, but far within
        // the plain central difference's rounding error (about 1.8e-3), which made it inconclusive.
        double[] values = TenThousandValues();
        Value[] rest = [.. values[1..].Select(v => new Value(v))];
        static Value SlightlyWrongSquare(Value x) => Value.Custom("sq", [x], v => v[0] * v[0], (v, _) => 2 * v[0] + 2.5e-5);

        GradCheckReport report = GradCheck.Check(x => Value.Sum([SlightlyWrongSquare(x[0]), .. rest.Select(v => v * v)]), [values[0]]);

        Assert.Equal(GradCheckOutcome.Failed, report.Outcome);
        Assert.StartsWith("failed with a wider step", report.Entries[0].Reason, StringComparison.Ordinal);
    }
}
