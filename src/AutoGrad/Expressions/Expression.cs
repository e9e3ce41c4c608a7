using System.Text;

namespace AutoGrad.Expressions;

/// <summary>
/// A formula typed as text, such as <c>(x + y)^2</c> or <c>log(sum(exp(a), exp(b)))</c>, held as a
/// tree: numbers, variables, <c>+ - * / ^</c>, unary minus and calls to the ops of <see cref="Value"/>.
/// <see cref="Parse"/> reads it, <see cref="ToString"/> prints it back (parsing that text gives an
/// equal expression), and <see cref="Build(IReadOnlyDictionary{string, Value})"/> turns it into a
/// <see cref="Value"/> graph to differentiate, check or draw.
/// </summary>
/// <remarks>
/// <para>Grammar, from the loosest binding to the tightest: <c>+</c> and <c>-</c> (left-associative),
/// <c>*</c> and <c>/</c> (left-associative), unary <c>-</c>, <c>^</c> (right-associative, so
/// <c>-x^2</c> is <c>-(x^2)</c> and <c>2^3^2</c> is <c>2^(3^2)</c>; its exponent may start with a
/// minus: <c>x^-1</c>), then numbers (<c>3</c>, <c>0.5</c>, <c>.5</c>, <c>1e-3</c>), variables (a letter or
/// <c>_</c>, then letters, digits or <c>_</c>), calls <c>name(a, b, …)</c> and parentheses. There is no
/// implicit multiplication: write <c>2*x</c>.</para>
/// <para>Functions (<see cref="FunctionNames"/>): <c>exp log sqrt tanh sigmoid relu step softplus abs sin cos
/// atan softsign</c> of one argument; <c>leakyrelu(x, slope)</c> and <c>elu(x, alpha)</c> with an optional constant
/// second argument; <c>prelu(x, slope)</c>, <c>max(a, b)</c>, <c>min(a, b)</c>, <c>pow(a, b)</c>;
/// n-ary <c>sum(…)</c> and <c>logsumexp(…)</c> as single nodes; <c>dot(a1, …, an, b1, …, bn)</c>.</para>
/// <para>Nodes are immutable and compared by structure. No expression nests deeper than
/// <see cref="MaxDepth"/>, so printing, comparing and building never run out of stack.</para>
/// </remarks>
/// <example>
/// <code>
/// Expression f = Expression.Parse("(x + y)^2");
/// var x = new Value(1, "x");
/// var y = new Value(2, "y");
/// Value z = f.Build(new Dictionary&lt;string, Value&gt; { ["x"] = x, ["y"] = y });
/// z.Backward();   // z.Data = 9, x.Grad = y.Grad = 6
/// </code>
/// </example>
public abstract class Expression : IEquatable<Expression>
{
    /// <summary>
    /// The deepest an expression may nest: 256 levels. Each pair of parentheses, call, unary minus and
    /// <c>^</c> is a level, and so is each change between <c>+ −</c> and <c>* /</c>; a chain of one level,
    /// <c>a + b - c + …</c> or <c>a * b / c …</c>, is one level however long (so is <c>sum(a, b, c, …)</c>).
    /// </summary>
    public const int MaxDepth = 256;

    private readonly int _hash;

    private protected Expression(int depth, IReadOnlyList<string> variables, int hash)
    {
        if (depth > MaxDepth)
        {
            throw new ArgumentException($"The expression would nest {depth} levels deep; the most is {MaxDepth} (use sum(…) for a long sum).");
        }

        Depth = depth;
        Variables = variables;
        _hash = hash;
    }

    /// <summary>Every function name an expression may call, in lower case.</summary>
    public static IReadOnlyList<string> FunctionNames => ExpressionFunctions.Names;

    /// <summary>The variables the expression uses, each once, in the order they first appear in its text.</summary>
    public IReadOnlyList<string> Variables { get; }

    /// <summary>How deeply the expression nests: 1 for a number or a variable, at most <see cref="MaxDepth"/>.</summary>
    public int Depth { get; }

    /// <summary>How tightly the expression binds when printed: 1 for + −, 2 for * /, 3 for unary minus, 4 for ^, 5 for anything that needs no parentheses.</summary>
    internal abstract int Precedence { get; }

    /// <summary>Reads an expression from text.</summary>
    /// <param name="text">The formula, for example <c>(x + y)^2</c> or <c>max(0, sin(t)) / 2</c>.</param>
    /// <returns>The expression tree.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ExpressionParseException">The text is not an expression; the exception says where and what was expected.</exception>
    public static Expression Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new ExpressionParser(text).ParseAll();
    }

    /// <summary>
    /// Builds the expression as a <see cref="Value"/> graph. Every use of a variable is the one value
    /// given for it, so its gradient collects every use; each number becomes a new constant leaf.
    /// </summary>
    /// <param name="variables">A value for each of <see cref="Variables"/> (more entries are ignored).</param>
    /// <returns>The output node.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="variables"/> is null.</exception>
    /// <exception cref="ArgumentException">A variable has no entry, or a null one.</exception>
    public Value Build(IReadOnlyDictionary<string, Value> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        foreach (string name in Variables)
        {
            if (!variables.TryGetValue(name, out Value? value) || value is null)
            {
                throw new ArgumentException(
                    $"The expression uses the variable '{name}' but variables has {(value is null && variables.ContainsKey(name) ? "null" : "no entry")} for it; expected a value for each of {string.Join(", ", Variables)}.",
                    nameof(variables));
            }
        }

        return BuildNode(variables);
    }

    /// <summary>Builds the expression with one value per variable, in the order of <see cref="Variables"/>; handy with <c>GradCheck.Check</c> and <see cref="Derivatives.Hessian"/>.</summary>
    /// <param name="values">One value per variable, in the order of <see cref="Variables"/>.</param>
    /// <returns>The output node.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    /// <exception cref="ArgumentException">The count differs from the number of variables, or a value is null.</exception>
    public Value Build(IReadOnlyList<Value> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != Variables.Count)
        {
            throw new ArgumentException($"The expression has {Variables.Count} variable(s) ({string.Join(", ", Variables)}) but {values.Count} value(s) were given; expected one per variable.", nameof(values));
        }

        var byName = new Dictionary<string, Value>(Variables.Count, StringComparer.Ordinal);
        for (int i = 0; i < values.Count; i++)
        {
            byName[Variables[i]] = values[i];
        }

        return Build(byName);
    }

    /// <summary>The expression as text that <see cref="Parse"/> reads back to an equal expression, with only the parentheses it needs.</summary>
    /// <returns>For example <c>(x + y)^2</c>.</returns>
    public sealed override string ToString()
    {
        var text = new StringBuilder();
        Write(text);
        return text.ToString();
    }

    /// <summary>True when <paramref name="other"/> has the same structure: same nodes, operators, names and numbers.</summary>
    /// <param name="other">The expression to compare with.</param>
    /// <returns>Whether the two trees are equal.</returns>
    public bool Equals(Expression? other) =>
        ReferenceEquals(this, other) || (other is not null && other.GetType() == GetType() && other._hash == _hash && SameAs(other));

    /// <inheritdoc/>
    public sealed override bool Equals(object? obj) => Equals(obj as Expression);

    /// <inheritdoc/>
    public sealed override int GetHashCode() => _hash;

    /// <summary>Appends the text of this node.</summary>
    internal abstract void Write(StringBuilder text);

    /// <summary>Builds this node, every variable already known to be in <paramref name="variables"/>.</summary>
    internal abstract Value BuildNode(IReadOnlyDictionary<string, Value> variables);

    /// <summary>Whether <paramref name="other"/>, of the same type, has the same structure.</summary>
    private protected abstract bool SameAs(Expression other);

    /// <summary>Appends <paramref name="operand"/>, in parentheses when it binds looser than <paramref name="atLeast"/>.</summary>
    private protected static void WriteOperand(StringBuilder text, Expression operand, int atLeast)
    {
        if (operand.Precedence < atLeast)
        {
            text.Append('(');
            operand.Write(text);
            text.Append(')');
        }
        else
        {
            operand.Write(text);
        }
    }

    /// <summary>The variables of <paramref name="children"/> in order of first appearance, each once.</summary>
    private protected static IReadOnlyList<string> VariablesOf(IReadOnlyList<Expression> children)
    {
        if (children is [{ } first, { } second] && second.Variables.All(first.Variables.Contains))
        {
            // The common case of a long chain (x + x + …): its variables are already the left side's.
            return first.Variables;
        }

        IReadOnlyList<string>? only = null;
        int withVariables = 0;
        foreach (Expression child in children)
        {
            if (child.Variables.Count > 0)
            {
                only = child.Variables;
                withVariables++;
            }
        }

        if (withVariables <= 1)
        {
            return only ?? [];
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var names = new List<string>();
        foreach (Expression child in children)
        {
            names.AddRange(child.Variables.Where(seen.Add));
        }

        return names;
    }
}
