using AutoGrad.Naming;

namespace AutoGrad.Nn;

/// <summary>
/// The word for each <see cref="Activation"/>: what model files store, and what the command line
/// accepts (the training layer reuses this table rather than copying it).
/// </summary>
internal static class ActivationNames
{
    /// <summary>The words, in the order help lists them.</summary>
    public static NameTable<Activation> Table { get; } = new(
        "activation",
        ("linear", Activation.Linear),
        ("tanh", Activation.Tanh),
        ("sigmoid", Activation.Sigmoid),
        ("relu", Activation.Relu),
        ("leaky-relu", Activation.LeakyRelu),
        ("prelu", Activation.Prelu),
        ("elu", Activation.Elu),
        ("maxout", Activation.Maxout));

    /// <summary>The word for an activation.</summary>
    public static string NameOf(Activation activation) => Table.NameOf(activation);

    /// <summary>The activation a word names (case-insensitive).</summary>
    /// <exception cref="ArgumentException">The word is unknown; the message lists the known ones.</exception>
    public static Activation Parse(string name) => Table.Parse(name);
}
