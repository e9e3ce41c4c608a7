namespace AutoGrad;

/// <summary>
/// What a node made by <see cref="O:AutoGrad.Value.Custom"/> holds beside its inputs: the op's name,
/// the local derivatives it was made with, and the functions it was given as, if it was. Kept in the
/// node's second slot, which no other n-ary node of one input array uses.
/// </summary>
internal sealed class CustomOpData(string name, double[] partials, CustomRule? rule)
{
    /// <summary>The name given to the op, shown in diagrams.</summary>
    public string Name { get; } = name;

    /// <summary>∂out/∂inputᵢ for each input, taken when the node was made (a walk runs no user code).</summary>
    public double[] Partials { get; } = partials;

    /// <summary>The op's functions, which can be evaluated again; null for an op given as numbers.</summary>
    public CustomRule? Rule { get; } = rule;
}
