using System.Text;

namespace AutoGrad.Expressions;

/// <summary>A variable in an expression, such as <c>x</c>; it builds to the value given for its name.</summary>
public sealed class VariableExpression : Expression
{
    /// <summary>Creates the variable.</summary>
    /// <param name="name">A letter or <c>_</c> followed by letters, digits or <c>_</c>, and not a function name such as <c>exp</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not such a name, or is a function's.</exception>
    public VariableExpression(string name)
        : base(1, [Checked(name)], StringComparer.Ordinal.GetHashCode(name))
    {
        Name = name;
    }

    /// <summary>The variable's name.</summary>
    public string Name { get; }

    internal override int Precedence => 5;

    internal override void Write(StringBuilder text) => text.Append(Name);

    internal override Value BuildNode(IReadOnlyDictionary<string, Value> variables) => variables[Name];

    private protected override bool SameAs(Expression other) => Name == ((VariableExpression)other).Name;

    private static string Checked(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!ExpressionParser.IsName(name))
        {
            throw new ArgumentException($"'{name}' is not a variable name; expected a letter or _ followed by letters, digits or _.", nameof(name));
        }

        return ExpressionFunctions.Find(name) is null
            ? name
            : throw new ArgumentException($"'{name}' is a function, so it cannot name a variable.", nameof(name));
    }
}
