using System.Text;

namespace AutoGrad.Expressions;

/// <summary>A call to one of <see cref="Expression.FunctionNames"/>, such as <c>exp(x)</c>, <c>max(a, b)</c> or <c>sum(a, b, c)</c>.</summary>
public sealed class CallExpression : Expression
{
    private readonly ExpressionFunction _definition;

    /// <summary>Creates the call.</summary>
    /// <param name="function">One of <see cref="Expression.FunctionNames"/>.</param>
    /// <param name="arguments">As many as the function takes; a constant parameter (the slope of <c>leakyrelu</c>, the alpha of <c>elu</c>) without variables.</param>
    /// <exception cref="ArgumentNullException">An argument or an item of <paramref name="arguments"/> is null.</exception>
    /// <exception cref="ArgumentException">The function is unknown, takes another number of arguments, needs a constant where one has variables, or the call would nest deeper than <see cref="Expression.MaxDepth"/>.</exception>
    public CallExpression(string function, IReadOnlyList<Expression> arguments)
        : this(Definition(function), Copy(arguments))
    {
    }

    private CallExpression(ExpressionFunction definition, Expression[] arguments)
        : base(
            arguments.Max(a => a.Depth) + 1,
            VariablesOf(arguments),
            arguments.Aggregate(StringComparer.Ordinal.GetHashCode(definition.Name), (hash, a) => HashCode.Combine(hash, a.GetHashCode())))
    {
        if (definition.Problem(arguments) is { } problem)
        {
            throw new ArgumentException($"Cannot call {definition.Name}: {problem.Reason}.", nameof(arguments));
        }

        _definition = definition;
        Arguments = arguments;
    }

    /// <summary>The function's name.</summary>
    public string Function => _definition.Name;

    /// <summary>The arguments, in order.</summary>
    public IReadOnlyList<Expression> Arguments { get; }

    internal override int Precedence => 5;

    internal override void Write(StringBuilder text)
    {
        text.Append(Function).Append('(');
        for (int i = 0; i < Arguments.Count; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }

            Arguments[i].Write(text);
        }

        text.Append(')');
    }

    internal override Value BuildNode(IReadOnlyDictionary<string, Value> variables) =>
        _definition.Build([.. Arguments.Select(a => a.BuildNode(variables))]);

    private protected override bool SameAs(Expression other) =>
        other is CallExpression call && Function == call.Function && Arguments.SequenceEqual(call.Arguments);

    private static ExpressionFunction Definition(string function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return ExpressionFunctions.Find(function) ?? throw new ArgumentException(ExpressionFunctions.Unknown(function) + ".", nameof(function));
    }

    private static Expression[] Copy(IReadOnlyList<Expression> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var copy = new Expression[arguments.Count];
        for (int i = 0; i < copy.Length; i++)
        {
            copy[i] = arguments[i] ?? throw new ArgumentNullException(nameof(arguments), $"Argument {i} is null.");
        }

        return copy.Length > 0 ? copy : throw new ArgumentException("A call needs at least one argument.", nameof(arguments));
    }
}
