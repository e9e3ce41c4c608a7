namespace AutoGrad.Nn;

/// <summary>
/// The checks every list-taking method in Nn runs before it touches the engine, so an exception
/// names the caller's own parameter (and the index of a null item), never one inside the engine.
/// </summary>
internal static class ListChecks
{
    /// <summary>Throws if the list or one of its items is null.</summary>
    /// <exception cref="ArgumentNullException">The list is null.</exception>
    /// <exception cref="ArgumentException">An item is null; the message gives its index.</exception>
    public static void ThrowIfNullOrHasNull(IReadOnlyList<Value> values, string parameter)
    {
        ArgumentNullException.ThrowIfNull(values, parameter);
        for (int i = 0; i < values.Count; i++)
        {
            if (values[i] is null)
            {
                throw new ArgumentException($"Item {i} of '{parameter}' is null; expected a Value.", parameter);
            }
        }
    }

    /// <summary>Throws if the list is null, holds null, or is empty.</summary>
    /// <exception cref="ArgumentNullException">The list is null.</exception>
    /// <exception cref="ArgumentException">An item is null, or the list is empty.</exception>
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
}
