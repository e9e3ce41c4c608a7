using System.Diagnostics;
using AutoGrad.Cli.Commands;
using static AutoGrad.Tests.Cli.CliRun;

namespace AutoGrad.Tests.Cli;

/// <summary>
/// The one output check every writing command shares (<see cref="OutputPath"/>): before any work, exit
/// code 2 and one line naming the user's path; an output is never an input, however either is spelt.
/// </summary>
public sealed class OutputPathTests : IDisposable
{
    private const string NotAnInput = "expected an output that is not an input (writing it would destroy the input).";

    private readonly string _folder = Directory.CreateTempSubdirectory("autograd-outputs-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Csv(string relative)
    {
        string path = Path.Combine(_folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "x,y,label\n0,0,a\n1,1,b\n0,1,a\n1,0,b\n");
        return path;
    }

    /// <summary>Every file under the test's folder with its bytes, to show that nothing was written.</summary>
    private Dictionary<string, string> Snapshot() =>
        Directory.EnumerateFiles(_folder, "*", SearchOption.AllDirectories).ToDictionary(f => f, f => Convert.ToBase64String(File.ReadAllBytes(f)));

    [Fact]
    public void Train_RefusesAnOutputFolderThatHoldsItsOwnCsv()
    {
        string csv = Csv("same/model.json");
        string folder = Path.Combine(_folder, "same");
        var before = Snapshot();

        var result = Run("train", "--csv", csv, "--steps", "1", "-o", folder);

        AssertUsageError(result, $"-o '{folder}' would write {Path.Combine(folder, "model.json")}, which is the --csv file '{csv}'; {NotAnInput}");
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void Train_RefusesItsCsv_ThroughAFolderLink_AndAHardLink()
    {
        string csv = Csv("same/training.png");
        string folder = Path.Combine(_folder, "same");
        string link = Path.Combine(_folder, "link");
        Directory.CreateSymbolicLink(link, folder);
        string hard = Path.Combine(_folder, "hard.csv");
        using (Process ln = Process.Start("ln", [csv, hard]))
        {
            ln.WaitForExit();
        }

        var before = Snapshot();

        var throughLink = Run("train", "--csv", Path.Combine(link, "training.png"), "--steps", "1", "-o", folder);
        var throughHardLink = Run("train", "--csv", hard, "--steps", "1", "-o", folder);

        Assert.Equal(2, throughLink.ExitCode);
        Assert.EndsWith(NotAnInput + "\n", throughLink.Errors, StringComparison.Ordinal);
        Assert.Equal(2, throughHardLink.ExitCode);
        Assert.EndsWith(NotAnInput + "\n", throughHardLink.Errors, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void Predict_RefusesToWriteOverItsCsv_ThroughAFolderLink()
    {
        string csv = Csv("data/in.csv");
        string link = Path.Combine(_folder, "link");
        Directory.CreateSymbolicLink(link, Path.Combine(_folder, "data"));
        (int trained, _, string errors) = Run("train", "--csv", csv, "--steps", "1", "--layers", "2", "-o", Path.Combine(_folder, "model"));
        Assert.True(trained == 0, errors);
        var before = Snapshot();

        var result = Run("predict", "--model", Path.Combine(_folder, "model", "model.json"), "--csv", csv, "-o", Path.Combine(link, "in.csv"));

        AssertUsageError(result, $"-o '{Path.Combine(link, "in.csv")}' is the --csv file '{csv}'; {NotAnInput}");
        Assert.Equal(before, Snapshot());
    }

    [Theory]
    [InlineData("graph", "/proc/z.svg", "-o '/proc/z.svg' is in /proc, which holds no ordinary files; expected a diagram to write.")]
    [InlineData("graph", "/sys/z.dot", "-o '/sys/z.dot' is in /sys, which holds no ordinary files; expected a diagram to write.")]
    [InlineData("graph", "/dev/stdout.dot", "-o '/dev/stdout.dot' is in /dev, which holds no ordinary files; expected a diagram to write.")]
    [InlineData("grad", "/proc/self/g.txt", "-o '/proc/self/g.txt' is in /proc, which holds no ordinary files; expected a result file to write.")]
    [InlineData("predict", "/proc/p.csv", "-o '/proc/p.csv' is in /proc, which holds no ordinary files; expected a CSV file to write.")]
    [InlineData("train", "/proc/out", "-o '/proc/out' is in /proc, which holds no ordinary files; expected a folder (it is made if missing).")]
    [InlineData("experiment", "/proc/out", "-o '/proc/out' is in /proc, which holds no ordinary files; expected a folder (it is made if missing).")]
    [InlineData("graph", "{file}/z.svg", "-o '{file}/z.svg' cannot be made: '{file}' is a file; expected a diagram to write.")]
    [InlineData("train", "{folder}/" + Long300, "-o '{folder}/" + Long300 + "' is too long: the name 'xxxxxxxxxxxxxxxxxxxx…' has 300 bytes; the most is 255.")]
    [InlineData("predict", "{folder}/" + Long250 + ".csv", "-o '{folder}/" + Long250 + ".csv' is too long: the name 'xxxxxxxxxxxxxxxxxxxx…' has 254 bytes; the most is 239.")]
    [InlineData("graph", "{folder}/" + Long250 + ".svg", "-o '{folder}/" + Long250 + ".svg' is too long: the name 'xxxxxxxxxxxxxxxxxxxx…' has 254 bytes; the most is 239.")]
    public void EveryCommand_ChecksItsOutputBeforeAnyWork_OnOneLine_NamingTheUsersPath(string command, string path, string expected)
    {
        string file = Path.Combine(_folder, "a-file");
        File.WriteAllText(file, "a file, not a folder");
        string Fill(string text) => text.Replace("{file}", file, StringComparison.Ordinal).Replace("{folder}", _folder, StringComparison.Ordinal);
        string csv = Csv("in.csv");
        string[] args = command switch
        {
            "graph" => ["graph", "x*y", "--at", "x=1,y=2", "-o", Fill(path)],
            "grad" => ["grad", "x*y", "--at", "x=1,y=2", "-o", Fill(path)],
            "predict" => ["predict", "--model", csv, "--csv", csv, "-o", Fill(path)], // the model is not read: the check comes first
            "train" => ["train", "--steps", "1", "-o", Fill(path)],
            _ => ["experiment", "softmax", "--quick", "-o", Fill(path)],
        };
        var before = Snapshot();

        var result = Run(args);

        AssertUsageError(result, Fill(expected));
        Assert.DoesNotContain(".tmp-", result.Errors, StringComparison.Ordinal);
        Assert.Equal("", result.Console); // no work started: no progress, no training
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void AnOutputThatIsASymbolicLink_IsRefused_AndTheLinkAndItsTargetStayAsTheyWere()
    {
        // Written beside and renamed over, an output that is a link would replace the link itself
        // (`-o /dev/stdout > file` once replaced the machine's /dev/stdout with a plain file).
        string target = Path.Combine(_folder, "target.txt");
        File.WriteAllText(target, "keep me");
        string link = Path.Combine(_folder, "link.txt");
        File.CreateSymbolicLink(link, target);
        string folder = Path.Combine(_folder, "trained");
        Directory.CreateDirectory(folder);
        File.CreateSymbolicLink(Path.Combine(folder, "model.json"), target);

        var grad = Run("grad", "x+1", "--at", "x=1", "-o", link);
        var train = Run("train", "--samples", "8", "--steps", "1", "-o", folder);

        AssertUsageError(grad, $"-o '{link}' is a symbolic link to '{target}'; expected a result file to write: name the file it points to.");
        AssertUsageError(train, $"-o '{folder}' holds model.json as a symbolic link to '{target}'; expected a plain file there, or nothing.");
        Assert.Equal(target, new FileInfo(link).LinkTarget);
        Assert.Equal("keep me", File.ReadAllText(target));
    }

    [Theory]
    [InlineData("/dev/stdout")]
    [InlineData("/dev/stderr")]
    public void AnOutputInDev_IsRefused_EvenWhereItsLinksLeadOutOfDev(string path)
    {
        // /dev/stdout → /proc/self/fd/1 → wherever standard output goes (a plain file when redirected).
        Assert.Equal("is in /dev, which holds no ordinary files; expected a result file to write", OutputPath.Problem(path, OutputPath.Kind.File("result file")));
    }

    [Fact]
    public void MissingFolders_AreMade_ByEveryCommandThatWritesAFile()
    {
        string csv = Csv("in.csv");
        (int trained, _, string errors) = Run("train", "--csv", csv, "--steps", "1", "--layers", "2", "-o", Path.Combine(_folder, "new", "model"));
        Assert.True(trained == 0, errors);
        string predictions = Path.Combine(_folder, "new2", "sub", "p.csv");
        string diagram = Path.Combine(_folder, "new3", "sub", "g.dot");
        string gradient = Path.Combine(_folder, "new4", "g.txt");

        var predicted = Run("predict", "--model", Path.Combine(_folder, "new", "model", "model.json"), "--csv", csv, "-o", predictions);
        var drawn = Run("graph", "x*y", "--at", "x=1,y=2", "-o", diagram);
        var differentiated = Run("grad", "x*y", "--at", "x=1,y=2", "-o", gradient);

        Assert.Equal((0, 0, 0), (predicted.ExitCode, drawn.ExitCode, differentiated.ExitCode));
        Assert.Equal(5, File.ReadAllLines(predictions).Length);
        Assert.StartsWith("digraph", File.ReadAllText(diagram), StringComparison.Ordinal);
        Assert.Equal("f = x * y at x = 1, y = 2\nf = 2\n∂f/∂x = 2\n∂f/∂y = 1\n", File.ReadAllText(gradient));
    }

    private const string Long300 = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";

    private const string Long250 = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
}
