using SkiaSharp;

namespace AutoGrad.Tests.Interactive;

/// <summary>The pictures a notebook shows inline: PNGs written into the HTML as data URIs.</summary>
internal static class InlineImage
{
    private const string Prefix = "src=\"data:image/png;base64,";

    /// <summary>The PNG of the first inline image in <paramref name="html"/>.</summary>
    public static byte[] Png(string html)
    {
        int start = html.IndexOf(Prefix, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no inline PNG in {html[..Math.Min(200, html.Length)]}");
        start += Prefix.Length;
        return Convert.FromBase64String(html[start..html.IndexOf('"', start)]);
    }

    /// <summary>Checks that two PNGs show the same picture: their size and every decoded pixel (not their encoding).</summary>
    public static void AssertSamePicture(byte[] expected, byte[] actual, string what)
    {
        using SKBitmap want = SKBitmap.Decode(expected) ?? throw new InvalidDataException($"the expected picture of {what} is not an image");
        using SKBitmap got = SKBitmap.Decode(actual) ?? throw new InvalidDataException($"{what} is not an image");
        Assert.Equal((want.Width, want.Height), (got.Width, got.Height));
        SKColor[] a = want.Pixels, b = got.Pixels;
        int differ = Enumerable.Range(0, a.Length).Count(i => a[i] != b[i]);
        Assert.True(differ == 0, $"{what} differs from the expected picture in {differ} of {a.Length} pixels");
    }
}
