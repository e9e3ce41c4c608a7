namespace AutoGrad.Graphs;

/// <summary>Which way a diagram flows from inputs to output.</summary>
public enum RankDirection
{
    /// <summary>Left to right, as micrograd draws (the default).</summary>
    LeftToRight,

    /// <summary>Top to bottom.</summary>
    TopToBottom,
}
