using System.Globalization;
using System.Text;

namespace AutoGrad.Expressions;

/// <summary>A number in an expression, such as <c>2</c> or <c>0.5</c>; it builds a constant leaf.</summary>
public sealed class NumberExpression : Expression
{
    /// <summary>Creates the number.</summary>
    /// <param name="number">A finite number, zero or more; a negative number is a <see cref="NegateExpression"/> of a positive one, as it is written.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="number"/> is negative, NaN or infinite.</exception>
    public NumberExpression(double number)
        : base(1, [], Checked(number).GetHashCode())
    {
        Number = number + 0.0; // −0 is written "0", so it is 0 here too
    }

    /// <summary>The number, finite and not negative.</summary>
    public double Number { get; }

    internal override int Precedence => 5;

    internal override void Write(StringBuilder text) => text.Append(Number.ToString("R", CultureInfo.InvariantCulture));

    internal override Value BuildNode(IReadOnlyDictionary<string, Value> variables) => Value.Constant(Number);

    private protected override bool SameAs(Expression other) => Number.Equals(((NumberExpression)other).Number);

    private static double Checked(double number) =>
        double.IsFinite(number) && number >= 0
            ? number + 0.0
            : throw new ArgumentOutOfRangeException(nameof(number), number, "Expected a finite number, zero or more (write a negative number as a NegateExpression).");
}
