using System.Diagnostics;

namespace AutoGrad.Tests;

/// <summary>
/// The repository's top level is the agreed layout: src, tests, docs, graphs, AutoGrad.sln, README.md,
/// dotfiles and build settings. Anything else (a notice, a script, a data file) belongs in one of the folders.
/// </summary>
public sealed class RepositoryLayoutTests
{
    private static readonly string[] Agreed =
        ["src", "tests", "docs", "graphs", "AutoGrad.sln", "README.md", "Directory.Build.props", "Directory.Packages.props", "global.json", "NuGet.config"];

    [Fact]
    public void TopLevel_TracksOnlyTheAgreedEntries()
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Repository.Root, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("ls-files");
        using Process git = Process.Start(start)!;
        string[] tracked = git.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        git.WaitForExit();
        Assert.Equal(0, git.ExitCode);
        Assert.Contains("AutoGrad.sln", tracked);

        string[] outside = [.. tracked.Select(path => path.Split('/')[0]).Distinct().Where(entry => !entry.StartsWith('.') && !Agreed.Contains(entry)).Order(StringComparer.Ordinal)];
        Assert.True(outside.Length == 0, $"Tracked top-level entries outside the agreed layout: {string.Join(", ", outside)}");
    }
}
