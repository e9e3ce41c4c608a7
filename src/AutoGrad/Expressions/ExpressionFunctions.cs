namespace AutoGrad.Expressions;

/// <summary>
/// The functions an expression may call, each once: its name, how many arguments it takes, which of
/// them must be constant numbers, and the <see cref="Value"/> op it builds. The parser, the checks in
/// <see cref="CallExpression"/> and <see cref="Expression.Build(IReadOnlyDictionary{string, Value})"/>
/// all read this table.
/// </summary>
internal static class ExpressionFunctions
{
    private static readonly ExpressionFunction[] All =
    [
        Unary("exp", x => x.Exp()),
        Unary("log", x => x.Log()),
        Unary("sqrt", x => x.Sqrt()),
        Unary("tanh", x => x.Tanh()),
        Unary("sigmoid", x => x.Sigmoid()),
        Unary("relu", x => x.Relu()),
        Unary("step", x => x.Step()),
        new("leakyrelu", "leakyrelu(x) or leakyrelu(x, slope) with a constant slope (0.01 if left out)", 1, 2, FirstConstant: 1,
            a => a.Count == 1 ? a[0].LeakyRelu() : a[0].LeakyRelu(a[1].Data)),
        new("elu", "elu(x) or elu(x, alpha) with a constant alpha (1 if left out)", 1, 2, FirstConstant: 1,
            a => a.Count == 1 ? a[0].Elu() : a[0].Elu(a[1].Data)),
        new("prelu", "prelu(x, slope)", 2, 2, FirstConstant: int.MaxValue, a => a[0].Prelu(a[1])),
        Unary("softplus", x => x.Softplus()),
        Unary("abs", x => x.Abs()),
        Unary("sin", x => x.Sin()),
        Unary("cos", x => x.Cos()),
        Unary("atan", x => x.Atan()),
        Unary("softsign", x => x.Softsign()),
        new("max", "max(a, b)", 2, 2, FirstConstant: int.MaxValue, a => Value.Max(a[0], a[1])),
        new("min", "min(a, b)", 2, 2, FirstConstant: int.MaxValue, a => Value.Min(a[0], a[1])),
        new("pow", "pow(a, b), a raised to b with both differentiated (a^b with a constant b differentiates a only)", 2, 2, FirstConstant: int.MaxValue, a => a[0].Pow(a[1])),
        new("sum", "sum(a, b, …) with at least one argument", 1, int.MaxValue, FirstConstant: int.MaxValue, a => Value.Sum(a)),
        new("logsumexp", "logsumexp(a, b, …) with at least one argument", 1, int.MaxValue, FirstConstant: int.MaxValue, a => Value.LogSumExp(a)),
        new("dot", "dot(a1, …, an, b1, …, bn): an even number of arguments, the first half dotted with the second", 2, int.MaxValue, FirstConstant: int.MaxValue,
            a => Value.Dot([.. a.Take(a.Count / 2)], [.. a.Skip(a.Count / 2)]), EvenCount: true),
    ];

    private static readonly Dictionary<string, ExpressionFunction> ByName = All.ToDictionary(f => f.Name, StringComparer.Ordinal);

    /// <summary>Every function's name, in the order of the table.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(f => f.Name)];

    /// <summary>The function named <paramref name="name"/> (exactly: names are lower case), or null.</summary>
    public static ExpressionFunction? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>Why <paramref name="name"/> is not a function, naming the near miss in another case if there is one, and the known names.</summary>
    public static string Unknown(string name)
    {
        string? nearMiss = Names.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        return nearMiss is not null
            ? $"unknown function '{name}'; function names are lower case: did you mean '{nearMiss}'?"
            : $"unknown function '{name}'; expected one of {string.Join(", ", Names)}";
    }

    private static ExpressionFunction Unary(string name, Func<Value, Value> build) =>
        new(name, $"{name}(x)", 1, 1, FirstConstant: int.MaxValue, a => build(a[0]));
}
