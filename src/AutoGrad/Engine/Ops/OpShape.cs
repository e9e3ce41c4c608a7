namespace AutoGrad;

/// <summary>How an op takes its inputs, which decides how a node stores them.</summary>
internal enum OpShape
{
    /// <summary>No inputs: an input, parameter or constant.</summary>
    Leaf,

    /// <summary>One input (see <see cref="IUnaryRule"/>).</summary>
    Unary,

    /// <summary>Two inputs (see <see cref="IBinaryRule"/>).</summary>
    Binary,

    /// <summary>Any number of inputs (see <see cref="INaryRule"/>).</summary>
    Nary,

    /// <summary>A user's op from <see cref="O:AutoGrad.Value.Custom"/>: values and derivatives recorded at one point.</summary>
    Custom,
}
