using AutoGrad.Cli;
using AutoGrad.Plots;
using PublicApiGenerator;
using Snapshooter.Xunit;

namespace AutoGrad.Tests;

/// <summary>
/// The public surface of the library, as C# declarations, must equal the committed snapshot, so every
/// change to it is seen in review. After an intended change, delete
/// __snapshots__/PublicApiTests.Library_PublicApi_MatchesSnapshot.snap and run the tests once
/// (without SNAPSHOOTER_STRICT_MODE) to write it again.
/// </summary>
public sealed class PublicApiTests
{
    // Assembly attributes carry the version and commit (InternalsVisibleTo, informational version): not API.
    private static readonly ApiGeneratorOptions Options = new() { IncludeAssemblyAttributes = false };

    [Fact]
    public void Library_PublicApi_MatchesSnapshot()
    {
        string api = typeof(Value).Assembly.GeneratePublicApi(Options);

        Snapshot.Match(api);
    }

    [Fact]
    public void Plots_PublicApi_MatchesSnapshot()
    {
        // The AutoGrad.Plots package's surface, reviewed the same way (its own snapshot file).
        string api = typeof(TrainingPictures).Assembly.GeneratePublicApi(Options);

        Snapshot.Match(api);
    }

    [Fact]
    public void Cli_HasNoPublicTypes()
    {
        // The tool is used through its command line, not referenced; a public type there would be API nobody reviews.
        string[] exported = typeof(CliApplication).Assembly.GetExportedTypes().Select(type => type.FullName!).ToArray();

        Assert.True(exported.Length == 0, $"AutoGrad.Cli exports {string.Join(", ", exported)}; make it internal or add it to the API snapshot.");
    }
}
