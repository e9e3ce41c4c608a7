using System.Globalization;

namespace AutoGrad.Graphs;

/// <summary>
/// What a diagram shows, independent of its text format: nodes with stable ids, edges, the scope
/// clusters, and scopes collapsed to boxes when the graph is too large. Both exporters render it.
/// </summary>
internal sealed class DiagramGraph
{
    private DiagramGraph(List<DiagramNode> nodes, List<DiagramEdge> edges, List<DiagramCluster> clusters)
    {
        Nodes = nodes;
        Edges = edges;
        Clusters = clusters;
    }

    /// <summary>Every node, in topological order (inputs first).</summary>
    public IReadOnlyList<DiagramNode> Nodes { get; }

    public IReadOnlyList<DiagramEdge> Edges { get; }

    /// <summary>The outermost clusters; each holds its nested clusters.</summary>
    public IReadOnlyList<DiagramCluster> Clusters { get; }

    /// <summary>Nodes outside every cluster.</summary>
    public IEnumerable<DiagramNode> TopLevelNodes => Nodes.Where(n => n.Cluster is null);

    public static DiagramGraph Build(Value root, DiagramOptions options)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxNodes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxNodes, "DiagramOptions.MaxNodes must be at least 1.");
        }

        List<Value> order = root.CollectTopologicalOrder();
        Dictionary<Value, Scope?> scopes = EffectiveScopes(order);
        bool separateOps = options.OpNodes == OpNodeStyle.Separate;
        int fullCount = order.Count + (separateOps ? order.Count(v => !v.IsLeaf) : 0);

        // Scopes at this depth and deeper are drawn as one box each; int.MaxValue collapses nothing.
        int collapseDepth = int.MaxValue;
        if (fullCount > options.MaxNodes)
        {
            collapseDepth = options.Oversize == OversizeBehavior.CollapseScopes
                ? ChooseCollapseDepth(order, scopes, separateOps, options.MaxNodes)
                : throw new GraphTooLargeException(fullCount, options.MaxNodes);
        }

        return new Builder(options, scopes, separateOps, collapseDepth).Build(order);
    }

    /// <summary>
    /// The scope each value is drawn in: its own, or for a leaf made outside any scope (a parameter
    /// made when its model was built) the one scope all its consumers share, so weights are drawn
    /// inside their neuron. A leaf used across scopes, such as a network input, stays outside.
    /// </summary>
    private static Dictionary<Value, Scope?> EffectiveScopes(List<Value> order)
    {
        var scopes = new Dictionary<Value, Scope?>(order.Count, ReferenceEqualityComparer.Instance);
        var consumerScope = new Dictionary<Value, Scope?>(ReferenceEqualityComparer.Instance);
        var mixed = new HashSet<Value>(ReferenceEqualityComparer.Instance);
        foreach (Value node in order)
        {
            for (int i = 0; i < node.InputCount; i++)
            {
                Value input = node.GetInput(i);
                if (!input.IsLeaf || input.Scope is not null || mixed.Contains(input))
                {
                    continue;
                }

                if (!consumerScope.TryAdd(input, node.Scope) && !ReferenceEquals(consumerScope[input], node.Scope))
                {
                    mixed.Add(input);
                }
            }
        }

        foreach (Value node in order)
        {
            scopes[node] = node.Scope ?? (mixed.Contains(node) ? null : consumerScope.GetValueOrDefault(node));
        }

        return scopes;
    }

    /// <summary>The deepest collapse that fits: try collapsing the innermost scopes first, then outer ones.</summary>
    private static int ChooseCollapseDepth(List<Value> order, Dictionary<Value, Scope?> scopes, bool separateOps, int maxNodes)
    {
        int deepest = order.Max(v => scopes[v]?.Depth ?? -1);
        int count = int.MaxValue;
        for (int depth = deepest; depth >= 0; depth--)
        {
            count = CountWhenCollapsed(order, scopes, separateOps, depth);
            if (count <= maxNodes)
            {
                return depth;
            }
        }

        throw new GraphTooLargeException(Math.Min(count, order.Count), maxNodes);
    }

    private static int CountWhenCollapsed(List<Value> order, Dictionary<Value, Scope?> scopes, bool separateOps, int depth)
    {
        var boxes = new HashSet<Scope>(ReferenceEqualityComparer.Instance);
        int count = 0;
        foreach (Value v in order)
        {
            if (AncestorAtDepth(scopes[v], depth) is { } box)
            {
                boxes.Add(box);
            }
            else
            {
                count += separateOps && !v.IsLeaf ? 2 : 1;
            }
        }

        return count + boxes.Count;
    }

    private static Scope? AncestorAtDepth(Scope? scope, int depth)
    {
        if (scope is null || scope.Depth < depth)
        {
            return null;
        }

        while (scope.Depth > depth)
        {
            scope = scope.Parent!;
        }

        return scope;
    }

    private sealed class Builder(DiagramOptions options, Dictionary<Value, Scope?> scopes, bool separateOps, int collapseDepth)
    {
        private readonly List<DiagramNode> _nodes = [];
        private readonly List<DiagramEdge> _edges = [];
        private readonly List<DiagramCluster> _topClusters = [];
        private readonly Dictionary<Scope, DiagramCluster> _clusters = new(ReferenceEqualityComparer.Instance);
        private readonly Dictionary<Scope, DiagramNode> _boxes = new(ReferenceEqualityComparer.Instance);
        private readonly Dictionary<Value, DiagramNode> _drawnAs = new(ReferenceEqualityComparer.Instance);
        private readonly HashSet<(string, string)> _boxEdges = [];

        public DiagramGraph Build(List<Value> order)
        {
            for (int i = 0; i < order.Count; i++)
            {
                Value value = order[i];
                string id = "v" + i.ToString(CultureInfo.InvariantCulture);
                Scope? scope = scopes[value];
                if (AncestorAtDepth(scope, collapseDepth) is { } collapsed)
                {
                    DiagramNode box = BoxFor(collapsed);
                    box.CollapsedCount++;
                    _drawnAs[value] = box;
                    AddInputEdges(value, box);
                    continue;
                }

                bool highlighted = options.Highlight?.Contains(value) == true;
                DiagramCluster? cluster = ClusterFor(scope);
                var valueNode = new DiagramNode(id, DiagramNodeKind.Value, cluster)
                {
                    Title = value.Label ?? "",
                    Op = value.IsLeaf || separateOps ? null : OpSymbols.For(value),
                    Data = Format(value.Data),
                    Grad = options.ShowGradients ? Format(value.Grad) : null,
                    Note = options.Notes?.GetValueOrDefault(value),
                    Highlighted = highlighted,
                };

                DiagramNode target = valueNode;
                if (separateOps && !value.IsLeaf)
                {
                    var opNode = new DiagramNode(id + "_op", DiagramNodeKind.Op, cluster) { Title = OpSymbols.For(value), Highlighted = highlighted };
                    Add(opNode);
                    _edges.Add(new DiagramEdge(opNode.Id, valueNode.Id, highlighted));
                    target = opNode;
                }

                Add(valueNode);
                _drawnAs[value] = valueNode;
                AddInputEdges(value, target);
            }

            return new DiagramGraph(_nodes, _edges, _topClusters);
        }

        private void AddInputEdges(Value value, DiagramNode target)
        {
            bool highlighted = options.Highlight?.Contains(value) == true;
            int count = value.InputCount;
            for (int j = 0; j < count; j++)
            {
                Value input = value.GetInput(j);
                DiagramNode from = _drawnAs[input];
                if (from.Kind == DiagramNodeKind.CollapsedScope || target.Kind == DiagramNodeKind.CollapsedScope)
                {
                    // Inside a box nothing is drawn, and into or out of it one edge says enough.
                    if (ReferenceEquals(from, target) || !_boxEdges.Add((from.Id, target.Id)))
                    {
                        continue;
                    }
                }

                _edges.Add(new DiagramEdge(from.Id, target.Id, highlighted && options.Highlight!.Contains(input)));
            }
        }

        private void Add(DiagramNode node)
        {
            _nodes.Add(node);
            node.Cluster?.Nodes.Add(node);
        }

        private DiagramNode BoxFor(Scope scope)
        {
            if (!_boxes.TryGetValue(scope, out DiagramNode? box))
            {
                box = new DiagramNode("s" + _boxes.Count.ToString(CultureInfo.InvariantCulture), DiagramNodeKind.CollapsedScope, ClusterFor(scope.Parent))
                {
                    Title = scope.Name,
                };
                _boxes.Add(scope, box);
                Add(box);
            }

            return box;
        }

        private DiagramCluster? ClusterFor(Scope? scope)
        {
            if (scope is null)
            {
                return null;
            }

            if (!_clusters.TryGetValue(scope, out DiagramCluster? cluster))
            {
                DiagramCluster? parent = ClusterFor(scope.Parent);
                cluster = new DiagramCluster("cluster_" + _clusters.Count.ToString(CultureInfo.InvariantCulture), scope.Name);
                _clusters.Add(scope, cluster);
                (parent?.Children ?? _topClusters).Add(cluster);
            }

            return cluster;
        }

        private string Format(double x) => x.ToString(options.NumberFormat, CultureInfo.InvariantCulture);
    }
}

/// <summary>The kinds of node a diagram draws.</summary>
internal enum DiagramNodeKind
{
    Value,
    Op,
    CollapsedScope,
}

/// <summary>One node of a diagram. Text is raw; each exporter escapes it for its format.</summary>
internal sealed class DiagramNode(string id, DiagramNodeKind kind, DiagramCluster? cluster)
{
    public string Id { get; } = id;

    public DiagramNodeKind Kind { get; } = kind;

    public DiagramCluster? Cluster { get; } = cluster;

    /// <summary>A value's label, an op's symbol, or a collapsed scope's name.</summary>
    public string Title { get; init; } = "";

    /// <summary>The op symbol shown inside a value's box when ops are folded.</summary>
    public string? Op { get; init; }

    public string? Data { get; init; }

    public string? Grad { get; init; }

    public bool Highlighted { get; init; }

    /// <summary>An extra line of text from <see cref="DiagramOptions.Notes"/>, or null.</summary>
    public string? Note { get; init; }

    /// <summary>How many values a collapsed scope stands for.</summary>
    public int CollapsedCount { get; set; }
}

/// <summary>An edge from one diagram node to another.</summary>
internal sealed record DiagramEdge(string From, string To, bool Highlighted);

/// <summary>A scope drawn as a box around its nodes and nested scopes.</summary>
internal sealed class DiagramCluster(string id, string name)
{
    public string Id { get; } = id;

    public string Name { get; } = name;

    public List<DiagramNode> Nodes { get; } = [];

    public List<DiagramCluster> Children { get; } = [];
}
