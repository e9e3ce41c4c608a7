using System.Globalization;

namespace AutoGrad.Data;

/// <summary>Loads a classification dataset from a CSV file of your own.</summary>
public static class CsvDataset
{
    /// <summary>
    /// Reads a comma-separated file with a header row: every column but the label column is a finite
    /// numeric feature; the label column holds class names or numbers. When every label is a finite
    /// number, labels are compared as numbers (1, 1.0 and +1 are one class, named "1") and classes
    /// follow numeric order, so −1/+1 become classes 0/1; otherwise labels are names in ordinal order.
    /// Fields are not quoted; a byte order mark and CRLF line ends are fine.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="labelColumn">The label column's name; "label" if the header has it, else the last column.</param>
    /// <returns>The dataset, named after the file.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">A row or value is malformed; the message names the line and column.</exception>
    public static Dataset Load(string path, string? labelColumn = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string[] lines = File.ReadAllLines(path);
        int headerIndex = Array.FindIndex(lines, l => l.Trim().Length > 0);
        if (headerIndex < 0)
        {
            throw new DataFormatException(path, 0, null, "the file is empty; expected a header row and data rows.");
        }

        string[] header = lines[headerIndex].Split(',').Select(h => h.Trim()).ToArray();
        int labelIndex = labelColumn is not null
            ? Array.IndexOf(header, labelColumn)
            : Array.IndexOf(header, "label") is int named and >= 0 ? named : header.Length - 1;
        if (labelIndex < 0)
        {
            throw new DataFormatException(path, headerIndex + 1, labelColumn, $"no such column; the header has: {string.Join(", ", header)}.");
        }

        if (header.Length < 2)
        {
            throw new DataFormatException(path, headerIndex + 1, null, "expected at least one feature column and a label column.");
        }

        var features = new List<double[]>();
        var rawLabels = new List<string>();
        for (int i = headerIndex + 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0)
            {
                continue;
            }

            string[] fields = lines[i].Split(',');
            if (fields.Length != header.Length)
            {
                throw new DataFormatException(path, i + 1, null, $"the row has {fields.Length} field{(fields.Length == 1 ? "" : "s")} but the header has {header.Length}.");
            }

            var row = new double[header.Length - 1];
            for (int c = 0, f = 0; c < fields.Length; c++)
            {
                if (c == labelIndex)
                {
                    string label = fields[c].Trim();
                    if (label.Length == 0)
                    {
                        throw new DataFormatException(path, i + 1, header[c], "the label is empty; expected a class name or number.");
                    }

                    rawLabels.Add(label);
                    continue;
                }

                if (!double.TryParse(fields[c], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
                {
                    throw new DataFormatException(path, i + 1, header[c], $"'{fields[c].Trim()}' is not a finite number.");
                }

                row[f++] = value;
            }

            features.Add(row);
        }

        if (features.Count == 0)
        {
            throw new DataFormatException(path, 0, null, "the file has a header but no data rows.");
        }

        (int[] labels, string[] classNames) = ClassesOf(rawLabels);
        return new Dataset(Path.GetFileNameWithoutExtension(path), features, labels, classNames);
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
}
