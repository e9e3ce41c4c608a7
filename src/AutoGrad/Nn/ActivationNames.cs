namespace AutoGrad.Nn;

/// <summary>Activation names as a user types them (command line, save files).</summary>
public static class ActivationNames
{
    private static readonly Dictionary<string, Activation> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["linear"] = Activation.Linear,
        ["tanh"] = Activation.Tanh,
        ["sigmoid"] = Activation.Sigmoid,
        ["relu"] = Activation.Relu,
        ["leaky-relu"] = Activation.LeakyRelu,
        ["prelu"] = Activation.Prelu,
        ["elu"] = Activation.Elu,
    };

    /// <summary>The names accepted by <see cref="Parse"/>, in a stable order.</summary>
    public static IReadOnlyList<string> All { get; } = ByName.Keys.ToArray();

    /// <summary>The name of an activation, as <see cref="Parse"/> reads it.</summary>
    /// <param name="activation">The activation.</param>
    public static string NameOf(Activation activation) => ByName.First(pair => pair.Value == activation).Key;

    /// <summary>The activation with this name (case-insensitive).</summary>
    /// <param name="name">One of <see cref="All"/>.</param>
    /// <exception cref="ArgumentException">The name is unknown; the message lists the known ones.</exception>
    public static Activation Parse(string name) =>
        name is not null && ByName.TryGetValue(name, out Activation activation)
            ? activation
            : throw new ArgumentException($"Unknown activation '{name}'; expected one of: {string.Join(", ", All)}.", nameof(name));
}
