using AutoGrad.Optim;

namespace AutoGrad.Tests.Optim;

/// <summary>
/// Optimizer and schedule arguments outside their range are refused when given, naming the
/// parameter and the value: an ε of 0 used to turn a parameter into NaN after one zero-gradient step,
/// and a parameter listed twice was updated twice.
/// </summary>
public class OptimizerArgumentTests
{
    private static Value[] W => [new Value(1)];

    /// <summary>A bad call, the parameter its exception must name, and what the message must say.</summary>
    private static readonly Dictionary<string, (Action Call, string Parameter, string Message)> OutOfRange = new()
    {
        ["Adam epsilon 0"] = (() => _ = new Adam(W, epsilon: 0), "epsilon", "finite and greater than 0"),
        ["Adam epsilon negative"] = (() => _ = new Adam(W, epsilon: -1e-8), "epsilon", "-1E-08"),
        ["Adam epsilon NaN"] = (() => _ = new Adam(W, epsilon: double.NaN), "epsilon", "NaN"),
        ["Adam epsilon infinite"] = (() => _ = new Adam(W, epsilon: double.PositiveInfinity), "epsilon", "finite"),
        ["Adam beta1 NaN"] = (() => _ = new Adam(W, beta1: double.NaN), "beta1", "NaN"),
        ["Adam beta2 1"] = (() => _ = new Adam(W, beta2: 1), "beta2", "[0, 1)"),
        ["AdaGrad epsilon 0"] = (() => _ = new AdaGrad(W, 0.1, epsilon: 0), "epsilon", "finite and greater than 0"),
        ["AdaGrad epsilon negative"] = (() => _ = new AdaGrad(W, 0.1, epsilon: -1), "epsilon", "-1"),
        ["AdaGrad epsilon NaN"] = (() => _ = new AdaGrad(W, 0.1, epsilon: double.NaN), "epsilon", "NaN"),
        ["StepDecay factor 0"] = (() => Schedules.StepDecay(10, 0), "factor", "(0, 1]"),
        ["StepDecay factor negative"] = (() => Schedules.StepDecay(10, -0.5), "factor", "-0.5"),
        ["StepDecay factor above 1"] = (() => Schedules.StepDecay(10, 1.5), "factor", "1.5"),
        ["StepDecay factor NaN"] = (() => Schedules.StepDecay(10, double.NaN), "factor", "NaN"),
        ["Constant base rate NaN"] = (() => Schedules.Constant(0, double.NaN), "baseRate", "NaN"),
        ["Constant base rate negative"] = (() => Schedules.Constant(0, -1), "baseRate", "-1"),
        ["LinearDecay base rate negative"] = (() => Schedules.LinearDecay(10)(3, -0.5), "baseRate", "-0.5"),
        ["LinearDecay base rate infinite"] = (() => Schedules.LinearDecay(10)(3, double.PositiveInfinity), "baseRate", "Infinity"),
        ["StepDecay base rate NaN"] = (() => Schedules.StepDecay(10, 0.5)(3, double.NaN), "baseRate", "NaN"),
        ["StepDecay negative step"] = (() => Schedules.StepDecay(10, 0.5)(-1, 1), "step", "-1"),
    };

    public static TheoryData<string> OutOfRangeNames => new(OutOfRange.Keys);

    [Theory]
    [MemberData(nameof(OutOfRangeNames))]
    public void OutOfRangeArgument_IsRefusedWhenGiven_NamingTheParameterAndTheValue(string name)
    {
        (Action call, string parameter, string message) = OutOfRange[name];

        var error = Assert.Throws<ArgumentOutOfRangeException>(call);

        Assert.Equal(parameter, error.ParamName);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    /// <summary>Every optimizer, built over the given parameters.</summary>
    public static TheoryData<string> Optimizers => new("Sgd", "Momentum", "AdaGrad", "Adam");

    private static Optimizer Create(string kind, IEnumerable<Value> parameters, LearningRateSchedule? schedule = null) => kind switch
    {
        "Sgd" => new Sgd(parameters, 0.1, schedule),
        "Momentum" => new Momentum(parameters, 0.1, schedule: schedule),
        "AdaGrad" => new AdaGrad(parameters, 0.1, schedule: schedule),
        "Adam" => new Adam(parameters, 0.1, schedule: schedule),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not an optimizer."),
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void SameParameterTwice_IsRefused_NamingBothPositions(string kind)
    {
        var a = new Value(1, "a");
        var w = new Value(1, "w");

        var error = Assert.Throws<ArgumentException>(() => Create(kind, [a, w, w]));

        Assert.Equal("parameters", error.ParamName);
        Assert.Contains("Parameter 2 of 'parameters'", error.Message, StringComparison.Ordinal);
        Assert.Contains("same Value as parameter 1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void NullParameter_IsRefused_NamingItsIndex(string kind)
    {
        var error = Assert.Throws<ArgumentException>(() => Create(kind, [new Value(1), null!]));

        Assert.Equal("parameters", error.ParamName);
        Assert.Contains("Parameter 1 of 'parameters' is null", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void ScheduleGivingABadRate_FailsTheStep_AndChangesNothing(string kind)
    {
        var w = new Value(1) { Grad = 1 };
        Optimizer optimizer = Create(kind, [w], (step, rate) => step == 1 ? double.NaN : rate);
        optimizer.Step();
        double afterFirst = w.Data;

        var error = Assert.Throws<InvalidOperationException>(optimizer.Step);

        Assert.Contains("gave NaN at step 1", error.Message, StringComparison.Ordinal);
        Assert.Equal(afterFirst, w.Data);
        Assert.Equal(1, optimizer.StepCount);
    }

    [Fact]
    public void NegativeRateFromASchedule_FailsTheStep()
    {
        var w = new Value(1) { Grad = 1 };
        var sgd = new Sgd([w], 0.1, (_, rate) => -rate);

        var error = Assert.Throws<InvalidOperationException>(sgd.Step);

        Assert.Contains("gave -0.1 at step 0", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, w.Data);
    }

    [Fact]
    public void AdaptiveOptimizers_WithTheSmallestValidEpsilon_StayFinite_OnAZeroGradient()
    {
        // The failure the ε check prevents: 0 / (√0 + ε) is NaN for ε = 0.
        var a = new Value(1);
        var b = new Value(1);
        var adam = new Adam([a], 0.1, epsilon: double.Epsilon);
        var adaGrad = new AdaGrad([b], 0.1, epsilon: double.Epsilon);

        adam.Step();
        adaGrad.Step();

        Assert.Equal(1, a.Data);
        Assert.Equal(1, b.Data);
    }
}
