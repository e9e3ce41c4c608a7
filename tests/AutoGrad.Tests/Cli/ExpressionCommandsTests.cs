using System.CommandLine;
using System.Text.Json;
using AutoGrad.Cli;
using AutoGrad.Cli.Commands;
using AutoGrad.Expressions;
using Spectre.Console.Testing;

namespace AutoGrad.Tests.Cli;

/// <summary><c>autograd grad</c>, <c>graph</c> and <c>check</c> on typed expressions.</summary>
public sealed class ExpressionCommandsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("autograd-expr-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (int ExitCode, string Output, string Errors) Run(params string[] args) => CliRun.Run(args);

    /// <summary>Runs one command made here (to give it a missing Graphviz or a wrong derivative).</summary>
    private static (int ExitCode, string Output, string Errors) RunCommand(Func<TestConsole, TextWriter, TextWriter, Command> create, params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 160;
        var output = new StringWriter();
        var errors = new StringWriter();
        int exitCode = CliApplication.Invoke(new RootCommand { create(console, output, errors) }, args, output, errors, CancellationToken.None);
        return (exitCode, console.Output + output, errors.ToString());
    }

    private static string[] Lines(string text) => text.TrimEnd('\n').Split('\n');

    [Fact]
    public void Grad_PrintsTheValueAndTheGradientPerVariable()
    {
        (int exitCode, string output, string errors) = Run("grad", "(x+y)^2", "--at", "x=1,y=2");

        Assert.Equal(0, exitCode);
        Assert.Equal("", errors);
        Assert.Equal(["f = (x + y)^2 at x = 1, y = 2", "f = 9", "∂f/∂x = 6", "∂f/∂y = 6"], Lines(output));
    }

    [Fact]
    public void Grad_OrderTwo_OfXCubedAtTwo_Gives12()
    {
        (int exitCode, string output, _) = Run("grad", "x^3", "--at", "x=2", "--order", "2");

        Assert.Equal(0, exitCode);
        Assert.Equal(["f = x^3 at x = 2", "f = 8", "∂f/∂x = 12", "∂²f/∂x² = 12"], Lines(output));
    }

    [Fact]
    public void Grad_OrderTwo_PrintsEverySecondDerivative()
    {
        (int exitCode, string output, _) = Run("grad", "x^2*y + sin(y)", "--at", "x=3,y=0", "--order", "2");

        Assert.Equal(0, exitCode);
        Assert.Contains("∂²f/∂x² = 0", output, StringComparison.Ordinal);   // 2y
        Assert.Contains("∂²f/∂x∂y = 6", output, StringComparison.Ordinal);  // 2x
        Assert.Contains("∂²f/∂y∂x = 6", output, StringComparison.Ordinal);
        Assert.Contains("∂²f/∂y² = 0", output, StringComparison.Ordinal);   // −sin y
    }

    [Fact]
    public void Grad_Json_KeysEverythingByVariable_WithTheHessian()
    {
        (int exitCode, string output, _) = Run("grad", "(x+y)^2", "--at", "x=1,y=2", "--order", "2", "--json");

        Assert.Equal(0, exitCode);
        using JsonDocument json = JsonDocument.Parse(output);
        JsonElement root = json.RootElement;
        Assert.Equal("(x + y)^2", root.GetProperty("expression").GetString());
        Assert.Equal(2, root.GetProperty("at").GetProperty("y").GetDouble());
        Assert.Equal(9, root.GetProperty("value").GetDouble());
        Assert.Equal(6, root.GetProperty("gradient").GetProperty("x").GetDouble());
        Assert.Equal(2, root.GetProperty("hessian").GetProperty("x").GetProperty("y").GetDouble());
    }

    [Fact]
    public void Grad_Json_WritesNaNAsAString_SoTheJsonStaysValid()
    {
        (int exitCode, string output, _) = Run("grad", "log(x)", "--at", "x=-1", "--json");

        Assert.Equal(0, exitCode);
        using JsonDocument json = JsonDocument.Parse(output);
        Assert.Equal("NaN", json.RootElement.GetProperty("value").GetString());
        Assert.False(json.RootElement.TryGetProperty("hessian", out _));
    }

    [Fact]
    public void Grad_AnExpressionStartingWithMinus_IsTheExpression_NotAnOption()
    {
        (int exitCode, string output, _) = Run("grad", "-x^2", "--at", "x=3");

        Assert.Equal(0, exitCode);
        Assert.Contains("∂f/∂x = -6", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(".dot", "digraph")]
    [InlineData(".mmd", "flowchart LR")]
    public void Graph_WritesTextDiagrams_WithDataAndGradients(string extension, string start)
    {
        string path = Path.Combine(_folder, "z" + extension);

        (int exitCode, string output, string errors) = Run("graph", "(x+y)^2", "--at", "x=1,y=2", "-o", path);

        Assert.Equal(0, exitCode);
        Assert.Equal("", errors);
        Assert.Equal($"wrote {path}", output.Trim());
        string text = File.ReadAllText(path);
        Assert.StartsWith(start, text, StringComparison.Ordinal);
        Assert.Matches("grad 6(?![0-9.])", text); // x after Backward
        Assert.Matches("data 9(?![0-9.])", text);
    }

    [Fact]
    public void Graph_WritesNumbersIntoTheirOps_UnlessAskedToShowConstants()
    {
        string folded = Path.Combine(_folder, "folded.dot");
        string shown = Path.Combine(_folder, "shown.mmd");

        (int foldedExit, _, string foldedErrors) = Run("graph", "2*x + 1", "--at", "x=3", "-o", folded);
        (int shownExit, _, string shownErrors) = Run("graph", "2*x + 1", "--at", "x=3", "-o", shown, "--show-constants");

        Assert.Equal((0, ""), (foldedExit, foldedErrors));
        Assert.Equal((0, ""), (shownExit, shownErrors));
        string foldedDot = File.ReadAllText(folded);
        Assert.Contains("label=<× 2>", foldedDot, StringComparison.Ordinal);
        Assert.Contains("label=<+ 1>", foldedDot, StringComparison.Ordinal);
        Assert.DoesNotMatch("data 2(?![0-9.])", foldedDot);
        Assert.Matches("data 2(?![0-9.])", File.ReadAllText(shown)); // the constant 2 as a node
    }

    [Fact]
    public void Graph_LargerThanMaxNodes_IsRefusedInOneLine_AndWritesNothing()
    {
        string path = Path.Combine(_folder, "z.dot");

        (int exitCode, _, string errors) = Run("graph", "(x+y)^2", "--at", "x=1,y=2", "-o", path, "--max-nodes", "5");
        (int fits, _, _) = Run("graph", "(x+y)^2", "--at", "x=1,y=2", "-o", path, "--max-nodes", "6");

        Assert.Equal(2, exitCode);
        Assert.Equal("error: the expression's graph needs 6 diagram nodes, more than --max-nodes 5; raise --max-nodes (up to 100000) to draw it.", errors.TrimEnd('\n'));
        Assert.Equal(0, fits);
    }

    [Fact]
    public void Graph_RefusedForSize_LeavesNoFile()
    {
        string path = Path.Combine(_folder, "refused.mmd");

        (int exitCode, _, _) = Run("graph", "x*y", "--at", "x=1,y=2", "-o", path, "--max-nodes", "1");

        Assert.Equal(2, exitCode);
        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData(".svg", "<?xml")]
    [InlineData(".png", "\u0089PNG")]
    public void Graph_RendersPicturesWithGraphviz(string extension, string magic)
    {
        Assert.True(AutoGrad.Graphs.Graphviz.IsInstalled, "Graphviz 'dot' is not installed (apt-get install graphviz; .ci/run installs it).");
        string path = Path.Combine(_folder, "z" + extension);

        (int exitCode, _, string errors) = Run("graph", "tanh(w*x + b)", "--at", "w=0.5,x=2,b=-1", "-o", path);

        Assert.Equal(0, exitCode);
        Assert.Equal("", errors);
        Assert.StartsWith(magic, System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(path)), StringComparison.Ordinal);
    }

    [Fact]
    public void Graph_Html_WritesTheExplorer_AndSaysSoOnOneLine()
    {
        Assert.True(AutoGrad.Graphs.Graphviz.IsInstalled, "Graphviz 'dot' is not installed (apt-get install graphviz; .ci/run installs it).");
        string path = Path.Combine(_folder, "graph.html");

        (int exitCode, string output, string errors) = Run("graph", "(x+y)^2", "--at", "x=1,y=2", "-o", path);

        Assert.Equal(0, exitCode);
        Assert.Equal("", errors);
        Assert.Equal($"wrote {path}", output.Trim());
        string page = File.ReadAllText(path);
        Assert.StartsWith("<!DOCTYPE html>", page, StringComparison.Ordinal);
        Assert.Contains("\"grad\":6", page, StringComparison.Ordinal); // x and y after Backward
    }

    [Theory]
    [InlineData("graph.HTM")]
    [InlineData("graph.html.txt")]
    public void Graph_RefusesWhatIsNotDotHtml(string name)
    {
        (int exitCode, _, string errors) = Run("graph", "x*y", "--at", "x=1,y=2", "-o", Path.Combine(_folder, name));

        Assert.Equal(2, exitCode);
        Assert.Single(Lines(errors));
        Assert.Contains("expects a file ending in .svg, .png, .pdf, .html, .dot or .mmd", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Graph_Html_ToAFolderThatCannotBeMade_IsOneLine_AndExitsWithTwo_BeforeAnyWork()
    {
        string blocker = Path.Combine(_folder, "file");
        File.WriteAllText(blocker, "");
        string path = Path.Combine(blocker, "graph.html"); // a folder where a file is

        (int exitCode, string output, string errors) = Run("graph", "x*y", "--at", "x=1,y=2", "-o", path);

        Assert.Equal(2, exitCode);
        Assert.Equal("", output);
        Assert.Equal($"error: -o '{path}' cannot be made: '{blocker}' is a file; expected a diagram to write.\n", errors);
    }

    [Fact]
    public void Graph_Html_WithoutGraphviz_SaysHowToGetIt_AndWritesNothing()
    {
        string path = Path.Combine(_folder, "graph.html");

        (int exitCode, _, string errors) = RunCommand((_, output, error) => GraphCommand.Create(output, error, CancellationToken.None, graphvizProgram: "autograd-test-no-such-dot"), "graph", "x*y", "--at", "x=1,y=2", "-o", path);

        Assert.Equal(1, exitCode);
        Assert.Single(Lines(errors));
        Assert.StartsWith($"error: cannot write '{path}': Graphviz's 'autograd-test-no-such-dot' program was not found", errors, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Graph_WithoutGraphviz_SaysHowToGetIt_AndExitsWithOne()
    {
        string path = Path.Combine(_folder, "z.svg");

        (int exitCode, _, string errors) = RunCommand((_, output, error) => GraphCommand.Create(output, error, CancellationToken.None, graphvizProgram: "autograd-test-no-such-dot"), "graph", "x*y", "--at", "x=1,y=2", "-o", path);

        Assert.Equal(1, exitCode);
        Assert.Single(Lines(errors));
        Assert.StartsWith($"error: cannot write '{path}': Graphviz's 'autograd-test-no-such-dot' program was not found", errors, StringComparison.Ordinal);
        Assert.Contains("sudo apt-get install graphviz", errors, StringComparison.Ordinal);
        Assert.Contains("z.dot", errors, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Check_PassesOnCorrectGradients_AndShowsTheWorstErrorPerVariable()
    {
        (int exitCode, string output, string errors) = Run("check", "log(1 + x^2) * tanh(y) + max(x, y)", "--points", "50", "--seed", "7");

        Assert.Equal(0, exitCode);
        Assert.Equal("", errors);
        Assert.Contains("worst abs", output, StringComparison.Ordinal);
        Assert.Matches(@"│ x\s+│\s+\d+ │\s+0 │", output);
        Assert.Matches(@"│ y\s+│\s+\d+ │\s+0 │", output);
        Assert.Contains("passed at 50 point(s) in [-5, 5] (seed 7)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_RedrawsPointsOutsideTheDomain()
    {
        (int exitCode, string output, _) = Run("check", "log(x) + sqrt(y)", "--points", "30");

        Assert.Equal(0, exitCode);
        Assert.Matches(@"│ x\s+│\s+30 │\s+0 │", output);
        Assert.Contains("drawn again where f or its gradient was not finite", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_AWrongDerivative_FailsWithOne_AndNamesTheCulpritOp()
    {
        // sin's derivative given as +sin: the engine is right, so the test brings its own broken op.
        static Value Build(Expression expression, IReadOnlyList<Value> leaves) =>
            Value.Custom("badsin", [expression.Build(leaves)], x => Math.Sin(x[0]), (x, _) => Math.Sin(x[0])) * 2;

        (int exitCode, string output, string errors) = RunCommand((console, _, error) => CheckCommand.Create(console, error, CancellationToken.None, Build), "check", "x*y", "--points", "20");

        Assert.Equal(1, exitCode);
        Assert.Single(Lines(errors));
        Assert.StartsWith("error: the gradient of 'x * y' is wrong: ∂f/∂x failed at ", errors, StringComparison.Ordinal);
        Assert.Contains("the culprit is op badsin", errors, StringComparison.Ordinal);
        Assert.Matches(@"│ x\s+│\s+\d+ │\s+\d+ │", output);
        Assert.DoesNotContain("   at ", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_AGraphThatChangesShape_IsNotAPass_AndExitsWithOne()
    {
        // x's data copied into a constant: no gradient flows through it, and the check must not pass.
        static Value Build(Expression expression, IReadOnlyList<Value> leaves) => expression.Build(leaves) * leaves[0].Data;

        (int exitCode, string output, string errors) = RunCommand((console, _, error) => CheckCommand.Create(console, error, CancellationToken.None, Build), "check", "x*y", "--points", "20");

        Assert.Equal(1, exitCode);
        Assert.Single(Lines(errors));
        Assert.StartsWith("error: the gradient check of 'x * y' did not pass: for ∂f/∂x the graph changed shape within a step at 20 of 20 points; e.g. at x = ", errors, StringComparison.Ordinal);
        Assert.Contains("an input's data was copied into a constant", errors, StringComparison.Ordinal);
        Assert.Matches(@"│ x\s+│\s+0 │\s+0 │\s+0 │\s+0 │\s+20 │", output); // passed, failed, inconclusive, skipped, graph changed
        Assert.DoesNotContain("passed at", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_AnInconclusiveEntry_IsNotAPass_AndExitsWithOne()
    {
        (int exitCode, string output, string errors) = Run("check", "x + 1e20", "--points", "5");

        Assert.Equal(1, exitCode);
        Assert.StartsWith("error: the gradient check of 'x + 1E+20' did not pass: for ∂f/∂x the central difference was inconclusive at 5 of 5 points", errors, StringComparison.Ordinal);
        Assert.Contains("rounding error", errors, StringComparison.Ordinal);
        Assert.Matches(@"│ x\s+│\s+0 │\s+0 │\s+5 │", output);
    }

    [Fact]
    public void Check_WhereTheExpressionIsNeverFinite_SaysSo_AndExitsWithOne()
    {
        (int exitCode, _, string errors) = Run("check", "log(x - 10)", "--points", "3");

        Assert.Equal(1, exitCode);
        Assert.Equal("error: found no point in [-5, 5] where 'log(x - 10)' and its gradient are finite after 150 tries; nothing was checked.", errors.TrimEnd('\n'));
    }

    [Theory]
    [InlineData("grad x*y --at x=1", "--at has no value for 'y'; expected a value for each variable, like --at x=1,y=1.")]
    [InlineData("grad x*y", "--at has no value for 'x', 'y'; expected a value for each variable, like --at x=1,y=1.")]
    [InlineData("grad x --at x=1,z=2", "--at gives a value for 'z', which the expression does not use; its variables are x.")]
    [InlineData("grad x --at x1", "--at expects name=number pairs separated by commas, like x=1,y=-0.5; got 'x1' ('x1' is not name=number with a finite number).")]
    [InlineData("grad x --at x=abc", "--at expects name=number pairs separated by commas, like x=1,y=-0.5; got 'x=abc' ('x=abc' is not name=number with a finite number).")]
    [InlineData("grad x --at x=1,x=2", "--at gives 'x' twice in 'x=1,x=2'; expected one value per variable.")]
    [InlineData("grad x --at x=1 --order 3", "--order expects 1 or 2; got '3'.")]
    [InlineData("graph x --at x=1 -o z.txt", "-o expects a file ending in .svg, .png, .pdf, .html, .dot or .mmd; got 'z.txt'.")]
    [InlineData("graph x --at x=1", "graph needs -o FILE, the diagram to write: a file ending in .svg, .png, .pdf, .html, .dot or .mmd, like -o z.svg.")]
    [InlineData("graph x --at x=1 -o z.dot --max-nodes 0", "--max-nodes expects a whole number from 1 to 100000; got '0'.")]
    [InlineData("graph x --at x=1 -o z.dot --max-nodes -5", "--max-nodes expects a whole number from 1 to 100000; got '-5'.")]
    [InlineData("graph x --at x=1 -o z.dot --max-nodes abc", "--max-nodes expects a whole number from 1 to 100000; got 'abc'.")]
    [InlineData("graph x --at x=1 -o z.dot --max-nodes NaN", "--max-nodes expects a whole number from 1 to 100000; got 'NaN'.")]
    [InlineData("graph x --at x=1 -o z.dot --max-nodes Infinity", "--max-nodes expects a whole number from 1 to 100000; got 'Infinity'.")]
    [InlineData("graph x --at x=1 -o z.dot --max-nodes 2.5", "--max-nodes expects a whole number from 1 to 100000; got '2.5'.")]
    [InlineData("graph x --at x=1 -o z.dot --max-nodes 100001", "--max-nodes expects a whole number from 1 to 100000; got '100001'.")]
    [InlineData("graph x --at x=1 -o z.dot --max-nodes 99999999999999999999", "--max-nodes expects a whole number from 1 to 100000; got '99999999999999999999'.")]
    [InlineData("check 2+3", "check expects an expression with at least one variable; '2 + 3' has none, so there is no gradient to check.")]
    [InlineData("check x --points 0", "--points expects a whole number from 1 to 100000; got '0'.")]
    [InlineData("check x --seed abc", "--seed expects a whole number from -2147483648 to 2147483647; got 'abc'.")]
    public void BadInput_IsOneLineOnStderr_NamingTheInputAndWhatWasExpected(string args, string expected)
    {
        (int exitCode, string output, string errors) = Run(args.Split(' '));

        Assert.Equal(2, exitCode);
        Assert.Equal("error: " + expected, errors.TrimEnd('\n'));
        Assert.DoesNotContain("∂f", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("grad")]
    [InlineData("graph")]
    [InlineData("check")]
    public void EmptyExpression_IsOneLine(string command)
    {
        (int exitCode, _, string errors) = Run(command == "graph" ? [command, "  ", "-o", "z.svg"] : [command, "  "]);

        Assert.Equal(2, exitCode);
        Assert.Equal("error: the expression is empty; expected a formula such as \"(x + y)^2\".", errors.TrimEnd('\n'));
    }

    [Theory]
    [InlineData("x + foo(y)", 4, "unknown function 'foo'; expected one of exp, log")]
    [InlineData("max(x)", 0, "max takes 2 arguments but got 1; expected max(a, b)")]
    [InlineData("(x + y", 6, "expected ')' to close the '(' at column 1; got the end of the expression")]
    [InlineData("x +\t* y", 4, "expected a number, a variable, a function call, '-' or '('; got '*'")]
    public void ParseError_ShowsTheExpressionWithACaretUnderTheBadPosition(string expression, int position, string reason)
    {
        (int exitCode, _, string errors) = Run("grad", expression, "--at", "x=1,y=2");

        Assert.Equal(2, exitCode);
        string[] lines = Lines(errors);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith($"error: cannot read the expression at column {position + 1}: {reason}", lines[0], StringComparison.Ordinal);
        Assert.Equal("  " + expression.Replace('\t', ' '), lines[1]);
        Assert.Equal(new string(' ', 2 + position) + "^", lines[2]);
        Assert.DoesNotContain("   at ", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_ListsTheNewCommands()
    {
        (int exitCode, _, string errors) = Run("nope");

        Assert.Equal(2, exitCode);
        Assert.Contains("one of: train, predict, eval, grad, graph, check, experiment", errors, StringComparison.Ordinal);
    }
}
