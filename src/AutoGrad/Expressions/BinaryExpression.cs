using System.Text;

namespace AutoGrad.Expressions;

/// <summary>An infix operation: <c>a + b</c>, <c>a - b</c>, <c>a * b</c>, <c>a / b</c> or <c>a ^ b</c>.</summary>
/// <remarks>
/// A chain of one level, <c>a + b - c + …</c> or <c>a * b / c * …</c>, is a tree as deep as it is long
/// (left-associative: <c>((a + b) - c) + …</c>) but nests one level only, and is printed, built and
/// compared with a loop down its left side, so thousands of terms need no stack.
/// </remarks>
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
            DepthOf(@operator, Checked(left, nameof(left)), Checked(right, nameof(right))),
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

    /// <summary>
    /// How deeply <c>left operator right</c> nests: one level more than its operands, except that
    /// extending a chain of the same level (<c>(a + b) + c</c>) adds no level.
    /// </summary>
    internal static int DepthOf(BinaryOperator @operator, Expression left, Expression right) =>
        ContinuesChain(@operator, left) ? Math.Max(left.Depth, right.Depth + 1) : Math.Max(left.Depth, right.Depth) + 1;

    /// <summary>Whether <paramref name="left"/> is a left operand of the same level, printed without parentheses: the chain goes on.</summary>
    private static bool ContinuesChain(BinaryOperator @operator, Expression left) =>
        @operator != BinaryOperator.Power && left is BinaryExpression { Operator: not BinaryOperator.Power } binary && PrecedenceOf(binary.Operator) == PrecedenceOf(@operator);

    /// <summary>This node and the chain below it on the left, from the first operation to this one.</summary>
    private List<BinaryExpression> Chain()
    {
        var chain = new List<BinaryExpression> { this };
        while (ContinuesChain(chain[^1].Operator, chain[^1].Left))
        {
            chain.Add((BinaryExpression)chain[^1].Left);
        }

        chain.Reverse();
        return chain;
    }

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
        if (Operator == BinaryOperator.Power)
        {
            WriteOperand(text, Left, 5);
            text.Append(SymbolOf(Operator));
            WriteOperand(text, Right, 3);
            return;
        }

        List<BinaryExpression> chain = Chain();
        WriteOperand(text, chain[0].Left, Precedence);
        foreach (BinaryExpression link in chain)
        {
            text.Append(SymbolOf(link.Operator));
            WriteOperand(text, link.Right, Precedence + 1);
        }
    }

    internal override Value BuildNode(IReadOnlyDictionary<string, Value> variables)
    {
        if (Operator == BinaryOperator.Power)
        {
            Value @base = Left.BuildNode(variables);

            // A constant exponent is a parameter of the op (x^2 draws as "^2"), not an input.
            return Right.Variables.Count == 0 ? @base.Pow(Right.BuildNode(variables).Data) : @base.Pow(Right.BuildNode(variables));
        }

        List<BinaryExpression> chain = Chain();
        Value value = chain[0].Left.BuildNode(variables);
        foreach (BinaryExpression link in chain)
        {
            value = link.Apply(value, link.Right.BuildNode(variables));
        }

        return value;
    }

    /// <summary><c>left operator right</c> on values, for + − * /.</summary>
    private Value Apply(Value left, Value right) =>
        Operator switch
        {
            BinaryOperator.Add => left + right,
            BinaryOperator.Subtract => left - right,
            BinaryOperator.Multiply => left * right,
            BinaryOperator.Divide => left / right,
            _ => throw new InvalidOperationException($"Unknown operator {Operator}."),
        };

    private protected override bool SameAs(Expression other)
    {
        // Down the left side with a loop: a chain of thousands of terms must not recurse that deep.
        BinaryExpression a = this;
        Expression b = other;
        while (true)
        {
            if (b is not BinaryExpression binary || a.Operator != binary.Operator || a.GetHashCode() != binary.GetHashCode() || !a.Right.Equals(binary.Right))
            {
                return false;
            }

            if (a.Left is BinaryExpression left && !ReferenceEquals(a.Left, binary.Left))
            {
                (a, b) = (left, binary.Left);
                continue;
            }

            return a.Left.Equals(binary.Left);
        }
    }

    private static Expression Checked(Expression operand, string name) => operand ?? throw new ArgumentNullException(name);

    private static BinaryOperator Checked(BinaryOperator @operator) =>
        Enum.IsDefined(@operator) ? @operator : throw new ArgumentOutOfRangeException(nameof(@operator), @operator, "Expected Add, Subtract, Multiply, Divide or Power.");
}
