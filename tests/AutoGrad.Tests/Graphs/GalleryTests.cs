using System.Diagnostics;
using AutoGrad.Graphs;

namespace AutoGrad.Tests.Graphs;

/// <summary>
/// The committed pictures in graphs/ are what the scripts produce now: each script is run into a
/// fresh folder and its .dot and .svg must equal the committed files byte for byte.
/// </summary>
public sealed class GalleryTests : IDisposable
{
    private static readonly string GraphsFolder = Path.Combine(RepositoryRoot(), "graphs");
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

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot() };
        foreach (string argument in new[] { "run", Path.Combine("graphs", name + ".cs"), _output })
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{name}.cs failed: {await output}{await errors}");

        foreach (string extension in new[] { ".dot", ".svg" })
        {
            string committed = Path.Combine(GraphsFolder, name + extension);
            Assert.True(File.Exists(committed), $"graphs/{name}{extension} is not committed; run: dotnet run graphs/{name}.cs");
            Assert.True(
                File.ReadAllBytes(committed).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(_output, name + extension))),
                $"graphs/{name}{extension} differs from what the script writes now; run: dotnet run graphs/{name}.cs");
        }
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "AutoGrad.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No AutoGrad.sln above {AppContext.BaseDirectory}.");
    }
}
