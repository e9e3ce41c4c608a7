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
    /// <param name="cancellation">Ctrl-C: a running job stops at the end of its step, cleans up its display and exits with 130.</param>
    public static int Run(string[] args, IAnsiConsole console, TextWriter output, TextWriter error, CancellationToken cancellation = default)
    {
        var root = new RootCommand("AutoGrad: a scalar automatic-differentiation engine. Train small networks and watch them learn, then predict and evaluate with them; differentiate, draw and gradient-check typed formulas.")
        {
            TrainCommand.Create(console, error, cancellation),
            PredictCommand.Create(output, error),
            EvalCommand.Create(console, error),
            GradCommand.Create(output, error),
            GraphCommand.Create(output, error),
            CheckCommand.Create(console, error),
            ExperimentCommand.Create(console, output, error, cancellation),
        };
        root.HelpName = "autograd";

        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is ParseErrorAction)
        {
            // One error, on one line (System.CommandLine would print them all and the whole help text).
            error.WriteLine($"error: {OneLine(FirstError(root, parse))}");
            return ExitCodes.BadInput;
        }

        return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null });
    }

    /// <summary>The error to show: with no command, what was typed instead of one; else System.CommandLine's first.</summary>
    private static string FirstError(RootCommand root, ParseResult parse)
    {
        if (parse.CommandResult.Command == root)
        {
            string typed = parse.Tokens.Count > 0 ? $"'{parse.Tokens[0].Value}'" : "nothing";
            return $"autograd expects a command, one of: {string.Join(", ", root.Subcommands.Select(c => c.Name))}; got {typed}.";
        }

        return parse.Errors[0].Message;
    }

    /// <summary>A message on one line, so every error is one line on stderr.</summary>
    public static string OneLine(string message) => string.Join(" ", message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
