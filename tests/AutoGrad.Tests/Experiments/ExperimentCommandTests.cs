using AutoGrad.Cli;
using AutoGrad.Cli.Experiments;
using Spectre.Console.Testing;

namespace AutoGrad.Tests.Experiments;

public sealed class ExperimentCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("autograd-experiment-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (int ExitCode, string Console, string Output, string Errors) Run(CancellationToken cancellation, params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 160;
        var output = new StringWriter();
        var errors = new StringWriter();
        int exitCode = CliApplication.Run(args, console, output, errors, cancellation);
        return (exitCode, console.Output, output.ToString(), errors.ToString());
    }

    private static (int ExitCode, string Console, string Output, string Errors) Run(params string[] args) => Run(CancellationToken.None, args);

    [Theory]
    [MemberData(nameof(Names))]
    public void EveryExperiment_AtQuickSize_HasFiguresAndNumbers_AndAOneLineResult(string name)
    {
        ExperimentResult result = Quick.Result(name);
        string folder = Path.Combine(_folder, name);
        foreach (ExperimentFile file in result.Files)
        {
            file.Save(Path.Combine(folder, file.FileName));
        }

        string line = Assert.Single(result.Summary.Split('\n'));
        Assert.StartsWith($"{name}: ", line, StringComparison.Ordinal);
        Assert.Matches(@"\d", line); // the result in figures
        AssertFiles(folder);
    }

    [Fact]
    public void Experiment_WritesItsFilesToItsFolder_AndEndsWithTheResultOnOneLine()
    {
        (int exitCode, string console, string output, string errors) = Run("experiment", "softmax", "--quick", "-o", _folder);

        Assert.Equal(0, exitCode);
        Assert.Equal("", errors);
        string line = Assert.Single(output.TrimEnd('\n').Split('\n'));
        Assert.Equal(Quick.Result("softmax").Summary, line);
        Assert.Contains($"3 files in {Path.Combine(_folder, "softmax")}", console, StringComparison.Ordinal);
        Assert.Equal(["overflow.csv", "overflow.png", "softmax.csv"], Directory.GetFiles(Path.Combine(_folder, "softmax")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        AssertFiles(Path.Combine(_folder, "softmax"));
    }

    /// <summary>Asserts the folder holds PNG figures and CSV tables with a header row, in the invariant culture, and no temporary file.</summary>
    private static void AssertFiles(string folder)
    {
        string[] files = Directory.GetFiles(folder).Select(f => Path.GetFileName(f)).ToArray();
        Assert.Contains(files, f => f.EndsWith(".png", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith(".csv", StringComparison.Ordinal));
        Assert.DoesNotContain(files, f => f.StartsWith('.')); // no temporary left behind
        foreach (string file in files)
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(folder, file));
            if (file.EndsWith(".png", StringComparison.Ordinal))
            {
                Assert.True(bytes.Length > 1000, $"{file} is only {bytes.Length} bytes");
                Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
            }
            else
            {
                string[] rows = File.ReadAllLines(Path.Combine(folder, file));
                Assert.True(rows.Length >= 2, $"{file} has no data row");
                Assert.Matches("^[a-z_0-9.-]+(,[a-z_0-9.-]+)*$", rows[0]); // a header row of column names

                // Invariant culture: a decimal comma would add cells.
                int columns = rows[0].Split(',').Length;
                Assert.All(rows.Skip(1), row => Assert.Equal(columns, row.Split(',').Length));
            }
        }
    }

    public static TheoryData<string> Names() => [.. ExperimentCatalog.Names];

    [Fact]
    public void TheSameSeed_GivesTheSameNumbers_AnotherSeedOthers()
    {
        Assert.Equal(0, Run("experiment", "accuracy-as-loss", "--quick", "-o", Path.Combine(_folder, "a")).ExitCode);
        Assert.Equal(0, Run("experiment", "accuracy-as-loss", "--quick", "-o", Path.Combine(_folder, "b")).ExitCode);
        Assert.Equal(0, Run("experiment", "accuracy-as-loss", "--quick", "--seed", "7", "-o", Path.Combine(_folder, "c")).ExitCode);
        string Csv(string run) => File.ReadAllText(Path.Combine(_folder, run, "accuracy-as-loss", "derivatives.csv"));
        Assert.Equal(Csv("a"), Csv("b"));
        Assert.NotEqual(Csv("a"), Csv("c"));
    }

    [Fact]
    public void List_NamesEveryExperimentWithItsClaim()
    {
        (int exitCode, _, string output, string errors) = Run("experiment", "--list");

        Assert.Equal(0, exitCode);
        Assert.Equal("", errors);
        Assert.All(ExperimentCatalog.All, e => Assert.Contains($"{e.Name} ", output, StringComparison.Ordinal));
        Assert.All(ExperimentCatalog.All, e => Assert.Contains(e.Claim, output, StringComparison.Ordinal));
    }

    [Fact]
    public void EveryExperiment_HasAUniqueName_AndAOneSentenceClaim()
    {
        Assert.Equal(ExperimentCatalog.Names.Count, ExperimentCatalog.Names.Distinct().Count());
        Assert.All(ExperimentCatalog.All, e =>
        {
            Assert.Matches("^[a-z]+(-[a-z]+)*$", e.Name);
            Assert.EndsWith(".", e.Claim, StringComparison.Ordinal);
            Assert.DoesNotContain(". ", e.Claim.TrimEnd('.'), StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("experiment expects one of: init, optimizers, batchnorm, overfitting, search, accuracy-as-loss, activations, depth, numerical-diff, softmax, perceptron, symmetry, zero-centring, regression, cross-entropy; got 'batchnorms'.", "batchnorms")]
    [InlineData("experiment expects one of: init, optimizers, batchnorm, overfitting, search, accuracy-as-loss, activations, depth, numerical-diff, softmax, perceptron, symmetry, zero-centring, regression, cross-entropy; got ''.", "")]
    [InlineData("experiment expects a name, one of: init, optimizers, batchnorm, overfitting, search, accuracy-as-loss, activations, depth, numerical-diff, softmax, perceptron, symmetry, zero-centring, regression, cross-entropy; got nothing (--list shows what each one tests).")]
    [InlineData("--list lists every experiment; give it without a name.", "softmax", "--list")]
    [InlineData("--seed expects a whole number from -2147483648 to 2147483647; got 'abc'.", "softmax", "--seed", "abc")]
    [InlineData("--seed expects a whole number from -2147483648 to 2147483647; got 'NaN'.", "softmax", "--seed", "NaN")]
    [InlineData("--seed expects a whole number from -2147483648 to 2147483647; got '∞'.", "softmax", "--seed", "∞")]
    [InlineData("--seed expects a whole number from -2147483648 to 2147483647; got '-Infinity'.", "softmax", "--seed", "-Infinity")]
    [InlineData("--seed expects a whole number from -2147483648 to 2147483647; got '1.5'.", "softmax", "--seed", "1.5")]
    [InlineData("--seed expects a whole number from -2147483648 to 2147483647; got '99999999999999999999'.", "softmax", "--seed", "99999999999999999999")]
    [InlineData("--seed expects a whole number from -2147483648 to 2147483647; got ''.", "softmax", "--seed", "")]
    [InlineData("-o expects a folder path; got ''.", "softmax", "-o", "")]
    [InlineData("--output '/proc/autograd-out' is in /proc, which holds no ordinary files; expected a folder (it is made if missing).", "softmax", "--output", "/proc/autograd-out")]
    public void BadUsage_IsOneLineOnStderr_WithExitCode2(string expected, params string[] args)
    {
        (int exitCode, string console, string output, string errors) = Run(["experiment", .. args]);

        Assert.Equal(2, exitCode);
        Assert.Equal("error: " + expected, errors.TrimEnd('\n'));
        Assert.DoesNotContain("   at ", errors, StringComparison.Ordinal);
        Assert.Equal("", console + output);
    }

    [Fact]
    public void AnOutputThatIsAFile_OrUnderAFile_IsRefused_AndNothingIsWritten()
    {
        string file = Path.Combine(_folder, "a-file");
        File.WriteAllText(file, "not a folder");

        (int exitCode, _, _, string errors) = Run("experiment", "softmax", "--quick", "-o", file);
        Assert.Equal(2, exitCode);
        Assert.Equal($"error: -o '{file}' is a file; expected a folder (it is made if missing).", errors.TrimEnd('\n'));

        (exitCode, _, _, errors) = Run("experiment", "softmax", "--quick", "-o", Path.Combine(file, "sub"));
        Assert.Equal(2, exitCode);
        Assert.Equal($"error: -o '{Path.Combine(file, "sub")}' cannot be made: '{file}' is a file; expected a folder (it is made if missing).", errors.TrimEnd('\n'));
        Assert.Equal("not a folder", File.ReadAllText(file));
    }

    [Fact]
    public void AnOutputWhereTheExperimentsFolderIsAFile_FailsWithExitCode1_NamingTheFolder()
    {
        File.WriteAllText(Path.Combine(_folder, "softmax"), "in the way");

        (int exitCode, _, string output, string errors) = Run("experiment", "softmax", "--quick", "-o", _folder);

        Assert.Equal(1, exitCode);
        Assert.StartsWith($"error: could not write to --output '{_folder}': ", errors, StringComparison.Ordinal);
        Assert.Single(errors.TrimEnd('\n').Split('\n'));
        Assert.Equal("", output);
    }

    [Fact]
    public void Cancelled_Exits130_AndWritesNothing()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        (int exitCode, _, string output, string errors) = Run(cancellation.Token, "experiment", "softmax", "--quick", "-o", _folder);

        Assert.Equal(130, exitCode);
        Assert.Equal("cancelled: autograd experiment stopped at Ctrl-C; nothing was written.", errors.TrimEnd('\n'));
        Assert.Equal("", output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder));
    }

    [Fact]
    public void TheDefaultOutputFolder_IsTrainsOut()
    {
        Assert.Equal(new AutoGrad.Cli.Commands.TrainSettings().OutputFolder, AutoGrad.Cli.Commands.ExperimentCommand.DefaultOutputFolder);
        Assert.Equal("out", AutoGrad.Cli.Commands.ExperimentCommand.DefaultOutputFolder);
    }
}
