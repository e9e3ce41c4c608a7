using System.Globalization;
using System.Text;
using AutoGrad.IO;

namespace AutoGrad.Cli.Experiments;

/// <summary>The numbers behind a figure, as CSV: a header row, then one row per record, invariant culture.</summary>
/// <param name="columns">The header: one name per column.</param>
internal sealed class CsvTable(params string[] columns)
{
    private readonly List<string> _rows = [];

    /// <summary>Adds a row; numbers are written round-trippable ("R"), in the invariant culture.</summary>
    /// <exception cref="ArgumentException">The row does not have one cell per column.</exception>
    public CsvTable Add(params object[] cells)
    {
        if (cells.Length != columns.Length)
        {
            throw new ArgumentException($"A row of this table needs {columns.Length} cells ({string.Join(", ", columns)}) but got {cells.Length}.", nameof(cells));
        }

        _rows.Add(string.Join(",", cells.Select(Cell)));
        return this;
    }

    /// <summary>The rows added so far (without the header).</summary>
    public int RowCount => _rows.Count;

    /// <summary>The table as a file of the experiment's.</summary>
    public ExperimentFile ToFile(string fileName) => new(fileName, path => AtomicFile.WriteAllText(path, ToString()));

    /// <summary>The CSV text, header first.</summary>
    public override string ToString()
    {
        var text = new StringBuilder().Append(string.Join(",", columns)).Append('\n');
        foreach (string row in _rows)
        {
            text.Append(row).Append('\n');
        }

        return text.ToString();
    }

    private static string Cell(object cell) => cell switch
    {
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        // quote text holding a separator or a quote, doubling the quotes (RFC 4180)
        _ => cell.ToString() is { } text && text.IndexOfAny([',', '"', '\n']) >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell.ToString() ?? "",
    };
}
