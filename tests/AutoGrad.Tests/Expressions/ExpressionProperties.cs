using AutoGrad.Expressions;
using AutoGrad.FsCheck;
using FsCheck;
using FsCheck.Fluent;
using static AutoGrad.Tests.PropertyRunner;

namespace AutoGrad.Tests.Expressions;

/// <summary>Printing and parsing are inverses, and no text makes the parser fail other than by its documented exception.</summary>
public sealed class ExpressionProperties
{
    private static readonly string[] Names = ["x", "y", "z", "rate_2"];

    private static readonly string[] UnaryFunctions = ["exp", "log", "sqrt", "tanh", "sigmoid", "relu", "leakyrelu", "elu", "softplus", "abs", "sin", "cos", "atan"];

    // Non-negative finite numbers whose shortest round-trip text takes every form: integers, fractions, exponents.
    private static readonly Gen<NumberExpression> Numbers =
        Gen.OneOf(
            Gen.Choose(0, 12).Select(i => (double)i),
            Domains.Between(0, 10),
            Gen.Elements(0.1, 1e-7, 2.5e-300, 1e21, 123456789.125, double.MaxValue, double.Epsilon))
        .Select(n => new NumberExpression(n));

    private static Gen<Expression> Expressions(int size)
    {
        Gen<Expression> leaf = Gen.OneOf(Numbers.Select(n => (Expression)n), Gen.Elements(Names).Select(n => (Expression)new VariableExpression(n)));
        if (size <= 0)
        {
            return leaf;
        }

        Gen<Expression> smaller = Gen.Sized(_ => Expressions(size / 2));
        return Gen.Frequency(
            (2, leaf),
            (4, from op in Gen.Elements(Enum.GetValues<BinaryOperator>()) from a in smaller from b in smaller select (Expression)new BinaryExpression(op, a, b)),
            (1, smaller.Select(a => (Expression)new NegateExpression(a))),
            (2, from f in Gen.Elements(UnaryFunctions) from a in smaller select (Expression)new CallExpression(f, [a])),
            (1, from f in Gen.Elements("leakyrelu", "elu") from a in smaller from c in Numbers select (Expression)new CallExpression(f, [a, c])),
            (1, from f in Gen.Elements("max", "min", "pow", "prelu") from a in smaller from b in smaller select (Expression)new CallExpression(f, [a, b])),
            (1, from f in Gen.Elements("sum", "logsumexp", "dot") from n in Gen.Choose(1, 3) from args in Gen.ArrayOf(smaller, 2 * n) select (Expression)new CallExpression(f, args)));
    }

    private static readonly Gen<Expression> RandomExpressions = Gen.Sized(size => Expressions(Math.Min(size, 40)));

    [Fact]
    public void Printing_ThenParsing_GivesTheSameExpression()
    {
        Check(Prop.ForAll(RandomExpressions.ToArbitrary(), expression =>
        {
            string text = expression.ToString();
            Expression again = Expression.Parse(text);
            return (again.Equals(expression) && again.ToString() == text && again.GetHashCode() == expression.GetHashCode()).Label(text);
        }));
    }

    [Fact]
    public void Printing_ThenParsing_GivesTheSameGraph_SameValueAndGradients()
    {
        Gen<(Expression, double[])> cases =
            from expression in RandomExpressions
            from point in Points.Of(Names.Length, Domains.Between(-3, 3))
            select (expression, point);

        Check(Prop.ForAll(cases.ToArbitrary(), c =>
        {
            (Expression expression, double[] point) = c;
            (double value, double[] gradients) = Evaluate(expression, point);
            (double valueAgain, double[] gradientsAgain) = Evaluate(Expression.Parse(expression.ToString()), point);

            // Equals on doubles: NaN equals NaN, so a point outside a domain must give NaN both times.
            return (value.Equals(valueAgain) && gradients.SequenceEqual(gradientsAgain)).Label(expression.ToString());
        }));
    }

    private static (double Value, double[] Gradients) Evaluate(Expression expression, double[] point)
    {
        Value[] leaves = [.. Names.Select((name, i) => new Value(point[i], name))];
        Value output = expression.Build(Names.Select((name, i) => (name, leaves[i])).ToDictionary(p => p.name, p => p.Item2));
        output.Backward();
        return (output.Data, [.. leaves.Select(l => l.Grad)]);
    }

    // Pieces of expressions and of garbage: every token, stray characters, control and non-ASCII characters.
    private static readonly string[] Pieces =
        ["x", "y1", "_", "θ", "2", "0.5", ".", "e", "E", "1e", "1e+", "9e999", "+", "-", "*", "/", "^", "(", ")", ",", " ", "\t", "\n",
         "exp", "max", "sum", "leakyrelu", "Exp", "foo", "$", "\u0000", "\u00a0", "\ud83d", "\ude00", "€", "\"", "'", "=", ";"];

    [Fact]
    public void RandomText_EitherParses_OrThrowsTheParseException_AtAPositionInTheText()
    {
        Gen<string> texts = Gen.OneOf(
            Gen.ListOf(Gen.Elements(Pieces)).Select(pieces => string.Concat(pieces)),
            ArbMap.Default.GeneratorFor<string>().Select(s => s ?? ""));

        Check(Prop.ForAll(texts.ToArbitrary(), text =>
        {
            try
            {
                Expression expression = Expression.Parse(text);
                return Expression.Parse(expression.ToString()).Equals(expression).Label($"parsed '{text}' as '{expression}'");
            }
            catch (ExpressionParseException e)
            {
                return (e.Text == text && e.Position >= 0 && e.Position <= text.Length && e.Reason.Length > 0).Label($"'{text}': {e.Message}");
            }
        }));
    }
}
