using System.Globalization;
using AutoGrad.Data;
using AutoGrad.Nn;

namespace AutoGrad.Training;

/// <summary>
/// What and how a <see cref="Trainer"/> trains. The defaults are micrograd's moons demo, and every
/// default is written here once: the <c>autograd train</c> options take theirs from a
/// <c>new TrainingOptions()</c>. A choice left null is made by the trainer once it sees the data.
/// </summary>
public sealed record TrainingOptions
{
    // The model's defaults are MlpOptions'; they are read from it, not repeated.
    private static readonly MlpOptions ModelDefaults = new();

    /// <summary>Hidden layer sizes (the output layer is added to fit the loss); [16, 16] by default.</summary>
    public IReadOnlyList<int> HiddenLayers { get; init; } = [16, 16];

    /// <summary>The hidden activation; <see cref="MlpOptions.HiddenActivation"/>'s default (ReLU) by default.</summary>
    public Activation Activation { get; init; } = ModelDefaults.HiddenActivation;

    /// <summary>The pieces k of each maxout unit when <see cref="Activation"/> is <see cref="Activation.Maxout"/>, 2 to <see cref="Neuron.MaxMaxoutPieces"/>; 2 by default (<see cref="MlpOptions.MaxoutPieces"/>'s).</summary>
    public int MaxoutPieces { get; init; } = ModelDefaults.MaxoutPieces;

    /// <summary>
    /// How weights are drawn. Null (the default) picks what the notes prescribe for the activation: He for
    /// the ReLU family (ReLU, leaky ReLU, PReLU, ELU), which zeroes half its inputs and so needs twice the
    /// variance, and Xavier for tanh, sigmoid, linear and maxout units. Uniform(−1, 1), micrograd's choice, only when asked:
    /// it starts a 64-input ReLU network with a loss of about 15 instead of ln 10 ≈ 2.3 on digits.
    /// </summary>
    public Initialization? Initialization { get; init; }

    /// <summary>The loss. Null (the default) picks hinge for two classes, softmax cross-entropy for more, and the mean squared error for a regression (the only loss it takes).</summary>
    public LossKind? Loss { get; init; }

    /// <summary>
    /// The L2 regularisation strength α, the loss gaining α Σ w² over every parameter — weight decay
    /// (<c>autograd train --weight-decay</c>); 1e-4 by default.
    /// </summary>
    public double L2 { get; init; } = 1e-4;

    /// <summary>
    /// The chance p, in [0, 1), of dropping each hidden unit at each training step (inverted dropout,
    /// <see cref="MlpOptions.Dropout"/>); 0, none, by default. With it the graph is built afresh every
    /// step (a new mask each time), never replayed.
    /// </summary>
    public double Dropout { get; init; }

    /// <summary>
    /// Batch normalisation of every hidden layer (Affine → BatchNorm → activation,
    /// <see cref="MlpOptions.BatchNorm"/>); false by default. With it the graph is built afresh every
    /// step (new batch statistics each time), and batches need at least 2 examples.
    /// </summary>
    public bool BatchNorm { get; init; }

    /// <summary>The optimizer; SGD by default.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Sgd;

    /// <summary>The base learning rate. Null (the default) picks <see cref="DefaultLearningRate"/> for the optimizer.</summary>
    public double? LearningRate { get; init; }

    /// <summary>Decay the rate linearly to a tenth over the run, as micrograd's demo; true by default.</summary>
    public bool DecayLearningRate { get; init; } = true;

    /// <summary>Training steps; 100 by default.</summary>
    public int Steps { get; init; } = 100;

    /// <summary>Examples per step; 0 (the default) means the whole dataset every step.</summary>
    public int BatchSize { get; init; }

    /// <summary>
    /// Record the loss graph of one batch once and replay it (<see cref="Compilation.CompiledGraph"/>)
    /// at every step — the same examples each step for the full batch, new examples and labels
    /// written into its input leaves for mini-batches — instead of rebuilding it; true by default.
    /// Both ways give bit-identical results; the replay is several times faster.
    /// </summary>
    public bool UseCompiledGraph { get; init; } = true;

    /// <summary>
    /// Standardise the features: fit a <see cref="Standardizer"/> on the training data (each feature
    /// to mean 0 and deviation 1) and apply it to everything the model sees, in training and in
    /// prediction. False by default: micrograd's demo trains on the raw moons, which are already
    /// centred and about 1 wide. Turn it on for real data, whose features differ in scale. For a
    /// regression it standardises the target too (<see cref="Trainer.TargetStandardizer"/>); predictions
    /// are scaled back to the target's units.
    /// </summary>
    public bool Standardize { get; init; }

    /// <summary>The seed of the initial weights and of batch sampling; <see cref="MlpOptions.Seed"/>'s default (0) by default.</summary>
    public int Seed { get; init; } = ModelDefaults.Seed;

    /// <summary>The learning rate each optimizer starts well with on these problems: SGD 1.0 (micrograd's demo), Adam 0.02, the others 0.1.</summary>
    /// <param name="optimizer">The optimizer.</param>
    public static double DefaultLearningRate(OptimizerKind optimizer) => optimizer switch
    {
        OptimizerKind.Sgd => 1.0,
        OptimizerKind.Adam => 0.02,
        OptimizerKind.Momentum or OptimizerKind.AdaGrad => 0.1,
        _ => throw Undefined(optimizer, nameof(optimizer)),
    };

    /// <summary>
    /// Checks every option before anything is built, so a bad one is named instead of dropped
    /// (an L2 of NaN was once silently ignored) or read as another (an undefined optimizer as SGD).
    /// </summary>
    /// <param name="parameter">The caller's parameter holding these options, for the exception.</param>
    /// <exception cref="ArgumentException">An option is out of range, undefined or null; the message names it, the value and what is expected.</exception>
    internal void Validate(string parameter)
    {
        if (HiddenLayers is null)
        {
            throw new ArgumentNullException(parameter, $"{parameter}.{nameof(HiddenLayers)} is null; expected a list of layer sizes (empty for none).");
        }

        for (int i = 0; i < HiddenLayers.Count; i++)
        {
            if (HiddenLayers[i] < 1)
            {
                throw new ArgumentOutOfRangeException(parameter, $"{parameter}.{nameof(HiddenLayers)}[{i}] is {HiddenLayers[i]}; every hidden layer needs at least 1 neuron.");
            }
        }

        Defined(Activation, parameter, nameof(Activation));
        Defined(Optimizer, parameter, nameof(Optimizer));
        if (Initialization is { } initialization)
        {
            Defined(initialization, parameter, nameof(Initialization));
        }

        if (Loss is { } loss)
        {
            Defined(loss, parameter, nameof(Loss));
        }

        if (!(double.IsFinite(L2) && L2 >= 0))
        {
            throw new ArgumentOutOfRangeException(parameter, L2, string.Create(CultureInfo.InvariantCulture, $"{parameter}.{nameof(L2)} is {L2}; expected a regularisation strength finite and at least 0."));
        }

        if (Activation == Activation.Maxout && MaxoutPieces is < 2 or > Neuron.MaxMaxoutPieces)
        {
            throw new ArgumentOutOfRangeException(parameter, MaxoutPieces, $"{parameter}.{nameof(MaxoutPieces)} is {MaxoutPieces}; expected 2 to {Neuron.MaxMaxoutPieces} pieces per maxout unit.");
        }

        if (BatchNorm && Activation == Activation.Maxout)
        {
            throw new ArgumentException($"{parameter}.{nameof(BatchNorm)} with {parameter}.{nameof(Activation)} Maxout: batch norm normalises one weighted sum per unit and a maxout unit has one per piece; use another activation or no batch norm.", parameter);
        }

        if (!(Dropout is >= 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(parameter, Dropout, string.Create(CultureInfo.InvariantCulture, $"{parameter}.{nameof(Dropout)} is {Dropout}; expected a probability in [0, 1)."));
        }

        if (BatchNorm && BatchSize == 1)
        {
            throw new ArgumentOutOfRangeException(parameter, $"{parameter}.{nameof(BatchSize)} is 1 with {parameter}.{nameof(BatchNorm)}; batch norm needs at least 2 examples per batch for a variance.");
        }

        if (LearningRate is { } rate && !(double.IsFinite(rate) && rate > 0))
        {
            throw new ArgumentOutOfRangeException(parameter, rate, string.Create(CultureInfo.InvariantCulture, $"{parameter}.{nameof(LearningRate)} is {rate}; expected a rate finite and greater than 0 (or null for the optimizer's default)."));
        }

        if (Steps < 0 || BatchSize < 0)
        {
            throw new ArgumentOutOfRangeException(parameter, $"{parameter}.{nameof(Steps)} ({Steps}) and {parameter}.{nameof(BatchSize)} ({BatchSize}) must not be negative.");
        }
    }

    private static void Defined<T>(T value, string parameter, string option)
        where T : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw Undefined(value, $"{parameter}.{option}");
        }
    }

    /// <summary>The error for an enum value that is not a named member (an undefined kind must never be read as another).</summary>
    internal static ArgumentOutOfRangeException Undefined<T>(T value, string what)
        where T : struct, Enum =>
        new(what.Split('.')[0], value, $"{what} is {value}, which is not a defined {typeof(T).Name}; expected one of {string.Join(", ", Enum.GetNames<T>())}.");

    /// <summary><see cref="Loss"/>, or the choice null stands for on this data: the mean squared error for a regression, hinge for 2 classes, softmax cross-entropy for more.</summary>
    internal LossKind LossFor(Dataset data) =>
        Loss ?? (data.IsRegression ? LossKind.MeanSquaredError : data.ClassCount == 2 ? LossKind.Hinge : LossKind.SoftmaxCrossEntropy);

    /// <summary><see cref="Initialization"/>, or the choice null stands for with this activation.</summary>
    internal Initialization ResolvedInitialization =>
        Initialization ?? DefaultInitialization(Activation);

    /// <summary>The initialisation the notes prescribe for an activation: He for the ReLU family, Xavier otherwise.</summary>
    /// <param name="activation">The hidden activation.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="activation"/> is not a defined activation.</exception>
    public static Initialization DefaultInitialization(Activation activation) => activation switch
    {
        Activation.Relu or Activation.LeakyRelu or Activation.Prelu or Activation.Elu => Nn.Initialization.He,
        // Maxout zeroes nothing: the larger of two symmetric pieces has E[max(z₁, z₂)²] = E[z²], the variance a linear unit keeps.
        Activation.Tanh or Activation.Sigmoid or Activation.Linear or Activation.Maxout => Nn.Initialization.Xavier,
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Expected a defined Activation."),
    };

    /// <summary><see cref="LearningRate"/>, or the optimizer's default.</summary>
    internal double ResolvedLearningRate => LearningRate ?? DefaultLearningRate(Optimizer);
}
