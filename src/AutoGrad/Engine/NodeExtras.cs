namespace AutoGrad;

/// <summary>
/// What only some nodes carry: a label, a scope. A leaf keeps it in the slot a node with inputs uses
/// for its first input; any other node in a table beside the nodes (see <see cref="Value"/>), so no
/// node pays a field for it and the common node stays one 56-byte object.
/// </summary>
internal sealed class NodeExtras
{
    public string? Label;
    public Scope? Scope;
}
