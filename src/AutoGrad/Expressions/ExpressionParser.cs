using System.Globalization;
using System.Text;

namespace AutoGrad.Expressions;

/// <summary>
/// A Pratt parser (precedence climbing) for <see cref="Expression"/>: one token of lookahead, a loop
/// per level for the left-associative operators, and a recursion depth and tree depth both bounded
/// by <see cref="Expression.MaxDepth"/>, so no input can overflow the stack. Every error is an
/// <see cref="ExpressionParseException"/> at the position of the offending token.
/// </summary>
internal sealed class ExpressionParser(string text)
{
    /// <summary>How tightly unary minus binds: looser than ^, tighter than * and /.</summary>
    private const int NegatePrecedence = 3;

    private const string Operand = "a number, a variable, a function call, '-' or '('";

    private int _next;
    private Token _token;

    private enum Kind
    {
        End,
        Number,
        Name,
        Plus,
        Minus,
        Star,
        Slash,
        Caret,
        LeftParenthesis,
        RightParenthesis,
        Comma,
    }

    /// <summary>Whether <paramref name="name"/> is a letter or _ followed by letters, digits or _.</summary>
    public static bool IsName(string name) =>
        name.Length > 0 && IsNameStart(name[0]) && name.All(IsNamePart);

    /// <summary>Parses the whole text as one expression.</summary>
    public Expression ParseAll()
    {
        Advance();
        if (_token.Kind == Kind.End)
        {
            throw Error(_token.Start, "the expression is empty; expected a formula such as (x + y)^2");
        }

        Expression expression = ParseExpression(0, 0);
        if (_token.Kind == Kind.RightParenthesis)
        {
            throw Error(_token.Start, "this ')' closes no '('");
        }

        if (_token.Kind != Kind.End)
        {
            string hint = _token.Kind is Kind.Number or Kind.Name or Kind.LeftParenthesis ? " (there is no implicit multiplication: write 2*x)" : "";
            throw Error(_token.Start, $"expected an operator (+ - * / ^) or the end; got {Describe(_token)}{hint}");
        }

        return expression;
    }

    /// <summary>Parses operators binding at least as tightly as <paramref name="minimum"/>, <paramref name="depth"/> levels down.</summary>
    private Expression ParseExpression(int minimum, int depth)
    {
        if (depth > Expression.MaxDepth)
        {
            throw TooDeep(_token.Start);
        }

        Expression left = ParsePrefix(depth);
        while (Operator(_token.Kind) is { } @operator && BinaryExpression.PrecedenceOf(@operator) >= minimum)
        {
            int at = _token.Start;
            int precedence = BinaryExpression.PrecedenceOf(@operator);
            Advance();

            // ^ is right-associative (its right side may hold another ^); + − * / are left-associative.
            Expression right = ParseExpression(@operator == BinaryOperator.Power ? precedence : precedence + 1, depth + 1);
            if (BinaryExpression.DepthOf(@operator, left, right) > Expression.MaxDepth)
            {
                throw TooDeep(at);
            }

            left = new BinaryExpression(@operator, left, right);
        }

        return left;
    }

    private Expression ParsePrefix(int depth)
    {
        Token token = _token;
        switch (token.Kind)
        {
            case Kind.Number:
                Advance();
                return Number(token);

            case Kind.Minus:
                Advance();
                Expression operand = ParseExpression(NegatePrecedence, depth + 1);
                return operand.Depth + 1 > Expression.MaxDepth ? throw TooDeep(token.Start) : new NegateExpression(operand);

            case Kind.LeftParenthesis:
                Advance();
                Expression inner = ParseExpression(0, depth + 1);
                Expect(Kind.RightParenthesis, $"expected ')' to close the '(' at column {token.Start + 1}");
                return inner;

            case Kind.Name:
                Advance();
                string name = Text(token);
                if (_token.Kind == Kind.LeftParenthesis)
                {
                    return ParseCall(token, depth);
                }

                return ExpressionFunctions.Find(name) is null
                    ? new VariableExpression(name)
                    : throw Error(token.Start, $"'{name}' is a function; expected '(' after it, as in {name}(x)");

            default:
                throw Error(token.Start, $"expected {Operand}; got {Describe(token)}");
        }
    }

    private CallExpression ParseCall(Token name, int depth)
    {
        ExpressionFunction function = ExpressionFunctions.Find(Text(name)) ?? throw Error(name.Start, ExpressionFunctions.Unknown(Text(name)));
        Advance(); // (
        var arguments = new List<Expression>();
        var starts = new List<int>();
        if (_token.Kind != Kind.RightParenthesis)
        {
            while (true)
            {
                starts.Add(_token.Start);
                arguments.Add(ParseExpression(0, depth + 1));
                if (_token.Kind != Kind.Comma)
                {
                    break;
                }

                Advance();
            }
        }

        Expect(Kind.RightParenthesis, $"expected ',' or ')' in the call to {function.Name} at column {name.Start + 1}");
        if (function.Problem(arguments) is { } problem)
        {
            throw Error(problem.Argument < 0 ? name.Start : starts[problem.Argument], problem.Reason);
        }

        if (arguments.Max(a => a.Depth) + 1 > Expression.MaxDepth)
        {
            throw TooDeep(name.Start);
        }

        return new CallExpression(function.Name, arguments);
    }

    private NumberExpression Number(Token token)
    {
        string digits = Text(token);
        double number = double.Parse(digits, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);
        return double.IsFinite(number)
            ? new NumberExpression(number)
            : throw Error(token.Start, $"the number {digits} is too large; expected at most about 1.8e308");
    }

    private void Expect(Kind kind, string expected)
    {
        if (_token.Kind != kind)
        {
            throw Error(_token.Start, $"{expected}; got {Describe(_token)}");
        }

        Advance();
    }

    /// <summary>Reads the next token into <see cref="_token"/>.</summary>
    private void Advance()
    {
        while (_next < text.Length && char.IsWhiteSpace(text[_next]))
        {
            _next++;
        }

        int start = _next;
        if (start == text.Length)
        {
            _token = new Token(Kind.End, start, start);
            return;
        }

        char c = text[start];
        Kind kind = c switch
        {
            '+' => Kind.Plus,
            '-' => Kind.Minus,
            '*' => Kind.Star,
            '/' => Kind.Slash,
            '^' => Kind.Caret,
            '(' => Kind.LeftParenthesis,
            ')' => Kind.RightParenthesis,
            ',' => Kind.Comma,
            _ when char.IsAsciiDigit(c) || c == '.' => Kind.Number,
            _ when IsNameStart(c) => Kind.Name,
            _ => throw Error(start, $"unexpected character {Show(start)}; expected {Operand}, an operator (+ - * / ^), ')' or ','"),
        };

        _next = kind switch
        {
            Kind.Number => ScanNumber(start),
            Kind.Name => ScanWhile(start + 1, IsNamePart),
            _ => start + 1,
        };
        _token = new Token(kind, start, _next);
    }

    /// <summary>digits [. digits] or . digits, then an optional exponent e[+-]digits; returns the end.</summary>
    private int ScanNumber(int start)
    {
        int end = ScanWhile(start, char.IsAsciiDigit);
        bool digits = end > start;
        if (end < text.Length && text[end] == '.')
        {
            int fraction = ScanWhile(end + 1, char.IsAsciiDigit);
            digits |= fraction > end + 1;
            end = fraction;
        }

        if (!digits)
        {
            throw Error(start, "a '.' must be part of a number with digits, such as 0.5 or .5");
        }

        if (end < text.Length && text[end] is 'e' or 'E')
        {
            int exponent = end + 1;
            if (exponent < text.Length && text[exponent] is '+' or '-')
            {
                exponent++;
            }

            int exponentEnd = ScanWhile(exponent, char.IsAsciiDigit);
            if (exponentEnd == exponent)
            {
                throw Error(start, $"the number {text[start..exponent]} needs digits after its exponent '{text[end]}', as in 1e-3");
            }

            end = exponentEnd;
        }

        return end;
    }

    private int ScanWhile(int from, Func<char, bool> accept)
    {
        while (from < text.Length && accept(text[from]))
        {
            from++;
        }

        return from;
    }

    private static bool IsNameStart(char c) => char.IsLetter(c) || c == '_';

    private static bool IsNamePart(char c) => char.IsLetterOrDigit(c) || c == '_';

    private static BinaryOperator? Operator(Kind kind) => kind switch
    {
        Kind.Plus => BinaryOperator.Add,
        Kind.Minus => BinaryOperator.Subtract,
        Kind.Star => BinaryOperator.Multiply,
        Kind.Slash => BinaryOperator.Divide,
        Kind.Caret => BinaryOperator.Power,
        _ => null,
    };

    private string Text(Token token) => text[token.Start..token.End];

    private string Describe(Token token) => token.Kind == Kind.End ? "the end of the expression" : $"'{Text(token)}'";

    /// <summary>The character at <paramref name="at"/>, whole: an emoji is two UTF-16 units, one code point.</summary>
    private string Show(int at)
    {
        if (!Rune.TryGetRuneAt(text, at, out Rune rune))
        {
            return $"U+{(int)text[at]:X4} (half of a UTF-16 surrogate pair)";
        }

        return Rune.IsControl(rune) || Rune.IsWhiteSpace(rune) ? $"U+{rune.Value:X4}" : $"'{rune}' (U+{rune.Value:X4})";
    }

    private ExpressionParseException TooDeep(int position) =>
        Error(position, $"the expression nests deeper than {Expression.MaxDepth} levels; expected at most {Expression.MaxDepth} (each pair of parentheses, call, unary minus and ^ is a level, and each change between + - and * /; a chain a + b + c + … is one level, however long)");

    private ExpressionParseException Error(int position, string reason) => new(text, position, reason);

    /// <summary>A token: its kind and where it is in the text.</summary>
    private readonly record struct Token(Kind Kind, int Start, int End);
}
