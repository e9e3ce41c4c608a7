using AutoGrad.Cli.Experiments;

namespace AutoGrad.Tests.Experiments;

/// <summary>
/// Every experiment measured once at the quick size with the default seed, shared by the tests of its
/// claim and the test of its files (a measurement is the slow part; drawing it is not).
/// </summary>
internal static class Quick
{
    public static ExperimentOptions Options { get; } = new(Seed: 0, Quick: true);

    public static IProgress<ExperimentStatus> Progress { get; } = new Silent();

    public static readonly Lazy<InitExperiment.Measurements> Init = new(() => InitExperiment.Measure(Options, Progress));

    public static readonly Lazy<OptimizersExperiment.Measurements> Optimizers = new(() => OptimizersExperiment.Measure(Options, Progress));

    public static readonly Lazy<BatchNormExperiment.Measurements> BatchNorm = new(() => BatchNormExperiment.Measure(Options, Progress));

    public static readonly Lazy<OverfittingExperiment.Measurements> Overfitting = new(() => OverfittingExperiment.Measure(Options, Progress));

    public static readonly Lazy<SearchExperiment.Measurements> Search = new(() => SearchExperiment.Measure(Options, Progress));

    public static readonly Lazy<AccuracyAsLossExperiment.Measurements> AccuracyAsLoss = new(() => AccuracyAsLossExperiment.Measure(Options, Progress));

    public static readonly Lazy<ActivationsExperiment.Measurements> Activations = new(() => ActivationsExperiment.Measure(Options, Progress));

    public static readonly Lazy<DepthExperiment.Measurements> Depth = new(() => DepthExperiment.Measure(Options, Progress));

    public static readonly Lazy<NumericalDiffExperiment.Measurements> NumericalDiff = new(() => NumericalDiffExperiment.Measure(Options, Progress));

    public static readonly Lazy<SoftmaxExperiment.Measurements> Softmax = new(() => SoftmaxExperiment.Measure(Options, Progress));

    public static readonly Lazy<PerceptronExperiment.Measurements> Perceptron = new(() => PerceptronExperiment.Measure(Options, Progress));

    public static readonly Lazy<SymmetryExperiment.Measurements> Symmetry = new(() => SymmetryExperiment.Measure(Options, Progress));

    public static readonly Lazy<ZeroCentringExperiment.Measurements> ZeroCentring = new(() => ZeroCentringExperiment.Measure(Options, Progress));

    public static readonly Lazy<RegressionExperiment.Measurements> Regression = new(() => RegressionExperiment.Measure(Options, Progress));

    public static readonly Lazy<CrossEntropyExperiment.Measurements> CrossEntropy = new(() => CrossEntropyExperiment.Measure(Options, Progress));

    /// <summary>The quick result of the experiment named <paramref name="name"/>, from its shared measurement.</summary>
    public static ExperimentResult Result(string name) => name switch
    {
        "init" => InitExperiment.Present(Init.Value),
        "optimizers" => OptimizersExperiment.Present(Optimizers.Value),
        "batchnorm" => BatchNormExperiment.Present(BatchNorm.Value),
        "overfitting" => OverfittingExperiment.Present(Overfitting.Value),
        "search" => SearchExperiment.Present(Search.Value),
        "accuracy-as-loss" => AccuracyAsLossExperiment.Present(AccuracyAsLoss.Value),
        "activations" => ActivationsExperiment.Present(Activations.Value),
        "depth" => DepthExperiment.Present(Depth.Value),
        "numerical-diff" => NumericalDiffExperiment.Present(NumericalDiff.Value),
        "softmax" => SoftmaxExperiment.Present(Softmax.Value),
        "perceptron" => PerceptronExperiment.Present(Perceptron.Value),
        "symmetry" => SymmetryExperiment.Present(Symmetry.Value),
        "zero-centring" => ZeroCentringExperiment.Present(ZeroCentring.Value),
        "regression" => RegressionExperiment.Present(Regression.Value),
        "cross-entropy" => CrossEntropyExperiment.Present(CrossEntropy.Value),
        _ => throw new ArgumentException($"No quick measurement for experiment '{name}': add one here.", nameof(name)),
    };

    private sealed class Silent : IProgress<ExperimentStatus>
    {
        public void Report(ExperimentStatus value)
        {
        }
    }
}
