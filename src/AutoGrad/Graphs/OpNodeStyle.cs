namespace AutoGrad.Graphs;

/// <summary>How a diagram shows the operation that produced each value.</summary>
public enum OpNodeStyle
{
    /// <summary>A small node of its own between the inputs and the result, as micrograd draws (the default).</summary>
    Separate,

    /// <summary>Inside the result's box, which halves the node count of large graphs.</summary>
    Folded,
}
