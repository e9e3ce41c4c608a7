using System.Collections.Concurrent;
using AutoGrad.IO;
using AutoGrad.Nn;
using AutoGrad.Training;

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

    [Fact]
    public void Write_ToAValid252CharacterName_Succeeds_BecauseTheTemporaryNameIsShort()
    {
        string name = new string('m', 247) + ".json"; // 252 characters; a file name may have 255
        string path = Path.Combine(_folder, name);
        var model = new Mlp(2, [3, 1], new MlpOptions { Seed = 1 });

        ModelFile.Save(model, path);
        AtomicFile.WriteAllText(path + "ab", "three more"); // 254 characters, and an extension of 7
        var classifier = new Classifier(model, LossKind.Hinge, ["-1", "1"], null);
        ClassifierFile.Save(classifier, path);

        Assert.Equal(model.Parameters.Select(p => p.Data), ClassifierFile.Load(path).Model.Parameters.Select(p => p.Data));
        Assert.Equal("three more", File.ReadAllText(path + "ab"));
        Assert.Equal(2, Directory.GetFiles(_folder).Length);
    }

    [Fact]
    public void TemporaryNames_AreShort_UniquePerWrite_InTheTargetsFolder_WithItsExtension()
    {
        string target = Path.Combine(_folder, new string('n', 250) + ".png");
        string[] names = Enumerable.Range(0, 1_000).Select(_ => AtomicFile.TemporaryName(target)).ToArray();

        Assert.Equal(names.Length, names.Distinct().Count());
        Assert.All(names, name => Assert.Matches("^\\.tmp-[0-9a-f]{16}\\.png$", name));
        Assert.Matches("^\\.tmp-[0-9a-f]{16}$", AtomicFile.TemporaryName(Path.Combine(_folder, "a." + new string('e', 40)))); // a long extension is dropped
    }

    [Fact]
    public void ModelFile_SavedByTwoThreadsAtOnce_IsAlwaysWholeForAConcurrentReader()
    {
        // Two writers × 300 saves of two different models to one path, while a reader loads it
        // again and again: every save succeeds and every load parses a whole file of one model.
        string path = Path.Combine(_folder, "model.json");
        Mlp[] models = [new Mlp(2, [4, 1], new MlpOptions { Seed = 1 }), new Mlp(2, [16, 16, 1], new MlpOptions { Seed = 2 })];
        ModelFile.Save(models[0], path);

        (Exception[] failures, int reads) = SaveWhileReading(models, 300, model => ModelFile.Save(model, path), () =>
        {
            double[] parameters = ModelFile.Load(path).Parameters.Select(p => p.Data).ToArray();
            if (!models.Any(m => m.Parameters.Select(p => p.Data).SequenceEqual(parameters)))
            {
                throw new InvalidDataException("The loaded model is neither of the two saved.");
            }
        });

        Assert.Empty(failures);
        Assert.True(reads > 0, "the reader never ran while the writers saved");
        Assert.Equal([path], Directory.GetFiles(_folder)); // no temporary left behind
    }

    [Fact]
    public void ClassifierFile_SavedByThreeThreadsAtOnce_IsAlwaysWholeForAConcurrentReader()
    {
        string path = Path.Combine(_folder, "classifier.json");
        Classifier[] classifiers = Enumerable.Range(1, 3)
            .Select(seed => new Classifier(new Mlp(2, [seed * 4, 1], new MlpOptions { Seed = seed }), LossKind.Hinge, ["no", "yes"], null)).ToArray();
        ClassifierFile.Save(classifiers[0], path);

        (Exception[] failures, int reads) = SaveWhileReading(classifiers, 150, classifier => ClassifierFile.Save(classifier, path), () =>
        {
            int count = ClassifierFile.Load(path).Model.Parameters.Count;
            if (!classifiers.Any(c => c.Model.Parameters.Count == count))
            {
                throw new InvalidDataException($"The loaded classifier has {count} parameters, which none of those saved has.");
            }
        });

        Assert.Empty(failures);
        Assert.True(reads > 0, "the reader never ran while the writers saved");
        Assert.Equal([path], Directory.GetFiles(_folder));
    }

    /// <summary>
    /// One writer thread per item saving it <paramref name="saves"/> times, and one reader calling
    /// <paramref name="read"/> until the writers are done; every exception either side throws, and how many reads succeeded.
    /// </summary>
    private static (Exception[] Failures, int Reads) SaveWhileReading<T>(T[] items, int saves, Action<T> save, Action read)
    {
        var failures = new ConcurrentQueue<Exception>();
        int reads = 0;
        int writersLeft = items.Length;
        Thread[] writers = items.Select(item => new Thread(() =>
        {
            try
            {
                for (int i = 0; i < saves; i++)
                {
                    save(item);
                }
            }
            catch (Exception e)
            {
                failures.Enqueue(e);
            }
            finally
            {
                Interlocked.Decrement(ref writersLeft);
            }
        })).ToArray();
        var reader = new Thread(() =>
        {
            while (Volatile.Read(ref writersLeft) > 0)
            {
                try
                {
                    read();
                    reads++;
                }
                catch (Exception e)
                {
                    failures.Enqueue(e);
                }
            }
        });
        foreach (Thread writer in writers)
        {
            writer.Start();
        }

        reader.Start();
        foreach (Thread writer in writers)
        {
            writer.Join();
        }

        reader.Join();
        return (failures.ToArray(), reads);
    }
}
