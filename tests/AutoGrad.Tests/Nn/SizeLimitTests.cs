using AutoGrad.Data;
using AutoGrad.Nn;
using AutoGrad.Training;

namespace AutoGrad.Tests.Nn;

/// <summary>
/// A size argument that would need more than <see cref="Limits.MaxElements"/> numbers is refused before
/// anything is allocated: <c>new Mlp(1000000, [1000000])</c> used to allocate for 26 s until memory ran out.
/// The same limit, counted the same way, guards a model file's architecture.
/// </summary>
public sealed class SizeLimitTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("autograd-limits-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A call asking for too much, the parameter its exception must name, and what the message must say.</summary>
    private static readonly Dictionary<string, (Action Call, string Parameter, string Message)> Cases = new()
    {
        ["Mlp 10^6 x 10^6"] = (() => _ = new Mlp(1_000_000, [1_000_000]), "layerSizes", "The parameters of MLP(1000000, [1000000]) would be 1,000,001,000,000 numbers"),
        ["Mlp many moderate layers"] = (() => _ = new Mlp(2, [2000, 2000, 2000, 2000]), "layerSizes", "Limits.MaxElements = 10,000,000"),
        ["Mlp PReLU slopes tip it over"] = (() => _ = new Mlp(9_999_999, [1], new MlpOptions { OutputActivation = Activation.Prelu }), "layerSizes", "10,000,001 numbers"),
        ["Layer"] = (() => _ = new Layer(100_000, 100_000, Activation.Tanh, Initialization.He, new Random(0)), "outputs", "a layer of 100000 neurons with 100000 inputs each"),
        ["Neuron"] = (() => _ = new Neuron(int.MaxValue, Activation.Tanh, 1, new Random(0)), "inputs", "a neuron with 2147483647 inputs"),
        ["BatchNorm"] = (() => _ = new BatchNorm(int.MaxValue), "features", "BatchNorm over 2147483647 features"),
        ["OneHot"] = (() => Functions.OneHot(0, int.MaxValue), "count", "A one-hot vector"),
        ["Moons"] = (() => Datasets.Moons(int.MaxValue), "count", "A generated dataset of 2147483647 examples"),
        ["Circles"] = (() => Datasets.Circles(Limits.MaxElements + 1), "count", "10,000,001 numbers"),
        ["Xor"] = (() => Datasets.Xor(int.MaxValue), "count", "2,147,483,647 numbers"),
        ["Spirals"] = (() => Datasets.Spirals(int.MaxValue, int.MaxValue), "countPerClass", "4,611,686,014,132,420,609 numbers"),
        ["ConfusionMatrix"] = (() => _ = new ConfusionMatrix(Enumerable.Range(0, 4000).Select(i => $"c{i}").ToArray(), [], []), "classNames", "16,000,000 numbers"),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void TooLargeASize_IsRefusedBeforeAllocating_NamingTheLimit(string name)
    {
        (Action call, string parameter, string message) = Cases[name];
        long before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<ArgumentOutOfRangeException>(call);

        Assert.Equal(parameter, error.ParamName);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Contains("Limits.MaxElements", error.Message, StringComparison.Ordinal);
        // Refused before building: far less than one parameter's node per element asked for.
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 4_000_000, $"{name} allocated {GC.GetAllocatedBytesForCurrentThread() - before:N0} bytes before refusing.");
    }

    [Fact]
    public void AModelJustUnderTheLimit_IsBuilt_WithTheCountTheCheckComputed()
    {
        // 2 inputs, [1000, 1]: 3·1000 + 1001 = 4001 parameters, far below the limit; the count the
        // check uses is the one the model ends up with.
        var model = new Mlp(2, [1000, 1]);

        Assert.Equal(4001, model.Parameters.Count);
        Assert.Equal(model.Parameters.Count, Mlp.MinimumParameterCount(2, [1000, 1]));
    }

    [Fact]
    public void ModelFile_WithAHugeArchitecture_IsRefusedAsCorrupt_BeforeBuilding()
    {
        string path = Path.Combine(_folder, "huge.json");
        File.WriteAllText(path, """
            { "format": "autograd-mlp", "version": 1, "inputs": 1000000, "layers": [1000000],
              "hiddenActivation": "relu", "outputActivation": "linear", "parameters": [0.5] }
            """);
        long before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<DataFormatException>(() => ModelFile.Load(path));

        // A file that holds fewer numbers than its architecture needs is corrupt, and that is found
        // with the same count as new Mlp's, stopped as soon as it passes the file's length.
        Assert.Contains("it has 1 parameters but its architecture (1000000 inputs, layers [1000000]) needs at least 1000001000000", error.Message, StringComparison.Ordinal);
        Assert.Equal(path, error.Path);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 4_000_000); // refused before building
    }
}
