namespace AutoGrad.Expressions;

/// <summary>The infix operators of an <see cref="Expression"/>, from the loosest binding to the tightest.</summary>
public enum BinaryOperator
{
    /// <summary><c>a + b</c>, left-associative, binding as loosely as <see cref="Subtract"/>.</summary>
    Add,

    /// <summary><c>a - b</c>, left-associative: <c>a - b - c</c> is <c>(a - b) - c</c>.</summary>
    Subtract,

    /// <summary><c>a * b</c>, left-associative, binding tighter than + and −.</summary>
    Multiply,

    /// <summary><c>a / b</c>, left-associative: <c>a / b / c</c> is <c>(a / b) / c</c>.</summary>
    Divide,

    /// <summary>
    /// <c>a ^ b</c>, right-associative (<c>2^3^2</c> is <c>2^(3^2)</c>) and binding tighter than unary
    /// minus (<c>-x^2</c> is <c>-(x^2)</c>). A constant exponent builds <see cref="Value.Pow(double)"/>,
    /// one with variables <see cref="Value.Pow(Value)"/>.
    /// </summary>
    Power,
}
