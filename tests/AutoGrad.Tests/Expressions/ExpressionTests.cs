using AutoGrad.Expressions;

namespace AutoGrad.Tests.Expressions;

public sealed class ExpressionTests
{
    private static Value Evaluate(string text, params (string Name, double Value)[] at)
    {
        Expression expression = Expression.Parse(text);
        return expression.Build(at.ToDictionary(p => p.Name, p => new Value(p.Value, p.Name)));
    }

    [Theory]
    [InlineData("x+y*z", "x + y * z")]
    [InlineData("(x+y)*z", "(x + y) * z")]
    [InlineData("x-(y-z)", "x - (y - z)")]
    [InlineData("x-y-z", "x - y - z")]
    [InlineData("x/(y*z)", "x / (y * z)")]
    [InlineData("-x^2", "-x^2")]
    [InlineData("(-x)^2", "(-x)^2")]
    [InlineData("2^3^2", "2^3^2")]
    [InlineData("(2^3)^2", "(2^3)^2")]
    [InlineData("x^-1", "x^-1")]
    [InlineData("x^(y+1)", "x^(y + 1)")]
    [InlineData("x*-y", "x * -y")]
    [InlineData("--x", "--x")]
    [InlineData("((x))", "x")]
    [InlineData("  exp( x )\t", "exp(x)")]
    [InlineData("max(x,min(y,1))", "max(x, min(y, 1))")]
    [InlineData("sum(x, y, z)", "sum(x, y, z)")]
    [InlineData("leakyrelu(x, 0.2)", "leakyrelu(x, 0.2)")]
    [InlineData(".5 + 1. + 1e-3 + 2E+2", "0.5 + 1 + 0.001 + 200")]
    [InlineData("θ_1 * 2", "θ_1 * 2")]
    public void Parse_ThenToString_PrintsWithOnlyTheNeededParentheses(string text, string printed)
    {
        Expression expression = Expression.Parse(text);

        Assert.Equal(printed, expression.ToString());
        Assert.Equal(expression, Expression.Parse(printed));
    }

    [Theory]
    [InlineData("2^3^2", 512)]          // right-associative
    [InlineData("-2^2", -4)]            // ^ binds tighter than unary minus
    [InlineData("8/4/2", 1)]            // left-associative
    [InlineData("2-3-4", -5)]
    [InlineData("2+3*4", 14)]
    [InlineData("2*-3", -6)]
    [InlineData("4^-0.5", 0.5)]
    [InlineData("sum(1, 2, 3)", 6)]
    [InlineData("dot(1, 2, 3, 4)", 11)] // 1·3 + 2·4
    [InlineData("max(2, 3) - min(2, 3)", 1)]
    [InlineData("elu(-1000, 2)", -2)]
    [InlineData("leakyrelu(-10, 0.5)", -5)]
    [InlineData("leakyrelu(-100)", -1)]
    public void Build_FollowsPrecedenceAndAssociativity(string text, double expected) =>
        Assert.Equal(expected, Evaluate(text).Data, 12);

    [Fact]
    public void Build_SquareOfSum_GivesTheValueAndGradients()
    {
        var x = new Value(1, "x");
        var y = new Value(2, "y");

        Value z = Expression.Parse("(x+y)^2").Build(new Dictionary<string, Value> { ["x"] = x, ["y"] = y });
        z.Backward();

        Assert.Equal(9, z.Data);
        Assert.Equal(6, x.Grad);
        Assert.Equal(6, y.Grad);
        Assert.Equal(Op.Pow, z.Op); // a constant exponent is a parameter, not an input
        Assert.Equal(2, z.Parameter);
    }

    [Fact]
    public void Build_UsesOneValuePerVariable_SoItsGradientCollectsEveryUse()
    {
        var x = new Value(3, "x");

        Value y = Expression.Parse("x*x + x").Build([x]);
        y.Backward();

        Assert.Equal(7, x.Grad); // 2x + 1
    }

    [Fact]
    public void Variables_AreListedInOrderOfFirstAppearance()
    {
        Assert.Equal(["y", "x", "z"], Expression.Parse("y*x + exp(z*y) - x").Variables);
        Assert.Empty(Expression.Parse("2 + 3").Variables);
    }

    [Fact]
    public void Power_WithAVariableExponent_DifferentiatesBothSides()
    {
        Value z = Evaluate("x^y", ("x", 2), ("y", 3));

        Assert.Equal(Op.PowValue, z.Op);
        Assert.Equal(8, z.Data);
    }

    /// <summary>
    /// Every form the formula language has: each operator, and each function of ExpressionFunctions
    /// called with its fewest arguments (a constant where it takes one), read from that table itself.
    /// </summary>
    public static TheoryData<string> EveryForm => new(Forms);

    private static readonly string[] Forms =
    [
        "x + y", "x - y", "x * y", "x / y", "-x", "x^3", "x^y",
        .. ExpressionFunctions.Names.Select(name => ExpressionFunctions.Find(name)!).Select(f =>
            $"{f.Name}({string.Join(", ", Enumerable.Range(0, f.MinArguments).Select(i => i >= f.FirstConstant ? "0.5" : i % 2 == 0 ? "x" : "y"))})"),
    ];

    [Theory]
    [MemberData(nameof(EveryForm))]
    public void EveryForm_CanBeTyped_AndBuildsAnOp(string text) =>
        Assert.False(Evaluate(text, ("x", 0.5), ("y", 2)).IsLeaf, $"'{text}' built a leaf");

    [Fact]
    public void EveryOp_HasAnExpression_ExceptLeavesAndCustomOps()
    {
        // A new op fails here, named, until ExpressionFunctions.cs has a function (or the parser an operator) for it.
        var typed = Forms.Select(text => Evaluate(text, ("x", 0.5), ("y", 2)).Op).ToHashSet();
        Op[] missing = [.. Enum.GetValues<Op>().Except([Op.Leaf, Op.Custom]).Where(op => !typed.Contains(op))];

        Assert.True(missing.Length == 0, $"The formula language cannot build {string.Join(", ", missing.Select(op => $"Op.{op}"))}: add a row to src/AutoGrad/Expressions/ExpressionFunctions.cs.");
    }

    [Theory]
    [InlineData("", 0, "the expression is empty")]
    [InlineData("   ", 3, "the expression is empty")]
    [InlineData("x +", 3, "expected a number, a variable, a function call, '-' or '('; got the end of the expression")]
    [InlineData("x + * y", 4, "got '*'")]
    [InlineData("foo(x)", 0, "unknown function 'foo'; expected one of exp, log, sqrt")]
    [InlineData("Exp(x)", 0, "did you mean 'exp'?")]
    [InlineData("exp + 1", 0, "'exp' is a function; expected '(' after it")]
    [InlineData("max(x)", 0, "max takes 2 arguments but got 1; expected max(a, b)")]
    [InlineData("exp()", 0, "exp takes 1 argument but got 0")]
    [InlineData("sin(x, y)", 0, "sin takes 1 argument but got 2")]
    [InlineData("dot(x, y, z)", 0, "dot takes an even number of arguments")]
    [InlineData("leakyrelu(x, y)", 13, "argument 2 of leakyrelu must be a constant number")]
    [InlineData("(x + y", 6, "expected ')' to close the '(' at column 1; got the end of the expression")]
    [InlineData("max(x y)", 6, "expected ',' or ')' in the call to max")]
    [InlineData("x)", 1, "this ')' closes no '('")]
    [InlineData("2x", 1, "no implicit multiplication")]
    [InlineData("x $ y", 2, "unexpected character '$'")]
    [InlineData("x\u0007", 1, "unexpected character U+0007")]
    [InlineData("1e999", 0, "the number 1e999 is too large")]
    [InlineData("1e+", 0, "needs digits after its exponent")]
    [InlineData("x + .", 4, "a '.' must be part of a number")]
    [InlineData("x^", 2, "got the end of the expression")]
    public void Parse_RefusesBadText_NamingThePositionAndWhatWasExpected(string text, int position, string reason)
    {
        var error = Assert.Throws<ExpressionParseException>(() => Expression.Parse(text));

        Assert.Equal(position, error.Position);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
        Assert.Equal(text, error.Text);
        Assert.Contains($"at column {position + 1}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(10_000, "(", "x", ")")]
    [InlineData(10_000, "-", "x", "")]
    [InlineData(10_000, "exp(", "x", ")")]
    [InlineData(10_000, "x^", "x", "")]
    [InlineData(Expression.MaxDepth + 1, "(", "x", ")")]
    public void Parse_RefusesNestingDeeperThanTheLimit_WithoutOverflowingTheStack(int levels, string open, string middle, string close)
    {
        string text = string.Concat(Enumerable.Repeat(open, levels)) + middle + string.Concat(Enumerable.Repeat(close, levels));

        var error = Assert.Throws<ExpressionParseException>(() => Expression.Parse(text));

        Assert.Contains($"nests deeper than {Expression.MaxDepth} levels", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AFlatChainOfThousandsOfTerms_IsOneLevel_AndPrintsBuildsAndComparesWithoutRecursion()
    {
        string[] terms = [.. Enumerable.Range(0, 5000).Select(i => $"x{i}")];
        string text = string.Join(" + ", terms.Take(2500)) + " - " + string.Join(" - ", terms.Skip(2500));

        Expression chain = Expression.Parse(text);

        Assert.Equal(2, chain.Depth);
        Assert.Equal(5000, chain.Variables.Count);
        Assert.Equal(text, chain.ToString());
        Assert.Equal(chain, Expression.Parse(text));
        Assert.NotEqual(chain, Expression.Parse(text + " + 1"));
        Value f = chain.Build([.. Enumerable.Range(0, 5000).Select(i => new Value(i < 2500 ? 1 : 2))]);
        f.Backward();
        Assert.Equal(2500 - 2 * 2500, f.Data);

        // A product chain is one level too, and each change of level nests one deeper.
        Assert.Equal(2, Expression.Parse(string.Join(" * ", terms) + " / y").Depth);
        Assert.Equal(3, Expression.Parse("a * b + c * d + e * f").Depth);
        Assert.Equal(4, Expression.Parse("(a + b) * c + d").Depth);
        Assert.Equal(2, Expression.Parse($"sum({string.Join(", ", terms)})").Depth);
    }

    [Fact]
    public void Parse_TakesAsManyParenthesesAsTheMessageSays()
    {
        static string Nested(int levels) => new string('(', levels) + "x" + new string(')', levels);

        Assert.Equal(Expression.Parse("x"), Expression.Parse(Nested(Expression.MaxDepth)));
        var error = Assert.Throws<ExpressionParseException>(() => Expression.Parse(Nested(Expression.MaxDepth + 1)));
        Assert.Contains($"expected at most {Expression.MaxDepth}", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_WithoutAVariable_NamesIt()
    {
        Expression expression = Expression.Parse("x + y");

        var error = Assert.Throws<ArgumentException>(() => expression.Build(new Dictionary<string, Value> { ["x"] = new(1) }));

        Assert.Equal("variables", error.ParamName);
        Assert.Contains("'y'", error.Message, StringComparison.Ordinal);
        Assert.Contains("x, y", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => expression.Build([new Value(1)]));
    }

    [Fact]
    public void Constructors_RefuseWhatCannotBeWritten()
    {
        var x = new VariableExpression("x");

        Assert.Throws<ArgumentOutOfRangeException>(() => new NumberExpression(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NumberExpression(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NumberExpression(double.PositiveInfinity));
        Assert.Throws<ArgumentException>(() => new VariableExpression("exp"));
        Assert.Throws<ArgumentException>(() => new VariableExpression("1x"));
        Assert.Throws<ArgumentException>(() => new VariableExpression(""));
        Assert.Throws<ArgumentException>(() => new CallExpression("max", [x]));
        Assert.Throws<ArgumentException>(() => new CallExpression("nope", [x]));
        Assert.Throws<ArgumentException>(() => new CallExpression("elu", [x, x]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BinaryExpression((BinaryOperator)99, x, x));

        Expression deep = x;
        for (int i = 1; i < Expression.MaxDepth; i++)
        {
            deep = new NegateExpression(deep);
        }

        Assert.Throws<ArgumentException>(() => new NegateExpression(deep));
    }

    [Fact]
    public void Equality_IsStructural()
    {
        Assert.Equal(Expression.Parse("exp(x) + 2"), new BinaryExpression(BinaryOperator.Add, new CallExpression("exp", [new VariableExpression("x")]), new NumberExpression(2)));
        Assert.NotEqual(Expression.Parse("x - y - z"), Expression.Parse("x - (y - z)"));
        Assert.NotEqual(Expression.Parse("x + y"), Expression.Parse("y + x"));
        Assert.Equal(Expression.Parse("sum(x, 1)").GetHashCode(), Expression.Parse("sum( x ,1 )").GetHashCode());
    }
}
