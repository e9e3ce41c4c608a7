using System.CommandLine;
using AutoGrad.Cli.Commands;
using Spectre.Console;

namespace AutoGrad.Cli;

/// <summary>The <c>autograd</c> command line: its commands, parsed with System.CommandLine.</summary>
internal static class CliApplication
{
    /// <summary>Parses and runs the arguments; returns the process exit code.</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="console">Where the commands draw progress and tables.</param>
    /// <param name="output">Where help and plain messages go.</param>
    /// <param name="error">Where parse errors go.</param>
    public static int Run(string[] args, IAnsiConsole console, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("AutoGrad: a scalar automatic-differentiation engine. Train small networks and watch them learn.")
        {
            TrainCommand.Create(console),
        };
        root.HelpName = "autograd";

        return root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
    }
}
