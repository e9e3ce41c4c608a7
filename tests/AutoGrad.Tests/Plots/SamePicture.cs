using SkiaSharp;

namespace AutoGrad.Tests.Plots;

/// <summary>Whether two PNGs show the same picture: their size and every decoded pixel (not their encoding).</summary>
internal static class SamePicture
{
    /// <summary>Checks that the PNG files at <paramref name="expected"/> and <paramref name="actual"/> show the same picture.</summary>
    public static void Assert(string expected, string actual) => Assert(File.ReadAllBytes(expected), File.ReadAllBytes(actual), actual);

    /// <summary>Checks that two PNGs show the same picture; <paramref name="what"/> names the second in the message.</summary>
    public static void Assert(byte[] expected, byte[] actual, string what)
    {
        using SKBitmap want = SKBitmap.Decode(expected) ?? throw new InvalidDataException($"the expected picture of {what} is not an image");
        using SKBitmap got = SKBitmap.Decode(actual) ?? throw new InvalidDataException($"{what} is not an image");
        Xunit.Assert.Equal((want.Width, want.Height), (got.Width, got.Height));
        SKColor[] a = want.Pixels, b = got.Pixels;
        int differ = Enumerable.Range(0, a.Length).Count(i => a[i] != b[i]);
        Xunit.Assert.True(differ == 0, $"{what} differs from the expected picture in {differ} of {a.Length} pixels");
    }
}
