using AutoGrad.Cli.Experiments;

namespace AutoGrad.Tests.Experiments;

/// <summary>
/// The experiments that evaluate one graph at many points through a batched replay (accuracy-as-loss's
/// nudged and swept weights, init's 1,000 inputs through five layers, regression's fitted curves,
/// activations' silent units and midpoints, cross-entropy's test logits, perceptron's grid of step
/// neurons, softmax's shifted and random logits — and the accuracies every experiment takes through <c>Classifier.Scores</c>) write,
/// at their full size, the very CSV numbers committed in docs/lessons — numbers measured when each point
/// had a replay (or a graph) of its own. Written with "R", so equal text is equal bits.
/// </summary>
public sealed class LessonNumbersTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("autograd-lesson-numbers-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> Moved => ["accuracy-as-loss", "init", "regression", "activations", "cross-entropy", "perceptron", "softmax"];

    [Theory]
    [MemberData(nameof(Moved))]
    public void AtFullSize_EveryCsv_IsTheCommittedOne_ByteForByte(string name)
    {
        IExperiment experiment = name switch
        {
            "accuracy-as-loss" => new AccuracyAsLossExperiment(),
            "init" => new InitExperiment(),
            "regression" => new RegressionExperiment(),
            "activations" => new ActivationsExperiment(),
            "cross-entropy" => new CrossEntropyExperiment(),
            "perceptron" => new PerceptronExperiment(),
            "softmax" => new SoftmaxExperiment(),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not an experiment of this test."),
        };

        ExperimentResult result = experiment.Run(new ExperimentOptions(Seed: 0, Quick: false), Quick.Progress);

        ExperimentFile[] tables = [.. result.Files.Where(file => file.FileName.EndsWith(".csv", StringComparison.Ordinal))];
        Assert.NotEmpty(tables);
        foreach (ExperimentFile table in tables)
        {
            string written = Path.Combine(_folder, table.FileName);
            table.Save(written);
            string committed = Path.Combine(Repository.Root, "docs", "lessons", name, table.FileName);
            Assert.True(File.ReadAllBytes(committed).AsSpan().SequenceEqual(File.ReadAllBytes(written)), $"{name}/{table.FileName} differs from the committed one");
        }
    }
}
