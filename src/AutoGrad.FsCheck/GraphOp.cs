using System.Text.RegularExpressions;

namespace AutoGrad.FsCheck;

/// <summary>
/// One kind of step in a random expression graph (<see cref="GraphRecipe"/>): how it builds a node
/// from earlier nodes, and how it prints. Built-in ops are in <see cref="GraphOps"/>; make your own to
/// put an op of yours (for example one made with <see cref="O:AutoGrad.Value.Custom"/>) into random graphs.
/// </summary>
/// <example>
/// <code>
/// var softsign = new GraphOp("softsign", 1, x => Softsign(x[0]));           // prints softsign(x0)
/// var logOfSquare = new GraphOp("log", 1, x => (x[0] * x[0] + 0.5).Log(), "log({0}² + 0.5)");
/// </code>
/// </example>
public sealed partial class GraphOp
{
    private readonly Func<IReadOnlyList<Value>, Value> _apply;

    /// <summary>Declares an op for random graphs.</summary>
    /// <param name="name">A short name, for example "softsign"; not empty or white space.</param>
    /// <param name="arity">How many earlier nodes a step of this op reads; at least 1.</param>
    /// <param name="apply">
    /// Builds the node from exactly <paramref name="arity"/> inputs. The inputs can be any finite numbers,
    /// so keep inside the op's domain here (log of x² + 0.5 rather than log of x).
    /// </param>
    /// <param name="format">How a step prints: <c>{0}</c>, <c>{1}</c>, … stand for the inputs, for example "log({0}² + 0.5)". Null gives <c>name({0}, {1}, …)</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space, or <paramref name="format"/> has a brace that is not a placeholder <c>{i}</c> with i &lt; <paramref name="arity"/>.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="apply"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="arity"/> is less than 1.</exception>
    public GraphOp(string name, int arity, Func<IReadOnlyList<Value>, Value> apply, string? format = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (arity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(arity), arity, $"GraphOp '{name}' must read at least 1 input, but its arity is {arity}.");
        }

        ArgumentNullException.ThrowIfNull(apply);
        format ??= $"{name}({string.Join(", ", Enumerable.Range(0, arity).Select(i => $"{{{i}}}"))})";
        string withoutPlaceholders = Placeholder().Replace(format, match => int.Parse(match.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture) < arity ? string.Empty : "{");
        if (withoutPlaceholders.Contains('{', StringComparison.Ordinal) || withoutPlaceholders.Contains('}', StringComparison.Ordinal))
        {
            throw new ArgumentException($"GraphOp '{name}' has format \"{format}\"; expected braces only in placeholders {{0}} … {{{arity - 1}}}.", nameof(format));
        }

        Name = name;
        Arity = arity;
        Format = format;
        _apply = apply;
    }

    /// <summary>The op's short name.</summary>
    public string Name { get; }

    /// <summary>How many earlier nodes a step of this op reads.</summary>
    public int Arity { get; }

    /// <summary>How a step prints, with <c>{0}</c>, <c>{1}</c>, … for the inputs.</summary>
    public string Format { get; }

    /// <summary>Builds the op's node from its inputs.</summary>
    /// <param name="inputs">Exactly <see cref="Arity"/> values.</param>
    /// <returns>The new node.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="inputs"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="inputs"/> does not hold <see cref="Arity"/> values.</exception>
    /// <exception cref="InvalidOperationException">The op's function returned null.</exception>
    public Value Apply(IReadOnlyList<Value> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count != Arity)
        {
            throw new ArgumentException($"GraphOp '{Name}' reads {Arity} input(s) but got {inputs.Count}.", nameof(inputs));
        }

        return _apply(inputs) ?? throw new InvalidOperationException($"GraphOp '{Name}' returned null; expected the node it builds.");
    }

    /// <summary>The op's name.</summary>
    public override string ToString() => Name;

    /// <summary>Writes the step with each input's text in its placeholder, in parentheses where the format needs them.</summary>
    internal string Render(IReadOnlyList<string> operands) => Placeholder().Replace(Format, match =>
    {
        string operand = operands[int.Parse(match.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture)];
        return IsWholeArgument(Format, match.Index, match.Length) || IsAtomic(operand) ? operand : $"({operand})";
    });

    /// <summary>The indices of the inputs, once per placeholder that shows them.</summary>
    internal IEnumerable<int> PlaceholderUses() =>
        Placeholder().Matches(Format).Select(match => int.Parse(match.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture));

    // A placeholder that is a whole argument, as in f({0}, {1}) or [{0}], needs no parentheses.
    private static bool IsWholeArgument(string format, int start, int length)
    {
        bool opens = start > 0 && (format[start - 1] is '(' or '[' || (start > 1 && format[start - 2] == ',' && format[start - 1] == ' '));
        int end = start + length;
        bool closes = end < format.Length && format[end] is ')' or ']' or ',';
        return opens && closes;
    }

    // x0, n3 and f(…) stand alone; x0 + x1, -x0 and x0² do not.
    private static bool IsAtomic(string text)
    {
        int depth = 0;
        foreach (char c in text)
        {
            depth += c is '(' or '[' ? 1 : c is ')' or ']' ? -1 : 0;
            if (depth == 0 && c is ' ' or '+' or '-' or '·' or '/' or '^' or '²' or '³')
            {
                return false;
            }
        }

        return true;
    }

    [GeneratedRegex(@"\{(?<index>\d+)\}")]
    private static partial Regex Placeholder();
}
