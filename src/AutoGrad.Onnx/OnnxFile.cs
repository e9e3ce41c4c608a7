namespace AutoGrad.Onnx;

/// <summary>Writes a model file whole: into a file beside the target, then moved over it, so no half-written .onnx is ever left.</summary>
internal static class OnnxFile
{
    /// <exception cref="IOException">The file cannot be written; the message names the path and the reason.</exception>
    public static void Write(string path, byte[] bytes)
    {
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new IOException($"Cannot write the ONNX file '{path}': {e.Message}", e);
        }

        if (Directory.Exists(full))
        {
            throw new IOException($"Cannot write the ONNX file '{path}': it is a folder; expected a file path such as model.onnx.");
        }

        string temporary = Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new IOException($"Cannot write the ONNX file '{path}': {e.Message}", e);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing was written there, or it is not ours to remove: the error above is the one to report.
        }
    }
}
