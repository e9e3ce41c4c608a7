using AutoGrad.Data;

namespace AutoGrad.Cli.Commands;

/// <summary>A dataset <c>autograd train --dataset</c> can name.</summary>
/// <param name="Make">Makes it from the settings (size, noise and seed for the generated ones).</param>
/// <param name="Generated">
/// True for the 2-D toys made in code: they take --samples and --noise and are not standardised (they
/// are centred and about 1 wide already). False for real data, a fixed set standardised by default.
/// </param>
/// <param name="Images">True when each example is a square image, its pixels row by row (the digits): <c>train</c> then draws the images.</param>
/// <param name="Task">What its examples teach: classes, or a number (a regression).</param>
internal sealed record BuiltInDataset(Func<TrainSettings, Dataset> Make, bool Generated, bool Images = false, TrainTask Task = TrainTask.Classification);
