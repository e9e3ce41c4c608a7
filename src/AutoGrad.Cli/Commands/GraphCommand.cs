using System.CommandLine;
using System.Globalization;
using AutoGrad.Graphs;
using AutoGrad.Graphs.Html;
using AutoGrad.IO;
using static AutoGrad.Cli.Commands.ExpressionInput;

namespace AutoGrad.Cli.Commands;

/// <summary>
/// <c>autograd graph "(x+y)^2" --at x=1,y=2 -o z.svg</c>: builds the expression at the point, runs
/// <see cref="Value.Backward"/>, and draws the graph with data and gradients in the format the file's
/// extension names: .dot and .mmd as text, .svg, .png and .pdf through Graphviz, .html as the
/// interactive explorer (<see cref="Diagram.SaveHtml"/>, which needs Graphviz too).
/// </summary>
internal static class GraphCommand
{
    /// <summary>The extensions -o accepts, with what writes each.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".svg", ".png", ".pdf", ".html", ".dot", ".mmd"];

    /// <summary>The largest --max-nodes: Graphviz takes minutes to lay out more.</summary>
    public const int MaxDiagramNodes = 100_000;

    private static string ExpectedFile => $"a file ending in {string.Join(", ", Extensions.SkipLast(1))} or {Extensions[^1]}";

    /// <summary>The command; <paramref name="graphvizProgram"/> is the Graphviz program to run (tests name a missing one).</summary>
    public static Command Create(TextWriter output, TextWriter error, CancellationToken cancellation, string graphvizProgram = "dot")
    {
        Argument<string> expression = ExpressionArgument("to draw");
        var at = AtOption("to evaluate at (data and gradients are drawn)");
        var file = new Option<string>("--output", "-o")
        {
            Description = $"The diagram to write: .svg, .png or .pdf (needs Graphviz), .html (interactive explorer; needs Graphviz), .dot (Graphviz text) or .mmd (Mermaid text).",
            HelpName = "file",
            CustomParser = result =>
            {
                string path = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
                string typed = result.Parent is System.CommandLine.Parsing.OptionResult option ? option.IdentifierToken?.Value ?? "-o" : "-o";
                if (!Extensions.Contains(Path.GetExtension(path).ToLowerInvariant()))
                {
                    result.AddError($"{typed} expects {ExpectedFile}; got '{path}'.");
                }

                return path;
            },
        };
        var showConstants = new Option<bool>("--show-constants")
        {
            Description = "Draw the numbers in the expression as nodes of their own, instead of inside the op that reads them (× 2, + 1).",
        };
        var maxNodes = new Option<int>("--max-nodes")
        {
            Description = $"The most diagram nodes to draw, 1 to {MaxDiagramNodes}; a larger graph is refused.",
            HelpName = "count",
            DefaultValueFactory = _ => new DiagramOptions().MaxNodes,
            CustomParser = result => CheckCommand.WholeNumber(result, 1, MaxDiagramNodes),
        };
        var command = new Command("graph", "Draw the graph of a typed expression at a point, with data and gradients. " +
            "Exit codes: 0 written, 1 could not render or write (e.g. Graphviz missing), 2 bad expression or option (one line on stderr), 130 cancelled by Ctrl-C (the file is left as it was).")
        {
            expression, at, file, showConstants, maxNodes,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(file) is null)
            {
                result.AddError($"graph needs -o FILE, the diagram to write: {ExpectedFile}, like -o z.svg.");
            }
        });
        OutputPath.Check(command, file, OutputPath.Kind.File("diagram"));
        command.SetAction(parse => Run(
            parse.GetValue(expression)!,
            parse.GetValue(at),
            parse.GetValue(file)!,
            new DotOptions { ShowConstants = parse.GetValue(showConstants), MaxNodes = parse.GetValue(maxNodes) },
            output,
            error,
            graphvizProgram,
            cancellation));
        return command;
    }

    private static int Run(string text, IReadOnlyList<KeyValuePair<string, double>>? at, string path, DotOptions options, TextWriter output, TextWriter error, string graphvizProgram, CancellationToken cancellation)
    {
        if (Parse(text, error, cancellation) is not { } expression)
        {
            return ExitCodes.BadInput;
        }

        (double[]? point, string? problem) = Point(expression, at);
        if (point is null)
        {
            return CliApplication.Fail(error, ExitCodes.BadInput, problem!);
        }

        Value f = Interruptible.Run(
            () =>
            {
                Value built = expression.Build(Leaves(expression, point));
                built.Backward();
                return built;
            },
            cancellation);
        string extension = Path.GetExtension(path).ToLowerInvariant();
        try
        {
            string warnings = "";
            switch (extension)
            {
                case ".dot":
                    AtomicFile.WriteAllText(path, Interruptible.Run(() => DotExporter.Export(f, options), cancellation));
                    break;
                case ".mmd":
                    AtomicFile.WriteAllText(path, Interruptible.Run(() => MermaidExporter.Export(f, options), cancellation));
                    break;
                case ".html":
                    string title = at is null ? text : text + " at " + string.Join(", ", at.Select(p => p.Key + " = " + p.Value.ToString("G", CultureInfo.InvariantCulture)));
                    warnings = HtmlExplorer.Write(f, path, options, graphvizProgram, title, cancellation);
                    break;
                default:
                    GraphvizFormat format = Enum.Parse<GraphvizFormat>(extension[1..], ignoreCase: true);
                    warnings = Graphviz.RenderWith(graphvizProgram, Interruptible.Run(() => DotExporter.Export(f, options), cancellation), format, path, timeout: null, cancellation);
                    break;
            }

            output.WriteLine($"wrote {path}{(warnings.Length > 0 ? $" (Graphviz warned: {CliApplication.OneLine(warnings)})" : "")}");
            return ExitCodes.Done;
        }
        catch (GraphTooLargeException e)
        {
            return CliApplication.Fail(error, ExitCodes.BadInput, $"the expression's graph needs {e.NodeCount} diagram nodes, more than --max-nodes {e.MaxNodes}; raise --max-nodes (up to {MaxDiagramNodes}) to draw it.");
        }
        catch (GraphvizNotInstalledException e)
        {
            return CliApplication.Fail(error, ExitCodes.Failed, $"cannot write '{path}': {e.Message} Or write {Path.ChangeExtension(path, ".dot")} or {Path.ChangeExtension(path, ".mmd")}, which need no Graphviz.");
        }
        catch (Exception e) when (e is GraphvizException or TimeoutException or IOException or UnauthorizedAccessException)
        {
            return CliApplication.Fail(error, ExitCodes.Failed, $"could not write -o '{path}': {e.Message}");
        }
    }
}
