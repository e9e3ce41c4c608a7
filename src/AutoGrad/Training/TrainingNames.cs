using AutoGrad.Naming;
using AutoGrad.Nn;

namespace AutoGrad.Training;

/// <summary>
/// The words a user types for the training choices (the <c>autograd train</c> options): the one
/// mapping from words to <see cref="Activation"/>, <see cref="Initialization"/>, <see cref="LossKind"/> and <see cref="OptimizerKind"/>.
/// Public so that what names a run elsewhere (the pictures' titles in AutoGrad.Plots, a script's own
/// options) uses the same words: <c>TrainingNames.Optimizers.NameOf(OptimizerKind.Adam)</c> is "adam".
/// </summary>
public static class TrainingNames
{
    /// <summary>Hidden activations; the same words model files store.</summary>
    public static NameTable<Activation> Activations => ActivationNames.Table;

    /// <summary>Losses.</summary>
    public static NameTable<LossKind> Losses { get; } = new(
        "loss",
        ("hinge", LossKind.Hinge),
        ("bce", LossKind.BinaryCrossEntropy),
        ("softmax-ce", LossKind.SoftmaxCrossEntropy),
        ("mse", LossKind.MeanSquaredError));

    /// <summary>Initialisations of the weights.</summary>
    public static NameTable<Initialization> Initializations { get; } = new(
        "initialization",
        ("uniform", Initialization.Uniform),
        ("xavier", Initialization.Xavier),
        ("he", Initialization.He));

    /// <summary>Optimizers.</summary>
    public static NameTable<OptimizerKind> Optimizers { get; } = new(
        "optimizer",
        ("sgd", OptimizerKind.Sgd),
        ("momentum", OptimizerKind.Momentum),
        ("adagrad", OptimizerKind.AdaGrad),
        ("adam", OptimizerKind.Adam));
}
