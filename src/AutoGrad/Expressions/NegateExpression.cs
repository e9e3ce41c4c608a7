using System.Text;

namespace AutoGrad.Expressions;

/// <summary>Unary minus, <c>-a</c>; it binds looser than <c>^</c> (<c>-x^2</c> is <c>-(x^2)</c>) and tighter than <c>*</c>.</summary>
public sealed class NegateExpression : Expression
{
    /// <summary>Creates <c>-operand</c>.</summary>
    /// <param name="operand">The expression to negate.</param>
    /// <exception cref="ArgumentNullException"><paramref name="operand"/> is null.</exception>
    /// <exception cref="ArgumentException">The result would nest deeper than <see cref="Expression.MaxDepth"/>.</exception>
    public NegateExpression(Expression operand)
        : base(Checked(operand).Depth + 1, operand.Variables, HashCode.Combine(1, operand.GetHashCode()))
    {
        Operand = operand;
    }

    /// <summary>The expression negated.</summary>
    public Expression Operand { get; }

    internal override int Precedence => 3;

    internal override void Write(StringBuilder text)
    {
        text.Append('-');
        WriteOperand(text, Operand, 3);
    }

    internal override Value BuildNode(IReadOnlyDictionary<string, Value> variables) => -Operand.BuildNode(variables);

    private protected override bool SameAs(Expression other) => Operand.Equals(((NegateExpression)other).Operand);

    private static Expression Checked(Expression operand)
    {
        ArgumentNullException.ThrowIfNull(operand);
        return operand;
    }
}
