using System.IO.Compression;
using System.Text;
using AutoGrad.Data;

namespace AutoGrad.Tests.Data;

public sealed class DigitsTests
{
    [Fact]
    public void Digits_Has1797ImagesOf64PixelCountsFrom0To16_AndTenClasses()
    {
        Dataset digits = Datasets.Digits();

        Assert.Equal(1797, digits.Count);
        Assert.Equal(64, digits.FeatureCount);
        Assert.Equal(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"], digits.ClassNames);
        Assert.All(digits.Features.SelectMany(f => f), pixel => Assert.True(pixel is >= 0 and <= 16 && pixel == Math.Floor(pixel), $"pixel {pixel}"));

        // scikit-learn's load_digits: np.bincount(target) gives these counts, and the first row is a 0.
        Assert.Equal([178, 182, 177, 183, 181, 182, 181, 179, 174, 180], Enumerable.Range(0, 10).Select(c => digits.Labels.Count(l => l == c)));
        Assert.Equal(0, digits.Labels[0]);
        Assert.Equal([0.0, 0, 5, 13, 9, 1, 0, 0], digits.Features[0][..8]);
        Assert.Equal("digits", digits.Name);
    }

    [Fact]
    public void Digits_IsANewCopyEachTime()
    {
        Dataset first = Datasets.Digits();
        first.Features[0][2] = 99;

        Assert.Equal(5, Datasets.Digits().Features[0][2]);
    }

    public static TheoryData<string, string> BrokenRows => new()
    {
        { Row(pixels: "0") + "\n", "line 1: 2 fields; expected 64 pixels and a digit." },
        { Row(last: "17") + "\n", "line 1, column 'pixel 64': '17' is not a whole number from 0 to 16." },
        { Row(last: "-1") + "\n", "line 1, column 'pixel 64': '-1' is not a whole number from 0 to 16." },
        { Row(last: "1.5") + "\n", "line 1, column 'pixel 64': '1.5' is not a whole number from 0 to 16." },
        { Row(last: "NaN") + "\n", "line 1, column 'pixel 64': 'NaN' is not a whole number from 0 to 16." },
        { Row(last: "99999999999") + "\n", "line 1, column 'pixel 64': '99999999999' is not a whole number from 0 to 16." },
        { Row(digit: "10") + "\n", "line 1, column 'digit': '10' is not a whole number from 0 to 9." },
        { Row() + "\n" + Row(digit: "") + "\n", "line 2, column 'digit': '' is not a whole number from 0 to 9." },
        { Row() + "\n", "1 rows; expected 1,797." },
        { "", "0 rows; expected 1,797." },
    };

    [Theory]
    [MemberData(nameof(BrokenRows))]
    public void Read_RefusesADamagedCopy_NamingLineAndColumn(string text, string expected)
    {
        using var gzip = Gzip(Encoding.ASCII.GetBytes(text));

        var error = Assert.Throws<DataFormatException>(() => DigitsFile.Read(gzip, "digits.csv.gz"));

        Assert.Equal($"digits.csv.gz{(expected.StartsWith("line", StringComparison.Ordinal) ? ", " : ": ")}{expected}", error.Message);
    }

    [Fact]
    public void Read_RefusesBytesThatAreNotGzip()
    {
        using var notGzip = new MemoryStream(Encoding.ASCII.GetBytes("0,0,5,13\n"));

        var error = Assert.Throws<DataFormatException>(() => DigitsFile.Read(notGzip, "digits.csv.gz"));

        Assert.StartsWith("digits.csv.gz: not readable as gzip", error.Message);
    }

    [Fact]
    public void Read_RefusesATruncatedFile()
    {
        using Stream resource = typeof(Datasets).Assembly.GetManifestResourceStream(DigitsFile.ResourceName)!;
        var bytes = new MemoryStream();
        resource.CopyTo(bytes);
        using var half = new MemoryStream(bytes.ToArray()[..(int)(bytes.Length / 2)]);

        var error = Assert.ThrowsAny<Exception>(() => DigitsFile.Read(half, "digits.csv.gz"));

        Assert.IsType<DataFormatException>(error);
    }

    private static string Row(string? pixels = null, string last = "0", string digit = "3") =>
        pixels is null ? string.Join(",", Enumerable.Repeat("0", 63)) + $",{last},{digit}" : $"{pixels},{digit}";

    private static MemoryStream Gzip(byte[] bytes)
    {
        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        compressed.Position = 0;
        return compressed;
    }
}
