using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text;

namespace AutoGrad.Cli.Commands;

/// <summary>
/// The one check of where a command will write, shared by every command that writes (<c>train</c>,
/// <c>experiment</c>, <c>graph</c>, <c>predict</c>, <c>grad -o</c>). It runs while the command line is
/// parsed, before any work, and a problem is one line naming the option and the path as the user typed
/// them (exit code 2). The policy, the same for every command: a missing folder is made (once the work
/// has succeeded), so it only needs a writable folder above it and no file in its way; an output may
/// never be one of the command's inputs, however either is spelt (links, <c>..</c>, hard links).
/// </summary>
internal static class OutputPath
{
    /// <summary>The most bytes in one name of a path on Linux file systems (NAME_MAX).</summary>
    public const int MaxNameBytes = 255;

    /// <summary>
    /// The most bytes in the name of a file written: each is first written beside its target as
    /// <c>.NAME.tmp-PID.EXT</c> (see AtomicFile), whose name must fit <see cref="MaxNameBytes"/> too.
    /// </summary>
    public const int MaxFileNameBytes = MaxNameBytes - 16;

    /// <summary>The most bytes in a whole path on Linux (PATH_MAX, less its terminating zero).</summary>
    public const int MaxPathBytes = 4095;

    /// <summary>Pseudo-file systems that hold no files of ours: writing there fails or does something else.</summary>
    private static readonly string[] SystemFolders = ["/proc", "/sys", "/dev"];

    /// <summary>What an output option names.</summary>
    /// <param name="What">The kind of file, as "CSV file" or "diagram"; for a folder, "folder".</param>
    /// <param name="FileNames">For a folder, the files written into it; null for a file.</param>
    internal sealed record Kind(string What, IReadOnlyList<string>? FileNames)
    {
        /// <summary>A file, such as "CSV file".</summary>
        public static Kind File(string what) => new(what, null);

        /// <summary>A folder the command writes <paramref name="fileNames"/> into (at any depth, as a model.json in a subfolder).</summary>
        public static Kind Folder(params IReadOnlyList<string> fileNames) => new("folder", fileNames);
    }

    /// <summary>
    /// Adds the check of <paramref name="output"/> to <paramref name="command"/>: the path as
    /// <see cref="Problem"/> checks it, and none of the files written may be one of <paramref name="inputs"/>.
    /// An absent output (stdout) is not checked; an absent input is not compared.
    /// </summary>
    public static void Check(Command command, Option output, Kind kind, params Option[] inputs) =>
        command.Validators.Add(result =>
        {
            if (ValueOf(result, output) is not { } path)
            {
                return;
            }

            string typed = result.GetResult(output)?.IdentifierToken?.Value ?? output.Name;
            if (path.Length == 0)
            {
                result.AddError($"{typed} expects a {kind.What} path; got ''.");
                return;
            }

            if (Problem(path, kind) is { } problem)
            {
                result.AddError($"{typed} '{path}' {problem}.");
                return;
            }

            IEnumerable<string> written = kind.FileNames is null ? [path] : kind.FileNames.Select(name => Path.Combine(path, name));
            foreach (Option input in inputs)
            {
                if (ValueOf(result, input) is { Length: > 0 } inputPath && written.FirstOrDefault(file => FileIdentity.Same(file, inputPath)) is { } clash)
                {
                    string what = kind.FileNames is null ? "" : $" would write {clash}, which";
                    result.AddError($"{typed} '{path}'{what} is the {input.Name} file '{inputPath}'; expected an output that is not an input (writing it would destroy the input).");
                    return;
                }
            }
        });

    /// <summary>
    /// Why <paramref name="path"/> cannot be written as <paramref name="kind"/> (the end of a sentence
    /// that starts with the path, without its full stop), or null if it can.
    /// </summary>
    public static string? Problem(string path, Kind kind)
    {
        string expected = kind.FileNames is null ? $"expected a {kind.What} to write" : "expected a folder (it is made if missing)";
        if (path.Length == 0)
        {
            return $"is empty; {expected}";
        }

        string full;
        try
        {
            full = path.Contains('\0', StringComparison.Ordinal) ? throw new ArgumentException("NUL") : Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return $"is not a valid path; {expected}";
        }

        if (TooLong(full, kind) is { } tooLong)
        {
            return $"is too long: {tooLong}";
        }

        // As typed and as its links lead: /dev/stdout is a link to /proc/self/fd/1, which leads on to
        // wherever standard output goes, so only the path as typed shows where it is.
        string resolved = FileIdentity.Resolved(full);
        if ((SystemFolders.FirstOrDefault(system => IsIn(full, system)) ?? SystemFolders.FirstOrDefault(system => IsIn(resolved, system))) is { } pseudo)
        {
            return $"is in {pseudo}, which holds no ordinary files; {expected}";
        }

        if (kind.FileNames is null)
        {
            if (Directory.Exists(full))
            {
                return $"is a folder; {expected}";
            }

            if (LinkTarget(full) is { } target)
            {
                // A file is written beside its place and renamed over it, which would replace the link itself.
                return $"is a symbolic link to '{target}'; {expected}: name the file it points to";
            }

            return FolderProblem(Path.GetDirectoryName(full)!, expected);
        }

        if (File.Exists(full))
        {
            return $"is a file; {expected}";
        }

        if (Directory.Exists(full))
        {
            if (kind.FileNames.FirstOrDefault(name => LinkTarget(Path.Combine(full, name)) is not null) is { } link)
            {
                return $"holds {link} as a symbolic link to '{LinkTarget(Path.Combine(full, link))}'; expected a plain file there, or nothing";
            }

            return kind.FileNames.FirstOrDefault(name => Directory.Exists(Path.Combine(full, name))) is { } clash
                ? $"has a folder named {clash}; expected a file there, or nothing"
                : FileArguments.IsWritable(full) ? null : $"is not writable; {expected}";
        }

        return FolderProblem(full, expected);
    }

    private static bool IsIn(string path, string folder) => path == folder || path.StartsWith(folder + "/", StringComparison.Ordinal);

    /// <summary>Where a symbolic link at <paramref name="path"/> points (dangling or not), or null when there is none.</summary>
    private static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Whether the folder a file goes into exists and is writable, or can be made: its nearest existing folder is writable and no file is in the way.</summary>
    private static string? FolderProblem(string folder, string expected)
    {
        string? existing = folder;
        while (existing is not null && !Directory.Exists(existing))
        {
            if (File.Exists(existing))
            {
                return $"cannot be made: '{existing}' is a file; {expected}";
            }

            existing = Path.GetDirectoryName(existing);
        }

        if (existing is null || FileArguments.IsWritable(existing))
        {
            return null;
        }

        return existing == folder ? $"is in a folder that is not writable; {expected}" : $"needs a folder made in '{existing}', which is not writable; {expected}";
    }

    /// <summary>Which name (or the whole path) is longer than Linux allows, or null.</summary>
    private static string? TooLong(string full, Kind kind)
    {
        int pathBytes = Encoding.UTF8.GetByteCount(full) + (kind.FileNames is { Count: > 0 } names ? names.Max(name => Encoding.UTF8.GetByteCount(name) + 1) : 0);
        if (pathBytes > MaxPathBytes)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the whole path has {pathBytes:N0} bytes; the most is {MaxPathBytes:N0}");
        }

        string[] parts = full.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < parts.Length; i++)
        {
            int most = i == parts.Length - 1 && kind.FileNames is null ? MaxFileNameBytes : MaxNameBytes;
            int bytes = Encoding.UTF8.GetByteCount(parts[i]);
            if (bytes > most)
            {
                string shown = parts[i].Length > 20 ? parts[i][..20] + "…" : parts[i];
                return string.Create(CultureInfo.InvariantCulture, $"the name '{shown}' has {bytes} bytes; the most is {most}");
            }
        }

        return null;
    }

    /// <summary>The value an option has, typed or by default, or null when it has none.</summary>
    private static string? ValueOf(CommandResult result, Option option) =>
        result.GetResult(option) is { Implicit: false } given
            ? given.Tokens.Count > 0 ? given.Tokens[^1].Value : null
            : option.HasDefaultValue ? option.GetDefaultValue() as string : null;
}
