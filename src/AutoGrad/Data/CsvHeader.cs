namespace AutoGrad.Data;

/// <summary>
/// A CSV file's column names: its header row, or, for a file whose first row is all numbers (no
/// header, as the UCI and scikit-learn files), names made up as "column 1", "column 2", ….
/// </summary>
/// <param name="Path">The file, for messages.</param>
/// <param name="Names">A distinct name per column, trimmed.</param>
/// <param name="Line">The header row's 1-based line, or 0 when the file has no header.</param>
internal sealed record CsvHeader(string Path, IReadOnlyList<string> Names, int Line)
{
    /// <summary>Whether the names are the file's own (it has a header row).</summary>
    public bool IsWritten => Line > 0;

    /// <summary>How many columns.</summary>
    public int Count => Names.Count;

    /// <summary>The names a headerless file of <paramref name="count"/> columns gets.</summary>
    public static CsvHeader MadeUp(string path, int count) =>
        new(path, Enumerable.Range(1, count).Select(c => $"column {c}").ToArray(), 0);

    /// <summary>"the header has" or "the first row has", for messages about a row's length.</summary>
    public string Owner => IsWritten ? "the header has" : "the first row has";

    /// <summary>The label column: <paramref name="name"/> if given, else "label" if the header has it, else the last.</summary>
    /// <exception cref="DataFormatException">There is no column <paramref name="name"/>.</exception>
    public int LabelIndex(string? name)
    {
        int index = name is not null
            ? IndexOf(name)
            : IndexOf("label") is int named and >= 0 ? named : Count - 1;
        return index >= 0
            ? index
            : throw new DataFormatException(Path, Line, name, $"no such column; the header has: {string.Join(", ", Names)}.");
    }

    /// <summary>The column named <paramref name="name"/> (ordinal comparison), or −1.</summary>
    public int IndexOf(string name)
    {
        for (int c = 0; c < Names.Count; c++)
        {
            if (string.Equals(Names[c], name, StringComparison.Ordinal))
            {
                return c;
            }
        }

        return -1;
    }
}
