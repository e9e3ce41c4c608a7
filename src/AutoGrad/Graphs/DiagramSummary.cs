namespace AutoGrad.Graphs;

/// <summary>What a diagram of a graph draws, as <see cref="Diagram.Describe"/> reports it: how many nodes, what was collapsed or folded.</summary>
/// <param name="NodeCount">Diagram nodes drawn: values, op nodes, scope boxes and groups.</param>
/// <param name="CollapsedScopes">The paths of the scopes drawn as one box each (<c>sample 3 / layer 2</c>), in the order they were entered.</param>
/// <param name="FoldedConstants">How many constants were written into the ops that read them instead of drawn.</param>
/// <param name="Note">What was collapsed to fit <see cref="DiagramOptions.MaxNodes"/>, as drawn on the diagram; null when nothing had to be.</param>
public sealed record DiagramSummary(int NodeCount, IReadOnlyList<string> CollapsedScopes, int FoldedConstants, string? Note);
