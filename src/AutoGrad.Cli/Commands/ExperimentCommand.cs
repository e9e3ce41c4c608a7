using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using AutoGrad.Cli.Experiments;
using Spectre.Console;

namespace AutoGrad.Cli.Commands;

/// <summary>
/// <c>autograd experiment &lt;name&gt; [-o DIR] [--seed N] [--quick]</c>: runs one lesson of
/// <see cref="ExperimentCatalog"/> and writes its figures and numbers to <c>DIR/&lt;name&gt;/</c>;
/// <c>--list</c> names every experiment with its claim. Every value is checked while parsing, so a bad
/// one is one line on stderr (exit code 2) before any work starts.
/// </summary>
internal static class ExperimentCommand
{
    /// <summary>The default output folder, as <c>train</c>'s.</summary>
    public static string DefaultOutputFolder { get; } = new TrainSettings().OutputFolder;

    public static Command Create(IAnsiConsole console, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        string names = string.Join(", ", ExperimentCatalog.Names);
        var name = new Argument<string?>("name")
        {
            Description = $"The experiment: {names}.",
            Arity = ArgumentArity.ZeroOrOne,
            CustomParser = result =>
                ExperimentCatalog.Find(Token(result)) is { } experiment
                    ? experiment.Name
                    : Refuse<string?>(result, $"experiment expects one of: {names}; got '{Token(result)}'."),
        };
        var list = new Option<bool>("--list") { Description = "List the experiments and the claim each tests." };
        var seed = new Option<int>("--seed")
        {
            Description = "Seed of the data, the weights and every random input.",
            DefaultValueFactory = _ => new ExperimentOptions().Seed,
            CustomParser = result =>
                int.TryParse(Token(result), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value)
                    ? value
                    : Refuse<int>(result, $"{Typed(result)} expects a whole number from {int.MinValue} to {int.MaxValue}; got '{Token(result)}'."),
        };
        var quick = new Option<bool>("--quick") { Description = "A small size that still shows the claim (what the tests run)." };
        var outputFolder = new Option<string>("--output", "-o")
        {
            Description = "Folder for the results; each experiment writes its PNG figures and CSV numbers to a folder of its name inside it, made if missing.",
            DefaultValueFactory = _ => DefaultOutputFolder,
        };
        var command = new Command("experiment", "Run a lesson: measure a claim from the study notes, write its figures (PNG) and numbers (CSV), and end with the result in one line. " +
            "Exit codes: 0 done, 1 failed (an output could not be written), 2 bad name or option (one line on stderr), 130 cancelled by Ctrl-C.")
        {
            name, list, seed, quick, outputFolder,
        };
        command.Validators.Add(result =>
        {
            bool named = result.GetResult(name) is { Tokens.Count: > 0 };
            bool listed = result.GetResult(list) is { Implicit: false };
            if (!named && !listed)
            {
                result.AddError($"experiment expects a name, one of: {names}; got nothing (--list shows what each one tests).");
            }
            else if (named && listed)
            {
                result.AddError("--list lists every experiment; give it without a name.");
            }
        });
        OutputPath.Check(command, outputFolder, OutputPath.Kind.Folder());
        command.SetAction(parse =>
        {
            if (parse.GetValue(list))
            {
                foreach (IExperiment experiment in ExperimentCatalog.All)
                {
                    output.WriteLine($"{experiment.Name,-18} {experiment.Claim}");
                }

                return ExitCodes.Done;
            }

            IExperiment chosen = ExperimentCatalog.Find(parse.GetValue(name)!)!;
            var options = new ExperimentOptions(parse.GetValue(seed), parse.GetValue(quick));
            return new ExperimentJob(console, output, error, cancellation).Run(chosen, options, parse.GetValue(outputFolder)!);
        });
        return command;
    }

    /// <summary>The value typed ("" if none).</summary>
    private static string Token(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";

    /// <summary>The option as the user typed it (<c>-o</c> or <c>--output</c>).</summary>
    private static string Typed(ArgumentResult result) =>
        result.Parent is OptionResult option ? option.IdentifierToken?.Value ?? option.Option.Name : result.Argument.Name;

    private static T Refuse<T>(ArgumentResult result, string message)
    {
        result.AddError(message);
        return default!;
    }
}
