using AutoGrad.Cli;
using Spectre.Console.Testing;

namespace AutoGrad.Tests.Cli;

/// <summary>Runs <c>autograd</c> in-process on a non-interactive console (as when output is redirected) and collects what it wrote.</summary>
internal static class CliRun
{
    public static (int ExitCode, string Console, string Errors) Run(params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 160;
        var output = new StringWriter();
        var errors = new StringWriter();
        int exitCode = CliApplication.Run(args, console, output, errors);
        return (exitCode, console.Output + output, errors.ToString());
    }

    /// <summary>Asserts a usage error: exit code 2 and exactly <paramref name="expected"/> as one line on stderr, with no stack trace.</summary>
    public static void AssertUsageError((int ExitCode, string Console, string Errors) result, string expected)
    {
        Assert.Equal("error: " + expected, result.Errors.TrimEnd('\n'));
        Assert.Equal(2, result.ExitCode);
        Assert.DoesNotContain("\n", result.Errors.TrimEnd('\n'), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Errors, StringComparison.Ordinal);
    }
}
