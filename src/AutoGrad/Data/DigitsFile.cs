using System.Globalization;
using System.IO.Compression;

namespace AutoGrad.Data;

/// <summary>
/// Reads the 8×8 handwritten digits (UCI optdigits, scikit-learn's copy; see <c>Files/digits.md</c>)
/// from the gzip file embedded in the library. Every field is checked, so a damaged copy fails with
/// the line and column at fault instead of training on garbage.
/// </summary>
internal static class DigitsFile
{
    /// <summary>The embedded file's resource name (set in AutoGrad.csproj).</summary>
    public const string ResourceName = "AutoGrad.Data.Files.digits.csv.gz";

    /// <summary>Pixels per image: 8 × 8.</summary>
    public const int PixelCount = 64;

    /// <summary>The largest pixel count: each pixel counts the "on" pixels of a 4 × 4 block.</summary>
    public const int MaxPixel = 16;

    /// <summary>Images in the file.</summary>
    public const int RowCount = 1797;

    private static readonly string[] ClassNames = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    /// <summary>The embedded digits, in the file's order.</summary>
    public static Dataset Load()
    {
        using Stream stream = typeof(DigitsFile).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The library lacks its embedded resource '{ResourceName}'; it was built without Data/Files/digits.csv.gz.");
        return Read(stream, ResourceName);
    }

    /// <summary>Reads gzip-compressed digits rows: 64 pixel counts from 0 to 16, then the digit.</summary>
    /// <param name="gzip">The compressed bytes.</param>
    /// <param name="source">The name used in error messages.</param>
    /// <exception cref="DataFormatException">The stream is not gzip, or a row is malformed, or there are not 1,797 rows.</exception>
    public static Dataset Read(Stream gzip, string source)
    {
        var features = new List<double[]>(RowCount);
        var labels = new List<int>(RowCount);
        int lineNumber = 0;
        try
        {
            using var reader = new StreamReader(new GZipStream(gzip, CompressionMode.Decompress));
            while (reader.ReadLine() is { } line)
            {
                lineNumber++;
                if (line.Length == 0)
                {
                    continue;
                }

                (double[] pixels, int digit) = ParseRow(line, source, lineNumber);
                features.Add(pixels);
                labels.Add(digit);
            }
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(source, lineNumber, null, $"not readable as gzip ({e.Message})", e);
        }

        if (features.Count != RowCount)
        {
            throw new DataFormatException(source, 0, null, string.Create(CultureInfo.InvariantCulture, $"{features.Count} rows; expected {RowCount:N0}."));
        }

        return new Dataset("digits", features, labels, ClassNames);
    }

    private static (double[] Pixels, int Digit) ParseRow(string line, string source, int lineNumber)
    {
        string[] fields = line.Split(',');
        if (fields.Length != PixelCount + 1)
        {
            throw new DataFormatException(source, lineNumber, null, $"{fields.Length} fields; expected {PixelCount} pixels and a digit.");
        }

        var pixels = new double[PixelCount];
        for (int c = 0; c < PixelCount; c++)
        {
            pixels[c] = WholeNumber(fields[c], MaxPixel, source, lineNumber, $"pixel {c + 1}");
        }

        return (pixels, WholeNumber(fields[PixelCount], ClassNames.Length - 1, source, lineNumber, "digit"));
    }

    private static int WholeNumber(string field, int maximum, string source, int lineNumber, string column) =>
        int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value <= maximum
            ? value
            : throw new DataFormatException(source, lineNumber, column, $"'{field}' is not a whole number from 0 to {maximum}.");
}
