namespace AutoGrad;

/// <summary>
/// What only some nodes carry: a label, a scope, the inputs of an n-ary op. Kept apart so the
/// common unary and binary node stays one 80-byte object.
/// </summary>
internal sealed class NodeExtras
{
    public string? Label;
    public Scope? Scope;

    /// <summary>Inputs of an n-ary node (Sum, Dot, Custom).</summary>
    public Value[]? Inputs;

    /// <summary>∂out/∂input for each of <see cref="Inputs"/> of a custom op; null for the declared n-ary ops, whose rule gives them when needed.</summary>
    public double[]? Partials;

    public string? CustomName;

    /// <summary>A custom op given as functions, which can be evaluated again; null for one given as numbers.</summary>
    public CustomRule? CustomRule;
}
