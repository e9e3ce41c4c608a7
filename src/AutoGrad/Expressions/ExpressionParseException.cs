namespace AutoGrad.Expressions;

/// <summary>
/// The text given to <see cref="Expression.Parse"/> is not an expression: a character or token in the
/// wrong place, an unknown function, a call with the wrong number of arguments, a number too large, or
/// nesting deeper than <see cref="Expression.MaxDepth"/>. <see cref="Position"/> says where.
/// </summary>
public sealed class ExpressionParseException : FormatException
{
    /// <summary>Creates the exception for a problem at <paramref name="position"/> in <paramref name="text"/>.</summary>
    /// <param name="text">The whole text that was parsed.</param>
    /// <param name="position">The index in <paramref name="text"/> of the first character of the problem (the length of the text when it ended too early).</param>
    /// <param name="reason">What is wrong there and what was expected, as one sentence without the position.</param>
    public ExpressionParseException(string text, int position, string reason)
        : base($"{reason} (at column {position + 1} of '{text}')")
    {
        Text = text;
        Position = position;
        Reason = reason;
    }

    /// <summary>The whole text that was parsed.</summary>
    public string Text { get; }

    /// <summary>The zero-based index in <see cref="Text"/> where the problem is; <c>Text.Length</c> when the text ended too early.</summary>
    public int Position { get; }

    /// <summary>What is wrong and what was expected, for example <c>unknown function 'foo'; expected one of exp, log, …</c>.</summary>
    public string Reason { get; }
}
