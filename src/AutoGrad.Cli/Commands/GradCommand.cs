using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using AutoGrad.Expressions;
using AutoGrad.IO;
using static AutoGrad.Cli.Commands.ExpressionInput;

namespace AutoGrad.Cli.Commands;

/// <summary>
/// <c>autograd grad "(x+y)^2" --at x=1,y=2</c>: the value and ∂f/∂ each variable, and with
/// <c>--order 2</c> every second derivative ∂²f/∂xᵢ∂xⱼ (the Hessian), from the gradient built as a
/// graph (<see cref="Value.Gradients"/> with createGraph) and differentiated again.
/// </summary>
internal static class GradCommand
{
    /// <summary>
    /// The most second derivatives printed to stdout (a 100 × 100 Hessian): 3,001 variables would print
    /// 9 million lines. With -o FILE every one is written.
    /// </summary>
    public const int MaxPrintedSecondDerivatives = 10_000;

    public static Command Create(TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        Argument<string> expression = ExpressionArgument("to differentiate");
        Option<IReadOnlyList<KeyValuePair<string, double>>> at = AtOption("to differentiate at");
        var order = new Option<int>("--order")
        {
            Description = "1 for the gradient, 2 to add the second derivatives (the Hessian).",
            DefaultValueFactory = _ => 1,
            CustomParser = result =>
            {
                string token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
                if (token is "1" or "2")
                {
                    return token[0] - '0';
                }

                result.AddError($"--order expects 1 or 2; got '{token}'.");
                return 0;
            },
        };
        var json = new Option<bool>("--json") { Description = "Print JSON: expression, at, value, gradient (and hessian), keyed by variable; NaN and ±∞ as strings." };
        var file = new Option<string?>("--output", "-o")
        {
            Description = $"Write the result to this file instead of stdout, whole (stdout shows at most {MaxPrintedSecondDerivatives:N0} second derivatives).",
            HelpName = "file",
        };
        var command = new Command("grad", "Print the value and gradient of a typed expression at a point. " +
            "Exit codes: 0 done, 1 could not write -o, 2 bad expression or option (one line on stderr), 130 cancelled by Ctrl-C.")
        {
            expression, at, order, json, file,
        };
        OutputPath.Check(command, file, OutputPath.Kind.File("result file"));
        command.SetAction(parse => Run(parse.GetValue(expression)!, parse.GetValue(at), parse.GetValue(order), parse.GetValue(json), parse.GetValue(file), output, error, cancellation));
        return command;
    }

    private static int Run(string text, IReadOnlyList<KeyValuePair<string, double>>? at, int order, bool json, string? path, TextWriter output, TextWriter error, CancellationToken cancellation)
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

        int n = point.Length;
        long secondDerivatives = order == 2 ? (long)n * n : 0;
        if (json && path is null && secondDerivatives > MaxPrintedSecondDerivatives)
        {
            return CliApplication.Fail(error, ExitCodes.BadInput, string.Create(
                CultureInfo.InvariantCulture,
                $"the Hessian of {n} variables has {secondDerivatives:N0} entries, more than the {MaxPrintedSecondDerivatives:N0} printed to stdout; write the JSON to a file with --json -o FILE."));
        }

        Value[] leaves = Leaves(expression, point);
        Value f = Interruptible.Run(() => expression.Build(leaves), cancellation);
        Value[] gradient = Interruptible.Run(() => Value.Gradients(f, leaves, createGraph: order == 2), cancellation);

        // On stdout only the rows that are shown are computed; a file gets them all.
        int rows = order != 2 ? 0 : path is null && secondDerivatives > MaxPrintedSecondDerivatives ? (MaxPrintedSecondDerivatives + n - 1) / n : n;
        double[][] hessian = new double[rows][];
        for (int i = 0; i < rows; i++)
        {
            // Each first derivative is itself a graph: differentiate it again for a row of the Hessian.
            cancellation.ThrowIfCancellationRequested();
            hessian[i] = [.. Value.Gradients(gradient[i], leaves).Select(g => g.Data)];
        }

        var result = new StringWriter();
        if (json)
        {
            WriteJson(result, expression, point, f.Data, [.. gradient.Select(g => g.Data)], order == 2 ? hessian : null);
        }
        else
        {
            WriteText(result, expression, point, f, gradient, hessian, secondDerivatives);
        }

        cancellation.ThrowIfCancellationRequested();
        if (path is null)
        {
            output.Write(result.ToString());
            return ExitCodes.Done;
        }

        try
        {
            AtomicFile.WriteAllText(path, result.ToString());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return CliApplication.Fail(error, ExitCodes.Failed, $"could not write -o '{path}': {e.Message}");
        }

        output.WriteLine($"wrote {path}");
        return ExitCodes.Done;
    }

    private static void WriteText(TextWriter output, Expression expression, double[] point, Value f, Value[] gradient, double[][] hessian, long secondDerivatives)
    {
        IReadOnlyList<string> names = expression.Variables;
        output.WriteLine(names.Count == 0 ? $"f = {expression}" : $"f = {expression} at {Describe(expression, point)}");
        output.WriteLine($"f = {Number(f.Data)}");
        for (int i = 0; i < names.Count; i++)
        {
            output.WriteLine($"∂f/∂{names[i]} = {Number(gradient[i].Data)}");
        }

        long shown = 0;
        for (int i = 0; i < hessian.Length; i++)
        {
            for (int j = 0; j < names.Count && shown < MaxPrintedSecondDerivatives; j++, shown++)
            {
                string by = i == j ? $"∂{names[i]}²" : $"∂{names[i]}∂{names[j]}";
                output.WriteLine($"∂²f/{by} = {Number(hessian[i][j])}");
            }
        }

        if (shown < secondDerivatives)
        {
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"… {secondDerivatives - shown:N0} more second derivatives not shown (the first {shown:N0} of {secondDerivatives:N0} are); write them all with --json -o FILE (or -o FILE)."));
        }
    }

    private static void WriteJson(TextWriter output, Expression expression, double[] point, double value, double[] gradient, double[][]? hessian)
    {
        IReadOnlyList<string> names = expression.Variables;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("expression", expression.ToString());
            WriteByName(json, "at", names, point);
            json.WritePropertyName("value");
            WriteNumber(json, value);
            WriteByName(json, "gradient", names, gradient);
            if (hessian is not null)
            {
                json.WriteStartObject("hessian");
                for (int i = 0; i < names.Count; i++)
                {
                    WriteByName(json, names[i], names, hessian[i]);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteByName(Utf8JsonWriter json, string property, IReadOnlyList<string> names, double[] values)
    {
        json.WriteStartObject(property);
        for (int i = 0; i < names.Count; i++)
        {
            json.WritePropertyName(names[i]);
            WriteNumber(json, values[i]);
        }

        json.WriteEndObject();
    }

    /// <summary>A finite number as a JSON number; NaN and ±∞, which JSON lacks, as the strings "NaN", "Infinity", "-Infinity".</summary>
    private static void WriteNumber(Utf8JsonWriter json, double x)
    {
        if (double.IsFinite(x))
        {
            json.WriteNumberValue(x);
        }
        else
        {
            json.WriteStringValue(double.IsNaN(x) ? "NaN" : x > 0 ? "Infinity" : "-Infinity");
        }
    }
}
