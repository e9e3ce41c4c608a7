namespace AutoGrad.IO;

/// <summary>
/// Writes a file whole or not at all: the content goes to a temporary file beside the target, which
/// is then moved over it, so a crash or a failed writer never leaves half a file or clobbers the old one.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> atomically (UTF-8), creating its folder if needed.</summary>
    public static void WriteAllText(string path, string text) => Write(path, temporary => File.WriteAllText(temporary, text));

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically, creating its folder if needed.</summary>
    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, temporary => File.WriteAllBytes(temporary, bytes));

    /// <summary>
    /// Lets <paramref name="writeTo"/> write the content to a temporary path, then moves it over
    /// <paramref name="path"/>. The temporary name keeps the target's extension, for writers that
    /// choose the format by it; it is deleted if the writer fails.
    /// </summary>
    public static void Write(string path, Action<string> writeTo)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(writeTo);
        string fullPath = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(folder);
        string temporary = Path.Combine(
            folder, $".{Path.GetFileNameWithoutExtension(fullPath)}.tmp-{Environment.ProcessId}{Path.GetExtension(fullPath)}");
        try
        {
            writeTo(temporary);
            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
