namespace AutoGrad.Graphs;

/// <summary>The short text a diagram shows for each operation, as the op's declaration gives it.</summary>
internal static class OpSymbols
{
    public static string For(Value node) => OpCatalog.Of(node.Op).SymbolOf(node);
}
