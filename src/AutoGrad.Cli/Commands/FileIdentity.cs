using System.Runtime.InteropServices;

namespace AutoGrad.Cli.Commands;

/// <summary>
/// Whether two paths name one file, however they are spelt: through symbolic links anywhere in the
/// path, <c>..</c>, or (on Linux) a hard link, which only the file's device and inode numbers reveal.
/// </summary>
internal static partial class FileIdentity
{
    /// <summary>The most symbolic links followed in one path, as Linux's own limit (ELOOP).</summary>
    private const int MaxLinks = 40;

    /// <summary>Whether <paramref name="a"/> and <paramref name="b"/> are the same file (or would be, when neither exists yet).</summary>
    public static bool Same(string a, string b)
    {
        if (DeviceAndInode(a) is { } first && DeviceAndInode(b) is { } second)
        {
            return first == second;
        }

        return string.Equals(Resolved(a), Resolved(b), StringComparison.Ordinal);
    }

    /// <summary>
    /// The full path with every symbolic link in it followed, as <c>realpath</c> gives; a part that does
    /// not exist yet is kept as written.
    /// </summary>
    public static string Resolved(string path)
    {
        string full = Path.GetFullPath(path);
        string root = Path.GetPathRoot(full) ?? "/";
        var parts = new Queue<string>(full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries));
        string current = root;
        int links = 0;
        while (parts.TryDequeue(out string? part))
        {
            string next = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.LinkTarget is { } target && links++ < MaxLinks)
            {
                // Start again from the link's target, then the rest of the path.
                string resolved = Path.GetFullPath(target, current);
                string targetRoot = Path.GetPathRoot(resolved) ?? "/";
                var rest = new Queue<string>(resolved[targetRoot.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Concat(parts));
                parts = rest;
                current = targetRoot;
                continue;
            }

            current = next;
        }

        return current;
    }

    /// <summary>The device and inode numbers of an existing file (Linux), or null.</summary>
    private static unsafe (ulong Device, ulong Inode)? DeviceAndInode(string path)
    {
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess || !File.Exists(path))
        {
            return null;
        }

        // struct stat begins with st_dev and st_ino, 8 bytes each, on every 64-bit Linux (x86-64 and arm64 alike).
        ulong* buffer = stackalloc ulong[64];
        try
        {
            return Stat(path, buffer) == 0 ? (buffer[0], buffer[1]) : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    [LibraryImport("libc.so.6", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Stat(string path, ulong* buffer);
}
