using System.Security.Cryptography;
using System.Text;

namespace AutoGrad.IO;

/// <summary>
/// Writes a file whole or not at all: the content goes to a temporary file beside the target, is
/// flushed to disk, and the temporary is then renamed over the target (one <c>rename(2)</c>), so a
/// reader sees the old file or the new one, never part of one, and a crash or a failed writer never
/// leaves half a file or clobbers the old one. Each write has a temporary of its own (a random name),
/// so threads and processes saving to the same path at once do not meet: the last rename wins.
/// </summary>
public static class AtomicFile
{
    // Extensions up to this many UTF-8 bytes are kept on the temporary name; longer ones are dropped,
    // so the temporary's name (about 22 bytes besides) stays short whatever the target's name.
    private const int MaxExtensionBytes = 16;

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> atomically (UTF-8), creating its folder if needed.</summary>
    public static void WriteAllText(string path, string text) => WriteAllBytes(path, new UTF8Encoding(false).GetBytes(text));

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically, creating its folder if needed.</summary>
    public static void WriteAllBytes(string path, byte[] bytes) => Replace(path, temporary =>
    {
        using var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }, flushAfterwards: false);

    /// <summary>
    /// Lets <paramref name="writeTo"/> write the content to a temporary path, flushes it to disk, then
    /// moves it over <paramref name="path"/>. The temporary name is random and short, in the target's
    /// folder, and keeps the target's extension (when short) for writers that choose the format by it;
    /// it is deleted if the writer fails.
    /// </summary>
    public static void Write(string path, Action<string> writeTo) => Replace(path, writeTo, flushAfterwards: true);

    private static void Replace(string path, Action<string> writeTo, bool flushAfterwards)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(writeTo);
        string fullPath = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(folder);
        string temporary = Path.Combine(folder, TemporaryName(fullPath));
        try
        {
            writeTo(temporary);
            if (flushAfterwards)
            {
                using var written = new FileStream(temporary, FileMode.Open, FileAccess.Write, FileShare.Read);
                written.Flush(flushToDisk: true); // the content is on disk before the name points at it
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>A hidden name of its own for one write: <c>.tmp-</c>, 16 random hex digits, the target's extension if short.</summary>
    internal static string TemporaryName(string target)
    {
        string extension = Path.GetExtension(target);
        if (Encoding.UTF8.GetByteCount(extension) > MaxExtensionBytes)
        {
            extension = "";
        }

        return $".tmp-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}{extension}";
    }
}
