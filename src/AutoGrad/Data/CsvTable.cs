using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;
using nietras.SeparatedValues;

namespace AutoGrad.Data;

/// <summary>
/// The numbers (and label text) of a CSV file, read with Sep: RFC 4180 quoting (a quoted field may
/// hold commas, doubled quotes and line breaks, and its quotes are removed), spaces around a field
/// trimmed, blank lines skipped, strict UTF-8 (a byte order mark is fine), and no row longer than
/// <see cref="CsvDataset.MaxRowLength"/> characters, refused as soon as it is read.
/// </summary>
/// <param name="Header">The column names, read or made up.</param>
/// <param name="Features">One feature vector per data row, in the order <see cref="FeatureColumns.Features"/> gives.</param>
/// <param name="Labels">Each row's label text, trimmed; empty when the columns have no label.</param>
/// <param name="Lines">Each data row's first 1-based line in the file.</param>
internal sealed record CsvTable(CsvHeader Header, List<double[]> Features, List<string> Labels, List<int> Lines)
{
    // throwOnInvalidBytes: bytes that are not UTF-8 must not become U+FFFD class names. The identifier
    // flag makes StreamReader skip a UTF-8 byte order mark without guessing at other encodings.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: true, throwOnInvalidBytes: true);

    // Sep's own quote rules (Unescape); comma only (it would otherwise guess the separator from the first row).
    private static readonly SepReaderOptions Options = Sep.New(',').Reader(o => o with
    {
        HasHeader = false,
        Unescape = true,
        Trim = SepTrim.All,
        DisableColCountCheck = true,
        CultureInfo = CultureInfo.InvariantCulture,
    });

    /// <summary>Reads <paramref name="path"/>: the first non-blank row is the header unless every field of it is a number.</summary>
    /// <param name="path">The file.</param>
    /// <param name="columns">Given the header, which columns are features and which the label; may throw <see cref="DataFormatException"/>.</param>
    /// <exception cref="DataFormatException">The file is empty, not UTF-8, has a row too long, a row of another length, a value that is not a finite number, or no data rows.</exception>
    public static CsvTable Read(string path, Func<CsvHeader, FeatureColumns> columns)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(columns);
        try
        {
            return ReadRows(path, columns);
        }
        catch (DecoderFallbackException e)
        {
            throw new DataFormatException(path, FirstInvalidUtf8Line(path), null, "the bytes are not UTF-8 text; expected a CSV file saved as UTF-8.", e);
        }
    }

    private static CsvTable ReadRows(string path, Func<CsvHeader, FeatureColumns> columnsOf)
    {
        var guard = new RowLengthGuard(new StreamReader(path, StrictUtf8, detectEncodingFromByteOrderMarks: false), path, CsvDataset.MaxRowLength);
        using SepReader reader = Options.From(guard);
        CsvHeader? header = null;
        FeatureColumns? columns = null;
        var features = new List<double[]>();
        var labels = new List<string>();
        var lines = new List<int>();
        foreach (SepReader.Row row in reader)
        {
            if (row.ColCount == 1 && row.Span.IsWhiteSpace())
            {
                continue;
            }

            // Sep reports the first row's LineNumberFrom as its end line; the first row starts on line 1.
            int line = row.RowIndex == 0 ? 1 : row.LineNumberFrom;
            string[]? firstRow = null;
            if (header is null)
            {
                // Read once as text: Sep unescapes a column in place, so it is not read a second time.
                firstRow = new string[row.ColCount];
                for (int c = 0; c < firstRow.Length; c++)
                {
                    firstRow[c] = row[c].Span.Trim().ToString();
                }

                bool headerless = firstRow.All(f => TryParseFinite(f, out _));
                header = headerless ? CsvHeader.MadeUp(path, firstRow.Length) : new CsvHeader(path, firstRow, line);
                CheckNames(header);
                columns = columnsOf(header);
                if (!headerless)
                {
                    continue;
                }
            }

            (double[] values, string? label) = Parse(header, columns!, row, line, firstRow);
            features.Add(values);
            if (label is not null)
            {
                labels.Add(label);
            }

            lines.Add(line);
        }

        if (header is null)
        {
            throw new DataFormatException(path, 0, null, "the file is empty; expected a header row and data rows.");
        }

        if (features.Count == 0)
        {
            throw new DataFormatException(path, 0, null, "the file has a header but no data rows.");
        }

        return new CsvTable(header, features, labels, lines);
    }

    private static void CheckNames(CsvHeader header)
    {
        if (header.Names.GroupBy(name => name, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1) is { } repeated)
        {
            throw new DataFormatException(header.Path, header.Line, null, $"the header names the column '{Shown(repeated.Key)}' {repeated.Count()} times; expected a different name for each column.");
        }
    }

    /// <summary>One data row's features (parsed from Sep's spans, no string per number) and its label text; <paramref name="texts"/> are the fields when they were already read.</summary>
    private static (double[] Features, string? Label) Parse(CsvHeader header, FeatureColumns columns, SepReader.Row row, int line, string[]? texts)
    {
        if (row.ColCount != header.Count)
        {
            throw new DataFormatException(header.Path, line, null, $"the row has {row.ColCount} field{(row.ColCount == 1 ? "" : "s")} but {header.Owner} {header.Count}.");
        }

        var values = new double[columns.Features.Length];
        for (int f = 0; f < values.Length; f++)
        {
            int c = columns.Features[f];
            ReadOnlySpan<char> field = texts is null ? row[c].Span.Trim() : texts[c];
            if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out values[f]) || !double.IsFinite(values[f]))
            {
                throw new DataFormatException(header.Path, line, header.Names[c], $"'{Shown(field.ToString())}' is not a finite number.");
            }
        }

        if (columns.Label < 0)
        {
            return (values, null);
        }

        string label = texts?[columns.Label] ?? row[columns.Label].Span.Trim().ToString();
        if (label.Length == 0)
        {
            throw new DataFormatException(header.Path, line, header.Names[columns.Label], "the label is empty; expected a class name or number.");
        }

        if (label.Any(char.IsControl))
        {
            // A quoted label may span lines; a class name is shown and written on one.
            throw new DataFormatException(header.Path, line, header.Names[columns.Label], $"the label '{Shown(label)}' holds a line break or control character; expected a class name on one line.");
        }

        return (values, label);
    }

    /// <summary>A field as a message shows it: line breaks as spaces, and at most 60 characters.</summary>
    private static string Shown(string field)
    {
        string flat = field.ReplaceLineEndings(" ");
        return flat.Length <= 60 ? flat : string.Concat(flat.AsSpan(0, 59), "…");
    }

    private static bool TryParseFinite(string field, out double value) =>
        double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>The 1-based line holding the first byte sequence that is not UTF-8, read in blocks; 0 if there is none.</summary>
    private static int FirstInvalidUtf8Line(string path)
    {
        using FileStream file = File.OpenRead(path);
        byte[] bytes = new byte[64 * 1024];
        char[] chars = new char[bytes.Length];
        int line = 1;
        int kept = 0;
        while (true)
        {
            int read = file.Read(bytes, kept, bytes.Length - kept);
            int available = kept + read;
            OperationStatus status = Utf8.ToUtf16(bytes.AsSpan(0, available), chars, out int consumed, out _, replaceInvalidSequences: false, isFinalBlock: read == 0);
            line += bytes.AsSpan(0, consumed).Count((byte)'\n');
            if (status == OperationStatus.InvalidData)
            {
                return line;
            }

            if (read == 0)
            {
                return 0;
            }

            // An incomplete sequence at the block's end is completed by the next block.
            kept = available - consumed;
            bytes.AsSpan(consumed, kept).CopyTo(bytes);
        }
    }
}
