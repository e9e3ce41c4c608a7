using System.Diagnostics;

namespace AutoGrad.Tests.Packaging;

/// <summary>
/// The repository's packages (AutoGrad, AutoGrad.FsCheck, AutoGrad.Plots, AutoGrad.Interactive and the tool AutoGrad.Cli)
/// packed once into a temporary folder, a local NuGet feed, for the package and notebook tests.
/// </summary>
/// <remarks>
/// They are packed from the assemblies the test run has already built (<c>--no-build</c>, in the tests'
/// configuration), under a version of their own (<c>1.0.0-test.*</c>): NuGet caches a package by id and
/// version, so a fixed 1.0.0 would be served from the cache of an earlier run instead of from this code.
/// Those versions are removed from the cache afterwards.
/// </remarks>
public sealed class PackedFeed : IAsyncLifetime
{
    /// <summary>The projects packed, in the order packed.</summary>
    public static readonly string[] Projects = ["AutoGrad", "AutoGrad.FsCheck", "AutoGrad.Plots", "AutoGrad.Interactive", "AutoGrad.Cli"];

    /// <summary>The temporary folder everything goes into.</summary>
    public string Root { get; } = Directory.CreateTempSubdirectory("autograd-feed-").FullName;

    /// <summary>The feed: the .nupkg and .snupkg files.</summary>
    public string Feed => Path.Combine(Root, "feed");

    /// <summary>The version every package was packed with.</summary>
    public string Version { get; } = "1.0.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>How long packing them took.</summary>
    public TimeSpan PackTime { get; private set; }

    /// <summary>NuGet's global packages folder, where restores put packages.</summary>
    public static string PackageCache => Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } folder
        ? folder
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>The configuration the tests (and so the projects) were built in, read from the test binaries' path.</summary>
    public static string Configuration
    {
        get
        {
            string[] parts = AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
            int bin = Array.LastIndexOf(parts, "bin");
            return bin >= 0 && bin + 1 < parts.Length ? parts[bin + 1] : "Debug";
        }
    }

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        var clock = Stopwatch.StartNew();
        foreach (string project in Projects)
        {
            string path = Path.Combine(Repository.Root, "src", project, project + ".csproj");
            ProcessResult pack = await ProcessRun.Run(
                "dotnet",
                ["pack", path, "--no-build", "-c", Configuration, "-o", Feed, "-p:Version=" + Version],
                Root,
                TimeSpan.FromMinutes(5));
            if (pack.ExitCode != 0)
            {
                throw new InvalidOperationException($"dotnet pack {project} failed: {pack}");
            }
        }

        PackTime = clock.Elapsed;
    }

    /// <inheritdoc/>
    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        string cache = PackageCache;
        foreach (string project in Projects)
        {
            string cached = Path.Combine(cache, project.ToLowerInvariant(), Version);
            if (Directory.Exists(cached))
            {
                Directory.Delete(cached, recursive: true);
            }
        }

        return Task.CompletedTask;
    }
}

/// <summary>The tests that share one <see cref="PackedFeed"/>; they run one after another.</summary>
[CollectionDefinition(nameof(PackedFeedCollection))]
public sealed class PackedFeedCollection : ICollectionFixture<PackedFeed>;
