using System.Globalization;

namespace AutoGrad.Data;

/// <summary>
/// Reads classification data from a CSV file of your own, with Sep: fields may be quoted as RFC 4180
/// says (a quoted field may hold commas, doubled quotes <c>""</c> and line breaks; its quotes are
/// removed), spaces around a field are trimmed, blank lines are skipped, and a UTF-8 byte order mark
/// and CRLF line ends are fine. The file must be UTF-8 (other bytes are refused with their line), and
/// no row may be longer than <see cref="MaxRowLength"/> characters. The first row is a header unless
/// every field of it is a number: then the file has no header (as the UCI and scikit-learn files),
/// its columns are called "column 1", "column 2", …, and the label is the last one.
/// </summary>
public static class CsvDataset
{
    /// <summary>
    /// The most characters a row may have, 1,048,576 (about 40,000 numbers): a longer row (or a quote
    /// left open, which runs to the end of the file) is refused as soon as that much is read, so the
    /// memory a bad file costs stays a few megabytes.
    /// </summary>
    public const int MaxRowLength = 1 << 20;

    // Numeric labels with more distinct values than this, and more than one per two rows (fewer than
    // two examples per class on average), are a continuous target: a Gaussian column has one per row.
    private const int MaxNumericClasses = 10;

    /// <summary>
    /// Reads a file of examples: every column but the label column is a finite numeric feature; the
    /// label column holds class names or numbers. When every label is a finite number, labels are
    /// compared as numbers (1, 1.0 and +1 are one class, named "1") and classes follow numeric order,
    /// so −1/+1 become classes 0/1; otherwise labels are names in ordinal order. A file with a header
    /// gives the dataset its feature names (<see cref="Dataset.FeatureNames"/>).
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="labelColumn">The label column's name; "label" if the header has it, else the last column.</param>
    /// <returns>The dataset, named after the file.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">
    /// A row or value is malformed (the message names the line and column), the file is not UTF-8, a row
    /// is longer than <see cref="MaxRowLength"/>, or the labels are numbers that look like a continuous
    /// target: more than 10 distinct values, and more than one per two rows (fewer than two rows per
    /// class on average; a regression target needs a regression loss, not a classifier).
    /// </exception>
    public static Dataset Load(string path, string? labelColumn = null)
    {
        CsvTable table = CsvTable.Read(path, header =>
        {
            if (header.Count < 2)
            {
                throw new DataFormatException(header.Path, header.Line, null, "expected at least one feature column and a label column.");
            }

            return FeatureColumns.AllBut(header.LabelIndex(labelColumn), header.Count);
        });
        CsvHeader header = table.Header;
        int labelIndex = header.LabelIndex(labelColumn);
        (int[] labels, string[] classNames, bool numeric) = ClassesOf(table.Labels);
        if (numeric && LooksContinuous(classNames.Length, labels.Length))
        {
            throw new DataFormatException(path, 0, header.Names[labelIndex], string.Create(
                CultureInfo.InvariantCulture,
                $"the labels are {classNames.Length:N0} different numbers in {labels.Length:N0} rows, nearly a class per row: this looks like a continuous target, not classes. A regression target needs a regression loss; a classifier needs labels that name classes, each shared by several rows (at most {MaxNumericClasses} different numbers, or at most one per two rows)."));
        }

        string[]? featureNames = header.IsWritten ? header.Names.Where((_, c) => c != labelIndex).ToArray() : null;
        return new Dataset(Path.GetFileNameWithoutExtension(path), table.Features, labels, classNames, featureNames);
    }

    /// <summary>
    /// Reads a file of examples for regression: every column but the target column is a finite numeric
    /// feature, and the target column holds a finite number per row (never read as classes). A file
    /// with a header gives the dataset its feature names and the target its name.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="targetColumn">The target column's name; else "target" if the header has it, else "label" if it has that, else the last column.</param>
    /// <returns>The dataset (<see cref="Dataset.IsRegression"/>), named after the file.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">A row or value is malformed, or a target is not a finite number (the message names the line and column).</exception>
    public static Dataset LoadRegression(string path, string? targetColumn = null)
    {
        CsvTable table = CsvTable.Read(path, header =>
        {
            if (header.Count < 2)
            {
                throw new DataFormatException(header.Path, header.Line, null, "expected at least one feature column and a target column.");
            }

            return FeatureColumns.AllBut(header.LabelIndex(TargetColumn(header, targetColumn)), header.Count);
        });
        CsvHeader header = table.Header;
        int targetIndex = header.LabelIndex(TargetColumn(header, targetColumn));
        var targets = new double[table.Labels.Count];
        for (int i = 0; i < targets.Length; i++)
        {
            if (!double.TryParse(table.Labels[i], NumberStyles.Float, CultureInfo.InvariantCulture, out targets[i]) || !double.IsFinite(targets[i]))
            {
                throw new DataFormatException(path, table.Lines[i], header.Names[targetIndex], $"the target '{table.Labels[i]}' is not a finite number; a regression predicts a number per row (to tell classes apart, train a classifier).");
            }
        }

        string[]? featureNames = header.IsWritten ? header.Names.Where((_, c) => c != targetIndex).ToArray() : null;
        return Dataset.ForRegression(Path.GetFileNameWithoutExtension(path), table.Features, targets, header.Names[targetIndex], featureNames);
    }

    /// <summary>The target column's name: the one given, else "target" when the header has it, else null (the label column's rule: "label", else the last).</summary>
    private static string? TargetColumn(CsvHeader header, string? given) =>
        given ?? (header.IndexOf("target") >= 0 ? "target" : null);

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
        return Rows(path, CsvTable.Read(path, header => FeatureColumns.ByCount(header, featureCount, labelColumn)));
    }

    /// <summary>
    /// Reads a file of examples to classify with a model trained on features named
    /// <paramref name="featureNames"/> (<see cref="Dataset.FeatureNames"/>). When the file has a header,
    /// each feature is found by its name, wherever its column stands, and the one column left over, if
    /// any, is the label; a file without a header must hold the features in training's order, as for
    /// <see cref="LoadRows(string, int, string?)"/>. The rows' features come in the model's order.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="featureNames">The model's feature names, in its order.</param>
    /// <param name="labelColumn">The label column's name, if the file has one and it is not the one column beyond the features.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ArgumentException"><paramref name="featureNames"/> is empty or repeats a name.</exception>
    /// <exception cref="DataFormatException">
    /// The header lacks a feature's column, or has columns beyond the features and one label (the
    /// message names them), or a headerless file has another number of columns, or a row or value is malformed.
    /// </exception>
    public static CsvRows LoadRows(string path, IReadOnlyList<string> featureNames, string? labelColumn = null)
    {
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentOutOfRangeException.ThrowIfLessThan(featureNames.Count, 1, nameof(featureNames));
        if (FeatureColumns.NamesProblem(featureNames, featureNames.Count) is { } problem)
        {
            throw new ArgumentException(problem, nameof(featureNames));
        }

        return Rows(path, CsvTable.Read(path, header => FeatureColumns.ByName(header, featureNames, labelColumn)));
    }

    private static CsvRows Rows(string path, CsvTable table) =>
        new(path, table.Features, table.Labels.Count > 0 ? table.Labels : null, table.Lines);

    /// <summary>Whether <paramref name="classes"/> distinct numeric labels in <paramref name="rows"/> rows look like a continuous target.</summary>
    private static bool LooksContinuous(int classes, int rows) => classes > MaxNumericClasses && 2L * classes > rows;

    private static (int[] Labels, string[] ClassNames, bool Numeric) ClassesOf(List<string> raw)
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
            return (numbers.Select(n => byValue[n + 0.0]).ToArray(), values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)).ToArray(), true);
        }

        string[] ordered = raw.Distinct().Order(StringComparer.Ordinal).ToArray();
        var index = ordered.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i);
        return (raw.Select(s => index[s]).ToArray(), ordered, false);
    }
}
