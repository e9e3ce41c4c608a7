using System.Text.Json.Nodes;
using AutoGrad.Tests.Packaging;

namespace AutoGrad.Tests.Interactive;

/// <summary>
/// Every notebook of docs/notebooks run once, headless, by dotnet-repl (a NuGet dotnet tool, installed into a
/// tool path), against the packages of a <see cref="PackedFeed"/> laid out as in the repository: the feed at
/// the root, the notebooks in docs/notebooks, so their setup cell finds it at ../../feed.
/// </summary>
internal sealed class NotebookRuns
{
    /// <summary>The dotnet-repl version that runs the notebooks (it carries .NET Interactive 1.0.0-beta.26120.1).</summary>
    public const string ReplVersion = "0.3.259";

    private static readonly SemaphoreSlim Once = new(1, 1);
    private static NotebookRuns? _runs;

    private NotebookRuns(IReadOnlyDictionary<string, NotebookRun> runs, TimeSpan install) => (Runs, InstallTime) = (runs, install);

    /// <summary>Each notebook's run, by file name.</summary>
    public IReadOnlyDictionary<string, NotebookRun> Runs { get; }

    /// <summary>How long installing dotnet-repl took.</summary>
    public TimeSpan InstallTime { get; }

    /// <summary>The notebooks in the repository, by file name.</summary>
    public static string[] Names => Directory.GetFiles(Path.Combine(Repository.Root, "docs", "notebooks"), "*.ipynb")
        .Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    /// <summary>Runs every notebook the first time it is asked (two at a time), then gives the same runs.</summary>
    public static async Task<NotebookRuns> Get(PackedFeed feed)
    {
        await Once.WaitAsync();
        try
        {
            return _runs ??= await RunAll(feed);
        }
        finally
        {
            Once.Release();
        }
    }

    private static async Task<NotebookRuns> RunAll(PackedFeed feed)
    {
        string tools = Path.Combine(feed.Root, "repl");
        ProcessResult install = await ProcessRun.Run("dotnet", ["tool", "install", "dotnet-repl", "--version", ReplVersion, "--tool-path", tools], feed.Root, TimeSpan.FromMinutes(5));
        if (install.ExitCode != 0)
        {
            throw new InvalidOperationException($"Installing dotnet-repl failed: {install}");
        }

        string folder = Directory.CreateDirectory(Path.Combine(feed.Root, "docs", "notebooks")).FullName;
        var runs = new Dictionary<string, NotebookRun>();
        using var twoAtATime = new SemaphoreSlim(2);
        await Task.WhenAll(Names.Select(async name =>
        {
            await twoAtATime.WaitAsync();
            try
            {
                NotebookRun run = await Run(name, folder, Path.Combine(tools, "dotnet-repl"), feed.Version);
                lock (runs)
                {
                    runs[name] = run;
                }
            }
            finally
            {
                twoAtATime.Release();
            }
        }));
        return new NotebookRuns(runs, install.Elapsed);
    }

    /// <summary>
    /// Runs a copy of the notebook whose package version is the feed's (the committed notebooks say 1.0.0,
    /// which NuGet would serve from its cache of an earlier build).
    /// </summary>
    private static async Task<NotebookRun> Run(string name, string folder, string repl, string version)
    {
        string committed = File.ReadAllText(Path.Combine(Repository.Root, "docs", "notebooks", name));
        string[] directives = ["#r \\\"nuget: AutoGrad, 1.0.0\\\"", "#r \\\"nuget: AutoGrad.Interactive, 1.0.0\\\""];
        foreach (string directive in directives)
        {
            if (!committed.Contains(directive, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{name} does not load the packages with {directive}.");
            }

            committed = committed.Replace(directive, directive.Replace("1.0.0", version, StringComparison.Ordinal), StringComparison.Ordinal);
        }

        string input = Path.Combine(folder, name);
        string output = Path.Combine(folder, Path.GetFileNameWithoutExtension(name) + ".out.ipynb");
        File.WriteAllText(input, committed);
        ProcessResult run = await ProcessRun.Run(repl, ["--run", input, "--exit-after-run", "--output-format", "ipynb", "--output-path", output], folder, TimeSpan.FromMinutes(5));
        JsonNode? notebook = File.Exists(output) ? JsonNode.Parse(File.ReadAllText(output)) : null;
        return new NotebookRun(name, run, notebook);
    }
}

/// <summary>One notebook's run: what dotnet-repl said, and the notebook it wrote with every cell's outputs.</summary>
internal sealed record NotebookRun(string Name, ProcessResult Process, JsonNode? Notebook)
{
    /// <summary>The code cells, in order.</summary>
    public JsonNode[] CodeCells => Notebook?["cells"]!.AsArray().Where(c => (string?)c!["cell_type"] == "code").Select(c => c!).ToArray() ?? [];

    /// <summary>A cell's source as one string.</summary>
    public static string Source(JsonNode cell) => string.Concat(cell["source"]!.AsArray().Select(s => (string?)s));

    /// <summary>A cell's outputs of one MIME type, each as one string.</summary>
    public static string[] Outputs(JsonNode cell, string mimeType) => cell["outputs"]!.AsArray()
        .Select(o => o!["data"]?[mimeType])
        .Where(d => d is not null)
        .Select(d => d is JsonArray lines ? string.Concat(lines.Select(l => (string?)l)) : (string?)d ?? "")
        .ToArray();
}
