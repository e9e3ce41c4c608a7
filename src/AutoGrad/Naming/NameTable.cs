namespace AutoGrad.Naming;

/// <summary>
/// The words a user types for the members of an enum (on a command line, in a save file), one word
/// per member. Built once per enum; a member without a word fails when the table is made, so a new
/// member cannot be forgotten silently.
/// </summary>
/// <typeparam name="T">The enum the words name.</typeparam>
public sealed class NameTable<T>
    where T : struct, Enum
{
    private readonly Dictionary<string, T> _byName;
    private readonly Dictionary<T, string> _byValue;

    /// <summary>Creates the table.</summary>
    /// <param name="what">What the words name, for messages: "activation", "loss".</param>
    /// <param name="entries">Each member with its word, in the order help lists them.</param>
    /// <exception cref="ArgumentException">A member has no word, or two words clash (case-insensitive).</exception>
    public NameTable(string what, params (string Name, T Value)[] entries)
    {
        What = what;
        _byName = new Dictionary<string, T>(StringComparer.OrdinalIgnoreCase);
        _byValue = [];
        foreach ((string name, T value) in entries)
        {
            if (!_byName.TryAdd(name, value) || !_byValue.TryAdd(value, name))
            {
                throw new ArgumentException($"The {what} names give '{name}' or {value} twice; expected one word per {typeof(T).Name}.", nameof(entries));
            }
        }

        T[] missing = Enum.GetValues<T>().Where(value => !_byValue.ContainsKey(value)).ToArray();
        if (missing.Length > 0)
        {
            throw new ArgumentException($"The {what} names have no word for {string.Join(", ", missing)}; expected one for every {typeof(T).Name}.", nameof(entries));
        }

        Names = entries.Select(entry => entry.Name).ToArray();
    }

    /// <summary>What the words name, for messages.</summary>
    public string What { get; }

    /// <summary>Every word, in a stable order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The word for a member.</summary>
    /// <param name="value">A member of <typeparamref name="T"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is not a named member.</exception>
    public string NameOf(T value) =>
        _byValue.TryGetValue(value, out string? name)
            ? name
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"Expected a {typeof(T).Name} member.");

    /// <summary>The member a word names (case-insensitive).</summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <exception cref="ArgumentException">The word is unknown; the message lists the known ones.</exception>
    public T Parse(string name) =>
        name is not null && _byName.TryGetValue(name, out T value)
            ? value
            : throw new ArgumentException($"Unknown {What} '{name}'; expected one of: {string.Join(", ", Names)}.", nameof(name));
}
