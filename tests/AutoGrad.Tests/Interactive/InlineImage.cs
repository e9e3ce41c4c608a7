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
}
