using System.Globalization;

namespace AutoGrad.Data;

/// <summary>
/// Which columns of a CSV file hold a model's features, in the model's order, and which holds the
/// label. Matched by name when the file has a header and the model knows its features' names (so the
/// file may order its columns as it likes, and a missing or unknown column is named); by count for a
/// headerless file or a model trained without names.
/// </summary>
/// <param name="Features">The file's column for each feature, in the model's order.</param>
/// <param name="Label">The label's column, or −1 when the file has none.</param>
internal sealed record FeatureColumns(int[] Features, int Label)
{
    /// <summary>Every column but <paramref name="label"/> is a feature, in the file's order.</summary>
    public static FeatureColumns AllBut(int label, int columnCount) =>
        new(Enumerable.Range(0, columnCount).Where(c => c != label).ToArray(), label);

    /// <summary>
    /// The file holds exactly the model's <paramref name="featureCount"/> features, in training's order,
    /// or those and a label column (<paramref name="labelColumn"/>, else "label", else the last).
    /// </summary>
    /// <exception cref="DataFormatException">The file has another number of columns.</exception>
    public static FeatureColumns ByCount(CsvHeader header, int featureCount, string? labelColumn)
    {
        int columns = header.Count;
        if (columns != featureCount && columns != featureCount + 1)
        {
            throw new DataFormatException(header.Path, header.Line, null, string.Create(
                CultureInfo.InvariantCulture,
                $"the file has {columns} column{(columns == 1 ? "" : "s")}; expected the model's {featureCount} feature{(featureCount == 1 ? "" : "s")}, or {featureCount + 1} with a label column."));
        }

        return columns == featureCount ? AllBut(-1, columns) : AllBut(header.LabelIndex(labelColumn), columns);
    }

    /// <summary>
    /// Finds each of <paramref name="featureNames"/> in the header, wherever it stands; the one column
    /// left over, if any, is the label (<paramref name="labelColumn"/> names it when given). A headerless
    /// file is matched by count.
    /// </summary>
    /// <exception cref="DataFormatException">A feature's column is missing, or the file has columns beyond the features and one label; the message names them.</exception>
    public static FeatureColumns ByName(CsvHeader header, IReadOnlyList<string> featureNames, string? labelColumn)
    {
        if (!header.IsWritten)
        {
            return ByCount(header, featureNames.Count, labelColumn);
        }

        string trained = $"the model was trained on {List(featureNames)}, matched by name in any order";
        string[] missing = featureNames.Where(name => header.IndexOf(name) < 0).ToArray();
        if (missing.Length > 0)
        {
            throw new DataFormatException(header.Path, header.Line, null,
                $"the header lacks the model's feature column{(missing.Length == 1 ? "" : "s")} {List(missing)}; {trained}.");
        }

        int label = labelColumn is null ? -1 : header.LabelIndex(labelColumn);
        var others = Enumerable.Range(0, header.Count).Where(c => c != label && !featureNames.Contains(header.Names[c], StringComparer.Ordinal)).ToList();
        if (label < 0 && others.Count > 0)
        {
            // The one column beyond the features is the label; among several, one named "label" is.
            int named = others.FindIndex(c => header.Names[c] == "label");
            label = others.Count == 1 ? others[0] : named >= 0 ? others[named] : -1;
            others.Remove(label);
        }

        if (others.Count > 0)
        {
            throw new DataFormatException(header.Path, header.Line, null,
                $"the header has {(others.Count == 1 ? "a column" : "columns")} the model does not take: {List(others.Select(c => header.Names[c]))}; expected the model's features ({List(featureNames)}) and at most one label column.");
        }

        return new FeatureColumns(featureNames.Select(header.IndexOf).ToArray(), label);
    }

    /// <summary>What is wrong with <paramref name="names"/> as the names of <paramref name="featureCount"/> features (a sentence), or null if nothing.</summary>
    public static string? NamesProblem(IReadOnlyList<string> names, int featureCount)
    {
        if (names.Count != featureCount)
        {
            return string.Create(CultureInfo.InvariantCulture, $"Got {names.Count} feature names for {featureCount} features; expected one name per feature.");
        }

        if (names.Any(name => name is null))
        {
            return "A feature name is null; expected a name (it may be empty) for each feature.";
        }

        return names.GroupBy(name => name, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1) is { } repeated
            ? $"The feature name '{repeated.Key}' is given {repeated.Count()} times; expected a different name for each feature."
            : null;
    }

    private static string List(IEnumerable<string> names) => string.Join(", ", names.Select(name => $"'{name}'"));
}
