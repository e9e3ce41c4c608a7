using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using AutoGrad.Expressions;

namespace AutoGrad.Cli.Commands;

/// <summary>
/// What <c>grad</c>, <c>graph</c> and <c>check</c> share: the expression argument, <c>--at</c>, and
/// the error messages for both. A parse error is the "error:" line, then the expression with a caret
/// under the bad position; every other bad input is one line.
/// </summary>
internal static class ExpressionInput
{
    /// <summary>The example shown when an expression or a point is missing or malformed.</summary>
    public const string Example = "(x + y)^2";

    public static Argument<string> ExpressionArgument(string purpose) => new("expression")
    {
        Description = $"The formula {purpose}, in quotes: numbers, variables, + - * / ^, unary -, parentheses and the functions {string.Join(" ", Expression.FunctionNames)}; e.g. \"{Example}\".",
    };

    public static Option<IReadOnlyList<KeyValuePair<string, double>>> AtOption(string purpose) => new("--at")
    {
        Description = $"The point {purpose}: a value for each variable, like x=1,y=2; given more than once, the values are merged (--at x=1 --at y=2).",
        HelpName = "name=value,…",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
        CustomParser = ParseAt,
    };

    /// <summary>Parses the expression; on an error writes it (with a caret) and returns null. A formula of thousands of terms takes seconds: Ctrl-C stops it (<see cref="Interruptible"/>).</summary>
    public static Expression? Parse(string text, TextWriter error, CancellationToken cancellation)
    {
        try
        {
            return Interruptible.Run(() => Expression.Parse(text), cancellation);
        }
        catch (ExpressionParseException e)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                CliApplication.Fail(error, ExitCodes.BadInput, $"the expression is empty; expected a formula such as \"{Example}\".");
                return null;
            }

            CliApplication.Fail(error, ExitCodes.BadInput, $"cannot read the expression at column {e.Position + 1}: {CliApplication.OneLine(e.Reason)}.");
            // Control characters would move the caret; every character keeps its column as a space.
            error.WriteLine("  " + string.Concat(text.Select(c => char.IsControl(c) ? ' ' : c)));
            error.WriteLine("  " + new string(' ', e.Position) + "^");
            return null;
        }
    }

    /// <summary>The point for <paramref name="expression"/>: a value for each variable, in the order of its variables; or the error.</summary>
    public static (double[]? Point, string? Error) Point(Expression expression, IReadOnlyList<KeyValuePair<string, double>>? at)
    {
        at ??= [];
        IReadOnlyList<string> variables = expression.Variables;
        string theirs = variables.Count == 0 ? "it has no variables" : $"its variables are {string.Join(", ", variables)}";
        var known = new HashSet<string>(variables, StringComparer.Ordinal);
        if (at.FirstOrDefault(p => !known.Contains(p.Key)) is { Key: not null } unknown)
        {
            return (null, $"--at gives a value for '{unknown.Key}', which the expression does not use; {theirs}.");
        }

        var values = at.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        string[] missing = [.. variables.Where(v => !values.ContainsKey(v))];
        if (missing.Length > 0)
        {
            string example = string.Join(",", variables.Select(v => $"{v}={(values.TryGetValue(v, out double x) ? Number(x) : "1")}"));
            return (null, $"--at has no value for {string.Join(", ", missing.Select(m => $"'{m}'"))}; expected a value for each variable, like --at {example}.");
        }

        return ([.. variables.Select(v => values[v])], null);
    }

    /// <summary>The leaves at <paramref name="point"/>, each labelled with its variable's name.</summary>
    public static Value[] Leaves(Expression expression, IReadOnlyList<double> point) =>
        [.. expression.Variables.Select((name, i) => new Value(point[i], name))];

    /// <summary>A number as it is typed back: shortest round-trip form, invariant culture.</summary>
    public static string Number(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>"x = 1, y = 2".</summary>
    public static string Describe(Expression expression, IReadOnlyList<double> point) =>
        string.Join(", ", expression.Variables.Select((name, i) => $"{name} = {Number(point[i])}"));

    /// <summary>Every --at given, merged: a variable may have one value only, whichever --at gives it.</summary>
    private static IReadOnlyList<KeyValuePair<string, double>> ParseAt(ArgumentResult result)
    {
        string typed = result.Parent is OptionResult option ? option.IdentifierToken?.Value ?? "--at" : "--at";
        var pairs = new List<KeyValuePair<string, double>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string text = "";
        foreach (string part in result.Tokens.Count == 0 ? [""] : result.Tokens.SelectMany(token => (text = token.Value).Split(',', StringSplitOptions.TrimEntries)))
        {
            string[] sides = part.Split('=', StringSplitOptions.TrimEntries);
            if (sides.Length != 2 || sides[0].Length == 0
                || !double.TryParse(sides[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            {
                result.AddError($"{typed} expects name=number pairs separated by commas, like x=1,y=-0.5; got '{text}' ('{part}' is not name=number with a finite number).");
                return [];
            }

            if (!seen.Add(sides[0]))
            {
                result.AddError(result.Tokens.Count > 1
                    ? $"{typed} gives '{sides[0]}' twice in '{string.Join(" ", result.Tokens.Select(t => t.Value))}'; expected one value per variable."
                    : $"{typed} gives '{sides[0]}' twice in '{text}'; expected one value per variable.");
                return [];
            }

            pairs.Add(new(sides[0], value));
        }

        return pairs;
    }

}
