using AutoGrad.Training;

namespace AutoGrad.Cli.Commands;

/// <summary>
/// Everything <c>autograd train</c> was asked to do: which data, where to write, and the
/// <see cref="TrainingOptions"/>. The option defaults on the command line are read from a
/// <c>new TrainSettings()</c>, and the training ones from <see cref="TrainingOptions"/>, so each is written once.
/// </summary>
internal sealed record TrainSettings
{
    /// <summary>A built-in dataset name (see <see cref="TrainJob.BuiltInDatasets"/>); ignored when <see cref="CsvPath"/> is set.</summary>
    public string Dataset { get; init; } = "moons";

    /// <summary>A CSV file of the user's, or null.</summary>
    public string? CsvPath { get; init; }

    /// <summary>What to learn (<c>--task</c>): the built-in dataset's own task, classification for a CSV file unless asked for regression.</summary>
    public TrainTask Task { get; init; } = TrainTask.Classification;

    /// <summary>Examples in a built-in dataset; micrograd's 100.</summary>
    public int Samples { get; init; } = 100;

    /// <summary>Noise of a built-in dataset; micrograd's moons noise, 0.1 (see <see cref="TrainJob.BuiltInDatasets"/> for how each dataset reads it).</summary>
    public double Noise { get; init; } = 0.1;

    /// <summary>The train, validation and test shares (<see cref="AutoGrad.Data.DatasetSplit"/>), or null to train on every example.</summary>
    public IReadOnlyList<double>? Split { get; init; }

    /// <summary>Report progress every this many steps, or null for a tenth of the steps.</summary>
    public int? LogEvery { get; init; }

    /// <summary>Whether the pictures are drawn (<c>--no-plots</c> turns them off); the model is always written.</summary>
    public bool Plots { get; init; } = true;

    /// <summary>The folder the model and pictures are written to.</summary>
    public string OutputFolder { get; init; } = "out";

    /// <summary>What and how to train; its seed also draws the built-in dataset.</summary>
    public TrainingOptions Training { get; init; } = new();
}
