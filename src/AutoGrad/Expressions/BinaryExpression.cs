using System.Text;

namespace AutoGrad.Expressions;

/// <summary>An infix operation: <c>a + b</c>, <c>a - b</c>, <c>a * b</c>, <c>a / b</c> or <c>a ^ b</c>.</summary>
public sealed class BinaryExpression : Expression
{
    /// <summary>Creates <c>left operator right</c>.</summary>
    /// <param name="operator">The operator.</param>
    /// <param name="left">The left operand.</param>
    /// <param name="right">The right operand.</param>
    /// <exception cref="ArgumentNullException">An operand is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="operator"/> is not a member of <see cref="BinaryOperator"/>.</exception>
    /// <exception cref="ArgumentException">The result would nest deeper than <see cref="Expression.MaxDepth"/>.</exception>
    public BinaryExpression(BinaryOperator @operator, Expression left, Expression right)
        : base(
            Math.Max(Checked(left, nameof(left)).Depth, Checked(right, nameof(right)).Depth) + 1,
            VariablesOf([left, right]),
            HashCode.Combine(Checked(@operator), left.GetHashCode(), right.GetHashCode()))
    {
        Operator = @operator;
        Left = left;
        Right = right;
    }

    /// <summary>The operator.</summary>
    public BinaryOperator Operator { get; }

    /// <summary>The left operand.</summary>
    public Expression Left { get; }

    /// <summary>The right operand.</summary>
    public Expression Right { get; }

    internal override int Precedence => PrecedenceOf(Operator);

    /// <summary>1 for + −, 2 for * /, 4 for ^ (3 is unary minus).</summary>
    internal static int PrecedenceOf(BinaryOperator @operator) => @operator switch
    {
        BinaryOperator.Add or BinaryOperator.Subtract => 1,
        BinaryOperator.Multiply or BinaryOperator.Divide => 2,
        BinaryOperator.Power => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(@operator), @operator, "Not a binary operator."),
    };

    internal static string SymbolOf(BinaryOperator @operator) => @operator switch
    {
        BinaryOperator.Add => " + ",
        BinaryOperator.Subtract => " - ",
        BinaryOperator.Multiply => " * ",
        BinaryOperator.Divide => " / ",
        BinaryOperator.Power => "^",
        _ => throw new ArgumentOutOfRangeException(nameof(@operator), @operator, "Not a binary operator."),
    };

    internal override void Write(StringBuilder text)
    {
        // Parentheses exactly where the parser would group otherwise: + − * / are left-associative,
        // so a right operand of the same level keeps them (a - (b - c)); ^ is right-associative and its
        // base is a number, a variable, a call or a parenthesised expression.
        int precedence = Precedence;
        bool power = Operator == BinaryOperator.Power;
        WriteOperand(text, Left, power ? 5 : precedence);
        text.Append(SymbolOf(Operator));
        WriteOperand(text, Right, power ? 3 : precedence + 1);
    }

    internal override Value BuildNode(IReadOnlyDictionary<string, Value> variables)
    {
        Value left = Left.BuildNode(variables);
        if (Operator == BinaryOperator.Power && Right.Variables.Count == 0)
        {
            // A constant exponent is a parameter of the op (x^2 draws as "^2"), not an input.
            return left.Pow(Right.BuildNode(variables).Data);
        }

        Value right = Right.BuildNode(variables);
        return Operator switch
        {
            BinaryOperator.Add => left + right,
            BinaryOperator.Subtract => left - right,
            BinaryOperator.Multiply => left * right,
            BinaryOperator.Divide => left / right,
            BinaryOperator.Power => left.Pow(right),
            _ => throw new InvalidOperationException($"Unknown operator {Operator}."),
        };
    }

    private protected override bool SameAs(Expression other) =>
        other is BinaryExpression binary && Operator == binary.Operator && Left.Equals(binary.Left) && Right.Equals(binary.Right);

    private static Expression Checked(Expression operand, string name) => operand ?? throw new ArgumentNullException(name);

    private static BinaryOperator Checked(BinaryOperator @operator) =>
        Enum.IsDefined(@operator) ? @operator : throw new ArgumentOutOfRangeException(nameof(@operator), @operator, "Expected Add, Subtract, Multiply, Divide or Power.");
}
