using AutoGrad.Cli;
using AutoGrad.Cli.Commands;
using AutoGrad.Data;
using AutoGrad.Plots;
using AutoGrad.Training;

namespace AutoGrad.Tests.Training;

/// <summary>"Can this train?" answered by the library as data, and the target encoding written once.</summary>
public class TrainingProblemTests
{
    [Fact]
    public void Problem_NamesTheOptionItsValueAndTheReason_AsData()
    {
        Dataset spirals = Datasets.Spirals(5, 3, seed: 1);

        Assert.Equal(new TrainingProblem("Loss", "hinge", "needs 2 classes but 'spirals' has 3; expected softmax-ce or mse."), Trainer.Problem(spirals, new TrainingOptions { Loss = LossKind.Hinge }));
        Assert.Equal(new TrainingProblem("Loss", "bce", "reads classes, and 'wave' has a numeric target ('y'); expected mse, the regression loss."), Trainer.Problem(Datasets.Wave(5), new TrainingOptions { Loss = LossKind.BinaryCrossEntropy }));
        Assert.Null(Trainer.Problem(spirals));
        Assert.Null(Trainer.Problem(Datasets.Wave(5)));
        var single = new Dataset("same", [[1.0], [2.0]], [0, 0], ["cat"]);
        Assert.Equal(new TrainingProblem(null, null, "'same' has only 1 class ('cat'); a classifier needs examples of at least 2 classes."), Trainer.Problem(single));

        // The constructor throws what Problem reports.
        var error = Assert.Throws<ArgumentException>(() => new Trainer(spirals, new TrainingOptions { Loss = LossKind.Hinge }));
        Assert.StartsWith("options.Loss hinge needs 2 classes but 'spirals' has 3", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, Trainer.OutputCount(Datasets.Wave(5)));
        Assert.Equal(3, Trainer.OutputCount(spirals));
    }

    [Fact]
    public void SplitProblem_SaysWhichPartWouldBeEmpty_WithoutThrowing()
    {
        Dataset moons = Datasets.Moons(6);

        Assert.Equal("Splitting the 6 examples of 'moons' 0.9/0.05/0.05 leaves the validation part empty; expected more examples or a larger validation share.", DatasetSplit.Problem(moons, 0.9, 0.05, 0.05));
        Assert.Null(DatasetSplit.Problem(moons, 0.4, 0.3, 0.3));
        DatasetSplit wave = DatasetSplit.Create(Datasets.Wave(20), 0.6, 0.2, 0.2);
        Assert.Equal([12, 4, 4], new[] { wave.Train.Count, wave.Validation.Count, wave.Test.Count });
        Assert.True(wave.Test.IsRegression);
    }

    // The data loss the Trainer's batch graph minimises and the model's MeanLoss read the targets the
    // same way (one encoding, LossTargets): at full batch with no weight decay they are one number.
    [Theory]
    [InlineData(LossKind.Hinge)]
    [InlineData(LossKind.BinaryCrossEntropy)]
    [InlineData(LossKind.SoftmaxCrossEntropy)]
    [InlineData(LossKind.MeanSquaredError)]
    public void MeanLoss_IsTheLossTheTrainerSteps_ForEveryLoss(LossKind loss)
    {
        Dataset data = Datasets.Moons(20, seed: 5);
        var trainer = new Trainer(data, new TrainingOptions { Loss = loss, L2 = 0, HiddenLayers = [4] });

        double measured = trainer.ToClassifier().MeanLoss(data);

        Assert.Equal(measured, trainer.Step().Loss, 1e-12);
    }

    [Fact]
    public void MeanLoss_OfARegressor_IsTheLossTheTrainerSteps_InTheStandardisedTarget()
    {
        Dataset data = Datasets.Wave(20, seed: 5);
        var trainer = new Trainer(data, new TrainingOptions { L2 = 0, HiddenLayers = [4], Standardize = true });

        double measured = trainer.ToRegressor().MeanLoss(data);

        Assert.Equal(measured, trainer.Step().Loss, 1e-12);
    }

    [Fact]
    public void OutputFiles_AreNamedOnce_AndPredictsDefaultModelIsTrainsModel()
    {
        var outputs = new TrainOutputs("out");

        Assert.Equal(Path.Combine("out", "model.json"), outputs.Model);
        Assert.Equal(outputs.Model, ModelInput.DefaultModelPath);
        Assert.Equal(["model.json", .. Enum.GetValues<TrainingPicture>().Select(p => Path.GetFileName(outputs.PathOf(p)))], TrainOutputs.FileNames);
    }

    [Fact]
    public void ErrorLines_AreWrittenInOnePlace()
    {
        string cli = Path.Combine(Repository.Root, "src", "AutoGrad.Cli");
        string[] writers = Directory.EnumerateFiles(cli, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains("WriteLine($\"error:", StringComparison.Ordinal))
            .Select(Path.GetFileName).ToArray()!;

        Assert.Equal(["CliApplication.cs"], writers);
        var error = new StringWriter();
        Assert.Equal(ExitCodes.BadInput, CliApplication.Fail(error, ExitCodes.BadInput, "two\nlines"));
        Assert.Equal("error: two lines" + Environment.NewLine, error.ToString());
    }
}
