using System.Globalization;

namespace AutoGrad.Nn;

/// <summary>
/// The argument checks Nn's public members run before they touch the engine, so an exception names
/// the caller's own parameter, the value received (or the index of a null item) and what was expected.
/// </summary>
internal static class Checks
{
    /// <summary>Throws if the list or one of its items is null.</summary>
    /// <exception cref="ArgumentNullException">The list is null.</exception>
    /// <exception cref="ArgumentException">An item is null; the message gives its index.</exception>
    public static void ThrowIfNullOrHasNull(IReadOnlyList<Value> values, string parameter)
    {
        ArgumentNullException.ThrowIfNull(values, parameter);
        // Arrays, the common case on every forward pass, are scanned without an interface call per item.
        int bad = values is Value[] array ? Array.IndexOf(array, null) : IndexOfNull(values);
        if (bad >= 0)
        {
            throw new ArgumentException($"Item {bad} of '{parameter}' is null; expected a Value.", parameter);
        }
    }

    /// <summary>Throws if the list is null, holds null, or is empty.</summary>
    /// <exception cref="ArgumentNullException">The list is null.</exception>
    /// <exception cref="ArgumentException">An item is null, or the list is empty.</exception>
    private static int IndexOfNull(IReadOnlyList<Value> values)
    {
        for (int i = 0; i < values.Count; i++)
        {
            if (values[i] is null)
            {
                return i;
            }
        }

        return -1;
    }

    public static void ThrowIfNullOrEmpty(IReadOnlyList<Value> values, string parameter)
    {
        ThrowIfNullOrHasNull(values, parameter);
        if (values.Count == 0)
        {
            throw new ArgumentException($"Expected at least one value in '{parameter}', but the list is empty.", parameter);
        }
    }

    /// <summary>Throws if either vector is null or holds null, or if their lengths differ.</summary>
    /// <exception cref="ArgumentNullException">A vector is null.</exception>
    /// <exception cref="ArgumentException">An item is null, or the lengths differ (the message gives both).</exception>
    public static void ThrowIfNotAPair(IReadOnlyList<Value> a, IReadOnlyList<Value> b, string nameA, string nameB)
    {
        ThrowIfNullOrHasNull(a, nameA);
        ThrowIfNullOrHasNull(b, nameB);
        if (a.Count != b.Count)
        {
            throw new ArgumentException($"The vectors differ in length: '{nameA}' has {a.Count} values and '{nameB}' has {b.Count}.", nameB);
        }
    }

    /// <summary>
    /// Throws unless <paramref name="value"/> is a named member of its enum. <paramref name="member"/>
    /// names the property of <paramref name="parameter"/> that holds it, if it is not the parameter itself.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">It is not; the message lists the members.</exception>
    public static void ThrowIfUndefined<T>(T value, string parameter, string? member = null)
        where T : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            string subject = member is null ? parameter : $"{parameter}.{member}";
            throw new ArgumentOutOfRangeException(
                parameter, value, $"{subject} is {value}, which is not a defined {typeof(T).Name}; expected one of {string.Join(", ", Enum.GetNames<T>())}.");
        }
    }

    /// <summary>Throws unless <paramref name="value"/> lies in [<paramref name="low"/>, <paramref name="high"/>] (NaN never does).</summary>
    /// <exception cref="ArgumentOutOfRangeException">It does not.</exception>
    public static void ThrowIfOutside(double value, double low, double high, string parameter)
    {
        if (!(value >= low && value <= high))
        {
            throw OutOfRange(value, $"a value in [{Format(low)}, {Format(high)}]", parameter);
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is finite and greater than 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">It is not.</exception>
    public static void ThrowIfNotFinitePositive(double value, string parameter)
    {
        if (!(double.IsFinite(value) && value > 0))
        {
            throw OutOfRange(value, "a number finite and greater than 0", parameter);
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is finite and at least 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">It is not.</exception>
    public static void ThrowIfNotFiniteNonNegative(double value, string parameter)
    {
        if (!(double.IsFinite(value) && value >= 0))
        {
            throw OutOfRange(value, "a number finite and at least 0", parameter);
        }
    }

    /// <summary>"Got NaN for 'epsilon'; expected ...", with the number written the same way in every culture.</summary>
    public static ArgumentOutOfRangeException OutOfRange(double value, string expected, string parameter) =>
        new(parameter, value, $"Got {Format(value)} for '{parameter}'; expected {expected}.");

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
