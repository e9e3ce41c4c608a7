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
        foreach (Value p in model.Parameters())
        {
            p.Data = Math.PI * p.Data / 3 + 1e-300; // values without short decimal forms
        }

        string path = Path.Combine(_folder, "sub", "model.json");
        ModelFile.Save(model, path);
        Mlp loaded = ModelFile.Load(path);

        Assert.Equal(model.ToString(), loaded.ToString());
        Assert.Equal(
            model.Parameters().Select(p => BitConverter.DoubleToInt64Bits(p.Data)),
            loaded.Parameters().Select(p => BitConverter.DoubleToInt64Bits(p.Data)));
        Assert.Equal([path], Directory.GetFiles(Path.GetDirectoryName(path)!)); // no temporary file left behind
    }

    [Fact]
    public void LoadInto_AModelOfAnotherArchitecture_NamesBoth()
    {
        string path = Path.Combine(_folder, "small.json");
        ModelFile.Save(new Mlp(2, [8, 1]), path);
        var other = new Mlp(2, [16, 16, 1]);
        double before = other.Parameters()[0].Data;

        var error = Assert.Throws<InvalidDataException>(() => ModelFile.LoadInto(other, path));

        Assert.Contains("holds MLP(2, [8, 1], relu)", error.Message);
        Assert.Contains("but the model is MLP(2, [16, 16, 1], relu)", error.Message);
        Assert.Equal(before, other.Parameters()[0].Data); // nothing was changed
    }

    [Theory]
    [InlineData("{ not json", "the JSON is corrupt")]
    [InlineData("{\"format\": \"something-else\"}", "is not an AutoGrad model file")]
    [InlineData("{\"format\": \"autograd-mlp\", \"version\": 7}", "is model format version 7")]
    [InlineData("{\"format\": \"autograd-mlp\", \"version\": 1, \"inputs\": 2, \"layers\": [1], \"hiddenActivation\": \"relu\", \"outputActivation\": \"linear\", \"parameters\": [1, 2]}", "it has 2 parameters but MLP(2, [1], relu) needs 3")]
    [InlineData("{\"format\": \"autograd-mlp\", \"version\": 1, \"inputs\": 2, \"layers\": [1], \"hiddenActivation\": \"swish\", \"outputActivation\": \"linear\", \"parameters\": [1, 2, 3]}", "Unknown activation 'swish'")]
    public void Load_RefusesACorruptFile_SayingWhy(string json, string expected)
    {
        string path = Path.Combine(_folder, "bad.json");
        File.WriteAllText(path, json);

        var error = Assert.Throws<InvalidDataException>(() => ModelFile.Load(path));

        Assert.Contains(expected, error.Message);
    }
}
