using System.IO.Compression;
using System.Text.RegularExpressions;

namespace AutoGrad.Tests.Cli;

/// <summary>README's end-to-end example (train on digits rows, predict, eval) run as written, so the accuracy it states is the one it ends with.</summary>
public sealed partial class ReadmeExampleTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("autograd-readme-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void TrainPredictEval_OnDigitsRows_EndsWithTheAccuracyReadmeStates()
    {
        string readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        Match block = ExampleBlock().Match(readme);
        Assert.True(block.Success, "README has no block ending with 'autograd eval --model'");
        string[] commands = block.Value.Split('\n').Select(line => line.Split('#')[0].Trim()).Where(line => line.StartsWith("autograd ", StringComparison.Ordinal)).ToArray();
        Match stated = Regex.Match(block.Value, @"'(\d+) of (\d+) right', 'accuracy: ([0-9.]+)'");
        Assert.True(stated.Success, "README's eval line states no accuracy");

        // The shell lines before them: the digits file cut into 1,500 rows to train on and the last 297.
        string[] digits = ReadDigits();
        File.WriteAllLines(Path.Combine(_folder, "train.csv"), digits.Take(1500));
        File.WriteAllLines(Path.Combine(_folder, "new.csv"), digits.TakeLast(297));

        string evalOutput = "";
        foreach (string command in commands)
        {
            string[] words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..].Select(InFolder).ToArray();
            if (words[0] == "train")
            {
                words = [.. words, "-o", Path.Combine(_folder, "out")]; // README relies on the default folder 'out'
            }

            (int exitCode, string output, string errors) = CliRun.Run(words);
            Assert.True(exitCode == 0, $"'{command}' exited with {exitCode}: {errors}");
            evalOutput = output;
        }

        string[] lines = evalOutput.TrimEnd().Split('\n');
        Assert.Equal($"{stated.Groups[1].Value} of {stated.Groups[2].Value} right", lines[^2].Trim());
        Assert.Equal($"accuracy: {stated.Groups[3].Value}", lines[^1].Trim());
    }

    [Fact]
    public void Regression_TrainPredictEval_RunAsWritten_PrintWhatReadmeStates()
    {
        string readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        Match block = RegressionBlock().Match(readme);
        Assert.True(block.Success, "README has no block starting with 'autograd train --dataset wave'");
        string[] lines = block.Value.Split('\n');

        // The printf line writes the CSV file predict and eval read: run it as the shell would.
        Match printf = Regex.Match(block.Value, @"^printf '([^']*)' > (\S+)", RegexOptions.Multiline);
        Assert.True(printf.Success, "README's regression example writes no CSV file for predict and eval");
        File.WriteAllText(Path.Combine(_folder, printf.Groups[2].Value), printf.Groups[1].Value.Replace("\\n", "\n", StringComparison.Ordinal));

        var outputs = new Dictionary<string, string>();
        foreach (string line in lines.Where(line => line.StartsWith("autograd ", StringComparison.Ordinal)))
        {
            string command = line.Split('#')[0].Trim();
            string[] words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..].Select(InFolder).ToArray();
            if (words[0] == "train")
            {
                words = [.. words, "-o", Path.Combine(_folder, "out")]; // README relies on the default folder 'out'
            }

            (int exitCode, string output, string errors) = CliRun.Run(words);
            Assert.True(exitCode == 0, $"'{command}' exited with {exitCode}: {errors}");
            outputs[words[0]] = output;
        }

        Match trained = Regex.Match(block.Value, @"ends '(rmse: [^']+)'");
        Assert.True(trained.Success, "README's train line states no rmse");
        Assert.Equal(trained.Groups[1].Value, outputs["train"].TrimEnd().Split('\n')[^1].Trim());
        Match evaluated = Regex.Match(block.Value, @"'(rmse: [0-9.]+)' and '(mae: [0-9.]+)'");
        Assert.True(evaluated.Success, "README's eval line states no rmse and mae");
        string[] evalLines = outputs["eval"].TrimEnd().Split('\n');
        Assert.Equal(evaluated.Groups[1].Value, evalLines[^2].Trim());
        Assert.Equal(evaluated.Groups[2].Value, evalLines[^1].Trim());
        Assert.Equal(printf.Groups[1].Value.Split("\\n", StringSplitOptions.RemoveEmptyEntries).Length, outputs["predict"].TrimEnd().Split('\n').Length); // a header and a number per row
    }

    private string InFolder(string word) => word.EndsWith(".csv", StringComparison.Ordinal) || word.StartsWith("out/", StringComparison.Ordinal) ? Path.Combine(_folder, word) : word;

    private static string[] ReadDigits()
    {
        using var file = File.OpenRead(Path.Combine(Repository.Root, "src", "AutoGrad", "Data", "Files", "digits.csv.gz"));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return reader.ReadToEnd().TrimEnd('\n').Split('\n');
    }

    [GeneratedRegex(@"```sh\n(?:(?!```)[\s\S])*?autograd eval --model[^\n]*\n```")]
    private static partial Regex ExampleBlock();

    [GeneratedRegex(@"autograd train --dataset wave(?:(?!```)[\s\S])*")]
    private static partial Regex RegressionBlock();
}
