using System.Text.Json;
using System.Text.RegularExpressions;
using AutoGrad.Nn;

namespace AutoGrad.Tests.Graphs.Html;

/// <summary>The graphs the explorer tests open, and how to read a page's embedded JSON back.</summary>
internal static partial class ExplorerPages
{
    /// <summary>A label a user could type that tries to end the script, break quotes and spell a template marker.</summary>
    public const string HostileLabel = "</script><script>alert('x')</script> & \"q\" <!-- /*GRAPH-DATA*/ ]]>";

    /// <summary>The JSON in the page's <c>#graph-data</c> element, parsed.</summary>
    public static JsonDocument Data(string page)
    {
        Match data = DataElement().Match(page);
        Assert.True(data.Success, "The page has no <script type=\"application/json\" id=\"graph-data\"> element.");
        return JsonDocument.Parse(data.Groups["json"].Value);
    }

    /// <summary>A number written by the page's data: a JSON number, or "NaN", "Infinity", "-Infinity".</summary>
    public static double Number(JsonElement element) => element.ValueKind == JsonValueKind.String
        ? element.GetString() switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            var other => throw new FormatException($"Not a number: '{other}'."),
        }
        : element.GetDouble();

    /// <summary>
    /// An MLP(4, [12, 12, 1]) with tanh inside a scope and a squared error: 310 values, a box per
    /// layer and per neuron. Seeded, so every run draws the same page.
    /// </summary>
    public static Value Mlp()
    {
        var model = new Mlp(4, [12, 12, 1], new MlpOptions { HiddenActivation = Activation.Tanh, Seed = 5 });
        Value[] x = [new(0.5, "x0"), new(-1.5, "x1"), new(0.25, "x2"), new(2.0, "x3")];
        Value prediction;
        using (Scope.Enter("mlp"))
        {
            prediction = model.Forward(x)[0];
        }

        prediction.Label = "prediction";
        Value loss = (prediction - 1.0).Pow(2);
        loss.Label = "loss";
        loss.Backward();
        return loss;
    }

    /// <summary>
    /// <c>(2*x + 1)^2 / 3 + y</c> at x = 1, y = 2, as <c>autograd graph</c> builds it: three constants
    /// folded into their ops, so the drawing skips values the data holds.
    /// </summary>
    public static Value Formula()
    {
        var x = new Value(1, "x");
        var y = new Value(2, "y");
        Value f = ((2 * x) + 1).Pow(2) / 3 + y;
        f.Label = "f";
        f.Backward();
        return f;
    }

    /// <summary>
    /// graphs/mlp-batch.cs: Mlp(2, [4, 4, 1]) over a batch of 4 points, one scope per sample, the mean
    /// squared error; 273 values with constants written into their ops (defined in graphs/lib/MlpBatchGraph.cs).
    /// </summary>
    public static Value MlpBatch() => AutoGrad.Examples.MlpBatchGraph.Loss();

    /// <summary>A small graph with a hostile label, a NaN and an infinity in it.</summary>
    public static Value Hostile()
    {
        var x = new Value(2, HostileLabel);
        var big = new Value(1000, "big");
        Value infinite = big.Exp();
        infinite.Label = "infinite";
        Value notANumber = (x - 3).Log();
        notANumber.Label = "nan";
        Value y = x * x + infinite + notANumber;
        y.Label = "y";
        y.Backward();
        return y;
    }

    [GeneratedRegex("<script type=\"application/json\" id=\"graph-data\">(?<json>.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex DataElement();
}
