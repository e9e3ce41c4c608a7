using AutoGrad.IO;

namespace AutoGrad.Tests.IO;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("autograd-atomic-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Write_CreatesTheFolder_AndLeavesOnlyTheTarget()
    {
        string path = Path.Combine(_folder, "sub", "a.txt");

        AtomicFile.WriteAllText(path, "new");

        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void Write_WhenTheWriterFails_KeepsTheOldFile_AndLeavesNoTemporary()
    {
        string path = Path.Combine(_folder, "a.png");
        File.WriteAllText(path, "old");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, temporary =>
        {
            Assert.Equal(".png", Path.GetExtension(temporary)); // writers that pick the format by extension still work
            File.WriteAllText(temporary, "half");
            throw new InvalidOperationException("writer failed");
        }));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_folder));
    }
}
