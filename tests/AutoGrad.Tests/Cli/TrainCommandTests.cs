using System.Text;
using AutoGrad.Cli;
using AutoGrad.Cli.Commands;
using AutoGrad.Nn;
using AutoGrad.Training;
using Spectre.Console;
using Spectre.Console.Testing;

namespace AutoGrad.Tests.Cli;

public sealed class TrainCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("autograd-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private (int ExitCode, string Console, string Errors) Run(params string[] args) => Run(CancellationToken.None, args);

    private static (int ExitCode, string Console, string Errors) Run(CancellationToken cancellation, params string[] args) =>
        Run(new TestConsole(), cancellation, args);

    private static (int ExitCode, string Console, string Errors) Run(IAnsiConsole console, CancellationToken cancellation, params string[] args)
    {
        console.Profile.Width = 160;
        var output = new StringWriter();
        var errors = new StringWriter();
        int exitCode = CliApplication.Run(args, console, output, errors, cancellation);
        string drawn = console is TestConsole test ? test.Output : ((RecordingConsole)console).Inner.Output;
        return (exitCode, drawn + output, errors.ToString());
    }

    /// <summary>Asserts a usage error: exit code 2, one line on stderr, no stack trace, nothing trained or written.</summary>
    private void AssertUsageError((int ExitCode, string Console, string Errors) result, string expected, string outputFolder)
    {
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: " + expected, result.Errors.TrimEnd('\n'));
        Assert.DoesNotContain("\n", result.Errors.TrimEnd('\n'), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("step", result.Console, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outputFolder) && Directory.EnumerateFileSystemEntries(outputFolder).Any(), $"{outputFolder} was written");
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

        Classifier classifier = ClassifierFile.Load(Path.Combine(outputFolder, "model.json"));
        Assert.Equal("MLP(2, [8, 1], relu)", classifier.Model.ToString());
        Assert.Null(classifier.Standardizer); // the moons are fed as they are, as in micrograd
        string resaved = Path.Combine(_folder, "again.json");
        ClassifierFile.Save(classifier, resaved);
        Assert.Equal(File.ReadAllText(Path.Combine(outputFolder, "model.json")), File.ReadAllText(resaved));
    }

    [Fact]
    public void Train_WithBatchNormDropoutAndWeightDecay_SavesAModelThatPredictsWhatItReported()
    {
        string outputFolder = Path.Combine(_folder, "regularised");

        (int exitCode, string console, _) = Run("train", "--samples", "40", "--layers", "8", "--steps", "30", "--batch-size", "10",
            "--batch-norm", "--dropout", "0.2", "--weight-decay", "0.001", "--output", outputFolder);

        Assert.Equal(0, exitCode);
        Assert.Contains("MLP(2, [8, 1], relu, batch norm, dropout 0.2)", console);
        Assert.Contains("+ L2 0.001", console);
        Assert.Contains("rebuilt every step", console);
        Classifier classifier = ClassifierFile.Load(Path.Combine(outputFolder, "model.json"));
        Assert.True(classifier.Model.Options.BatchNorm);
        Assert.Equal(0.2, classifier.Model.Options.Dropout);
        Assert.Contains(classifier.Model.BatchNorms[0].RunningMean, m => m != 0); // the statistics were saved, not reset
        string lastLine = console.TrimEnd().Split('\n')[^1];
        double reported = double.Parse(lastLine["accuracy: ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(reported, classifier.Accuracy(AutoGrad.Data.Datasets.Moons(40, 0.1, 0)), 4);
    }

    [Fact]
    public void Train_WithMaxout_BuildsKPiecesPerUnit_AndSavesThem()
    {
        string outputFolder = Path.Combine(_folder, "maxout");

        (int exitCode, string console, _) = Run("train", "--samples", "40", "--layers", "8", "--steps", "30", "--activation", "maxout", "--maxout-pieces", "3", "--output", outputFolder);

        Assert.Equal(0, exitCode);
        Assert.Contains("MLP(2, [8, 1], maxout of 3 pieces) (81 parameters)", console);
        Assert.Contains("xavier (the default for maxout)", console);
        Assert.Equal(3, ClassifierFile.Load(Path.Combine(outputFolder, "model.json")).Model.Options.MaxoutPieces);
    }

    [Theory]
    [InlineData(new[] { "--maxout-pieces", "3" }, "--maxout-pieces applies to --activation maxout; add it, or leave --maxout-pieces out.")]
    [InlineData(new[] { "--activation", "maxout", "--batch-norm" }, "--batch-norm normalises one weighted sum per unit and a maxout unit has one per piece; use another --activation, or leave --batch-norm out.")]
    [InlineData(new[] { "--activation", "maxout", "--maxout-pieces", "1" }, "--maxout-pieces expects a whole number from 2 to 16; got '1'.")]
    public void Train_RefusesMaxoutOptionsThatDoNotFit(string[] args, string expected)
    {
        string outputFolder = Path.Combine(_folder, "maxout-bad");

        AssertUsageError(Run(["train", .. args, "--output", outputFolder]), expected, outputFolder);
    }

    [Fact]
    public void Train_RefusesBatchNormWithBatchesOfOne()
    {
        string outputFolder = Path.Combine(_folder, "bn1");

        AssertUsageError(Run("train", "--batch-norm", "--batch-size", "1", "--output", outputFolder),
            "--batch-norm needs at least 2 examples per batch for a variance; --batch-size 1 has one. Use --batch-size 2 or more, or 0 (the whole dataset).", outputFolder);
    }

    [Theory]
    [InlineData(new string[0], "he (the default for relu)")]
    [InlineData(new[] { "--activation", "tanh" }, "xavier (the default for tanh)")]
    [InlineData(new[] { "--init", "uniform" }, "uniform")]
    public void Train_InitialisesAsTheNotesSay_UnlessToldOtherwise(string[] extra, string expected)
    {
        (int exitCode, string console, _) = Run(["train", "--samples", "40", "--layers", "8", "--steps", "3", "--output", Path.Combine(_folder, "i"), .. extra]);

        Assert.Equal(0, exitCode);
        Assert.Matches($@"initial weights\s*│\s*{System.Text.RegularExpressions.Regex.Escape(expected)}\s*│", console);
    }

    [Fact]
    public void Train_SoftmaxOnSpiralsWithAdam_Works()
    {
        (int exitCode, string console, _) = Run(
            "train", "--dataset", "spirals", "--samples", "60", "--optimizer", "adam", "--steps", "20", "--layers", "8,8", "--output", Path.Combine(_folder, "s"));

        Assert.Equal(0, exitCode);
        Assert.Matches(@"│ loss\s*│ softmax-ce[ +]", console); // the loss as --loss names it
        Assert.Contains("MLP(2, [8, 8, 3], relu)", console);
    }

    [Fact]
    public void Train_OnAMalformedCsv_NamesRowAndColumn_AndWritesNothing()
    {
        string csv = Path.Combine(_folder, "bad.csv");
        File.WriteAllText(csv, "x0,x1,label\n1,2,0\n3,oops,1\n");
        string outputFolder = Path.Combine(_folder, "never");

        var result = Run("train", "--csv", csv, "--output", outputFolder);

        AssertUsageError(result, $"{csv}, line 3, column 'x1': 'oops' is not a finite number.", outputFolder);
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

    private const string Steps = "a whole number from 1 to 1000000";
    private const string Samples = "a whole number from 4 to 10000";
    private const string Layers = "hidden layer sizes from 1 to 1000 separated by commas, at most 10 of them, like 16,16 (or '' for none)";

    [Theory]
    [InlineData("--steps", "abc", $"--steps expects {Steps}; got 'abc'.")]
    [InlineData("-s", "abc", $"-s expects {Steps}; got 'abc'.")]
    [InlineData("--steps", "1.5", $"--steps expects {Steps}; got '1.5'.")]
    [InlineData("--steps", "", $"--steps expects {Steps}; got ''.")]
    [InlineData("--steps", "0", $"--steps expects {Steps}; got '0'.")]
    [InlineData("--steps", "-3", $"--steps expects {Steps}; got '-3'.")]
    [InlineData("--steps", "1000001", $"--steps expects {Steps}; got '1000001'.")]
    [InlineData("--steps", "2147483647", $"--steps expects {Steps}; got '2147483647'.")]
    [InlineData("--steps", "99999999999", $"--steps expects {Steps}; got '99999999999'.")]
    [InlineData("--samples", "abc", $"--samples expects {Samples}; got 'abc'.")]
    [InlineData("--samples", "3", $"--samples expects {Samples}; got '3'.")]
    [InlineData("--samples", "10001", $"--samples expects {Samples}; got '10001'.")]
    [InlineData("--samples", "", $"--samples expects {Samples}; got ''.")]
    [InlineData("--batch-size", "xyz", "--batch-size expects a whole number from 0 (the whole dataset) to 10000; got 'xyz'.")]
    [InlineData("-b", "-1", "-b expects a whole number from 0 (the whole dataset) to 10000; got '-1'.")]
    [InlineData("--batch-size", "", "--batch-size expects a whole number from 0 (the whole dataset) to 10000; got ''.")]
    [InlineData("--seed", "abc", "--seed expects a whole number from -2147483648 to 2147483647; got 'abc'.")]
    [InlineData("--seed", "1e3", "--seed expects a whole number from -2147483648 to 2147483647; got '1e3'.")]
    [InlineData("--lr", "abc", "--lr expects a positive finite number, like 0.05; got 'abc'.")]
    [InlineData("--learning-rate", "-0.5", "--learning-rate expects a positive finite number, like 0.05; got '-0.5'.")]
    [InlineData("--lr", "0", "--lr expects a positive finite number, like 0.05; got '0'.")]
    [InlineData("--lr", "NaN", "--lr expects a positive finite number, like 0.05; got 'NaN'.")]
    [InlineData("--lr", "1e999", "--lr expects a positive finite number, like 0.05; got '1e999'.")]
    [InlineData("--lr", "", "--lr expects a positive finite number, like 0.05; got ''.")]
    [InlineData("--dropout", "NaN", "--dropout expects a probability from 0 up to (not including) 1, like 0.3; got 'NaN'.")]
    [InlineData("--dropout", "-0.1", "--dropout expects a probability from 0 up to (not including) 1, like 0.3; got '-0.1'.")]
    [InlineData("--dropout", "1", "--dropout expects a probability from 0 up to (not including) 1, like 0.3; got '1'.")]
    [InlineData("--weight-decay", "-1e-3", "--weight-decay expects a finite number at least 0, like 0.001; got '-1e-3'.")]
    [InlineData("--weight-decay", "NaN", "--weight-decay expects a finite number at least 0, like 0.001; got 'NaN'.")]
    [InlineData("--noise", "abc", "--noise expects a number from 0 to 10; got 'abc'.")]
    [InlineData("--noise", "-0.1", "--noise expects a number from 0 to 10; got '-0.1'.")]
    [InlineData("--noise", "NaN", "--noise expects a number from 0 to 10; got 'NaN'.")]
    [InlineData("--noise", "Infinity", "--noise expects a number from 0 to 10; got 'Infinity'.")]
    [InlineData("--noise", "11", "--noise expects a number from 0 to 10; got '11'.")]
    [InlineData("--noise", "", "--noise expects a number from 0 to 10; got ''.")]
    [InlineData("--dataset", "iris", "--dataset expects one of moons, circles, xor, spirals, digits, wave; got 'iris'.")]
    [InlineData("-d", "", "-d expects one of moons, circles, xor, spirals, digits, wave; got ''.")]
    [InlineData("--activation", "swish", "--activation expects one of linear, tanh, sigmoid, relu, leaky-relu, prelu, elu, maxout; got 'swish'.")]
    [InlineData("--optimizer", "sgdd", "--optimizer expects one of sgd, momentum, adagrad, adam; got 'sgdd'.")]
    [InlineData("--loss", "l1", "--loss expects one of hinge, bce, softmax-ce, mse; got 'l1'.")]
    [InlineData("--init", "zeros", "--init expects one of uniform, xavier, he; got 'zeros'.")]
    [InlineData("--layers", "16,-1", $"--layers expects {Layers}; got '16,-1'.")]
    [InlineData("-l", "0", $"-l expects {Layers}; got '0'.")]
    [InlineData("--layers", "16,,16", $"--layers expects {Layers}; got '16,,16'.")]
    [InlineData("--layers", "16 16", $"--layers expects {Layers}; got '16 16'.")]
    [InlineData("--layers", "16x16", $"--layers expects {Layers}; got '16x16'.")]
    [InlineData("--layers", "1001", $"--layers expects {Layers}; got '1001'.")]
    [InlineData("--layers", "99999999999", $"--layers expects {Layers}; got '99999999999'.")]
    [InlineData("--layers", "1,1,1,1,1,1,1,1,1,1,1", $"--layers expects {Layers}; got '1,1,1,1,1,1,1,1,1,1,1'.")]
    [InlineData("--output", "", "--output expects a folder path; got ''.")]
    [InlineData("--output", "{file}", "--output '{file}' is a file; expected a folder (it is made if missing).")]
    [InlineData("--output", "{file}/sub", "--output '{file}/sub' cannot be made: '{file}' is a file; expected a folder (it is made if missing).")]
    [InlineData("--output", "/proc/autograd-out", "--output '/proc/autograd-out' is in /proc, which holds no ordinary files; expected a folder (it is made if missing).")]
    [InlineData("--output", "{modeldir}", "--output '{modeldir}' has a folder named model.json; expected a file there, or nothing.")]
    [InlineData("--csv", "", "--csv expects a CSV file path; got ''.")]
    [InlineData("--csv", "{folder}", "--csv '{folder}' is a folder; expected a CSV file.")]
    [InlineData("--csv", "{folder}/missing.csv", "--csv '{folder}/missing.csv' does not exist; expected a CSV file.")]
    [InlineData("--csv", "{empty}", "--csv '{empty}' has no bytes to read (it is empty, or not a regular file); expected a CSV file.")]
    [InlineData("--csv", "/dev/zero", "--csv '/dev/zero' has no bytes to read (it is empty, or not a regular file); expected a CSV file.")]
    [InlineData("--csv", "{huge}", "--csv '{huge}' has 104,857,601 bytes; the most is 104,857,600 (100 MB).")]
    public void Train_WithABadOption_FailsBeforeAnyWork_WithOneLineOnStderr(string option, string value, string expected)
    {
        string file = Path.Combine(_folder, "a-file.txt");
        File.WriteAllText(file, "not a folder");
        string modelDirectory = Path.Combine(_folder, "odd-output");
        Directory.CreateDirectory(Path.Combine(modelDirectory, "model.json"));
        string empty = Path.Combine(_folder, "empty.csv");
        File.WriteAllText(empty, "");
        string huge = Path.Combine(_folder, "huge.csv");
        using (var stream = File.Create(huge))
        {
            stream.SetLength(TrainCommand.MaxCsvBytes + 1); // sparse: no time or disk spent
        }

        string Fill(string text) => text.Replace("{file}", file, StringComparison.Ordinal)
            .Replace("{empty}", empty, StringComparison.Ordinal)
            .Replace("{huge}", huge, StringComparison.Ordinal)
            .Replace("{modeldir}", modelDirectory, StringComparison.Ordinal)
            .Replace("{folder}", _folder, StringComparison.Ordinal);
        string outputFolder = option is "--output" ? Fill(value) : Path.Combine(_folder, "bad");
        string[] args = option is "--output" ? ["train", option, Fill(value)] : ["train", "--output", outputFolder, option, Fill(value)];

        var result = Run(args);

        AssertUsageError(result, Fill(expected), Path.Combine(_folder, "bad"));
        Assert.Equal(["model.json"], Directory.EnumerateFileSystemEntries(modelDirectory).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("Unrecognized command or argument '--stepz'; did you mean --steps?", "train", "--stepz", "5")]
    [InlineData("Required argument missing for option: '--steps'.", "train", "--steps")]
    [InlineData("Option '--steps' expects a single argument but 2 were provided.", "train", "--steps", "1", "--steps", "2")]
    [InlineData("autograd expects a command, one of: train, predict, eval, grad, graph, check, experiment, export; got 'tran'.", "tran")]
    [InlineData("autograd expects a command, one of: train, predict, eval, grad, graph, check, experiment, export; got nothing.")]
    [InlineData("autograd expects a command, one of: train, predict, eval, grad, graph, check, experiment, export; got '--steps'.", "--steps", "5")]
    public void Autograd_WithBadUsage_FailsWithOneLineOnStderr(string expected, params string[] args)
    {
        var result = Run(args);

        AssertUsageError(result, expected, Path.Combine(_folder, "bad"));
    }

    [Theory]
    [InlineData("x0,x1,label\n1,2,a\n3,4,a\n", "'one-class' has only 1 class ('a'); a classifier needs examples of at least 2 classes.")]
    [InlineData("x0,x1,label\n1,2,a\n3,4\n", "{csv}, line 3: the row has 2 fields but the header has 3.")]
    [InlineData("x0,x1,label\n", "{csv}: the file has a header but no data rows.")]
    [InlineData("x0,x1,label\n1,2,\n", "{csv}, line 2, column 'label': the label is empty; expected a class name or number.")]
    [InlineData("x0,x1,label\n1,1e999,a\n", "{csv}, line 2, column 'x1': '1e999' is not a finite number.")]
    public void Train_OnABadCsv_FailsWithOneLineOnStderr(string text, string expected)
    {
        string csv = Path.Combine(_folder, "one-class.csv");
        File.WriteAllText(csv, text);
        string outputFolder = Path.Combine(_folder, "bad");

        var result = Run("train", "--csv", csv, "--steps", "1", "--output", outputFolder);

        AssertUsageError(result, expected.Replace("{csv}", csv, StringComparison.Ordinal), outputFolder);
    }

    [Theory]
    [InlineData("--samples", "--samples applies to the built-in datasets; it cannot be used with --csv.")]
    [InlineData("--noise", "--noise applies to the built-in datasets; it cannot be used with --csv.")]
    [InlineData("--dataset", "--dataset and --csv both name the data; give one of them.")]
    public void Train_WithCsvAndABuiltInDatasetOption_Fails(string option, string expected)
    {
        string csv = Path.Combine(_folder, "ok.csv");
        File.WriteAllText(csv, "x0,x1,label\n1,2,a\n3,4,b\n");
        string value = option == "--dataset" ? "xor" : "40";

        var result = Run("train", "--csv", csv, option, value, "--output", Path.Combine(_folder, "bad"));

        AssertUsageError(result, expected, Path.Combine(_folder, "bad"));
    }

    [Fact]
    public void Train_WithABatchLargerThanTheData_Fails_NamingTheExampleCount()
    {
        var result = Run("train", "--samples", "20", "--batch-size", "21", "--output", Path.Combine(_folder, "bad"));

        AssertUsageError(result, "--batch-size 21 is more than the 20 examples of 'moons'; expected 0 (the whole dataset) to 20.", Path.Combine(_folder, "bad"));
    }

    [Fact]
    public void Train_WithAGraphTooBigForMemory_FailsBeforeTraining()
    {
        var result = Run("train", "--samples", "10000", "--layers", "1000,1000", "--output", Path.Combine(_folder, "bad"));

        AssertUsageError(
            result,
            "--layers 1000,1000 with 10000 examples per step would record about 20,060,000,000 operations per step; the most is 20,000,000 (about 2 GB of memory): use smaller --layers, fewer --samples or a --batch-size.",
            Path.Combine(_folder, "bad"));
    }

    [Theory]
    [InlineData("sgd", "1e300", "), or --optimizer adam.")]
    [InlineData("sgd", "1e150", "), or --optimizer adam.")]
    [InlineData("adam", "1e300", "300).")]
    public void Train_ThatDiverges_StopsAtTheFirstNonFiniteStep_AndKeepsTheOldModel(string optimizer, string rate, string advice)
    {
        string outputFolder = Path.Combine(_folder, "kept");
        Directory.CreateDirectory(outputFolder);
        string model = Path.Combine(outputFolder, "model.json");
        File.WriteAllText(model, "the good model");

        (int exitCode, _, string errors) = Run("train", "--samples", "20", "--steps", "50", "--optimizer", optimizer, "--lr", rate, "--output", outputFolder);

        Assert.Equal(1, exitCode);
        Assert.Matches(@"^error: training diverged at step \d+ of 50: the (loss is (NaN|infinite)|loss grew from [0-9.]+ at step 1 to [0-9.E+]+|weights are not finite \(parameter \d+ of \d+ is (NaN|infinite)\)[^;]*); nothing was written\. Try a smaller --learning-rate \(it was 1e\+\d+\)", errors);
        Assert.EndsWith(advice + "\n", errors, StringComparison.Ordinal);
        Assert.Equal("the good model", File.ReadAllText(model));
        Assert.Equal(["model.json"], Directory.EnumerateFileSystemEntries(outputFolder).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("hinge")]
    [InlineData("bce")]
    public void Train_WithATwoClassLossOnThreeClasses_NamesTheOptionAndTheWordsToUse(string loss)
    {
        var result = Run("train", "--dataset", "spirals", "--loss", loss, "--steps", "1", "--output", Path.Combine(_folder, "bad"));

        AssertUsageError(result, $"--loss {loss} needs 2 classes but 'spirals' has 3; expected softmax-ce or mse.", Path.Combine(_folder, "bad"));
    }

    [Fact]
    public void Train_WithNoiseForXor_Fails_BecauseXorHasNone()
    {
        var result = Run("train", "--dataset", "xor", "--noise", "0.3", "--output", Path.Combine(_folder, "bad"));

        AssertUsageError(result, "--noise does not apply to --dataset xor (its points are uniform in the square); leave it out.", Path.Combine(_folder, "bad"));
    }

    [Fact]
    public void Train_CancelledBeforeTheFirstStep_Exits130_ShowsTheCursor_AndWritesNothing()
    {
        var console = new RecordingConsole();
        string outputFolder = Path.Combine(_folder, "cancelled");

        (int exitCode, _, string errors) = Run(console, new CancellationToken(canceled: true), "train", "--samples", "8", "--steps", "5", "--output", outputFolder);

        Assert.Equal(130, exitCode);
        Assert.Equal("cancelled: autograd train stopped at Ctrl-C; nothing was written.\n", errors);
        Assert.True(console.CursorEvents.Count == 0 || console.CursorEvents[^1] == "show", string.Join(", ", console.CursorEvents)); // stopped before any progress, or the cursor came back
        Assert.False(Directory.Exists(outputFolder));
    }

    [Fact]
    public async Task Train_CancelledWhileTraining_StopsPromptly_Exits130_AndShowsTheCursor()
    {
        var console = new RecordingConsole();
        using var cancel = new CancellationTokenSource();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // Ctrl-C once the progress bar is up (it hides the cursor), however slowly a busy machine gets there.
        Task<TimeSpan> pressCtrlC = Task.Run(async () =>
        {
            while (!console.CursorWasHidden && clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(20);
            }

            TimeSpan pressedAt = clock.Elapsed;
            await cancel.CancelAsync();
            return pressedAt;
        });

        (int exitCode, _, string errors) = Run(console, cancel.Token, "train", "--samples", "8", "--steps", "1000000", "--output", Path.Combine(_folder, "c"));
        TimeSpan exitedAt = clock.Elapsed;
        TimeSpan pressedAt = await pressCtrlC;

        Assert.Equal(130, exitCode);
        Assert.Equal("cancelled: autograd train stopped at Ctrl-C; nothing was written.\n", errors);
        Assert.Contains("hide", console.CursorEvents);
        Assert.Equal("show", console.CursorEvents[^1]);
        Assert.True(exitedAt - pressedAt < TimeSpan.FromSeconds(5), $"stopped {exitedAt - pressedAt} after Ctrl-C");
    }

    [Fact]
    public void DashO_IsTheOutputFolder_AndTheOptimizerIsLongOnly()
    {
        TrainSettings parsed = TrainCommand.ParseSettings("-o", "there", "--optimizer", "adam");
        (_, string help, _) = Run("train", "--help");

        Assert.Equal(("there", OptimizerKind.Adam), (parsed.OutputFolder, parsed.Training.Optimizer));
        Assert.Contains("-o, --output", help);
        Assert.Matches(@"\n\s+--optimizer <", help);
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
            "-d", "CIRCLES", "--samples", "40", "--noise", "0.3", "-l", "8,4", "-a", "leaky-relu", "--loss", "bce",
            "--optimizer", "ADAM", "--lr", "0.05", "-s", "7", "-b", "10", "--seed", "9", "-o", "there");

        Assert.Equal(("circles", 40, 0.3, "there"), (parsed.Dataset, parsed.Samples, parsed.Noise, parsed.OutputFolder));
        Assert.Equal([8, 4], parsed.Training.HiddenLayers);
        Assert.Equal(
            (Activation.LeakyRelu, (LossKind?)LossKind.BinaryCrossEntropy, OptimizerKind.Adam, (double?)0.05, 7, 10, 9),
            (parsed.Training.Activation, parsed.Training.Loss, parsed.Training.Optimizer, parsed.Training.LearningRate, parsed.Training.Steps, parsed.Training.BatchSize, parsed.Training.Seed));
    }

    [Fact]
    public void Help_StatesTheBoundsAndTheExitCodes()
    {
        (_, string console, _) = Run("train", "--help");
        string help = string.Join(" ", console.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries));

        Assert.Contains($"Training steps, 1 to {TrainCommand.MaxSteps}.", help);
        Assert.Contains($"Examples in a built-in dataset, 4 to {TrainCommand.MaxSamples}.", help);
        Assert.Contains($"each 1 to {TrainCommand.MaxLayerWidth}, at most {TrainCommand.MaxLayers} layers", help);
        Assert.Contains("Exit codes: 0 done, 1 failed", help);
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
