using System.Text;
using AutoGrad.Cli;
using AutoGrad.Cli.Commands;
using AutoGrad.Nn;
using AutoGrad.Training;
using Spectre.Console.Testing;

namespace AutoGrad.Tests.Cli;

public sealed class TrainCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("autograd-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private (int ExitCode, string Console, string Errors) Run(params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 160;
        var output = new StringWriter();
        var errors = new StringWriter();
        int exitCode = CliApplication.Run(args, console, output, errors);
        return (exitCode, console.Output + output, errors.ToString());
    }

    [Fact]
    public void Train_WritesModelAndPictures_AndEndsWithTheAccuracy()
    {
        string outputFolder = Path.Combine(_folder, "out");

        (int exitCode, string console, _) = Run("train", "--samples", "40", "--layers", "8", "--steps", "30", "--output", outputFolder);

        Assert.Equal(0, exitCode);
        string lastLine = console.TrimEnd().Split('\n')[^1];
        Assert.Matches(@"^accuracy: [01]\.\d{4}$", lastLine);
        Assert.True(double.Parse(lastLine["accuracy: ".Length..], System.Globalization.CultureInfo.InvariantCulture) >= 0.8, lastLine);
        Assert.Contains("MLP(2, [8, 1], relu)", console);
        Assert.Contains("recorded once, replayed every step", console);
        AssertPng(Path.Combine(outputFolder, "training.png"));
        AssertPng(Path.Combine(outputFolder, "decision-boundary.png"));

        Mlp model = ModelFile.Load(Path.Combine(outputFolder, "model.json"));
        Assert.Equal("MLP(2, [8, 1], relu)", model.ToString());
        string resaved = Path.Combine(_folder, "again.json");
        ModelFile.Save(model, resaved);
        Assert.Equal(File.ReadAllText(Path.Combine(outputFolder, "model.json")), File.ReadAllText(resaved));
    }

    [Fact]
    public void Train_SoftmaxOnSpiralsWithAdam_Works()
    {
        (int exitCode, string console, _) = Run(
            "train", "--dataset", "spirals", "--samples", "60", "--optimizer", "adam", "--steps", "20", "--layers", "8,8", "--output", Path.Combine(_folder, "s"));

        Assert.Equal(0, exitCode);
        Assert.Contains("SoftmaxCrossEntropy", console);
        Assert.Contains("MLP(2, [8, 8, 3], relu)", console);
    }

    [Fact]
    public void Train_OnAMalformedCsv_NamesRowAndColumn_AndWritesNothing()
    {
        string csv = Path.Combine(_folder, "bad.csv");
        File.WriteAllText(csv, "x0,x1,label\n1,2,0\n3,oops,1\n");
        string outputFolder = Path.Combine(_folder, "never");

        (int exitCode, string console, _) = Run("train", "--csv", csv, "--output", outputFolder);

        Assert.Equal(2, exitCode);
        Assert.Contains("line 3, column 'x1': 'oops' is not a finite number.", console.Replace("\n", "", StringComparison.Ordinal));
        Assert.False(Directory.Exists(outputFolder));
    }

    [Fact]
    public void Train_OnACsvWithThreeFeatures_SkipsTheBoundaryPicture_AndSaysWhy()
    {
        string csv = Path.Combine(_folder, "three.csv");
        var rows = new StringBuilder("a,b,c,label\n");
        for (int i = 0; i < 30; i++)
        {
            rows.Append(System.Globalization.CultureInfo.InvariantCulture, $"{i % 5},{i % 3},{i % 7},{(i % 5 > 2 ? 1 : 0)}\n");
        }

        File.WriteAllText(csv, rows.ToString());
        string outputFolder = Path.Combine(_folder, "three");

        (int exitCode, string console, _) = Run("train", "--csv", csv, "--steps", "5", "--output", outputFolder);

        Assert.Equal(0, exitCode);
        Assert.Contains("it needs 2 features and 'three' has 3", console);
        Assert.True(File.Exists(Path.Combine(outputFolder, "model.json")));
        Assert.False(File.Exists(Path.Combine(outputFolder, "decision-boundary.png")));
    }

    [Theory]
    [InlineData("--activation", "swish", "swish")]
    [InlineData("--layers", "16,-1", "--layers expects positive whole numbers")]
    [InlineData("--steps", "0", "--steps must be at least 1; got 0.")]
    [InlineData("--learning-rate", "-0.5", "--learning-rate must be positive")]
    public void Train_WithABadOption_FailsWithAClearMessage(string option, string value, string expected)
    {
        (int exitCode, _, string errors) = Run("train", option, value, "--output", Path.Combine(_folder, "bad"));

        Assert.NotEqual(0, exitCode);
        Assert.Contains(expected, errors);
        Assert.False(Directory.Exists(Path.Combine(_folder, "bad")));
    }

    [Fact]
    public void Help_NamesTheToolAutograd()
    {
        (int exitCode, string console, _) = Run("train", "--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("autograd train [options]", console);
    }

    [Fact]
    public void EveryOptionDefault_IsTheLibrarysDefault()
    {
        TrainSettings parsed = TrainCommand.ParseSettings();
        var library = new TrainingOptions();

        Assert.Equal(library.HiddenLayers, parsed.Training.HiddenLayers);
        Assert.Equal(library.Activation, parsed.Training.Activation);
        Assert.Equal(library.Initialization, parsed.Training.Initialization);
        Assert.Equal(library.Loss, parsed.Training.Loss);
        Assert.Equal(library.L2, parsed.Training.L2);
        Assert.Equal(library.Optimizer, parsed.Training.Optimizer);
        Assert.Equal(library.LearningRate, parsed.Training.LearningRate);
        Assert.Equal(library.DecayLearningRate, parsed.Training.DecayLearningRate);
        Assert.Equal(library.Steps, parsed.Training.Steps);
        Assert.Equal(library.BatchSize, parsed.Training.BatchSize);
        Assert.Equal(library.UseCompiledGraph, parsed.Training.UseCompiledGraph);
        Assert.Equal(library.Seed, parsed.Training.Seed);
        Assert.Equal(new TrainSettings() with { Training = parsed.Training }, parsed);
    }

    [Fact]
    public void Options_AreBoundToTheSettings()
    {
        TrainSettings parsed = TrainCommand.ParseSettings(
            "-d", "xor", "--samples", "40", "--noise", "0.3", "-l", "8,4", "-a", "leaky-relu", "--loss", "bce",
            "-o", "adam", "--lr", "0.05", "-s", "7", "-b", "10", "--seed", "9", "--output", "there");

        Assert.Equal(("xor", 40, 0.3, "there"), (parsed.Dataset, parsed.Samples, parsed.Noise, parsed.OutputFolder));
        Assert.Equal([8, 4], parsed.Training.HiddenLayers);
        Assert.Equal(
            (Activation.LeakyRelu, (LossKind?)LossKind.BinaryCrossEntropy, OptimizerKind.Adam, (double?)0.05, 7, 10, 9),
            (parsed.Training.Activation, parsed.Training.Loss, parsed.Training.Optimizer, parsed.Training.LearningRate, parsed.Training.Steps, parsed.Training.BatchSize, parsed.Training.Seed));
    }

    [Fact]
    public void Help_ShowsEachOptimizersDefaultLearningRate_FromTheLibrary()
    {
        (_, string console, _) = Run("train", "--help");

        Assert.Contains("sgd 1.0, momentum 0.1, adagrad 0.1, adam 0.02", console.Replace("\n", " ", StringComparison.Ordinal));
    }

    private static void AssertPng(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 1000, $"{path} is only {bytes.Length} bytes");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
    }
}
