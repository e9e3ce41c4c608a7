using System.Globalization;
using System.Text;
using AutoGrad.Training;
using nietras.SeparatedValues;
using static AutoGrad.Tests.Cli.CliRun;

namespace AutoGrad.Tests.Cli;

/// <summary>
/// CSV files of the user's through <c>train</c>, <c>predict</c> and <c>eval</c>: quoted fields, labels
/// that are not classes, bytes that are not UTF-8, and feature columns found by name.
/// </summary>
public sealed class CsvInputTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("autograd-csv-input-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string File(string name, string text)
    {
        string path = Path.Combine(_folder, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Rows whose label is decided by <c>a</c> alone, with <c>b</c> noise ten times larger: swapping the two by position ruins a model.</summary>
    private static string SignOfA(string header, Func<string, string, string, string> row)
    {
        var random = new Random(7);
        var text = new StringBuilder(header + "\n");
        for (int i = 0; i < 60; i++)
        {
            double a = random.NextDouble() * 2 - 1;
            double b = random.NextDouble() * 20 - 10;
            text.Append(row(a.ToString("R", CultureInfo.InvariantCulture), b.ToString("R", CultureInfo.InvariantCulture), a > 0 ? "positive" : "negative")).Append('\n');
        }

        return text.ToString();
    }

    private string TrainSignOfA()
    {
        string output = Path.Combine(_folder, "model");
        (int exitCode, string console, string errors) = Run(
            "train", "--csv", File("train.csv", SignOfA("a,b,label", (a, b, label) => $"{a},{b},{label}")),
            "--layers", "8", "--optimizer", "adam", "--steps", "400", "-o", output);
        Assert.True(exitCode == 0, errors);
        Assert.EndsWith("accuracy: 1.0000", console.TrimEnd());
        return Path.Combine(output, "model.json");
    }

    [Fact]
    public void Eval_OnTheColumnsInAnotherOrder_MatchesThemByName_AndScoresAsOnTheOriginal()
    {
        string model = TrainSignOfA();
        string original = File("test.csv", SignOfA("a,b,label", (a, b, label) => $"{a},{b},{label}"));
        string swapped = File("swapped.csv", SignOfA("b,a,label", (a, b, label) => $"{b},{a},{label}"));
        string labelFirst = File("label-first.csv", SignOfA("label,b,a", (a, b, label) => $"{label},{b},{a}"));

        (int onOriginal, string originalReport, string originalErrors) = Run("eval", "--model", model, "--csv", original);
        (int onSwapped, string swappedReport, string swappedErrors) = Run("eval", "--model", model, "--csv", swapped);
        (int onLabelFirst, string labelFirstReport, _) = Run("eval", "--model", model, "--csv", labelFirst);

        Assert.True(onOriginal == 0, originalErrors);
        Assert.True(onSwapped == 0, swappedErrors);
        Assert.Equal(0, onLabelFirst);
        string accuracy = originalReport.TrimEnd().Split('\n')[^1];
        Assert.Matches(@"^accuracy: (1\.0000|0\.9\d{3})$", accuracy); // the test data is new, so nearly all right
        Assert.Equal(accuracy, swappedReport.TrimEnd().Split('\n')[^1]);
        Assert.Equal(accuracy, labelFirstReport.TrimEnd().Split('\n')[^1]);
        Assert.Equal(["a", "b"], ClassifierFile.Load(model).FeatureNames);
    }

    [Fact]
    public void PredictAndEval_WithAFeatureColumnMissingOrAnExtraOne_FailWithOneLineNamingThem()
    {
        string model = TrainSignOfA();
        string renamed = File("renamed.csv", "a,c,label\n1,2,positive\n");
        string extra = File("extra.csv", "id,a,b,label,note\n1,2,3,positive,x\n");

        AssertUsageError(Run("eval", "--model", model, "--csv", renamed),
            $"--csv {renamed}, line 1: the header lacks the model's feature column 'b'; the model was trained on 'a', 'b', matched by name in any order.");
        AssertUsageError(Run("predict", "--model", model, "--csv", extra),
            $"--csv {extra}, line 1: the header has columns the model does not take: 'id', 'note'; expected the model's features ('a', 'b') and at most one label column.");
    }

    [Fact]
    public void Predict_OnAHeaderlessFile_TakesTheColumnsInTrainingsOrder()
    {
        string model = TrainSignOfA();
        string headerless = File("headerless.csv", SignOfA("", (a, b, _) => $"{a},{b}").TrimStart('\n')); // all numbers: no header
        string named = File("named.csv", SignOfA("b,a", (a, b, _) => $"{b},{a}"));

        (int exitCode, string predictions, string errors) = Run("predict", "--model", model, "--csv", headerless);

        Assert.True(exitCode == 0, errors);
        Assert.Equal(Run("predict", "--model", model, "--csv", named).Console, predictions);
        Assert.Equal(61, predictions.TrimEnd().Split('\n').Length);
    }

    [Fact]
    public void Train_OnQuotedLabels_NamesClassesWithoutQuotes_AndPredictQuotesTheNamesThatNeedIt()
    {
        string csv = File("quoted.csv", SignOfA("\"a\",\"b\",\"label\"", (a, b, label) => $"\"{a}\",{b},{(label == "positive" ? "\"up, \"\"really\"\"\"" : "\"down\"")}"));
        string output = Path.Combine(_folder, "quoted");
        string predictions = Path.Combine(_folder, "predictions.csv");

        (int trained, _, string errors) = Run("train", "--csv", csv, "--layers", "8", "--optimizer", "adam", "--steps", "400", "-o", output);
        (int predicted, _, string predictErrors) = Run("predict", "--model", Path.Combine(output, "model.json"), "--csv", csv, "-o", predictions);

        Assert.True(trained == 0, errors);
        Assert.True(predicted == 0, predictErrors);
        Classifier classifier = ClassifierFile.Load(Path.Combine(output, "model.json"));
        Assert.Equal(["down", "up, \"really\""], classifier.ClassNames);
        string written = System.IO.File.ReadAllText(predictions);
        Assert.Contains("\n\"up, \"\"really\"\"\"\n", written, StringComparison.Ordinal);
        using SepReader reader = Sep.Reader(o => o with { Unescape = true }).FromFile(predictions);
        string[] readBack = reader.Enumerate(row => row["prediction"].ToString()).ToArray();
        string[] labels = SignOfA("", (_, _, label) => label).Trim().Split('\n');
        Assert.Equal(labels.Select(l => l == "positive" ? "up, \"really\"" : "down"), readBack); // trained to 100 %, so each row's own class
    }

    [Fact]
    public void Train_OnAContinuousLabelColumn_ExitsTwo_WithTheNumbersAndTheHint()
    {
        var random = new Random(3);
        var text = new StringBuilder("x1,x2,target\n");
        for (int i = 0; i < 200; i++)
        {
            // Box-Muller: a Gaussian last column, as in the issue.
            double gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            text.Append(CultureInfo.InvariantCulture, $"{random.NextDouble()},{random.NextDouble()},{gaussian}\n");
        }

        string csv = File("gaussian.csv", text.ToString());
        string output = Path.Combine(_folder, "never");

        (int exitCode, string console, string errors) = Run("train", "--csv", csv, "--steps", "5", "-o", output);

        Assert.Equal(2, exitCode);
        Assert.StartsWith($"error: {csv}, column 'target': the labels are 200 different numbers in 200 rows", errors);
        Assert.Contains("A regression target needs a regression loss", errors);
        Assert.Single(errors.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain("step", console);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void Train_OnACsvThatIsNotUtf8_ExitsTwo_NamingTheLine()
    {
        string csv = Path.Combine(_folder, "latin1.csv");
        System.IO.File.WriteAllBytes(csv, [.. "x,y,label\n1,2,caf"u8, 0xE9, .. "\n3,4,tea\n"u8]);

        AssertUsageError(Run("train", "--csv", csv, "--steps", "1", "-o", Path.Combine(_folder, "never")),
            $"{csv}, line 2: the bytes are not UTF-8 text; expected a CSV file saved as UTF-8.");
    }

    [Fact]
    public void TrainHelp_SaysTheHeaderRowIsOptional()
    {
        (_, string help, _) = Run("train", "--help");

        // The option's line and the description's continuation lines, up to the next option.
        string[] lines = help.Split('\n').SkipWhile(l => !l.TrimStart().StartsWith("--csv", StringComparison.Ordinal)).ToArray();
        string csv = string.Join(" ", lines.Take(1).Concat(lines.Skip(1).TakeWhile(l => !l.TrimStart().StartsWith('-'))).Select(l => l.Trim()));
        Assert.Contains("a header row is optional", csv);
        Assert.DoesNotContain("(header row;", csv);
    }
}
