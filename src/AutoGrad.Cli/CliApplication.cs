using System.CommandLine;
using System.CommandLine.Invocation;
using AutoGrad.Cli.Commands;
using Spectre.Console;

namespace AutoGrad.Cli;

/// <summary>The <c>autograd</c> command line: its commands, parsed with System.CommandLine.</summary>
internal static class CliApplication
{
    /// <summary>Parses and runs the arguments; returns the process exit code (see <see cref="ExitCodes"/>).</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="console">Where the commands draw progress and tables.</param>
    /// <param name="output">Where help and plain messages go.</param>
    /// <param name="error">Where errors go: one line each, never a stack trace.</param>
    /// <param name="cancellation">
    /// Ctrl-C: every command stops at its next check (see <see cref="Interruptible"/>), writes nothing,
    /// says so on one line and exits with 130.
    /// </param>
    public static int Run(string[] args, IAnsiConsole console, TextWriter output, TextWriter error, CancellationToken cancellation = default)
    {
        var root = new RootCommand("AutoGrad: a scalar automatic-differentiation engine. Train small networks and watch them learn, then predict and evaluate with them; differentiate, draw and gradient-check typed formulas.")
        {
            TrainCommand.Create(console, error, cancellation),
            PredictCommand.Create(output, error, cancellation),
            EvalCommand.Create(console, error, cancellation),
            GradCommand.Create(output, error, cancellation),
            GraphCommand.Create(output, error, cancellation),
            CheckCommand.Create(console, error, cancellation),
            ExperimentCommand.Create(console, output, error, cancellation),
            ExportCommand.Create(output, error, cancellation),
        };
        return Invoke(root, args, output, error, cancellation);
    }

    /// <summary>
    /// Parses <paramref name="args"/> against <paramref name="root"/> and runs the command: a parse error
    /// is one line on stderr (exit 2), Ctrl-C is one line and exit 130, for every command alike.
    /// </summary>
    /// <param name="root">The root command (tests give one holding a command made with a stand-in).</param>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="output">Where help and plain messages go.</param>
    /// <param name="error">Where errors go.</param>
    /// <param name="cancellation">Ctrl-C.</param>
    internal static int Invoke(RootCommand root, string[] args, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        root.HelpName = "autograd";
        ParseResult parse;
        try
        {
            parse = root.Parse(args);
        }
        catch (Exception e)
        {
            // A parser or validator that throws is a bug; the user still gets one line, not a stack trace.
            return Fail(error, ExitCodes.Failed, $"autograd failed unexpectedly while reading its arguments: {e.Message} ({e.GetType().Name}); please report this.");
        }

        if (parse.Errors.Count > 0 && parse.Action is ParseErrorAction)
        {
            // One error, on one line (System.CommandLine would print them all and the whole help text).
            return Fail(error, ExitCodes.BadInput, FirstError(root, parse));
        }

        try
        {
            // No default exception handler: it would print a stack trace. Ctrl-C is handled here, once for every command.
            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false });
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            error.WriteLine($"cancelled: autograd {parse.CommandResult.Command.Name} stopped at Ctrl-C; nothing was written.");
            return ExitCodes.Cancelled;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug, not bad input: still one line and no stack trace, but marked so a test (the fuzzing) notices.
            return Fail(error, ExitCodes.Failed, $"autograd {parse.CommandResult.Command.Name} failed unexpectedly: {e.Message} ({e.GetType().Name}); please report this.");
        }
    }

    /// <summary>The error to show: with no command, what was typed instead of one; else System.CommandLine's first.</summary>
    private static string FirstError(RootCommand root, ParseResult parse)
    {
        if (parse.CommandResult.Command == root)
        {
            string typed = parse.Tokens.Count > 0 ? $"'{parse.Tokens[0].Value}'" : "nothing";
            return $"autograd expects a command, one of: {string.Join(", ", root.Subcommands.Select(c => c.Name))}; got {typed}.";
        }

        return parse.Errors[0].Message is var message && parse.UnmatchedTokens.Count > 0 && Suggestions(parse) is { Count: > 0 } suggestions
            ? $"{message.TrimEnd('.')}; did you mean {string.Join(" or ", suggestions)}?"
            : message;
    }

    /// <summary>
    /// System.CommandLine's own typo corrections for the unmatched tokens ("--step" → "--steps"): its
    /// parse-error action writes them after "Did you mean one of the following?", one a line.
    /// </summary>
    private static List<string> Suggestions(ParseResult parse)
    {
        if (parse.Action is not ParseErrorAction action)
        {
            return [];
        }

        action.ShowHelp = false;
        action.ShowTypoCorrections = true;
        var text = new StringWriter();
        parse.Invoke(new InvocationConfiguration { Output = text, Error = text });
        const string Marker = "Did you mean one of the following?";
        string written = text.ToString();
        int at = written.IndexOf(Marker, StringComparison.Ordinal);
        return at < 0
            ? []
            : [.. written[(at + Marker.Length)..].Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeWhile(line => !line.Contains(' ', StringComparison.Ordinal))];
    }

    /// <summary>
    /// The one way every command reports an error: "error: " and <paramref name="message"/> on one line
    /// (never a stack trace) to <paramref name="error"/>; returns <paramref name="exitCode"/> for the caller to return.
    /// </summary>
    public static int Fail(TextWriter error, int exitCode, string message)
    {
        error.WriteLine($"error: {OneLine(message)}");
        return exitCode;
    }

    /// <summary>A message on one line, so every error is one line on stderr.</summary>
    public static string OneLine(string message) => string.Join(" ", message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
