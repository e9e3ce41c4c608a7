using System.Text.Json;
using System.Text.RegularExpressions;
using AutoGrad.Cli.Commands;
using static AutoGrad.Tests.Cli.CliRun;

namespace AutoGrad.Tests.Cli;

/// <summary>What <c>autograd</c> says when something is wrong, and where its limits bite: each message names the thing in the user's words.</summary>
public sealed class MessagesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("autograd-messages-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string File(string name, string text)
    {
        string path = Path.Combine(_folder, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    [SkippableFact]
    public void PredictAndEval_WithoutModel_AndNoDefaultModelFile_SayWhatToDo()
    {
        Skip.If(System.IO.File.Exists(ModelInput.DefaultModelPath), "an out/model.json exists in the working folder");
        string csv = File("in.csv", "1,2\n");

        AssertUsageError(Run("predict", "--csv", csv), "--model was not given, and the default 'out/model.json' does not exist; expected a model file: run autograd train first (it writes out/model.json), or give --model FILE.");
        AssertUsageError(Run("eval", "--csv", csv), "--model was not given, and the default 'out/model.json' does not exist; expected a model file: run autograd train first (it writes out/model.json), or give --model FILE.");
    }

    [Fact]
    public void AModelThatIsACsv_IsNamedSo_WithoutDotNetTypeNames()
    {
        string model = File("new.csv", "0.5\n");
        string csv = File("in.csv", "1,2\n");

        var result = Run("predict", "--model", model, "--csv", csv);

        AssertUsageError(result, $"--model {model}, line 1: not a valid model file: it holds JSON, but not an object of a classifier's members");
        Assert.DoesNotContain("ClassifierFile", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmojiInAFormula_IsReportedAsOneCharacter()
    {
        (int exitCode, _, string errors) = Run("grad", "x + 😀", "--at", "x=1");

        Assert.Equal(2, exitCode);
        Assert.StartsWith("error: cannot read the expression at column 5: unexpected character '😀' (U+1F600);", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("U+D83D", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void RepeatedAt_IsMerged_AndAVariableGivenTwiceIsAnError()
    {
        (int merged, string output, string errors) = Run("grad", "x*y", "--at", "x=3", "--at", "y=2");

        Assert.True(merged == 0, errors);
        Assert.Equal("f = x * y at x = 3, y = 2\nf = 6\n∂f/∂x = 2\n∂f/∂y = 3\n", output);
        AssertUsageError(Run("grad", "x*y", "--at", "x=3", "--at", "x=2,y=1"), "--at gives 'x' twice in 'x=3 x=2,y=1'; expected one value per variable.");
    }

    [Theory]
    [InlineData("train", "--step", "--steps")]
    [InlineData("grad", "--oder", "--order")]
    [InlineData("check", "--point", "--points")]
    public void AMisspeltOption_GetsSystemCommandLinesSuggestion(string command, string typo, string meant)
    {
        string[] args = command == "train" ? [command, typo, "1"] : [command, "x", typo, "1"];

        var result = Run(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Errors.TrimEnd('\n').Split('\n'));
        Assert.Contains($"'{typo}'", result.Errors, StringComparison.Ordinal);
        Assert.EndsWith($"did you mean {meant}?\n", result.Errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.5, "0.5000")]
    [InlineData(123456.78901, "123456.7890")]
    [InlineData(3e250, "3E+250")]
    [InlineData(-1.5e7, "-1.5E+07")]
    [InlineData(double.MaxValue, "1.798E+308")]
    public void ALoss_IsShownWithSignificantDigits_NeverHundredsOfThem(double loss, string shown) =>
        Assert.Equal(shown, TrainJob.Loss(loss));

    [Fact]
    public void ADivergingRun_PrintsNoLineOfHundredsOfDigits()
    {
        (int exitCode, string console, string errors) = Run(
            "train", "--samples", "20", "--optimizer", "sgd", "--learning-rate", "1e100", "--steps", "6", "--log-every", "1", "-o", Path.Combine(_folder, "out"));

        Assert.Equal(1, exitCode);
        Assert.StartsWith("error: training diverged at step", errors, StringComparison.Ordinal);
        Assert.All((console + errors).Split('\n'), line => Assert.True(line.Length < 200, line));
        Assert.Contains(console.Split('\n'), line => line.StartsWith("step", StringComparison.Ordinal));
    }

    [Fact]
    public void Grad_OfOrderTwo_PrintsAtMostTenThousandSecondDerivatives_AndSaysHowToGetThemAll()
    {
        const int n = 120; // 14,400 second derivatives
        string formula = string.Join(" + ", Enumerable.Range(0, n - 1).Select(i => $"x{i}*x{i + 1}"));
        string at = string.Join(",", Enumerable.Range(0, n).Select(i => $"x{i}=1"));

        (int exitCode, string output, string errors) = Run("grad", formula, "--order", "2", "--at", at);

        Assert.True(exitCode == 0, errors);
        string[] lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal(GradCommand.MaxPrintedSecondDerivatives, lines.Count(l => l.StartsWith("∂²f/", StringComparison.Ordinal)));
        Assert.Equal("… 4,400 more second derivatives not shown (the first 10,000 of 14,400 are); write them all with --json -o FILE (or -o FILE).", lines[^1]);
        Assert.Equal("∂²f/∂x0∂x1 = 1", lines.First(l => l.StartsWith("∂²f/∂x0∂x1 ", StringComparison.Ordinal)));

        string file = Path.Combine(_folder, "hessian.json");
        (int written, string said, _) = Run("grad", formula, "--order", "2", "--at", at, "--json", "-o", file);
        Assert.Equal((0, $"wrote {file}\n"), (written, said));
        JsonElement hessian = JsonDocument.Parse(System.IO.File.ReadAllText(file)).RootElement.GetProperty("hessian");
        Assert.Equal(n, hessian.EnumerateObject().Count());
        for (int i = 0; i < n; i++)
        {
            JsonElement row = hessian.GetProperty($"x{i}");
            for (int j = 0; j < n; j++)
            {
                Assert.Equal(Math.Abs(i - j) == 1 ? 1.0 : 0.0, row.GetProperty($"x{j}").GetDouble());
            }
        }

        AssertUsageError(Run("grad", formula, "--order", "2", "--at", at, "--json"), "the Hessian of 120 variables has 14,400 entries, more than the 10,000 printed to stdout; write the JSON to a file with --json -o FILE.");
    }

    [Fact]
    public void Grad_OfAFlatSumOfFiveThousandTerms_IsNotRefusedAsDeep()
    {
        string formula = string.Join("+", Enumerable.Repeat("x", 5000));

        (int exitCode, string output, string errors) = Run("grad", formula, "--at", "x=1");

        Assert.True(exitCode == 0, errors);
        Assert.EndsWith("f = 5000\n∂f/∂x = 5000\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_ShowsEachDefaultOnce()
    {
        foreach (string command in new[] { "predict", "eval" })
        {
            (_, string help, _) = Run(command, "--help");
            Assert.Single(Regex.Matches(help, Regex.Escape(ModelInput.DefaultModelPath)));
        }
    }
}
