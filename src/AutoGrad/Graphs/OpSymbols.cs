using System.Globalization;

namespace AutoGrad.Graphs;

/// <summary>The short text a diagram shows for each operation, as the op's declaration gives it.</summary>
internal static class OpSymbols
{
    public static string For(Value node) => OpCatalog.Of(node.Op).SymbolOf(node);

    /// <summary>
    /// The op's symbol with the constants it reads written in (<c>× 2</c>, <c>+ 1</c>). An op whose
    /// operand order matters keeps the constant on its side: <c>− 1</c> is a − 1, <c>1 −</c> is 1 − b.
    /// </summary>
    public static string For(Value node, IReadOnlySet<Value> foldedConstants)
    {
        string symbol = For(node);
        if (node.InputCount != 2 || OpCatalog.Of(node.Op).Shape != OpShape.Binary)
        {
            return symbol;
        }

        Value a = node.GetInput(0);
        Value b = node.GetInput(1);
        bool foldedA = foldedConstants.Contains(a);
        bool foldedB = foldedConstants.Contains(b);
        bool ordered = OpCatalog.Of(node.Op).OperandName(0, 2) is not null;
        return (foldedA, foldedB) switch
        {
            (true, true) => $"{Number(a)} {symbol} {Number(b)}",
            (true, false) when ordered => $"{Number(a)} {symbol}",
            (true, false) => $"{symbol} {Number(a)}",
            (false, true) => $"{symbol} {Number(b)}",
            _ => symbol,
        };
    }

    /// <summary>
    /// A constant as written in an op's label, in full (as Pow's exponent is): <c>2</c>, <c>0.5</c>; a
    /// negative one in parentheses with a minus sign, so <c>a − (−1)</c> never reads <c>− -1</c>.
    /// </summary>
    private static string Number(Value constant) => constant.Data < 0
        ? "(−" + (-constant.Data).ToString("G", CultureInfo.InvariantCulture) + ")"
        : constant.Data.ToString("G", CultureInfo.InvariantCulture);

    /// <summary>
    /// What a diagram writes on the edge of input <paramref name="index"/> of <paramref name="node"/>:
    /// its position as a circled number (<c>①</c>, <c>②</c>), which no variable's label can be mistaken
    /// for (the declared names a, b, x1 are also names users give variables); null when order does not matter.
    /// </summary>
    public static string? OperandName(Value node, int index) =>
        OpCatalog.Of(node.Op).OperandName(index, node.InputCount) is null ? null : Position(index + 1);

    /// <summary>①…⑳ for the first twenty positions, then #21 and on.</summary>
    private static string Position(int position) => position <= 20
        ? char.ConvertFromUtf32(0x2460 + position - 1)
        : "#" + position.ToString(CultureInfo.InvariantCulture);
}
