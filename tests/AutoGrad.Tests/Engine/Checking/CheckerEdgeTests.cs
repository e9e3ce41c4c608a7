using AutoGrad.Checking;
using AutoGrad.Compilation;

namespace AutoGrad.Tests.Checking;

/// <summary>The ways a gradient check used to be fooled, each now caught, and the culprit op named.</summary>
public class CheckerEdgeTests
{
    [Fact]
    public void TinyGradientOfTheWrongSign_Fails()
    {
        // f = 1e-7·x with its derivative written as −1e-7: |difference| 2e-7 is under the absolute tolerance 1e-5.
        GradCheckReport report = GradCheck.Check(x => Value.Custom("tiny", [x[0]], v => 1e-7 * v[0], (v, i) => -1e-7), [1.0]);
        Assert.False(report.Passed);
        Assert.Equal(GradCheckOutcome.Failed, report.Entries[0].Outcome);
        Assert.Contains("the signs differ", report.Entries[0].Reason);
    }

    [Fact]
    public void FunctionHugeNextToItsChange_IsInconclusive_NotFailed()
    {
        // x + 1e20 at x = 1: a step of 1e-6 changes f by less than one ulp of 1e20.
        GradCheckReport report = GradCheck.Check(x => x[0] + 1e20, [1.0]);
        Assert.Equal(GradCheckOutcome.Inconclusive, report.Entries[0].Outcome);
        Assert.Contains("rounding error", report.Entries[0].Reason);
        Assert.False(report.Failed);
        Assert.StartsWith("GradCheck inconclusive for 1 of 1 inputs", report.ToString());
    }

    [Fact]
    public void FunctionThatCurvesTooFastForTheStep_PassesAgainstTheRichardsonEstimate()
    {
        // sin(10⁵x): the central difference's h²·f‴/6 error is about 0.2% of f′, beyond the 0.1% tolerance.
        GradCheckReport report = GradCheck.Check(x => (x[0] * 1e5).Sin(), [0.3]);
        Assert.Equal(GradCheckOutcome.Passed, report.Entries[0].Outcome);
        Assert.Contains("Richardson", report.Entries[0].Reason);
    }

    [Fact]
    public void FunctionThatCurvesFarTooFast_IsInconclusive_NotFailed()
    {
        GradCheckReport report = GradCheck.Check(x => (x[0] * 1e6).Sin(), [0.3]);
        Assert.Equal(GradCheckOutcome.Inconclusive, report.Entries[0].Outcome);
        Assert.Contains("curves too fast", report.Entries[0].Reason);
    }

    [Fact]
    public void WrongDerivative_StillFails_AfterTheSecondLook()
    {
        GradCheckReport report = GradCheck.Check(x => Value.Custom("sin", [x[0]], v => Math.Sin(v[0]), (v, i) => Math.Cos(v[0]) * 1.01), [0.3]);
        Assert.Equal(GradCheckOutcome.Failed, report.Entries[0].Outcome);
    }

    [Fact]
    public void StepTooSmallToMoveThePoint_IsAClearError()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => GradCheck.Check(x => x[0] * x[0], [1.0], new GradCheckOptions { Step = 1e-17 }));
        Assert.Contains("does not move coordinate 0 = 1 at all", error.Message);
        Assert.DoesNotContain("NaN", error.Message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(double.NaN)]
    [InlineData(1.5)]
    public void NonsenseStep_IsRefused(double step)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GradCheckOptions { Step = step });
    }

    [Theory]
    [InlineData("relu at 0", 0.0)]
    [InlineData("abs just off 0", 1e-9)]
    [InlineData("max on a tie", 2.0)]
    public void PointWithinAStepOfAKink_IsSkipped_NotPassedOrFailed(string kink, double at)
    {
        Func<IReadOnlyList<Value>, Value> function = kink switch
        {
            "relu at 0" => x => x[0].Relu(),
            "abs just off 0" => x => x[0].Abs() * 3,
            _ => x => Value.Max(x[0], 2.0),
        };
        GradCheckReport report = GradCheck.Check(function, [at]);
        Assert.Equal(GradCheckOutcome.Skipped, report.Entries[0].Outcome);
        Assert.Contains("within a step of the kink of", report.Entries[0].Reason);
    }

    [Fact]
    public void WrongCustomOp_InAFiftyNodeGraph_IsNamedAsTheCulprit()
    {
        // softsign with its derivative missing the square: 1/(1 + |x|) instead of 1/(1 + |x|)².
        static Value Softsign(Value x) =>
            Value.Custom("softsign", [x], v => v[0] / (1 + Math.Abs(v[0])), (v, i) => 1 / (1 + Math.Abs(v[0])));

        static Value Network(IReadOnlyList<Value> x)
        {
            Value h = x[0];
            for (int layer = 0; layer < 12; layer++)
            {
                h = (h * x[1] + x[2]).Tanh();
                if (layer == 6)
                {
                    h = Softsign(h);
                    h.Label = "h6";
                }
            }

            return h * h;
        }

        Value probe = Network([new Value(0.3), new Value(0.8), new Value(-0.2)]);
        Assert.InRange(probe.TopologicalOrder().Count, 40, 60);

        GradCheckReport report = GradCheck.Check(Network, [0.3, 0.8, -0.2]);
        Assert.True(report.Failed);
        Assert.NotNull(report.Culprit);
        Assert.Equal("softsign", report.Culprit.OpName);
        Assert.Equal("h6", report.Culprit.Node.Label);
        Assert.Contains("Culprit: op softsign 'h6' at inputs [", report.ToString());
    }

    [Fact]
    public void CustomOpGivenAsNumbers_CannotBeTheCulprit_AndTheReportSaysWhereToLook()
    {
        GradCheckReport report = GradCheck.Check(x => Value.Custom("twice", 2 * x[0].Data, [x[0]], [3.0]), [1.0]);
        Assert.True(report.Failed);
        Assert.Null(report.Culprit);
        Assert.Contains("No op's own local derivative disagrees", report.ToString());
    }

    [Fact]
    public void CheckParameters_NamesEachEntryByItsLabel()
    {
        var w = new Value(0.5, "layer1.neuron3.w2");
        var b = new Value(0.1, "layer1.neuron3.b");
        GradCheckReport report = GradCheck.CheckParameters([w, b], () => (w * 2 + b).Tanh());
        Assert.Equal(["layer1.neuron3.w2", "layer1.neuron3.b"], report.Entries.Select(e => e.Name));
        Assert.StartsWith("layer1.neuron3", report.Entries[0].ToString());
    }

    [Fact]
    public void CustomOpGivenAsFunctions_ReplaysInACompiledGraph_LikeTheDynamicGraph()
    {
        static Value Build(Value x) => Value.Custom("cube", [x], v => v[0] * v[0] * v[0], (v, i) => 3 * v[0] * v[0]) + x;
        var x = new Value(2);
        var compiled = CompiledGraph.Compile(Build(x));
        x.Data = -1.5;
        double replayed = compiled.Evaluate();
        var fresh = new Value(-1.5);
        Value expected = Build(fresh);
        expected.Backward();
        Assert.Equal(expected.Data, replayed);
        Assert.Equal(fresh.Grad, x.Grad);
    }
}
