using System.CommandLine.Parsing;
using System.Globalization;

namespace AutoGrad.Cli.Commands;

/// <summary>
/// Parsers for options that name files to read, shared by <c>train</c>, <c>predict</c> and <c>eval</c>
/// (files to write are checked by <see cref="OutputPath"/>). Each
/// checks the path while the command line is parsed and, when it is wrong, adds one error naming the
/// option as typed, the path and what is expected; none throws.
/// </summary>
internal static class FileArguments
{
    /// <summary>The largest input file read, 100 MB: files are read whole, and a device such as /dev/zero never ends.</summary>
    public const long MaxInputBytes = 100 * 1024 * 1024;

    /// <summary>The value typed after the option ("" if none).</summary>
    public static string Token(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";

    /// <summary>The option as the user typed it (<c>--lr</c> or <c>--learning-rate</c>).</summary>
    public static string Typed(ArgumentResult result) =>
        result.Parent is OptionResult option ? option.IdentifierToken?.Value ?? option.Option.Name : result.Argument.Name;

    /// <summary>Adds "OPTION expects EXPECTED; got 'VALUE'." and returns a placeholder.</summary>
    public static T Refuse<T>(ArgumentResult result, string expected)
    {
        result.AddError($"{Typed(result)} expects {expected}; got '{Token(result)}'.");
        return default!;
    }

    /// <summary>A file to read whole: it must exist, not be a folder, and hold 1 byte to <see cref="MaxInputBytes"/>.</summary>
    /// <param name="result">The option's argument.</param>
    /// <param name="kind">What the file is, as "CSV file" or "model file".</param>
    public static string? ReadableFile(ArgumentResult result, string kind)
    {
        string path = Token(result);
        if (path.Length == 0)
        {
            return Refuse<string?>(result, $"a {kind} path");
        }

        if (Directory.Exists(path))
        {
            result.AddError($"{Typed(result)} '{path}' is a folder; expected a {kind}.");
        }
        else if (!File.Exists(path))
        {
            result.AddError($"{Typed(result)} '{path}' does not exist; expected a {kind}.");
        }
        else if (SizeOfTarget(path) is var length && length == 0)
        {
            // Devices and pipes report no length; reading /dev/zero whole would never end.
            result.AddError($"{Typed(result)} '{path}' has no bytes to read (it is empty, or not a regular file); expected a {kind}.");
        }
        else if (length > MaxInputBytes)
        {
            result.AddError(string.Create(CultureInfo.InvariantCulture, $"{Typed(result)} '{path}' has {length:N0} bytes; the most is {MaxInputBytes:N0} (100 MB)."));
        }

        return path;
    }

    /// <summary>
    /// The size of the file a path finally names: a symbolic link reports its own length, so
    /// <c>ln -s /dev/zero x.csv</c> would pass a check of the link and then never end being read.
    /// </summary>
    private static long SizeOfTarget(string path)
    {
        var file = new FileInfo(path);
        return file.LinkTarget is null ? file.Length : file.ResolveLinkTarget(returnFinalTarget: true) is FileInfo target && target.Exists ? target.Length : 0;
    }

    /// <summary>Whether a file can be made in <paramref name="folder"/>: the one sure test is to make one (and delete it).</summary>
    public static bool IsWritable(string folder)
    {
        try
        {
            using var probe = new FileStream(
                Path.Combine(folder, $".autograd-write-test-{Environment.ProcessId}"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
