namespace AutoGrad.Cli.Experiments;

/// <summary>Every experiment <c>autograd experiment</c> knows, in the order of the lessons. A new one is one file and one line here.</summary>
internal static class ExperimentCatalog
{
    public static IReadOnlyList<IExperiment> All { get; } =
    [
        new InitExperiment(),
        new OptimizersExperiment(),
        new BatchNormExperiment(),
        new OverfittingExperiment(),
        new SearchExperiment(),
        new AccuracyAsLossExperiment(),
        new ActivationsExperiment(),
        new DepthExperiment(),
        new NumericalDiffExperiment(),
        new SoftmaxExperiment(),
        new PerceptronExperiment(),
        new SymmetryExperiment(),
        new ZeroCentringExperiment(),
        new RegressionExperiment(),
        new CrossEntropyExperiment(),
    ];

    /// <summary>The names, as the command lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(e => e.Name).ToArray();

    /// <summary>The experiment named <paramref name="name"/> (any case), or null.</summary>
    public static IExperiment? Find(string name) =>
        All.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
}
