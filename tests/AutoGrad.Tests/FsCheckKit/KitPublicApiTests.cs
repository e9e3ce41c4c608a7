using AutoGrad.FsCheck;
using PublicApiGenerator;
using Snapshooter.Xunit;

namespace AutoGrad.Tests.FsCheckKit;

/// <summary>
/// The public surface of the AutoGrad.FsCheck package must equal the committed snapshot, as the
/// library's does (PublicApiTests). After an intended change, delete
/// __snapshots__/KitPublicApiTests.Kit_PublicApi_MatchesSnapshot.snap and run the tests once
/// (without SNAPSHOOTER_STRICT_MODE) to write it again.
/// </summary>
public sealed class KitPublicApiTests
{
    [Fact]
    public void Kit_PublicApi_MatchesSnapshot()
    {
        string api = typeof(GradientProperty).Assembly.GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false });

        Snapshot.Match(api);
    }
}
