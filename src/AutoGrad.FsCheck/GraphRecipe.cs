namespace AutoGrad.FsCheck;

/// <summary>
/// A recipe for an expression graph: <see cref="LeafCount"/> leaves, then <see cref="Steps"/> that each
/// add one node made from earlier nodes, so later nodes can share earlier ones (a DAG, not only a
/// tree). The output is the last node. <see cref="GraphRecipes.Over"/> generates random recipes;
/// <see cref="Shrink"/> gives smaller ones, so a failing recipe shrinks to a small counterexample.
/// </summary>
/// <example>
/// <code>
/// // f(x0, x1) = tanh(n2·x1) where n2 = log(x0² + 0.5), with n2 used twice
/// var recipe = new GraphRecipe(2, [new GraphStep(GraphOps.Log, 0), new GraphStep(GraphOps.Mul, 2, 1), new GraphStep(GraphOps.Add, 3, 2)]);
/// Value output = recipe.Build([new Value(0.3), new Value(-1.2)]);
/// </code>
/// </example>
public sealed class GraphRecipe
{
    /// <summary>A recipe with the given leaves and steps.</summary>
    /// <param name="leafCount">The number of leaves (nodes 0 … leafCount − 1); at least 1.</param>
    /// <param name="steps">The steps in order; step i makes node leafCount + i and may read only nodes before it.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="leafCount"/> is less than 1.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="steps"/> is null.</exception>
    /// <exception cref="ArgumentException">A step is null or reads a node that is not before it.</exception>
    public GraphRecipe(int leafCount, IReadOnlyList<GraphStep> steps)
    {
        if (leafCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(leafCount), leafCount, $"A graph recipe needs at least 1 leaf, but got {leafCount}.");
        }

        ArgumentNullException.ThrowIfNull(steps);
        for (int i = 0; i < steps.Count; i++)
        {
            GraphStep step = steps[i] ?? throw new ArgumentException($"Step {i} is null; expected a GraphStep.", nameof(steps));
            int node = leafCount + i;
            int late = step.Inputs.FirstOrDefault(input => input >= node, -1);
            if (late >= 0)
            {
                throw new ArgumentException($"Step {i} ({step}) makes node n{node} but reads node n{late}; a step may read only the nodes before it (n0 … n{node - 1}).", nameof(steps));
            }
        }

        LeafCount = leafCount;
        Steps = steps.ToArray();
    }

    /// <summary>The number of leaves, one per coordinate of the point the graph is evaluated at.</summary>
    public int LeafCount { get; }

    /// <summary>The steps, in order; step i makes node <see cref="LeafCount"/> + i.</summary>
    public IReadOnlyList<GraphStep> Steps { get; }

    /// <summary>Leaves plus steps.</summary>
    public int NodeCount => LeafCount + Steps.Count;

    /// <summary>The number of steps on the longest path from a leaf to the output (0 when the output is a leaf).</summary>
    public int Depth
    {
        get
        {
            var depth = new int[NodeCount];
            for (int i = 0; i < Steps.Count; i++)
            {
                depth[LeafCount + i] = 1 + Steps[i].Inputs.Max(input => depth[input]);
            }

            return depth[^1];
        }
    }

    /// <summary>Builds the graph on the given leaves.</summary>
    /// <param name="leaves">Exactly <see cref="LeafCount"/> values, usually fresh leaves.</param>
    /// <returns>The output: the last step's node, or the last leaf when there are no steps.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="leaves"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="leaves"/> does not hold <see cref="LeafCount"/> values, or holds a null.</exception>
    public Value Build(IReadOnlyList<Value> leaves)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        if (leaves.Count != LeafCount)
        {
            throw new ArgumentException($"This recipe has {LeafCount} leaves but Build got {leaves.Count} values.", nameof(leaves));
        }

        var nodes = new List<Value>(NodeCount);
        for (int i = 0; i < leaves.Count; i++)
        {
            nodes.Add(leaves[i] ?? throw new ArgumentException($"Leaf {i} is null; expected a Value.", nameof(leaves)));
        }

        foreach (GraphStep step in Steps)
        {
            nodes.Add(step.Op.Apply(step.Inputs.Select(input => nodes[input]).ToArray()));
        }

        return nodes[^1];
    }

    /// <summary>True when some step applies <paramref name="op"/>.</summary>
    /// <param name="op">The op to look for.</param>
    /// <returns>Whether the recipe uses it, reachable from the output or not.</returns>
    public bool Uses(GraphOp op) => Steps.Any(step => step.Op == op);

    /// <summary>
    /// Smaller recipes, for FsCheck's shrinking (<see cref="GraphRecipes.WithShrinking"/> uses this):
    /// the first steps only; the steps the output uses only; each step skipped, its readers reading one
    /// of its inputs instead; each leaf removed, its readers reading another leaf. Every candidate has
    /// fewer steps or fewer leaves, so shrinking ends.
    /// </summary>
    /// <returns>Candidates, smallest kinds first.</returns>
    public IEnumerable<GraphRecipe> Shrink() => ShrinkWithLeafRemoved().Select(candidate => candidate.Recipe);

    /// <summary>
    /// The graph as a formula over x0, x1, …: a node read more than once is named (n3) and defined
    /// after "where"; steps the output does not use are counted at the end.
    /// </summary>
    public override string ToString()
    {
        bool[] live = LiveNodes();
        var uses = new int[NodeCount];
        for (int i = 0; i < Steps.Count; i++)
        {
            if (live[LeafCount + i])
            {
                foreach (int k in Steps[i].Op.PlaceholderUses())
                {
                    uses[Steps[i].Inputs[k]]++;
                }
            }
        }

        var text = new string[NodeCount];
        for (int i = 0; i < LeafCount; i++)
        {
            text[i] = $"x{i}";
        }

        var definitions = new List<string>();
        for (int i = 0; i < Steps.Count; i++)
        {
            int node = LeafCount + i;
            if (!live[node])
            {
                continue;
            }

            string expression = Steps[i].Op.Render(Steps[i].Inputs.Select(input => text[input]).ToArray());
            if (uses[node] > 1 && node != NodeCount - 1)
            {
                definitions.Add($"n{node} = {expression}");
                text[node] = $"n{node}";
            }
            else
            {
                text[node] = expression;
            }
        }

        string formula = $"f({string.Join(", ", Enumerable.Range(0, LeafCount).Select(i => $"x{i}"))}) = {text[^1]}";
        if (definitions.Count > 0)
        {
            formula += $" where {string.Join("; ", definitions)}";
        }

        int unused = live.Skip(LeafCount).Count(isLive => !isLive);
        return unused == 0 ? formula : $"{formula} ({unused} unused step{(unused == 1 ? string.Empty : "s")})";
    }

    /// <summary>Shrink candidates, each with the leaf it removed (−1 when it kept every leaf), so a point can follow.</summary>
    internal IEnumerable<(GraphRecipe Recipe, int RemovedLeaf)> ShrinkWithLeafRemoved()
    {
        for (int count = 0; count < Steps.Count; count++)
        {
            yield return (new GraphRecipe(LeafCount, Steps.Take(count).ToArray()), -1);
        }

        bool[] live = LiveNodes();
        if (live.Skip(LeafCount).Contains(false))
        {
            yield return (WithoutDeadSteps(live), -1);
        }

        for (int i = Steps.Count - 2; i >= 0; i--)
        {
            int node = LeafCount + i;
            foreach (int replacement in Steps[i].Inputs.Distinct())
            {
                yield return (Remove(node, replacement), -1);
            }
        }

        for (int leaf = LeafCount - 1; leaf >= 0 && LeafCount > 1; leaf--)
        {
            // Readers of the removed leaf read leaf 0 instead (leaf 1, which becomes 0, when leaf 0 goes).
            yield return (Remove(leaf, leaf == 0 ? 1 : 0), leaf);
        }
    }

    /// <summary>Which nodes the output depends on (itself included).</summary>
    private bool[] LiveNodes()
    {
        var live = new bool[NodeCount];
        live[^1] = true;
        for (int node = NodeCount - 1; node >= LeafCount; node--)
        {
            if (live[node])
            {
                foreach (int input in Steps[node - LeafCount].Inputs)
                {
                    live[input] = true;
                }
            }
        }

        return live;
    }

    private GraphRecipe WithoutDeadSteps(bool[] live)
    {
        // Renumber the kept nodes; leaves all stay.
        var number = new int[NodeCount];
        int next = 0;
        for (int node = 0; node < NodeCount; node++)
        {
            number[node] = node < LeafCount || live[node] ? next++ : -1;
        }

        GraphStep[] kept = Steps.Where((_, i) => live[LeafCount + i])
            .Select(step => new GraphStep(step.Op, step.Inputs.Select(input => number[input]).ToArray()))
            .ToArray();
        return new GraphRecipe(LeafCount, kept);
    }

    /// <summary>The recipe without node <paramref name="removed"/>, its readers reading node <paramref name="replacement"/> instead.</summary>
    private GraphRecipe Remove(int removed, int replacement)
    {
        int Renumber(int node)
        {
            int target = node == removed ? replacement : node;
            return target > removed ? target - 1 : target;
        }

        bool isLeaf = removed < LeafCount;
        GraphStep[] steps = Steps.Where((_, i) => isLeaf || LeafCount + i != removed)
            .Select(step => new GraphStep(step.Op, step.Inputs.Select(Renumber).ToArray()))
            .ToArray();
        return new GraphRecipe(isLeaf ? LeafCount - 1 : LeafCount, steps);
    }
}
