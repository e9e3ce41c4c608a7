using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using AutoGrad.Expressions;
using static AutoGrad.Cli.Commands.ExpressionInput;

namespace AutoGrad.Cli.Commands;

/// <summary>
/// <c>autograd grad "(x+y)^2" --at x=1,y=2</c>: the value and ∂f/∂ each variable, and with
/// <c>--order 2</c> every second derivative ∂²f/∂xᵢ∂xⱼ (the Hessian), from the gradient built as a
/// graph (<see cref="Value.Gradients"/> with createGraph) and differentiated again.
/// </summary>
internal static class GradCommand
{
    public static Command Create(TextWriter output, TextWriter error)
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
        var command = new Command("grad", "Print the value and gradient of a typed expression at a point. Exit codes: 0 done, 2 bad expression or option (one line on stderr).")
        {
            expression, at, order, json,
        };
        command.SetAction(parse => Run(parse.GetValue(expression)!, parse.GetValue(at), parse.GetValue(order), parse.GetValue(json), output, error));
        return command;
    }

    private static int Run(string text, IReadOnlyList<KeyValuePair<string, double>>? at, int order, bool json, TextWriter output, TextWriter error)
    {
        if (Parse(text, error) is not { } expression)
        {
            return ExitCodes.BadInput;
        }

        (double[]? point, string? problem) = Point(expression, at);
        if (point is null)
        {
            return Fail(error, ExitCodes.BadInput, problem!);
        }

        Value[] leaves = Leaves(expression, point);
        Value f = expression.Build(leaves);
        Value[] gradient = Value.Gradients(f, leaves, createGraph: order == 2);
        double[,]? hessian = null;
        if (order == 2)
        {
            // Each first derivative is itself a graph: differentiate it again for a row of the Hessian.
            hessian = new double[leaves.Length, leaves.Length];
            for (int i = 0; i < leaves.Length; i++)
            {
                Value[] row = Value.Gradients(gradient[i], leaves);
                for (int j = 0; j < leaves.Length; j++)
                {
                    hessian[i, j] = row[j].Data;
                }
            }
        }

        IReadOnlyList<string> names = expression.Variables;
        if (json)
        {
            WriteJson(output, expression, point, f.Data, [.. gradient.Select(g => g.Data)], hessian);
            return ExitCodes.Done;
        }

        output.WriteLine(names.Count == 0 ? $"f = {expression}" : $"f = {expression} at {Describe(expression, point)}");
        output.WriteLine($"f = {Number(f.Data)}");
        for (int i = 0; i < names.Count; i++)
        {
            output.WriteLine($"∂f/∂{names[i]} = {Number(gradient[i].Data)}");
        }

        for (int i = 0; hessian is not null && i < names.Count; i++)
        {
            for (int j = 0; j < names.Count; j++)
            {
                string by = i == j ? $"∂{names[i]}²" : $"∂{names[i]}∂{names[j]}";
                output.WriteLine($"∂²f/{by} = {Number(hessian[i, j])}");
            }
        }

        return ExitCodes.Done;
    }

    private static void WriteJson(TextWriter output, Expression expression, double[] point, double value, double[] gradient, double[,]? hessian)
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
                    WriteByName(json, names[i], names, [.. Enumerable.Range(0, names.Count).Select(j => hessian[i, j])]);
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
