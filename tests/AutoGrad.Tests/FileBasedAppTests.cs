using System.Diagnostics;
using System.Globalization;
using AutoGrad.Data;
using AutoGrad.Plots;
using AutoGrad.Tests.Plots;
using AutoGrad.Training;

namespace AutoGrad.Tests;

/// <summary>
/// The library in a file-based app (<c>dotnet run app.cs</c>) with .NET's defaults: such an app
/// defaults to <c>PublishAot</c>, which turns reflection-based JSON and dynamic code off even on the
/// JIT. Model and classifier files must still save and load (they use generated JSON contracts), and
/// a compiled graph must say it is interpreted there.
/// </summary>
/// <remarks>
/// One script for all of it, run once (building it takes tens of seconds). It sits in a temporary
/// folder outside the repository, so the repository's Directory.Build.props does not change its defaults.
/// </remarks>
public sealed class FileBasedAppTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("autograd-script-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Script(string project) => $$"""
        #:project {{project}}
        using System.Runtime.CompilerServices;
        using AutoGrad;
        using AutoGrad.Compilation;
        using AutoGrad.Data;
        using AutoGrad.Nn;
        using AutoGrad.Training;

        string folder = args[0];
        Console.WriteLine($"dynamic code: {RuntimeFeature.IsDynamicCodeSupported}");

        var model = new Mlp(2, [4, 1], new MlpOptions { HiddenActivation = Activation.Prelu, Seed = 5 });
        string modelPath = Path.Combine(folder, "model.json");
        ModelFile.Save(model, modelPath);
        Mlp loaded = ModelFile.Load(modelPath);
        var other = new Mlp(2, [4, 1], new MlpOptions { HiddenActivation = Activation.Prelu, Seed = 6 });
        ModelFile.LoadInto(other, modelPath);
        long[] Bits(Mlp m) => m.Parameters.Select(p => BitConverter.DoubleToInt64Bits(p.Data)).ToArray();
        Console.WriteLine($"model round trip: {Bits(loaded).SequenceEqual(Bits(model)) && Bits(other).SequenceEqual(Bits(model))} ({loaded})");

        Dataset moons = Datasets.Moons(30);
        var trainer = new Trainer(moons, new TrainingOptions { Steps = 3, Standardize = true });
        for (int step = 0; step < 3; step++)
        {
            trainer.Step();
        }

        Classifier classifier = trainer.ToClassifier();
        string classifierPath = Path.Combine(folder, "classifier.json");
        ClassifierFile.Save(classifier, classifierPath);
        Classifier back = ClassifierFile.Load(classifierPath);
        bool same = back.Predict(moons.Features).SequenceEqual(classifier.Predict(moons.Features))
            && back.ClassNames.SequenceEqual(classifier.ClassNames)
            && back.Standardizer!.Means.SequenceEqual(classifier.Standardizer!.Means)
            && Bits(back.Model).SequenceEqual(Bits(classifier.Model));
        Console.WriteLine($"classifier round trip: {same} ({back.Loss}, {string.Join("/", back.ClassNames)})");

        var x = new Value(3);
        CompiledGraph compiled = CompiledGraph.Compile(x * x + x.Tanh());
        Console.WriteLine($"compiled mode: {compiled.Mode}, output right: {compiled.Forward() == 9 + Math.Tanh(3)}");
        """;

    [Fact]
    public async Task Script_WithTheDefaults_SavesAndLoadsModelsAndClassifiers_AndSaysItsReplayIsInterpreted()
    {
        string project = Path.Combine(Repository.Root, "src", "AutoGrad", "AutoGrad.csproj");
        string script = Path.Combine(_folder, "files.cs");
        File.WriteAllText(script, Script(project));

        (int exitCode, string output) = await Run(script, _folder);

        Assert.True(exitCode == 0, $"The script failed (exit {exitCode}):\n{output}");
        Assert.Contains("dynamic code: False", output, StringComparison.Ordinal); // the defaults were in force
        Assert.Contains("model round trip: True (MLP(2, [4, 1], prelu))", output, StringComparison.Ordinal);
        Assert.Contains("classifier round trip: True (Hinge, outer/inner)", output, StringComparison.Ordinal);
        Assert.Contains("compiled mode: Interpreted, output right: True", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_folder, "model.json")) && File.Exists(Path.Combine(_folder, "classifier.json")));
    }

    /// <summary>A script that trains with <see cref="Trainer"/> and draws the run with the AutoGrad.Plots package, as the README shows.</summary>
    private static string PicturesScript(string project) => $$"""
        #:project {{project}}
        using System.Globalization;
        using AutoGrad.Data;
        using AutoGrad.Plots;
        using AutoGrad.Training;

        Dataset moons = Datasets.Moons(40, 0.1, 7);
        var trainer = new Trainer(moons, new TrainingOptions { Steps = 12 });
        var run = new TrainingRecorder(trainer, moons);
        trainer.Run(run.Hooks);
        foreach (string path in TrainingPictures.Save(run, args[0]))
        {
            Console.WriteLine($"wrote {path}");
        }

        Console.WriteLine("losses: " + string.Join(" ", run.History.Select(h => h.Loss.ToString("R", CultureInfo.InvariantCulture))));
        """;

    [Fact]
    public async Task Script_ReferencingThePlotsPackage_TrainsWithTrainer_AndWritesThePicturesOfItsRun()
    {
        string project = Path.Combine(Repository.Root, "src", "AutoGrad.Plots", "AutoGrad.Plots.csproj");
        string script = Path.Combine(_folder, "pictures.cs");
        File.WriteAllText(script, PicturesScript(project));
        string pictures = Directory.CreateDirectory(Path.Combine(_folder, "pictures")).FullName;

        (int exitCode, string output) = await Run(script, pictures);

        Assert.True(exitCode == 0, $"The script failed (exit {exitCode}):\n{output}");
        Assert.Contains($"wrote {Path.Combine(pictures, "training.png")}", output, StringComparison.Ordinal);
        Assert.Contains($"wrote {Path.Combine(pictures, "decision-boundary.png")}", output, StringComparison.Ordinal);

        // The same run here: the script's losses are these, and its pictures are these pictures, pixel for pixel.
        Dataset moons = Datasets.Moons(40, 0.1, 7);
        var trainer = new Trainer(moons, new TrainingOptions { Steps = 12 });
        var run = new TrainingRecorder(trainer, moons);
        trainer.Run(run.Hooks);
        string losses = output.Split('\n').Single(line => line.StartsWith("losses: ", StringComparison.Ordinal))["losses: ".Length..].Trim();
        Assert.Equal(run.History.Select(h => h.Loss), losses.Split(' ').Select(l => double.Parse(l, CultureInfo.InvariantCulture)));
        IReadOnlyList<string> expected = TrainingPictures.Save(run, Path.Combine(_folder, "expected"));
        Assert.Equal(2, expected.Count);
        foreach (string picture in expected)
        {
            SamePicture.Assert(picture, Path.Combine(pictures, Path.GetFileName(picture)));
        }
    }

    /// <summary>Runs <c>dotnet run script folder</c> in the script's folder; returns the exit code and everything printed.</summary>
    private static async Task<(int ExitCode, string Output)> Run(string script, string folder)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        foreach (string argument in new[] { "run", script, folder })
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }
}
