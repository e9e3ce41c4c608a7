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

    /// <summary>What was collapsed to fit <see cref="DiagramOptions.MaxNodes"/>, drawn on the diagram; null when nothing was.</summary>
    public string? Note { get; private set; }

    /// <summary>The paths of the scopes drawn as boxes, in the order they were entered.</summary>
    public IReadOnlyList<string> CollapsedScopes { get; private set; } = [];

    /// <summary>How many constants were written into the ops that read them instead of drawn.</summary>
    public int FoldedConstantCount { get; private set; }

    /// <summary>
    /// The node that shows each value: its own box, the collapsed scope or group it is counted in, or
    /// for a folded constant the value box of the op it is written into.
    /// </summary>
    public IReadOnlyDictionary<Value, DiagramNode> DrawnAs { get; private set; } = new Dictionary<Value, DiagramNode>();

    /// <summary>
    /// The one id of a value in every view of its graph (DOT, Mermaid, the explorer's SVG and data):
    /// <c>v</c> + its index in the full topological order, folded constants counted.
    /// </summary>
    public static string ValueId(int topologicalIndex) => "v" + topologicalIndex.ToString(CultureInfo.InvariantCulture);

    /// <summary>A value's data or gradient as a diagram writes it; negative zero is written as 0, never -0.</summary>
    public static string FormatNumber(double x, string format) => (x == 0 ? 0.0 : x).ToString(format, CultureInfo.InvariantCulture);

    public static DiagramGraph Build(Value root, DiagramOptions options)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxNodes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxNodes, "DiagramOptions.MaxNodes must be at least 1.");
        }

        if (options.MaxLabelLength < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxLabelLength, $"DiagramOptions.MaxLabelLength must be at least 1 (default {DiagramOptions.DefaultMaxLabelLength}), but got {options.MaxLabelLength}.");
        }

        CheckPatterns(options.Collapse, nameof(DiagramOptions.Collapse));
        CheckPatterns(options.Expand, nameof(DiagramOptions.Expand));

        List<Value> order = root.CollectTopologicalOrder();
        HashSet<Value> folded = FoldedConstants(order, root, options);
        List<Value> drawn = folded.Count == 0 ? order : order.Where(v => !folded.Contains(v)).ToList();
        var names = new ScopeNames(drawn.Select(v => v.Scope));
        HashSet<Scope> open = Matching(options.Expand, nameof(DiagramOptions.Expand), names);
        foreach (Scope scope in open.ToArray())
        {
            for (Scope? s = scope.Parent; s is not null; s = s.Parent)
            {
                open.Add(s);
            }
        }

        HashSet<Scope> collapsed = Matching(options.Collapse, nameof(DiagramOptions.Collapse), names);
        collapsed.ExceptWith(open);
        var builder = new Builder(options, names, folded, drawn, order);

        bool separateOps = options.OpNodes == OpNodeStyle.Separate;
        int fullCount = drawn.Count + (separateOps ? drawn.Count(v => !v.IsLeaf) : 0);
        if (collapsed.Count == 0 && fullCount > options.MaxNodes && options.Oversize != OversizeBehavior.CollapseScopes)
        {
            throw new GraphTooLargeException(fullCount, options.MaxNodes); // before drawing a graph that may be huge
        }

        DiagramGraph graph = builder.With(collapsed);
        if (graph.Nodes.Count <= options.MaxNodes)
        {
            return graph;
        }

        if (options.Oversize != OversizeBehavior.CollapseScopes)
        {
            throw new GraphTooLargeException(graph.Nodes.Count, options.MaxNodes);
        }

        // Collapse every scope at some depth and deeper, as deep as fits: the deepest depth whose
        // drawing has at most MaxNodes nodes. Collapsing one level further out never draws more nodes,
        // so a binary search over the depths finds it with O(log depth) drawings, not one per depth.
        int tooMany = graph.Nodes.Count;
        int deepest = names.All.Count == 0 ? -1 : names.All.Max(s => s.Depth);
        DiagramGraph CollapsedFrom(int depth)
        {
            var tried = new HashSet<Scope>(collapsed, ReferenceEqualityComparer.Instance);
            tried.UnionWith(names.All.Where(s => s.Depth >= depth && !open.Contains(s)));
            return builder.With(tried);
        }

        DiagramGraph? fits = null;
        for (int low = 0, high = deepest; low <= high;)
        {
            int depth = low + ((high - low) / 2);
            DiagramGraph candidate = CollapsedFrom(depth);
            if (candidate.Nodes.Count <= options.MaxNodes)
            {
                (fits, low) = (candidate, depth + 1);
            }
            else
            {
                (graph, high) = (candidate, depth - 1);
            }
        }

        if (fits is null)
        {
            throw new GraphTooLargeException(deepest >= 0 ? graph.Nodes.Count : tooMany, options.MaxNodes);
        }

        string kinds = string.Join(", ", fits.CollapsedScopes.Select(BaseName).Distinct());
        fits.Note = $"{tooMany} nodes are more than MaxNodes = {options.MaxNodes}: drew {fits.CollapsedScopes.Count} scopes ({kinds}) as boxes, {fits.Nodes.Count} nodes.";
        return fits;
    }

    /// <summary>A scope's path without the scopes around it and without its number: "sample 3 / neuron 2" is "neuron".</summary>
    private static string BaseName(string path)
    {
        string name = path[(path.LastIndexOf(" / ", StringComparison.Ordinal) is int slash and >= 0 ? slash + 3 : 0)..];
        int space = name.LastIndexOf(' ');
        return space > 0 && name[(space + 1)..].All(char.IsAsciiDigit) ? name[..space] : name;
    }

    private static void CheckPatterns(IReadOnlyList<string>? patterns, string option)
    {
        if (patterns is null)
        {
            throw new ArgumentException($"DiagramOptions.{option} is null; expected a list of scope names (empty for none).", "options");
        }

        for (int i = 0; i < patterns.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(patterns[i]) || patterns[i] == "*")
            {
                throw new ArgumentException(
                    $"DiagramOptions.{option}[{i}] is '{patterns[i]}'; expected a scope name such as 'layer 2', 'sample 3 / layer 2' or 'layer*'.", "options");
            }
        }
    }

    /// <summary>The scopes the patterns name; a pattern that names none is an error that lists the names there are.</summary>
    private static HashSet<Scope> Matching(IReadOnlyList<string> patterns, string option, ScopeNames names)
    {
        var matched = new HashSet<Scope>(ReferenceEqualityComparer.Instance);
        foreach (string pattern in patterns)
        {
            Scope[] hits = names.Matching(pattern).ToArray();
            if (hits.Length == 0)
            {
                string known = names.All.Count == 0
                    ? "the graph has no scopes (build it inside Scope.Enter)"
                    : "its scopes are " + string.Join(", ", names.All.Select(names.PathOf).Take(12)) + (names.All.Count > 12 ? ", …" : "");
                throw new ArgumentException($"DiagramOptions.{option} names '{pattern}', which matches no scope of the graph; {known}.", "options");
            }

            matched.UnionWith(hits);
        }

        return matched;
    }

    /// <summary>
    /// The constants written into the op that reads them instead of drawn: unnamed constant leaves
    /// whose every reader is an op of two inputs, unless the options ask to show constants, or
    /// highlight or note this one. The output itself is always drawn.
    /// </summary>
    private static HashSet<Value> FoldedConstants(List<Value> order, Value root, DiagramOptions options)
    {
        var folded = new HashSet<Value>(ReferenceEqualityComparer.Instance);
        if (options.ShowConstants)
        {
            return folded;
        }

        var kept = new HashSet<Value>(ReferenceEqualityComparer.Instance) { root };
        foreach (Value node in order)
        {
            bool binary = OpCatalog.Of(node.Op).Shape == OpShape.Binary;
            for (int i = 0; i < node.InputCount; i++)
            {
                Value input = node.GetInput(i);
                if (!input.IsConstant || input.Label is not null || options.Highlight?.Contains(input) == true || options.Notes?.ContainsKey(input) == true)
                {
                    continue;
                }

                // An op whose every input is a constant keeps its first drawn, so no op oval stands without an input.
                bool otherFolds = node.InputCount == 2 && node.GetInput(1 - i) is { IsConstant: true, Label: null };
                (binary && !(otherFolds && i == 0) ? folded : kept).Add(input);
            }
        }

        folded.ExceptWith(kept);
        return folded;
    }

    /// <summary>Draws the values with a given set of scopes collapsed; run once, or once per depth tried to fit the budget.</summary>
    private sealed class Builder(DiagramOptions options, ScopeNames names, HashSet<Value> folded, List<Value> drawn, List<Value> order)
    {
        /// <summary>Each value's index in the full topological order, which its id is made from.</summary>
        public Dictionary<Value, int> Index { get; } = IndexOf(order);

        public DiagramOptions Options { get; } = options;

        public ScopeNames Names { get; } = names;

        public HashSet<Value> Folded { get; } = folded;

        public List<Value> Drawn { get; } = drawn;

        public bool SeparateOps { get; } = options.OpNodes == OpNodeStyle.Separate;

        /// <summary>The ops that read each leaf.</summary>
        public Dictionary<Value, List<Value>> Readers { get; } = FindReaders(drawn);

        public DiagramGraph With(HashSet<Scope> collapsed) => new Drawing(this, collapsed).Draw();

        private static Dictionary<Value, int> IndexOf(List<Value> order)
        {
            var index = new Dictionary<Value, int>(order.Count, ReferenceEqualityComparer.Instance);
            for (int i = 0; i < order.Count; i++)
            {
                index[order[i]] = i;
            }

            return index;
        }

        private static Dictionary<Value, List<Value>> FindReaders(List<Value> drawn)
        {
            var readers = new Dictionary<Value, List<Value>>(ReferenceEqualityComparer.Instance);
            foreach (Value node in drawn)
            {
                for (int i = 0; i < node.InputCount; i++)
                {
                    Value input = node.GetInput(i);
                    if (input.IsLeaf)
                    {
                        if (!readers.TryGetValue(input, out List<Value>? list))
                        {
                            readers[input] = list = [];
                        }

                        list.Add(node);
                    }
                }
            }

            return readers;
        }

        private sealed class Drawing(Builder builder, HashSet<Scope> collapsed)
        {
            private readonly List<DiagramNode> _nodes = [];
            private readonly List<DiagramEdge> _edges = [];
            private readonly List<DiagramCluster> _topClusters = [];
            private readonly Dictionary<Scope, DiagramCluster> _clusters = new(ReferenceEqualityComparer.Instance);
            private readonly Dictionary<Scope, DiagramNode> _boxes = new(ReferenceEqualityComparer.Instance);
            private readonly Dictionary<string, DiagramNode> _groups = new(StringComparer.Ordinal);
            private readonly Dictionary<Value, DiagramNode> _drawnAs = new(ReferenceEqualityComparer.Instance);

            // A leaf drawn on its own for the open ops that read it, and counted in a group for the boxes that read it.
            private readonly Dictionary<Value, DiagramNode> _groupOf = new(ReferenceEqualityComparer.Instance);
            private readonly HashSet<(string, string)> _boxEdges = [];

            public DiagramGraph Draw()
            {
                for (int i = 0; i < builder.Drawn.Count; i++)
                {
                    Value value = builder.Drawn[i];
                    string id = ValueId(builder.Index[value]);
                    Scope? scope = ScopeOf(value);
                    if (BoxOf(scope) is { } collapsedScope)
                    {
                        DiagramNode box = BoxFor(collapsedScope);
                        box.CollapsedCount++;
                        _drawnAs[value] = box;
                        AddInputEdges(value, box);
                        continue;
                    }

                    if (GroupKey(value) is { } key)
                    {
                        if (!_groups.TryGetValue(key.Key, out DiagramNode? group))
                        {
                            group = new DiagramNode("g" + _groups.Count.ToString(CultureInfo.InvariantCulture), DiagramNodeKind.Group, null) { Title = key.Prefix + ".*" };
                            _groups.Add(key.Key, group);
                            Add(group);
                        }

                        group.CollapsedCount++;
                        _groupOf[value] = group;
                        if (!key.AlsoReadOpen)
                        {
                            _drawnAs[value] = group;
                            continue;
                        }
                    }

                    bool highlighted = builder.Options.Highlight?.Contains(value) == true;
                    DiagramCluster? cluster = ClusterFor(scope);
                    string? symbol = value.IsLeaf ? null : OpSymbols.For(value, builder.Folded);
                    var valueNode = new DiagramNode(id, DiagramNodeKind.Value, cluster)
                    {
                        Title = value.Label ?? "",
                        Op = builder.SeparateOps ? null : symbol,
                        Data = Format(value.Data),
                        Grad = builder.Options.ShowGradients ? Format(value.Grad) : null,
                        Note = builder.Options.Notes?.GetValueOrDefault(value),
                        Highlighted = highlighted,
                    };

                    DiagramNode target = valueNode;
                    if (builder.SeparateOps && !value.IsLeaf)
                    {
                        var opNode = new DiagramNode(id + "_op", DiagramNodeKind.Op, cluster) { Title = symbol!, Highlighted = highlighted };
                        Add(opNode);
                        _edges.Add(new DiagramEdge(opNode.Id, valueNode.Id, highlighted));
                        target = opNode;
                    }

                    Add(valueNode);
                    _drawnAs[value] = valueNode;
                    AddInputEdges(value, target);
                }

                return new DiagramGraph(_nodes, _edges, _topClusters)
                {
                    DrawnAs = _drawnAs,
                    CollapsedScopes = _boxes.Keys.OrderBy(s => s.Sequence).Select(builder.Names.PathOf).ToArray(),
                    FoldedConstantCount = builder.Folded.Count,
                };
            }

            /// <summary>The outermost collapsed scope around <paramref name="scope"/>, or null when it is drawn open.</summary>
            private Scope? BoxOf(Scope? scope) => scope is null ? null : BoxTable[scope];

            /// <summary>
            /// Each scope's outermost collapsed scope (or null), made once per drawing, parents first, so
            /// finding a value's box costs one lookup rather than a walk out through every scope around it.
            /// </summary>
            private Dictionary<Scope, Scope?> BoxTable => field ??= MakeBoxTable();

            private Dictionary<Scope, Scope?> MakeBoxTable()
            {
                var table = new Dictionary<Scope, Scope?>(builder.Names.All.Count, ReferenceEqualityComparer.Instance);
                foreach (Scope scope in builder.Names.All)
                {
                    Scope? outer = scope.Parent is null ? null : table[scope.Parent];
                    table[scope] = outer ?? (collapsed.Contains(scope) ? scope : null);
                }

                return table;
            }

            /// <summary>
            /// The scope a value is drawn in: its own, or for a leaf made outside any scope (a parameter
            /// made when its model was built) the one scope all the open ops that read it share, so weights
            /// are drawn inside their neuron. A leaf read across scopes, such as a network input, stays outside.
            /// </summary>
            private Scope? ScopeOf(Value value)
            {
                if (value.Scope is not null || !value.IsLeaf || !builder.Readers.TryGetValue(value, out List<Value>? readers))
                {
                    return value.Scope;
                }

                Scope? shared = null;
                bool any = false;
                foreach (Value reader in readers)
                {
                    if (BoxOf(reader.Scope) is not null)
                    {
                        continue;
                    }

                    if (any && !ReferenceEquals(shared, reader.Scope))
                    {
                        return null;
                    }

                    (shared, any) = (reader.Scope, true);
                }

                return shared;
            }

            /// <summary>
            /// For a leaf with a qualified name (<c>layer1.neuron0.w0</c>) made outside every scope and read
            /// inside boxes: one group node stands for all such leaves with the same first name part read by
            /// the same boxes, so the parameters of a layer that every sample reads are one node, not dozens.
            /// </summary>
            private (string Key, string Prefix, bool AlsoReadOpen)? GroupKey(Value value)
            {
                if (!value.IsLeaf || value.Scope is not null || value.Label is not { } label || label.IndexOf('.', StringComparison.Ordinal) is not (> 0 and var dot)
                    || !builder.Readers.TryGetValue(value, out List<Value>? readers))
                {
                    return null;
                }

                var boxes = new SortedSet<long>();
                bool open = false;
                foreach (Value reader in readers)
                {
                    if (BoxOf(reader.Scope) is { } box)
                    {
                        boxes.Add(box.Sequence);
                    }
                    else
                    {
                        open = true;
                    }
                }

                string prefix = label[..dot];
                return boxes.Count == 0 ? null : (prefix + "|" + string.Join(",", boxes), prefix, open);
            }

            private void AddInputEdges(Value value, DiagramNode target)
            {
                bool highlighted = builder.Options.Highlight?.Contains(value) == true;
                int count = value.InputCount;

                // With a constant written into the op ("− 1", "1 −"), its side says which operand the edge is.
                bool nameOperands = !value.Inputs.Any(builder.Folded.Contains);
                for (int j = 0; j < count; j++)
                {
                    Value input = value.GetInput(j);
                    if (builder.Folded.Contains(input))
                    {
                        _drawnAs.TryAdd(input, target); // written into the first op that reads it
                        continue;
                    }

                    DiagramNode from = target.Kind == DiagramNodeKind.CollapsedScope && _groupOf.TryGetValue(input, out DiagramNode? group) ? group : _drawnAs[input];
                    bool summary = from.Kind is DiagramNodeKind.CollapsedScope or DiagramNodeKind.Group || target.Kind == DiagramNodeKind.CollapsedScope;
                    if (summary)
                    {
                        // Inside a box nothing is drawn, and into or out of it one edge says enough.
                        if (ReferenceEquals(from, target) || !_boxEdges.Add((from.Id, target.Id)))
                        {
                            continue;
                        }
                    }

                    _edges.Add(new DiagramEdge(from.Id, target.Id, highlighted && builder.Options.Highlight!.Contains(input), summary || !nameOperands ? null : OpSymbols.OperandName(value, j)));
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
                        Title = builder.Names.NameOf(scope),
                        Scope = scope,
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

                if (_clusters.TryGetValue(scope, out DiagramCluster? found))
                {
                    return found;
                }

                // Walk out to the nearest scope that has a cluster, then make the missing ones inward:
                // a loop, not a recursion, so 10,000 nested scopes cannot overflow the stack.
                var missing = new Stack<Scope>();
                DiagramCluster? parent = null;
                for (Scope? s = scope; s is not null; s = s.Parent)
                {
                    if (_clusters.TryGetValue(s, out parent))
                    {
                        break;
                    }

                    missing.Push(s);
                }

                while (missing.TryPop(out Scope? s))
                {
                    var cluster = new DiagramCluster("cluster_" + _clusters.Count.ToString(CultureInfo.InvariantCulture), builder.Names.NameOf(s)) { Scope = s };
                    _clusters.Add(s, cluster);
                    (parent?.Children ?? _topClusters).Add(cluster);
                    parent = cluster;
                }

                return parent;
            }

            private string Format(double x) => FormatNumber(x, builder.Options.NumberFormat);
        }
    }
}

/// <summary>The kinds of node a diagram draws.</summary>
internal enum DiagramNodeKind
{
    Value,
    Op,
    CollapsedScope,

    /// <summary>Leaves with qualified names that only collapsed scopes read, drawn as one node (<c>layer1.*</c>).</summary>
    Group,
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

    /// <summary>How many values a collapsed scope or a group stands for.</summary>
    public int CollapsedCount { get; set; }

    /// <summary>The scope a collapsed-scope box stands for; null for other kinds.</summary>
    public Scope? Scope { get; init; }
}

/// <summary>An edge from one diagram node to another; <paramref name="Label"/> names the operand when the op's input order matters (a/b, base/exp).</summary>
internal sealed record DiagramEdge(string From, string To, bool Highlighted, string? Label = null);

/// <summary>A scope drawn as a box around its nodes and nested scopes.</summary>
internal sealed class DiagramCluster(string id, string name)
{
    public string Id { get; } = id;

    public string Name { get; } = name;

    /// <summary>The scope drawn: the same scope has one cluster id per drawing, and the drawings of one graph with different scopes collapsed are matched by it.</summary>
    public Scope? Scope { get; init; }

    public List<DiagramNode> Nodes { get; } = [];

    public List<DiagramCluster> Children { get; } = [];
}
