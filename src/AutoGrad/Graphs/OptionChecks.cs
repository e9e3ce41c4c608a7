using System.Globalization;

namespace AutoGrad.Graphs;

/// <summary>The checks <see cref="DiagramOptions"/> runs as each option is set; every exception names the option.</summary>
internal static class OptionChecks
{
    /// <summary>The value, if it is a named member of its enum.</summary>
    /// <exception cref="ArgumentOutOfRangeException">It is not.</exception>
    public static T Defined<T>(T value, string option)
        where T : struct, Enum =>
        Enum.IsDefined(value)
            ? value
            : throw new ArgumentOutOfRangeException(option, value, $"{option} is {value}, which is not a defined {typeof(T).Name}; expected one of {string.Join(", ", Enum.GetNames<T>())}.");

    /// <summary>The list, if neither it nor an item is null.</summary>
    /// <exception cref="ArgumentException">The list or an item is null.</exception>
    public static IReadOnlyList<string> NoNulls(IReadOnlyList<string> patterns, string option)
    {
        if (patterns is null)
        {
            throw new ArgumentException($"DiagramOptions.{option} is null; expected a list of scope patterns (empty for none).", option);
        }

        for (int i = 0; i < patterns.Count; i++)
        {
            if (patterns[i] is null)
            {
                throw new ArgumentException($"Pattern {i} of DiagramOptions.{option} is null; expected a scope name or pattern.", option);
            }
        }

        return patterns;
    }

    /// <summary>The format, if .NET can write a number with it.</summary>
    /// <exception cref="ArgumentNullException">It is null.</exception>
    /// <exception cref="ArgumentException">It is not a numeric format (such as "X", which only integers take).</exception>
    public static string NumberFormat(string format, string option)
    {
        ArgumentNullException.ThrowIfNull(format, option);
        try
        {
            _ = 1.5.ToString(format, CultureInfo.InvariantCulture);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"{option} is \"{format}\", which is not a numeric format .NET can apply to a double: {e.Message}", option, e);
        }

        return format;
    }
}
