using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using AutoGrad.IO;

namespace AutoGrad.Graphs;

/// <summary>
/// Renders DOT text with the real Graphviz <c>dot</c> program (Debian package <c>graphviz</c>).
/// Only rendering needs Graphviz; <see cref="DotExporter"/> works without it.
/// </summary>
public static class Graphviz
{
    private const string DotProgram = "dot";

    /// <summary>The default time <c>dot</c> may take before it is stopped: 60 seconds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>True when <c>dot</c> can be found on PATH.</summary>
    public static bool IsInstalled => FindOnPath(DotProgram) is not null;

    /// <summary>
    /// Lays out <paramref name="dot"/> and writes it to <paramref name="path"/> in the given format.
    /// The file appears whole or not at all: it is written beside the target and then moved in place,
    /// so a failure never leaves a half-written file or clobbers an existing one.
    /// </summary>
    /// <param name="dot">DOT text, for example from <see cref="DotExporter.Export"/>.</param>
    /// <param name="format">SVG, PNG or PDF.</param>
    /// <param name="path">The file to write; its folder is created if needed.</param>
    /// <param name="timeout">How long <c>dot</c> may run; <see cref="DefaultTimeout"/> if null.</param>
    /// <returns>What Graphviz warned about (empty when it said nothing).</returns>
    /// <exception cref="ArgumentException"><paramref name="dot"/> or <paramref name="path"/> is null or empty.</exception>
    /// <exception cref="GraphvizNotInstalledException"><c>dot</c> is not installed.</exception>
    /// <exception cref="GraphvizException">Graphviz rejected the text (its message is included).</exception>
    /// <exception cref="TimeoutException">Graphviz took longer than <paramref name="timeout"/>.</exception>
    public static string Render(string dot, GraphvizFormat format, string path, TimeSpan? timeout = null) =>
        RenderWith(DotProgram, dot, format, path, timeout);

    /// <summary>As <see cref="Render"/>, with another program; a cancelled <paramref name="cancellation"/> stops <c>dot</c> and writes nothing.</summary>
    internal static string RenderWith(string program, string dot, GraphvizFormat format, string path, TimeSpan? timeout, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        GraphvizRun run = Run(dot, ["-T" + format.ToString().ToLowerInvariant()], timeout ?? DefaultTimeout, program, cancellation);
        AtomicFile.WriteAllBytes(path, run.Output);
        return run.Warnings;
    }

    /// <summary>
    /// Runs <c>dot</c> on the text with the given arguments and returns its standard output and warnings.
    /// When <paramref name="cancellation"/> is cancelled, <c>dot</c> is killed and its output dropped
    /// (<see cref="OperationCanceledException"/>): on Ctrl-C at a terminal <c>dot</c> gets the signal too,
    /// and answers it by writing what it has laid out so far and exiting with 0, so its output then is a
    /// partial picture that must never be taken for the diagram.
    /// </summary>
    internal static GraphvizRun Run(string dot, IReadOnlyList<string> arguments, TimeSpan timeout, string program = DotProgram, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(dot);
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new GraphvizNotInstalledException(program);
        }
        catch (Win32Exception)
        {
            throw new GraphvizNotInstalledException(program);
        }

        using (process)
        using (cancellation.Register(() => Stop(process)))
        {
            // Write, read the output and read the errors at the same time: a large graph cannot
            // deadlock on full pipes, and when dot stops reading early (a syntax error in a large file)
            // the broken pipe is not the error reported: dot's own message is.
            var output = new MemoryStream();
            Task copyOutput = process.StandardOutput.BaseStream.CopyToAsync(output);
            Task<string> readErrors = process.StandardError.ReadToEndAsync();
            Task<IOException?> write = Task.Run(() => WriteInput(process.StandardInput, dot));
            bool exited = process.WaitForExit(timeout);
            cancellation.ThrowIfCancellationRequested();
            if (!exited)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"Graphviz '{program}' did not finish within {timeout.TotalSeconds:0.#} s; the graph may be too large to lay out.");
            }

            Task.WaitAll(copyOutput, readErrors, write);
            cancellation.ThrowIfCancellationRequested();
            string errors = readErrors.Result.Trim();
            if (process.ExitCode != 0)
            {
                throw new GraphvizException($"Graphviz '{program}' failed (exit code {process.ExitCode}): {errors}", errors);
            }

            if (write.Result is { } broken)
            {
                throw new GraphvizException($"Graphviz '{program}' stopped reading its input ({broken.Message}) but exited with 0: {errors}", errors);
            }

            return new GraphvizRun(output.ToArray(), errors);
        }
    }

    /// <summary>Kills <c>dot</c> (and anything it started) if it still runs.</summary>
    private static void Stop(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // It had already exited.
        }
    }

    /// <summary>Writes the text and closes dot's input; a pipe dot closed early is returned, not thrown, so its exit code and message decide.</summary>
    private static IOException? WriteInput(StreamWriter input, string dot)
    {
        try
        {
            input.Write(dot);
            input.Close();
            return null;
        }
        catch (IOException broken)
        {
            try
            {
                input.Dispose();
            }
            catch (IOException)
            {
                // the pipe is already broken; closing it cannot fail in a way that matters
            }

            return broken;
        }
    }

    private static string? FindOnPath(string program)
    {
        string[] folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        string[] names = OperatingSystem.IsWindows() ? [program + ".exe", program] : [program];
        return folders.SelectMany(folder => names.Select(name => Path.Combine(folder, name))).FirstOrDefault(File.Exists);
    }
}

/// <summary>What one run of <c>dot</c> produced: its output bytes and its warnings.</summary>
internal sealed record GraphvizRun(byte[] Output, string Warnings);
