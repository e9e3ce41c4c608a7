using System.Text.RegularExpressions;

namespace AutoGrad.Tests;

/// <summary>
/// README.md and docs/*.md cite only files that are in the repository: every relative markdown link,
/// and every backticked repository path that looks like a file or folder (`src/…`, `docs/x.md`,
/// `graphs/NAME.cs`, a bare `SOMETHING.md`), must exist.
/// </summary>
public sealed partial class DocsTests
{
    // Folders the application writes (git-ignored), cited as outputs, not as repository files.
    private static readonly string[] OutputFolders = ["out/"];

    public static TheoryData<string> Documents => new(
        new[] { "README.md" }.Concat(
            Directory.GetFiles(Path.Combine(Repository.Root, "docs"), "*.md").Select(path => Path.GetRelativePath(Repository.Root, path).Replace('\\', '/')))
        .Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Documents))]
    public void Document_CitesOnlyFilesInTheRepository(string document)
    {
        string path = Path.Combine(Repository.Root, document);

        IReadOnlyList<string> broken = BrokenReferences(File.ReadAllText(path), Path.GetDirectoryName(path)!, Repository.Root);

        Assert.True(broken.Count == 0, $"{document} cites what is not in the repository:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", broken)}");
    }

    [Fact]
    public void BrokenReferences_FindsMissingLinksAndPaths_AndAcceptsExistingOnes()
    {
        const string Markdown = """
            See [performance](performance.md#workloads), [graphs](./graphs.md), [home](https://example.org/x.md),
            [top](#layout) and [gone](missing.md). Paths: `src/AutoGrad/AutoGrad.csproj`, `graphs/NAME.cs`,
            `src/AutoGrad.Benchmarks/Data/`, `shared/bench/WORKLOADS.md`, `graphs/NAME.py`, `WORKLOADS.md`,
            `out/model.json`, `--csv yours.csv`, `1/3`.

            ```sh
            dotnet run scripts/not-checked.cs   # code blocks are commands, not citations
            ```
            """;

        IReadOnlyList<string> broken = BrokenReferences(Markdown, Path.Combine(Repository.Root, "docs"), Repository.Root);

        Assert.Equal(["link missing.md", "path shared/bench/WORKLOADS.md", "path graphs/NAME.py", "path WORKLOADS.md"], broken);
    }

    /// <summary>The links and backticked paths in <paramref name="markdown"/> that name no file or folder.</summary>
    private static IReadOnlyList<string> BrokenReferences(string markdown, string documentFolder, string root)
    {
        string prose = FencedBlock().Replace(markdown, string.Empty);
        var broken = new List<string>();

        foreach (Match link in MarkdownLink().Matches(prose))
        {
            string target = link.Groups["target"].Value;
            if (target.StartsWith('#') || UriScheme().IsMatch(target))
            {
                continue;
            }

            string file = target.Split('#', '?')[0];
            if (!Exists(Path.Combine(documentFolder, file)))
            {
                broken.Add($"link {target}");
            }
        }

        foreach (Match code in InlineCode().Matches(prose))
        {
            string text = code.Groups["text"].Value;
            bool repositoryPath = RepositoryPath().IsMatch(text) && !OutputFolders.Any(folder => text.StartsWith(folder, StringComparison.Ordinal));
            bool markdownFile = MarkdownFileName().IsMatch(text);
            if (repositoryPath && !Exists(Path.Combine(root, text))
                || markdownFile && !Exists(Path.Combine(documentFolder, text)) && !Exists(Path.Combine(root, text)))
            {
                broken.Add($"path {text}");
            }
        }

        return broken;
    }

    /// <summary>A file or folder exists; a file name NAME is a placeholder for any name (graphs/NAME.cs).</summary>
    private static bool Exists(string path)
    {
        string full = Path.GetFullPath(path);
        string name = Path.GetFileName(full);
        if (name.Contains("NAME", StringComparison.Ordinal))
        {
            string folder = Path.GetDirectoryName(full)!;
            return Directory.Exists(folder) && Directory.EnumerateFiles(folder, name.Replace("NAME", "*", StringComparison.Ordinal)).Any();
        }

        return File.Exists(full) || Directory.Exists(full);
    }

    [GeneratedRegex(@"^(```|~~~).*?^\1", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedBlock();

    [GeneratedRegex(@"\[[^\]]*\]\((?<target>[^)\s]+)(\s+""[^""]*"")?\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.-]*:")]
    private static partial Regex UriScheme();

    [GeneratedRegex(@"`(?<text>[^`\s]+)`")]
    private static partial Regex InlineCode();

    // Two or more segments, ending in a folder slash or a file extension: src/AutoGrad/, graphs/x.cs;
    // not 1/3, and not a lone folder such as Checking/, which the prose places relative to another.
    [GeneratedRegex(@"^([\w.-]+/)+([\w-][\w.-]*\.[A-Za-z]+|[\w.-]+/)$")]
    private static partial Regex RepositoryPath();

    [GeneratedRegex(@"^[\w.-]+\.md$")]
    private static partial Regex MarkdownFileName();
}
