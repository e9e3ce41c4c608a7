using System.Diagnostics;
using AutoGrad.Graphs;

namespace AutoGrad.Tests.Graphs;

/// <summary>
/// The committed pictures in graphs/ are what the scripts produce now: each script is run into a
/// fresh folder and its .dot and .svg must equal the committed files byte for byte.
/// </summary>
public sealed class GalleryTests : IDisposable
{
    private static readonly string GraphsFolder = Path.Combine(Repository.Root, "graphs");
    private readonly string _output = Directory.CreateTempSubdirectory("autograd-gallery-").FullName;

    private static readonly string[] ScriptNames =
        Directory.GetFiles(GraphsFolder, "*.cs").Select(path => Path.GetFileNameWithoutExtension(path)).Order(StringComparer.Ordinal).ToArray();

    public static TheoryData<string> Scripts => new(ScriptNames);

    public void Dispose() => Directory.Delete(_output, recursive: true);

    [Fact]
    public void Gallery_HasTheTeachingGraphs()
    {
        Assert.Subset(
            ScriptNames.ToHashSet(),
            new HashSet<string> { "square-of-sum", "neuron", "sigmoid-bce", "softmax-cross-entropy", "mlp", "micrograd-readme" });
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task Script_RegeneratesItsCommittedPictures(string name)
    {
        Assert.True(Graphviz.IsInstalled, "Graphviz 'dot' is needed to regenerate the SVGs (.ci/run installs it).");

        (int exitCode, string output) = await RunScript(Path.Combine(GraphsFolder, name + ".cs"));
        Assert.True(exitCode == 0, $"{name}.cs failed: {output}");

        // A script writes its own picture and may write readable crops of it beside (NAME-crop): every
        // file it writes must be committed as it is written now.
        string[] written = Directory.GetFiles(_output).Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal).ToArray();
        Assert.Contains(name + ".dot", written);
        Assert.Contains(name + ".svg", written);
        foreach (string file in written)
        {
            Assert.True(file.StartsWith(name, StringComparison.Ordinal), $"{name}.cs wrote {file}; name it {name}-something so it is known whose it is.");
            string committed = Path.Combine(GraphsFolder, file);
            Assert.True(File.Exists(committed), $"graphs/{file} is not committed; run: dotnet run graphs/{name}.cs");
            Assert.True(
                File.ReadAllBytes(committed).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(_output, file))),
                $"graphs/{file} differs from what the script writes now; run: dotnet run graphs/{name}.cs");
        }
    }

    private static readonly string GalleryPage = File.ReadAllText(Path.Combine(Repository.Root, "docs", "graphs.md"));

    /// <summary>The gallery's pictures as docs/graphs.md shows them inline: <c>![…](../graphs/NAME.svg)</c>.</summary>
    private static readonly string[] ShownPictures =
        System.Text.RegularExpressions.Regex.Matches(GalleryPage, @"!\[[^\]]*\]\(\.\./graphs/([a-z0-9-]+)\.svg\)").Select(match => match.Groups[1].Value).ToArray();

    public static TheoryData<string> Shown => new(ShownPictures);

    [Fact]
    public void GalleryPage_ShowsOrLinksEveryCommittedPicture()
    {
        // Each committed SVG is either shown inline (and then must be readable, see below) or, when it is
        // too wide for the column, linked as "the whole picture" beside a readable crop of it.
        Assert.NotEmpty(ShownPictures);
        foreach (string svg in Directory.GetFiles(GraphsFolder, "*.svg"))
        {
            string name = Path.GetFileNameWithoutExtension(svg);
            bool shown = ShownPictures.Contains(name), linked = GalleryPage.Contains($"[the whole picture](../graphs/{name}.svg)", StringComparison.Ordinal);
            Assert.True(shown || linked, $"graphs/{name}.svg is neither shown nor linked in docs/graphs.md.");
            if (linked)
            {
                Assert.True(
                    ShownPictures.Any(crop => crop.StartsWith(name + "-", StringComparison.Ordinal)),
                    $"graphs/{name}.svg is linked as the whole picture, but no readable crop of it ({name}-…) is shown.");
            }
        }
    }

    /// <summary>
    /// GitHub shows a Markdown picture at most about 880 px wide; scaled to that, 11 pt text must stay
    /// at least 9 px, so a picture may be at most 880 / (4/3) / (9 / (11 · 4/3)) ≈ 1075 pt wide.
    /// </summary>
    [Theory]
    [MemberData(nameof(Shown))]
    public void CommittedPicture_IsReadableAtTheWidthOfAMarkdownColumn(string name)
    {
        string svg = File.ReadAllText(Path.Combine(GraphsFolder, name + ".svg"));
        double width = double.Parse(System.Text.RegularExpressions.Regex.Match(svg, "<svg width=\"([0-9.]+)pt\"").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        const double Column = 880, Pixels = 4.0 / 3, Smallest = 11 * Pixels, Readable = 9;
        double textPixels = Smallest * Math.Min(1, Column / (width * Pixels));
        Assert.True(textPixels >= Readable, $"{name}.svg is {width} pt wide: at 880 px its text is {textPixels:F1} px. Draw it top to bottom, or split it.");
        Assert.DoesNotContain("− -", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("-0.0", svg, StringComparison.Ordinal);
        int grads = System.Text.RegularExpressions.Regex.Count(svg, ">grad "), zeros = System.Text.RegularExpressions.Regex.Count(svg, ">grad -?0<");
        Assert.True(grads == 0 || zeros < grads, $"Every gradient in {name}.svg is 0: run Backward before drawing, or draw no gradients.");
    }

    [Fact]
    public async Task EditedScript_InGraphs_RunsDespiteWarnings()
    {
        // graphs/Directory.Build.props keeps warnings as warnings for the scripts a user copies and edits.
        (int exitCode, string output) = await RunEditedCopy(GraphsFolder);

        Assert.True(exitCode == 0, $"An edited copy of a gallery script failed to run in graphs/: {output}");
        Assert.Contains("warning CS0219", output, StringComparison.Ordinal);
        Assert.Contains("warning IDE0005", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditedScript_OutsideGraphs_FailsOnWarnings()
    {
        // The same edit under the repository's own settings (warnings are errors): this proves the
        // edit does raise the warnings that graphs/ lets through.
        (int exitCode, string output) = await RunEditedCopy(Repository.Root);

        Assert.True(exitCode != 0, $"An edited script outside graphs/ ran although warnings are errors there: {output}");
        Assert.Contains("error CS0219", output, StringComparison.Ordinal);
        Assert.Contains("error IDE0005", output, StringComparison.Ordinal);
    }

    /// <summary>
    /// Copies square-of-sum.cs into a scratch folder (git-ignored, deleted afterwards) directly under
    /// <paramref name="parent"/>, adds an unneeded <c>using</c> and an unused variable, and runs it.
    /// </summary>
    private async Task<(int ExitCode, string Output)> RunEditedCopy(string parent)
    {
        string scratch = Path.Combine(parent, $"scratch-{Guid.NewGuid():N}");
        Directory.CreateDirectory(scratch);
        try
        {
            List<string> lines = [.. File.ReadAllLines(Path.Combine(GraphsFolder, "square-of-sum.cs"))];
            string project = Path.GetRelativePath(scratch, Path.Combine(Repository.Root, "src", "AutoGrad", "AutoGrad.csproj"));
            int projectLine = lines.FindIndex(line => line.StartsWith("#:project ", StringComparison.Ordinal));
            Assert.True(projectLine >= 0, "square-of-sum.cs has no #:project line.");
            lines[projectLine] = "#:project " + project;
            lines.Insert(lines.FindLastIndex(line => line.StartsWith("using ", StringComparison.Ordinal)) + 1, "int unusedAnswer = 42;");
            lines.Insert(lines.FindIndex(line => line.StartsWith("using ", StringComparison.Ordinal)), "using System.Collections.Concurrent;");

            string script = Path.Combine(scratch, "edited.cs");
            File.WriteAllLines(script, lines);
            return await RunScript(script);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>Runs <c>dotnet run script output-folder</c> from the repository root; returns the exit code and everything printed.</summary>
    private async Task<(int ExitCode, string Output)> RunScript(string script)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repository.Root };
        foreach (string argument in new[] { "run", script, _output })
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }
}
