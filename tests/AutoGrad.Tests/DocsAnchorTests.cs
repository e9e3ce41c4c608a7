using System.Text.RegularExpressions;

namespace AutoGrad.Tests;

/// <summary>
/// A link into a section (<c>a page#anchor</c> or <c>#anchor</c>) of README.md or docs/*.md reaches a
/// heading of that file: the anchor is the GitHub slug of one of its headings (DocsTests checks only
/// that the file exists).
/// </summary>
public sealed partial class DocsAnchorTests
{
    [Theory]
    [MemberData(nameof(DocsTests.Documents), MemberType = typeof(DocsTests))]
    public void Document_LinksOnlyToSectionsThatExist(string document)
    {
        string path = Path.Combine(Repository.Root, document);
        string prose = FencedBlock().Replace(File.ReadAllText(path), string.Empty);
        var dead = new List<string>();
        foreach (Match link in SectionLink().Matches(prose))
        {
            string file = link.Groups["file"].Value, anchor = link.Groups["anchor"].Value;
            string target = file.Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, file));
            if (!target.EndsWith(".md", StringComparison.Ordinal) || !File.Exists(target))
            {
                continue; // a missing file is DocsTests' finding
            }

            string targetProse = FencedBlock().Replace(File.ReadAllText(target), string.Empty);
            if (!Heading().Matches(targetProse).Any(h => Slug(h.Groups["title"].Value) == anchor))
            {
                dead.Add($"{file}#{anchor}");
            }
        }

        Assert.True(dead.Count == 0, $"{document} links to sections that are not there:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", dead)}");
    }

    [Fact]
    public void Slug_IsGitHubs()
    {
        Assert.Equal("round-three-autograds-own-elementary-functions-2026-12-02", Slug("Round three: AutoGrad's own elementary functions (2026-12-02)"));
        Assert.Equal("round-three-batched-replay-2026-12-02", Slug("Round three: batched replay (2026-12-02)"));
    }

    /// <summary>GitHub's anchor for a heading: lower case, punctuation but hyphens and underscores dropped, spaces made hyphens.</summary>
    private static string Slug(string heading) =>
        NotSlugCharacter().Replace(heading.Trim().ToLowerInvariant(), string.Empty).Replace(' ', '-');

    [GeneratedRegex(@"^```.*?^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedBlock();

    [GeneratedRegex(@"\]\((?<file>[^)\s#:]*)#(?<anchor>[^)\s]+)\)")]
    private static partial Regex SectionLink();

    [GeneratedRegex(@"^#{1,6} (?<title>.+?)\s*$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"[^\p{L}\p{N}\- _]")]
    private static partial Regex NotSlugCharacter();
}
