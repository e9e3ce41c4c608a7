namespace AutoGrad.Data;

/// <summary>Rows read from a CSV file to be classified (<see cref="CsvDataset.LoadRows(string, int, string?)"/>): features, and labels when the file has them.</summary>
public sealed class CsvRows
{
    internal CsvRows(string path, IReadOnlyList<double[]> features, IReadOnlyList<string>? labels, IReadOnlyList<int> lineNumbers)
    {
        Path = path;
        Features = features;
        Labels = labels;
        LineNumbers = lineNumbers;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>One feature vector per row.</summary>
    public IReadOnlyList<double[]> Features { get; }

    /// <summary>Each row's label as written (trimmed), or null when the file has no label column.</summary>
    public IReadOnlyList<string>? Labels { get; }

    /// <summary>Each row's 1-based line in the file, for messages.</summary>
    public IReadOnlyList<int> LineNumbers { get; }

    /// <summary>How many rows.</summary>
    public int Count => Features.Count;
}
