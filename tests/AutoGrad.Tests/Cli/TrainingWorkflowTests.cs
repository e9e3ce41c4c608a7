using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AutoGrad.Cli.Commands;
using AutoGrad.Data;
using AutoGrad.Nn;
using AutoGrad.Training;
using static AutoGrad.Tests.Cli.CliRun;

namespace AutoGrad.Tests.Cli;

/// <summary>
/// The workflow on real data: train on digits with a split, then predict and eval with the model file,
/// and every bad input of the new options and commands.
/// </summary>
public sealed partial class TrainingWorkflowTests(TrainingWorkflowTests.MoonsModel moons) : IDisposable, IClassFixture<TrainingWorkflowTests.MoonsModel>
{
    private readonly string _folder = Directory.CreateTempSubdirectory("autograd-workflow-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string File(string name, string text)
    {
        string path = Path.Combine(_folder, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Digits rows as a headerless CSV, as scikit-learn's file: 64 pixels, then the digit unless <paramref name="labelled"/> is false.</summary>
    private string DigitsCsv(string name, IEnumerable<int> rows, bool labelled = true)
    {
        Dataset digits = Datasets.Digits();
        var text = new StringBuilder();
        foreach (int i in rows)
        {
            text.AppendJoin(',', digits.Features[i].Select(x => x.ToString(CultureInfo.InvariantCulture)));
            text.Append(labelled ? $",{digits.Labels[i]}\n" : "\n");
        }

        return File(name, text.ToString());
    }

    [Fact]
    public void DigitsEndToEnd_TrainWithASplit_ThenPredictAndEvalWithTheModelFile()
    {
        string output = Path.Combine(_folder, "out");
        string model = Path.Combine(output, "model.json");

        (int trained, string console, string errors) = Run(
            "train", "--dataset", "digits", "--split", "0.7,0.15,0.15", "--layers", "16", "--optimizer", "adam",
            "--steps", "60", "--batch-size", "16", "--log-every", "20", "-o", output);

        Assert.True(trained == 0, errors);
        string[] lines = console.TrimEnd().Split('\n');
        Assert.Equal(3, lines.Count(l => ProgressLine().IsMatch(l)));
        Assert.Matches(@"^step   20/60  loss +\d+\.\d{4}  accuracy +\d+\.\d %  validation +\d+\.\d %$", lines[0]);
        Assert.StartsWith("step   60/60", lines[2], StringComparison.Ordinal);
        Match last = Regex.Match(lines[^1], @"^accuracy: train (\d\.\d{4}), validation (\d\.\d{4}), test (\d\.\d{4})$");
        Assert.True(last.Success, lines[^1]);
        Assert.True(double.Parse(last.Groups[2].Value, CultureInfo.InvariantCulture) >= 0.7, lines[^1]);
        Assert.Contains("1259 train, 269 validation, 269 test", console);
        Assert.Contains("standardised with the training part's means and deviations", console);
        Assert.Contains("recorded once, replayed every step", console);

        Classifier classifier = ClassifierFile.Load(model);
        Assert.Equal(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"], classifier.ClassNames);
        Assert.NotNull(classifier.Standardizer);

        // New data: the last 100 digits, with and without labels.
        int[] rows = Enumerable.Range(1697, 100).ToArray();
        string labelled = DigitsCsv("test.csv", rows);
        string bare = DigitsCsv("bare.csv", rows, labelled: false);
        string predictions = Path.Combine(_folder, "predictions.csv");

        (int predicted, string said, _) = Run("predict", "--model", model, "--csv", bare, "-o", predictions);
        (int toStdout, string csvOnStdout, _) = Run("predict", "--model", model, "--csv", labelled);

        Assert.Equal((0, 0), (predicted, toStdout));
        Assert.Equal($"wrote 100 predictions to {predictions}", said.Trim());
        string[] written = System.IO.File.ReadAllLines(predictions);
        Assert.Equal("prediction", written[0]);
        Dataset digits = Datasets.Digits();
        int[] expected = classifier.Predict(rows.Select(i => digits.Features[i]).ToArray());
        Assert.Equal(expected.Select(k => classifier.ClassNames[k]), written[1..]);
        Assert.Equal(System.IO.File.ReadAllText(predictions), csvOnStdout);

        (int evaluated, string table, _) = Run("eval", "--model", model, "--csv", labelled);

        Assert.Equal(0, evaluated);
        int right = rows.Where((i, r) => expected[r] == digits.Labels[i]).Count();
        Assert.EndsWith(string.Create(CultureInfo.InvariantCulture, $"{right} of 100 right\naccuracy: {right / 100.0:F4}"), table.TrimEnd());
        Assert.Contains("true \\ predicted", table);
        Assert.Matches(@"│ 9 +│ +\d+ │", table);
    }

    [Fact]
    public void Train_WithoutTwoFeatures_RemovesTheDecisionBoundaryAnEarlierRunLeft()
    {
        string output = Path.Combine(_folder, "reused");
        Directory.CreateDirectory(output);
        string stale = Path.Combine(output, "decision-boundary.png");
        System.IO.File.WriteAllText(stale, "a picture of an earlier moons model");

        (int exit, string console, string errors) = Run("train", "--dataset", "digits", "--layers", "4", "--steps", "2", "--batch-size", "16", "-o", output);

        Assert.True(exit == 0, errors);
        Assert.False(System.IO.File.Exists(stale));
        Assert.Contains("removed what an earlier run left in the folder and this run does not draw: decision-boundary.png", console);
        Assert.True(System.IO.File.Exists(Path.Combine(output, "model.json")));
    }

    [GeneratedRegex(@"^step +\d+/\d+  loss ")]
    private static partial Regex ProgressLine();

    [Theory]
    [InlineData(new[] { "--log-every", "3" }, new[] { 3, 6, 7 })]
    [InlineData(new[] { "--log-every", "7" }, new[] { 7 })]
    [InlineData(new[] { "--log-every", "100" }, new[] { 7 })]
    [InlineData(new string[0], new[] { 1, 2, 3, 4, 5, 6, 7 })]
    public void Train_OffATerminal_PrintsPlainProgressLines_EveryNStepsAndAtTheLast(string[] logEvery, int[] steps)
    {
        (int exitCode, string console, _) = Run(["train", "--samples", "20", "--layers", "4", "--steps", "7", "-o", Path.Combine(_folder, "p"), .. logEvery]);

        Assert.Equal(0, exitCode);
        string[] progress = console.Split('\n').Where(l => ProgressLine().IsMatch(l)).ToArray();
        Assert.Equal(steps.Select(s => $"step {s,4}/7"), progress.Select(l => l[..11]));
        Assert.DoesNotContain("validation", progress[0], StringComparison.Ordinal); // no split, no validation part
        Assert.DoesNotContain("━", console, StringComparison.Ordinal); // no bar
    }

    [Fact]
    public void Train_OnATerminal_ShowsABar_WhoseTextIsTheLastReportedStep()
    {
        var terminal = new RecordingConsole();
        terminal.Profile.Width = 160;
        var output = new StringWriter();
        var errors = new StringWriter();

        int exitCode = AutoGrad.Cli.CliApplication.Run(["train", "--samples", "20", "--layers", "4", "--steps", "7", "--log-every", "3", "-o", Path.Combine(_folder, "t")], terminal, output, errors);

        string drawn = terminal.Inner.Output;
        Assert.True(exitCode == 0, errors.ToString());
        Assert.Contains("━", drawn, StringComparison.Ordinal); // the bar
        Assert.Contains("step    7/7  loss ", drawn, StringComparison.Ordinal);
        Assert.All(drawn.Split('\n').Where(line => ProgressLine().IsMatch(line)), line => Assert.Contains("━", line, StringComparison.Ordinal)); // each in a bar's row, none a plain line
    }

    [Fact]
    public void Train_DefaultLogEvery_IsATenthOfTheSteps()
    {
        (_, string console, _) = Run("train", "--samples", "20", "--layers", "4", "--steps", "50", "-o", Path.Combine(_folder, "p"));

        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"step {5 * i,4}/50"), console.Split('\n').Where(l => ProgressLine().IsMatch(l)).Select(l => l[..12]));
    }

    [Fact]
    public void Train_OnACsv_StandardisesByDefault_AndNotWithNoStandardize()
    {
        // Features a million apart in scale: unscaled, the large one swamps the step size.
        var text = new StringBuilder("big,small,label\n");
        for (int i = 0; i < 40; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{1e6 + 1e4 * (i % 10)},{0.01 * (i % 7)},{(i % 10 >= 5 ? "yes" : "no")}\n");
        }

        string csv = File("scaled.csv", text.ToString());

        (int standardised, string console, _) = Run("train", "--csv", csv, "--steps", "80", "--layers", "8", "--optimizer", "adam", "-o", Path.Combine(_folder, "s"));
        (int raw, string rawConsole, _) = Run("train", "--csv", csv, "--steps", "1", "--layers", "8", "--no-standardize", "-o", Path.Combine(_folder, "r"));

        Assert.Equal((0, 0), (standardised, raw));
        Assert.EndsWith("accuracy: 1.0000", console.TrimEnd());
        Assert.Equal(1e6 + 4.5e4, ClassifierFile.Load(Path.Combine(_folder, "s", "model.json")).Standardizer!.Means[0], 6);
        Assert.Contains("as they are", rawConsole);
        Assert.Null(ClassifierFile.Load(Path.Combine(_folder, "r", "model.json")).Standardizer);
    }

    [Fact]
    public void Train_TheToyDatasets_AreNotStandardised_ButDigitsAre()
    {
        Assert.False(TrainCommand.ParseSettings().Training.Standardize);
        Assert.False(TrainCommand.ParseSettings("-d", "spirals").Training.Standardize);
        Assert.True(TrainCommand.ParseSettings("-d", "digits").Training.Standardize);
        Assert.False(TrainCommand.ParseSettings("-d", "digits", "--no-standardize").Training.Standardize);
        Assert.Equal([0.7, 0.2, 0.1], TrainCommand.ParseSettings("--split", "0.7,0.2,0.1").Split);
        Assert.Equal(4, TrainCommand.ParseSettings("--log-every", "4").LogEvery);
    }

    private const string Shares = "three shares for train, validation and test separated by commas, like 0.7,0.15,0.15";

    [Theory]
    [InlineData("--split", "0.5,0.3,0.3", "--split '0.5,0.3,0.3': the shares 0.5, 0.3 and 0.3 add up to 1.1; expected 1.")]
    [InlineData("--split", "0,0.5,0.5", "--split '0,0.5,0.5': the train share is 0; expected a number between 0 and 1 (each part needs examples).")]
    [InlineData("--split", "0.5,-0.5,1", "--split '0.5,-0.5,1': the validation share is -0.5; expected a number between 0 and 1 (each part needs examples).")]
    [InlineData("--split", "0.7,0.3", $"--split expects {Shares}; got '0.7,0.3'.")]
    [InlineData("--split", "0.5,0.25,0.25,0", $"--split expects {Shares}; got '0.5,0.25,0.25,0'.")]
    [InlineData("--split", "NaN,0.5,0.5", $"--split expects {Shares}; got 'NaN,0.5,0.5'.")]
    [InlineData("--split", "0.5,Infinity,0.25", $"--split expects {Shares}; got '0.5,Infinity,0.25'.")]
    [InlineData("--split", "1e999,0,0", $"--split expects {Shares}; got '1e999,0,0'.")]
    [InlineData("--split", "a,b,c", $"--split expects {Shares}; got 'a,b,c'.")]
    [InlineData("--split", "", $"--split expects {Shares}; got ''.")]
    [InlineData("--log-every", "0", "--log-every expects a whole number from 1 to 1000000; got '0'.")]
    [InlineData("--log-every", "-5", "--log-every expects a whole number from 1 to 1000000; got '-5'.")]
    [InlineData("--log-every", "1000001", "--log-every expects a whole number from 1 to 1000000; got '1000001'.")]
    [InlineData("--log-every", "99999999999", "--log-every expects a whole number from 1 to 1000000; got '99999999999'.")]
    [InlineData("--log-every", "abc", "--log-every expects a whole number from 1 to 1000000; got 'abc'.")]
    [InlineData("--log-every", "", "--log-every expects a whole number from 1 to 1000000; got ''.")]
    [InlineData("--samples", "50", "--samples applies to the generated datasets; --dataset digits is a fixed set of examples.")]
    [InlineData("--noise", "0.2", "--noise applies to the generated datasets; --dataset digits is a fixed set of examples.")]
    public void Train_WithABadWorkflowOption_FailsWithOneLine_AndWritesNothing(string option, string value, string expected)
    {
        string output = Path.Combine(_folder, "never");

        var result = Run("train", "-d", "digits", "--steps", "1", "-o", output, option, value);

        AssertUsageError(result, expected);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void Train_WithASplitThatLeavesAPartEmpty_NamesTheOption()
    {
        string output = Path.Combine(_folder, "never");

        var result = Run("train", "--samples", "10", "--split", "0.9,0.05,0.05", "-o", output);

        AssertUsageError(result, "--split 0.9,0.05,0.05: Splitting the 10 examples of 'moons' 0.9/0.05/0.05 leaves the validation part empty; expected more examples or a larger validation share.");
        Assert.False(Directory.Exists(output));
    }

    private (string Model, string Csv) TrainedMoons() => (moons.Path, File("points.csv", "x,y,label\n0.5,0.5,outer\n1.5,-0.2,inner\n"));

    /// <summary>A small moons model trained once by <c>autograd train</c> and shared by the tests that only read it.</summary>
    public sealed class MoonsModel : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("autograd-moons-model-").FullName;

        public MoonsModel()
        {
            (int exitCode, _, string errors) = Run("train", "--samples", "20", "--layers", "4", "--steps", "5", "-o", _folder);
            Assert.True(exitCode == 0, errors);
        }

        public string Path => System.IO.Path.Combine(_folder, "model.json");

        public void Dispose() => Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void PredictAndEval_ReadTheLabelsAsTrainingNamedThem()
    {
        (string model, string csv) = TrainedMoons();

        (int exitCode, string console, _) = Run("eval", "--model", model, "--csv", csv);

        Assert.Equal(0, exitCode);
        Assert.Contains("│ outer ", console);
        Assert.Contains("│ inner ", console);
        Assert.Matches(@"accuracy: (0|0\.5|1)\.?\d*", console.TrimEnd().Split('\n')[^1]);
    }

    [Fact]
    public void PredictAndEval_RefuseAModelFileFromBeforeThisVersion()
    {
        string old = Path.Combine(_folder, "old.json");
        ModelFile.Save(new Mlp(2, [16, 16, 1]), old); // what autograd train wrote as model.json before
        string csv = File("points.csv", "x,y\n0.5,0.5\n");

        foreach (string command in new[] { "predict", "eval" })
        {
            AssertUsageError(Run(command, "--model", old, "--csv", csv),
                $"--model {old}: a bare network file (\"format\": \"autograd-mlp\", written by an older autograd train): it has no class names or feature standardisation, so its outputs cannot be read as classes; train the model again to get a classifier file.");
        }
    }

    [Theory]
    [InlineData("predict", "--model", "{folder}/missing.json", "--model '{folder}/missing.json' does not exist; expected a model file.")]
    [InlineData("predict", "--model", "{folder}", "--model '{folder}' is a folder; expected a model file.")]
    [InlineData("eval", "--model", "{empty}", "--model '{empty}' has no bytes to read (it is empty, or not a regular file); expected a model file.")]
    [InlineData("eval", "--model", "/dev/zero", "--model '/dev/zero' has no bytes to read (it is empty, or not a regular file); expected a model file.")]
    [InlineData("eval", "--model", "", "--model expects a model file path; got ''.")]
    [InlineData("predict", "--model", "{notjson}", "--model {notjson}, line 1: not a valid model file: the JSON is corrupt")]
    [InlineData("predict", "--csv", "{folder}/missing.csv", "--csv '{folder}/missing.csv' does not exist; expected a CSV file.")]
    [InlineData("eval", "--csv", "{huge}", "--csv '{huge}' has 104,857,601 bytes; the most is 104,857,600 (100 MB).")]
    [InlineData("predict", "--csv", "{wide}", "--csv {wide}, line 1: the file has 4 columns; expected the model's 2 features, or 3 with a label column.")]
    [InlineData("predict", "--csv", "{nan}", "--csv {nan}, line 2, column 'y': 'NaN' is not a finite number.")]
    [InlineData("predict", "--csv", "{inf}", "--csv {inf}, line 2, column 'x': '-Infinity' is not a finite number.")]
    [InlineData("eval", "--csv", "{bare}", "--csv '{bare}' has the model's 2 feature columns but no label column; eval needs one more column with each row's true class (predict takes files without).")]
    [InlineData("eval", "--csv", "{unknown}", "--csv '{unknown}', line 3: the label 'middle' is not a class of the model; expected one of outer, inner.")]
    [InlineData("predict", "-o", "{folder}", "-o '{folder}' is a folder; expected a CSV file to write.")]
    [InlineData("predict", "-o", "{file}/such/p.csv", "-o '{file}/such/p.csv' cannot be made: '{file}' is a file; expected a CSV file to write.")]
    [InlineData("predict", "-o", "/proc/p.csv", "-o '/proc/p.csv' is in /proc, which holds no ordinary files; expected a CSV file to write.")]
    [InlineData("predict", "-o", "", "-o expects a CSV file path; got ''.")]
    [InlineData("predict", "--csv", "{zerolink}", "--csv '{zerolink}' has no bytes to read (it is empty, or not a regular file); expected a CSV file.")]
    [InlineData("eval", "--model", "{zerolink}", "--model '{zerolink}' has no bytes to read (it is empty, or not a regular file); expected a model file.")]
    [InlineData("predict", "-o", "{csv}", "-o '{csv}' is the --csv file '{csv}'; expected an output that is not an input (writing it would destroy the input).")]
    [InlineData("predict", "-o", "{model}", "-o '{model}' is the --model file '{model}'; expected an output that is not an input (writing it would destroy the input).")]
    public void PredictAndEval_WithABadInput_FailWithOneLine(string command, string option, string value, string expected)
    {
        (string model, string csv) = TrainedMoons();
        string zeroLink = Path.Combine(_folder, "zero-link.csv");
        if (!System.IO.File.Exists(zeroLink))
        {
            System.IO.File.CreateSymbolicLink(zeroLink, "/dev/zero"); // a link reports its own length, not the device's
        }

        byte[] csvBefore = System.IO.File.ReadAllBytes(csv);
        byte[] modelBefore = System.IO.File.ReadAllBytes(model);
        string huge = Path.Combine(_folder, "huge.csv");
        using (var stream = System.IO.File.Create(huge))
        {
            stream.SetLength(FileArguments.MaxInputBytes + 1);
        }

        string Fill(string text) => text
            .Replace("{empty}", File("empty.json", ""), StringComparison.Ordinal)
            .Replace("{notjson}", File("notjson.json", "this is not JSON"), StringComparison.Ordinal)
            .Replace("{huge}", huge, StringComparison.Ordinal)
            .Replace("{wide}", File("wide.csv", "a,b,c,d\n1,2,3,4\n"), StringComparison.Ordinal)
            .Replace("{nan}", File("nan.csv", "x,y\n1,NaN\n"), StringComparison.Ordinal)
            .Replace("{inf}", File("inf.csv", "x,y\n-Infinity,1\n"), StringComparison.Ordinal)
            .Replace("{bare}", File("bare.csv", "x,y\n1,2\n"), StringComparison.Ordinal)
            .Replace("{unknown}", File("unknown.csv", "x,y,label\n1,2,outer\n3,4,middle\n"), StringComparison.Ordinal)
            .Replace("{zerolink}", zeroLink, StringComparison.Ordinal)
            .Replace("{file}", File("a-file.txt", "not a folder"), StringComparison.Ordinal)
            .Replace("{csv}", csv, StringComparison.Ordinal)
            .Replace("{model}", model, StringComparison.Ordinal)
            .Replace("{folder}", _folder, StringComparison.Ordinal);
        var arguments = new Dictionary<string, string> { ["--model"] = model, ["--csv"] = csv };
        arguments[option] = Fill(value);

        var result = Run([command, .. arguments.SelectMany(a => new[] { a.Key, a.Value })]);

        Assert.StartsWith("error: " + Fill(expected), result.Errors);
        AssertUsageError(result, result.Errors.TrimEnd('\n')["error: ".Length..]);
        Assert.False(System.IO.File.Exists(Path.Combine(_folder, "p.csv")));
        Assert.Equal(csvBefore, System.IO.File.ReadAllBytes(csv));
        Assert.Equal(modelBefore, System.IO.File.ReadAllBytes(model));
    }

    [Fact]
    public void PredictAndEval_NeedACsv()
    {
        AssertUsageError(Run("predict"), "Option '--csv' is required.");
        AssertUsageError(Run("eval"), "Option '--csv' is required.");
    }

    [Fact]
    public void PredictAndEval_ReadOutModelJsonByDefault()
    {
        Assert.Equal(Path.Combine("out", "model.json"), ModelInput.DefaultModelPath);
        (_, string help, _) = Run("predict", "--help");
        Assert.Single(Regex.Matches(help, Regex.Escape("out/model.json")));
        Assert.Contains("[default: out/model.json]", help);
    }
}
