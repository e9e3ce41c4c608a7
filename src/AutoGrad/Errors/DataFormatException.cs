namespace AutoGrad.Data;

/// <summary>A data file is malformed; the message and properties say where.</summary>
public sealed class DataFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The file.</param>
    /// <param name="line">The 1-based line, or 0 for the file as a whole.</param>
    /// <param name="column">The column's name, or null.</param>
    /// <param name="problem">What is wrong there.</param>
    public DataFormatException(string path, int line, string? column, string problem)
        : base($"{path}{(line > 0 ? $", line {line}" : "")}{(column is null ? "" : $", column '{column}'")}: {problem}")
    {
        Path = path;
        Line = line;
        Column = column;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The 1-based line, or 0 for the file as a whole.</summary>
    public int Line { get; }

    /// <summary>The column's name, or null.</summary>
    public string? Column { get; }
}
