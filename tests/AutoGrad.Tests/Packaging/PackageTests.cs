using System.IO.Compression;
using System.Xml.Linq;
using Xunit.Abstractions;

namespace AutoGrad.Tests.Packaging;

/// <summary>
/// The packages as a user gets them: packed into a feed, the tool installed from it into a tool path
/// and run, and a script that takes the library with <c>#:package</c> from it, as README's Install says.
/// </summary>
[Collection(nameof(PackedFeedCollection))]
public sealed class PackageTests(PackedFeed feed, ITestOutputHelper log)
{
    [Fact]
    public async Task Tool_InstalledFromTheFeed_DifferentiatesAFormula()
    {
        string tools = Path.Combine(feed.Root, "tools");

        ProcessResult install = await ProcessRun.Run(
            "dotnet",
            ["tool", "install", "AutoGrad.Cli", "--version", feed.Version, "--add-source", feed.Feed, "--tool-path", tools],
            feed.Root,
            TimeSpan.FromMinutes(5));
        Assert.True(install.ExitCode == 0, $"dotnet tool install failed: {install}");
        log.WriteLine($"packed the four packages in {feed.PackTime.TotalSeconds:0.0} s; installed the tool in {install.Elapsed.TotalSeconds:0.0} s");

        ProcessResult run = await ProcessRun.Run(Path.Combine(tools, "autograd"), ["grad", "(x+y)^2", "--at", "x=1,y=2"], feed.Root, TimeSpan.FromMinutes(2));

        Assert.True(run.ExitCode == 0, $"autograd grad failed: {run}");
        Assert.Equal(["f = (x + y)^2 at x = 1, y = 2", "f = 9", "∂f/∂x = 6", "∂f/∂y = 6"], Lines(run.Output));
    }

    [Fact]
    public async Task Script_TakesTheLibraryFromTheFeed_WithPackageDirective()
    {
        string folder = Directory.CreateDirectory(Path.Combine(feed.Root, "script")).FullName;
        // The nuget.config README's Install makes: the user's sources (for AutoGrad's dependency Sep) and the feed.
        File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="autograd-feed" value="{feed.Feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(folder, "z.cs"), $$"""
            #:package AutoGrad@{{feed.Version}}
            using AutoGrad;

            var x = new Value(1.0, "x");
            var y = new Value(2.0, "y");
            Value z = (x + y).Pow(2);
            z.Backward();
            Console.WriteLine($"z = {z.Data}, dz/dx = {x.Grad}, dz/dy = {y.Grad}");
            """);

        ProcessResult run = await ProcessRun.Run("dotnet", ["run", "z.cs"], folder, TimeSpan.FromMinutes(5));

        Assert.True(run.ExitCode == 0, $"dotnet run z.cs failed: {run}");
        Assert.Equal("z = 9, dz/dx = 6, dz/dy = 6", Lines(run.Output)[^1]);
        // The library came from the feed: NuGet restored it under the version only the feed has.
        Assert.True(Directory.Exists(Path.Combine(PackedFeed.PackageCache, "autograd", feed.Version)), $"AutoGrad {feed.Version} was not restored from the feed");
    }

    [Theory]
    [InlineData("AutoGrad")]
    [InlineData("AutoGrad.FsCheck")]
    [InlineData("AutoGrad.Interactive")]
    [InlineData("AutoGrad.Cli")]
    public void Package_HasReadmeLicenceDescriptionTagsRepositoryAndSymbols(string id)
    {
        string package = Path.Combine(feed.Feed, $"{id}.{feed.Version}.nupkg");
        using ZipArchive zip = ZipFile.OpenRead(package);
        XNamespace ns = XDocument.Load(zip.GetEntry(id + ".nuspec")!.Open()).Root!.Name.Namespace;
        XElement metadata = XDocument.Load(zip.GetEntry(id + ".nuspec")!.Open()).Root!.Element(ns + "metadata")!;

        Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);
        Assert.NotNull(zip.GetEntry("README.md"));
        if (id is "AutoGrad" or "AutoGrad.Cli")
        {
            // AutoGrad.dll's exp, log, sin and cos are ported from FreeBSD msun, whose notice must travel with them.
            using var notice = new StreamReader(zip.GetEntry("THIRD-PARTY-NOTICES.md")!.Open());
            Assert.Equal(File.ReadAllText(Path.Combine(Repository.Root, "docs", "third-party-notices.md")), notice.ReadToEnd());
        }
        Assert.Equal("MIT", metadata.Element(ns + "license")?.Value);
        Assert.True(metadata.Element(ns + "description")?.Value.Length > 40, $"{id} has no real description");
        Assert.Contains("autograd", metadata.Element(ns + "tags")?.Value ?? "", StringComparison.Ordinal);
        string? commit = metadata.Element(ns + "repository")?.Attribute("commit")?.Value;
        Assert.True(commit is { Length: 40 }, $"{id} names no repository commit");
        Assert.True(File.Exists(Path.ChangeExtension(package, ".snupkg")), $"{id} has no symbol package");
    }

    [Fact]
    public void ToolPackage_CarriesTheNativesOfItsPlatformsOnly_AndNoNativePdb()
    {
        string package = Path.Combine(feed.Feed, $"AutoGrad.Cli.{feed.Version}.nupkg");
        using ZipArchive zip = ZipFile.OpenRead(package);

        string[] platforms = zip.Entries.Select(e => e.FullName.Split('/'))
            .Where(parts => parts.Length > 4 && parts[3] == "runtimes")
            .Select(parts => parts[4]).Distinct().Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["linux-arm64", "linux-x64", "osx", "win-x64"], platforms);
        Assert.DoesNotContain(zip.Entries, e => e.FullName.Contains("/runtimes/", StringComparison.Ordinal) && e.FullName.EndsWith(".pdb", StringComparison.Ordinal));
        long size = new FileInfo(package).Length;
        log.WriteLine($"AutoGrad.Cli package: {size / 1e6:0.0} MB");
        Assert.True(size < 40_000_000, $"The tool package is {size / 1e6:0.0} MB");
    }

    private static string[] Lines(string text) => text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
}
