using System.Text.RegularExpressions;

namespace AutoGrad.Tests;

/// <summary>
/// README.md and docs/*.md cite only files that are in the repository: every relative markdown link,
/// and every backticked repository path that looks like a file or folder (under src, docs or graphs,
/// or a bare markdown file name), must exist. So must every file named in a comment of the C# sources
/// (src, tests, graphs): a fresh clone has to be able to follow each reference.
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

    [Fact]
    public void SourceComments_CiteOnlyFilesInTheRepository()
    {
        var broken = new List<string>();
        foreach (string file in SourceFiles())
        {
            string relative = Path.GetRelativePath(Repository.Root, file).Replace('\\', '/');
            broken.AddRange(BrokenCommentReferences(File.ReadAllLines(file), Path.GetDirectoryName(file)!, Repository.Root).Select(b => $"{relative}:{b}"));
        }

        Assert.True(broken.Count == 0, $"Comments cite files that are not in the repository (bring them into docs/ or cite what is there):{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", broken)}");
    }

    [Fact]
    public void BrokenCommentReferences_FindsMissingFiles_AndAcceptsExistingOnes()
    {
        string[] source =
        [
            "/// <summary>The layering of STYLE.md, as docs/style.md says.</summary>",
            "// Workloads as shared/bench/WORKLOADS.md defines them; data in Data/moons100.csv (from the project folder).",
            "int x = 1; // see src/AutoGrad/Engine/Ops/OpCatalog.cs and src/AutoGrad/Engine/Ops/Gone.cs",
            "string url = \"https://example.org/x.md\"; // written to out/model.json; graphs/NAME.cs",
            "string notAComment = \"docs/missing.md\";",
            "/// <code>",
            "/// Console.WriteLine(path); // pictures/training.png, written by the example",
            "/// </code>",
            "/// <summary>After the example: docs/gone-too.md</summary>",
        ];

        IReadOnlyList<string> broken = BrokenCommentReferences(
            source, Path.Combine(Repository.Root, "src", "AutoGrad.Benchmarks", "Workloads"), Repository.Root);

        Assert.Equal(["1 STYLE.md", "2 shared/bench/WORKLOADS.md", "3 src/AutoGrad/Engine/Ops/Gone.cs", "9 docs/gone-too.md"], broken);
    }

    /// <summary>The C# sources of the repository (src, tests, graphs), build output left out.</summary>
    private static IEnumerable<string> SourceFiles() =>
        new[] { "src", "tests", "graphs" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(Repository.Root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(file => !file.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal);

    /// <summary>
    /// "line path" for each file named in a comment of <paramref name="lines"/> (a path with a folder
    /// and an extension, or a bare markdown file name) that is neither in the repository from its root
    /// nor from the source's folder or one above it (a project cites its own Data/ folder so).
    /// </summary>
    private static IReadOnlyList<string> BrokenCommentReferences(IReadOnlyList<string> lines, string sourceFolder, string root)
    {
        var folders = new List<string> { root, Path.Combine(root, "docs") };
        for (DirectoryInfo? folder = new(sourceFolder); folder is not null && folder.FullName.Length >= Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar).Length; folder = folder.Parent)
        {
            folders.Add(folder.FullName);
        }

        var broken = new List<string>();
        bool inCode = false;
        for (int i = 0; i < lines.Count; i++)
        {
            // An XML doc <code> example is a program, like a Markdown code block: its paths are what it writes.
            if (lines[i].Contains("<code>", StringComparison.Ordinal))
            {
                inCode = !lines[i].Contains("</code>", StringComparison.Ordinal);
                continue;
            }

            if (inCode)
            {
                inCode = !lines[i].Contains("</code>", StringComparison.Ordinal);
                continue;
            }

            if (CommentStart(lines[i]) is not int start)
            {
                continue;
            }

            for (Match cited = CitedFile().Match(lines[i], start); cited.Success; cited = cited.NextMatch())
            {
                string path = cited.Value;
                if (!OutputFolders.Any(folder => path.StartsWith(folder, StringComparison.Ordinal)) && !folders.Any(folder => Exists(Path.Combine(folder, path))))
                {
                    broken.Add($"{i + 1} {path}");
                }
            }
        }

        return broken;
    }

    /// <summary>Where the comment on a line starts: a line that is a comment, or "//" after code outside a string; null if none.</summary>
    private static int? CommentStart(string line)
    {
        string trimmed = line.TrimStart();
        if (trimmed.StartsWith("//", StringComparison.Ordinal))
        {
            return line.Length - trimmed.Length;
        }

        int slashes = line.IndexOf(" //", StringComparison.Ordinal);
        return slashes >= 0 && line[..slashes].Count(c => c == '"') % 2 == 0 ? slashes + 1 : null;
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

    // Two or more segments, ending in a folder slash or a file extension: src/AutoGrad/, graphs/mlp.cs;
    // not 1/3, and not a lone folder such as Checking/, which the prose places relative to another.
    [GeneratedRegex(@"^([\w.-]+/)+([\w-][\w.-]*\.[A-Za-z]+|[\w.-]+/)$")]
    private static partial Regex RepositoryPath();

    [GeneratedRegex(@"^[\w.-]+\.md$")]
    private static partial Regex MarkdownFileName();

    // In a comment: folder/…/file.ext (not part of a URL or an absolute path), or a bare NAME.md.
    [GeneratedRegex(@"(?<![\w/.:@-])((?:[\w.-]+/)+[\w-][\w.-]*\.[A-Za-z]+|[\w-][\w.-]*\.md)(?![\w/])")]
    private static partial Regex CitedFile();

    /// <summary>
    /// A script in the documentation that takes a package (<c>#:package</c>) runs outside the repository (inside, central
    /// package management refuses it), where a package without a version is NU1015: every such line names one.
    /// </summary>
    [Fact]
    public void ScriptsInTheDocumentation_NameTheVersionOfEveryPackage()
    {
        string[] documents = [
            "README.md",
            .. Directory.GetFiles(Path.Combine(Repository.Root, "docs"), "*.md").Select(path => Path.GetRelativePath(Repository.Root, path)),
            .. Directory.GetFiles(Path.Combine(Repository.Root, "src"), "README.md", SearchOption.AllDirectories).Select(path => Path.GetRelativePath(Repository.Root, path)),
        ];
        Assert.Contains(documents, document => document.Replace('\\', '/') == "src/AutoGrad.Plots/README.md");

        string[] unversioned = [.. documents.SelectMany(document => PackageDirective().Matches(File.ReadAllText(Path.Combine(Repository.Root, document)))
            .Where(directive => !directive.Groups[1].Value.Contains('@', StringComparison.Ordinal))
            .Select(directive => $"{document}: {directive.Value.Trim()}"))];

        Assert.True(unversioned.Length == 0, $"a script's #:package names no version (NU1015 outside the repository):{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", unversioned)}");
    }

    [GeneratedRegex(@"^#:package (\S+)", RegexOptions.Multiline)]
    private static partial Regex PackageDirective();
}
