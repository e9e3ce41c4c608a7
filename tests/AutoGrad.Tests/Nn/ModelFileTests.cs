using AutoGrad.Nn;

namespace AutoGrad.Tests.Nn;

public sealed class ModelFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("autograd-model-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void SaveThenLoad_RestoresEveryParameterBitForBit()
    {
        var model = new Mlp(3, [5, 4, 2], new MlpOptions { HiddenActivation = Activation.Prelu, Seed = 11 });
        foreach (Value p in model.Parameters)
        {
            p.Data = Math.PI * p.Data / 3 + 1e-300; // values without short decimal forms
        }

        string path = Path.Combine(_folder, "sub", "model.json");
        ModelFile.Save(model, path);
        Mlp loaded = ModelFile.Load(path);

        Assert.Equal(model.ToString(), loaded.ToString());
        Assert.Equal(
            model.Parameters.Select(p => BitConverter.DoubleToInt64Bits(p.Data)),
            loaded.Parameters.Select(p => BitConverter.DoubleToInt64Bits(p.Data)));
        Assert.Equal([path], Directory.GetFiles(Path.GetDirectoryName(path)!)); // no temporary file left behind
    }

    [Theory]
    [InlineData(3, new[] { 8, 1 }, Activation.Relu, Activation.Linear, "the file has 2 inputs but the model has 3")]
    [InlineData(2, new[] { 16, 16, 1 }, Activation.Relu, Activation.Linear, "the file has layer sizes [8, 1] but the model has [16, 16, 1]")]
    [InlineData(2, new[] { 8, 1 }, Activation.Tanh, Activation.Linear, "the file's hidden activation is relu but the model's is tanh")]
    [InlineData(2, new[] { 8, 1 }, Activation.Relu, Activation.Sigmoid, "the file's output activation is linear but the model's is sigmoid")]
    public void LoadInto_AModelOfAnotherArchitecture_NamesTheDifference_AndChangesNothing(
        int inputs, int[] layers, Activation hidden, Activation output, string difference)
    {
        string path = Path.Combine(_folder, "small.json");
        ModelFile.Save(new Mlp(2, [8, 1]), path);
        var other = new Mlp(inputs, layers, new MlpOptions { HiddenActivation = hidden, OutputActivation = output });
        double[] before = other.Parameters.Select(p => p.Data).ToArray();

        var error = Assert.Throws<DataFormatException>(() => ModelFile.LoadInto(other, path));

        Assert.Contains(difference, error.Message);
        Assert.Equal(path, error.Path);
        Assert.Equal(before, other.Parameters.Select(p => p.Data)); // nothing was changed
    }

    [Fact]
    public void LoadInto_AModelOfTheSameArchitecture_BuiltWithAnotherSeed_TakesTheFilesParameters()
    {
        string path = Path.Combine(_folder, "same.json");
        var saved = new Mlp(2, [4, 1], new MlpOptions { Seed = 1 });
        ModelFile.Save(saved, path);
        var other = new Mlp(2, [4, 1], new MlpOptions { Seed = 2, Initialization = Initialization.He });

        ModelFile.LoadInto(other, path);

        Assert.Equal(saved.Parameters.Select(p => p.Data), other.Parameters.Select(p => p.Data));
    }

    [Theory]
    [InlineData("{ not json", "the JSON is corrupt")]
    [InlineData("{\"format\": \"something-else\"}", "not an AutoGrad model file")]
    [InlineData("{\"format\": \"autograd-mlp\", \"version\": 7}", "is model format version 7")]
    [InlineData("{\"format\": \"autograd-mlp\", \"version\": 1, \"inputs\": 2, \"layers\": [1], \"hiddenActivation\": \"relu\", \"outputActivation\": \"linear\", \"parameters\": [1, 2]}", "it has 2 parameters but its architecture (2 inputs, layers [1]) needs at least 3")]
    [InlineData("{\"format\": \"autograd-mlp\", \"version\": 1, \"inputs\": 2, \"layers\": [1], \"hiddenActivation\": \"swish\", \"outputActivation\": \"linear\", \"parameters\": [1, 2, 3]}", "Unknown activation 'swish'")]
    public void Load_RefusesACorruptFile_SayingWhy(string json, string expected)
    {
        string path = Path.Combine(_folder, "bad.json");
        File.WriteAllText(path, json);

        var error = Assert.Throws<DataFormatException>(() => ModelFile.Load(path));

        Assert.Contains(expected, error.Message);
    }
}
