namespace AutoGrad.FsCheck;

/// <summary>
/// One step of a <see cref="GraphRecipe"/>: apply <see cref="Op"/> to earlier nodes. Nodes are numbered
/// leaves first (0 … leafCount − 1), then one per step in order.
/// </summary>
public sealed class GraphStep
{
    /// <summary>A step applying <paramref name="op"/> to the nodes numbered <paramref name="inputs"/>.</summary>
    /// <param name="op">The op.</param>
    /// <param name="inputs">Node numbers, one per input of the op; each ≥ 0 (the recipe checks that each names an earlier node).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The number of inputs differs from the op's arity, or one is negative.</exception>
    public GraphStep(GraphOp op, params IReadOnlyList<int> inputs)
    {
        ArgumentNullException.ThrowIfNull(op);
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count != op.Arity)
        {
            throw new ArgumentException($"Op '{op.Name}' reads {op.Arity} input(s) but the step names {inputs.Count}.", nameof(inputs));
        }

        int negative = inputs.ToList().FindIndex(i => i < 0);
        if (negative >= 0)
        {
            throw new ArgumentException($"Input {negative} of a '{op.Name}' step is node {inputs[negative]}; expected a node number ≥ 0.", nameof(inputs));
        }

        Op = op;
        Inputs = inputs.ToArray();
    }

    /// <summary>The op applied.</summary>
    public GraphOp Op { get; }

    /// <summary>The node numbers the op reads, in order.</summary>
    public IReadOnlyList<int> Inputs { get; }

    /// <summary>The step as <c>op(n0, n2)</c>, with node numbers.</summary>
    public override string ToString() => $"{Op.Name}({string.Join(", ", Inputs.Select(i => $"n{i}"))})";
}
