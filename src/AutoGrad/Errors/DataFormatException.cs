namespace AutoGrad;

/// <summary>
/// A file a user gave (a CSV dataset, a saved model) is malformed; the message and properties say
/// where. The one exception for bad input files, shared by <c>AutoGrad.Data</c> and <c>AutoGrad.Nn</c>.
/// </summary>
public sealed class DataFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The file.</param>
    /// <param name="line">The 1-based line, or 0 for the file as a whole.</param>
    /// <param name="column">The column or field's name, or null.</param>
    /// <param name="problem">What is wrong there.</param>
    /// <param name="innerException">The error that revealed the problem, or null.</param>
    public DataFormatException(string path, int line, string? column, string problem, Exception? innerException = null)
        : base($"{path}{(line > 0 ? $", line {line}" : "")}{(column is null ? "" : $", column '{column}'")}: {problem}", innerException)
    {
        Path = path;
        Line = line;
        Column = column;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The 1-based line, or 0 for the file as a whole.</summary>
    public int Line { get; }

    /// <summary>The column or field's name, or null.</summary>
    public string? Column { get; }
}
