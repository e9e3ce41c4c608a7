using AutoGrad.Cli;
using Spectre.Console;

return CliApplication.Run(args, AnsiConsole.Console, Console.Out, Console.Error);
