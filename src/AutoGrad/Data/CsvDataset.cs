using System.Globalization;

namespace AutoGrad.Data;

/// <summary>
/// Reads classification data from a CSV file of your own. Fields are not quoted; a byte order mark
/// and CRLF line ends are fine. The first row is a header unless every field of it is a number: then
/// the file has no header (as the UCI and scikit-learn files), its columns are called "column 1",
/// "column 2", …, and the label is the last one.
/// </summary>
public static class CsvDataset
{
    /// <summary>
    /// Reads a file of examples: every column but the label column is a finite numeric feature; the
    /// label column holds class names or numbers. When every label is a finite number, labels are
    /// compared as numbers (1, 1.0 and +1 are one class, named "1") and classes follow numeric order,
    /// so −1/+1 become classes 0/1; otherwise labels are names in ordinal order.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="labelColumn">The label column's name; "label" if the header has it, else the last column.</param>
    /// <returns>The dataset, named after the file.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">A row or value is malformed; the message names the line and column.</exception>
    public static Dataset Load(string path, string? labelColumn = null)
    {
        Table table = Table.Read(path);
        int labelIndex = table.LabelIndex(labelColumn);
        if (table.Header.Length < 2)
        {
            throw new DataFormatException(path, table.HeaderLine, null, "expected at least one feature column and a label column.");
        }

        (List<double[]> features, List<string> rawLabels, _) = table.Rows(labelIndex);
        (int[] labels, string[] classNames) = ClassesOf(rawLabels);
        return new Dataset(Path.GetFileNameWithoutExtension(path), features, labels, classNames);
    }

    /// <summary>
    /// Reads a file of examples to classify with a trained model of <paramref name="featureCount"/>
    /// inputs: either just the feature columns, or the features and a label column (named
    /// <paramref name="labelColumn"/>, else "label" if the header has it, else the last), as
    /// <see cref="Load"/> reads them. Labels are kept as their text.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="featureCount">The features the model takes.</param>
    /// <param name="labelColumn">The label column's name, if the file has one and it is not "label" or the last.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file has neither <paramref name="featureCount"/> nor one more columns, or a row or value is malformed.</exception>
    public static CsvRows LoadRows(string path, int featureCount, string? labelColumn = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        Table table = Table.Read(path);
        int columns = table.Header.Length;
        if (columns != featureCount && columns != featureCount + 1)
        {
            throw new DataFormatException(path, table.HeaderLine, null, string.Create(
                CultureInfo.InvariantCulture,
                $"the file has {columns} column{(columns == 1 ? "" : "s")}; expected the model's {featureCount} feature{(featureCount == 1 ? "" : "s")}, or {featureCount + 1} with a label column."));
        }

        bool labelled = columns == featureCount + 1;
        (List<double[]> features, List<string> labels, List<int> lines) = table.Rows(labelled ? table.LabelIndex(labelColumn) : -1);
        return new CsvRows(path, features, labelled ? labels : null, lines);
    }

    private static (int[] Labels, string[] ClassNames) ClassesOf(List<string> raw)
    {
        var numbers = new double[raw.Count];
        bool numeric = true;
        for (int i = 0; i < raw.Count && numeric; i++)
        {
            numeric = double.TryParse(raw[i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]) && double.IsFinite(numbers[i]);
        }

        if (numeric)
        {
            // Compared as numbers, so "1", "1.0" and "+1" are one class; -0.0 is 0 (+ 0.0 drops the sign).
            double[] values = numbers.Select(n => n + 0.0).Distinct().Order().ToArray();
            var byValue = values.Select((value, i) => (value, i)).ToDictionary(p => p.value, p => p.i);
            return (numbers.Select(n => byValue[n + 0.0]).ToArray(), values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)).ToArray());
        }

        string[] ordered = raw.Distinct().Order(StringComparer.Ordinal).ToArray();
        var index = ordered.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i);
        return (raw.Select(s => index[s]).ToArray(), ordered);
    }

    private static bool TryParseFinite(string field, out double value) =>
        double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>A CSV file's lines, with its header (read or made up) and where the data starts.</summary>
    private sealed record Table(string Path, string[] Lines, string[] Header, int HeaderLine, int FirstDataIndex)
    {
        public static Table Read(string path)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            string[] lines = File.ReadAllLines(path);
            int first = Array.FindIndex(lines, l => l.Trim().Length > 0);
            if (first < 0)
            {
                throw new DataFormatException(path, 0, null, "the file is empty; expected a header row and data rows.");
            }

            string[] fields = lines[first].Split(',').Select(h => h.Trim()).ToArray();
            if (fields.All(f => TryParseFinite(f, out _)))
            {
                // A first row of numbers is data: the file has no header.
                string[] made = Enumerable.Range(1, fields.Length).Select(c => $"column {c}").ToArray();
                return new Table(path, lines, made, 0, first);
            }

            return new Table(path, lines, fields, first + 1, first + 1);
        }

        /// <summary>The label column: <paramref name="name"/> if given, else "label" if the header has it, else the last.</summary>
        public int LabelIndex(string? name)
        {
            int index = name is not null
                ? Array.IndexOf(Header, name)
                : Array.IndexOf(Header, "label") is int named and >= 0 ? named : Header.Length - 1;
            return index >= 0
                ? index
                : throw new DataFormatException(Path, HeaderLine, name, $"no such column; the header has: {string.Join(", ", Header)}.");
        }

        /// <summary>Every data row's features, its label text (when <paramref name="labelIndex"/> ≥ 0) and its 1-based line.</summary>
        public (List<double[]> Features, List<string> Labels, List<int> Lines) Rows(int labelIndex)
        {
            string rowsOf = HeaderLine > 0 ? "the header has" : "the first row has";
            var features = new List<double[]>();
            var labels = new List<string>();
            var lineNumbers = new List<int>();
            for (int i = FirstDataIndex; i < Lines.Length; i++)
            {
                if (Lines[i].Trim().Length == 0)
                {
                    continue;
                }

                string[] fields = Lines[i].Split(',');
                if (fields.Length != Header.Length)
                {
                    throw new DataFormatException(Path, i + 1, null, $"the row has {fields.Length} field{(fields.Length == 1 ? "" : "s")} but {rowsOf} {Header.Length}.");
                }

                var row = new double[labelIndex >= 0 ? Header.Length - 1 : Header.Length];
                for (int c = 0, f = 0; c < fields.Length; c++)
                {
                    if (c == labelIndex)
                    {
                        string label = fields[c].Trim();
                        if (label.Length == 0)
                        {
                            throw new DataFormatException(Path, i + 1, Header[c], "the label is empty; expected a class name or number.");
                        }

                        labels.Add(label);
                        continue;
                    }

                    if (!TryParseFinite(fields[c], out double value))
                    {
                        throw new DataFormatException(Path, i + 1, Header[c], $"'{fields[c].Trim()}' is not a finite number.");
                    }

                    row[f++] = value;
                }

                features.Add(row);
                lineNumbers.Add(i + 1);
            }

            if (features.Count == 0)
            {
                throw new DataFormatException(Path, 0, null, "the file has a header but no data rows.");
            }

            return (features, labels, lineNumbers);
        }
    }
}
