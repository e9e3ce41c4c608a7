using AutoGrad.Onnx;
using PublicApiGenerator;
using Snapshooter.Xunit;

namespace AutoGrad.Tests.Onnx;

/// <summary>The ONNX package's public surface, as a committed snapshot (see docs/architecture.md).</summary>
public sealed class OnnxPublicApiTests
{
    [Fact]
    public void OnnxPackage_PublicApi_MatchesSnapshot()
    {
        string api = typeof(OnnxExport).Assembly.GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false });

        Snapshot.Match(api);
    }
}
