namespace AutoGrad.Onnx;

/// <summary>
/// Writes the nodes of a <see cref="Value"/> graph into an <see cref="OnnxGraphBuilder"/>, once per
/// node however often it is read: chosen leaves are the graph inputs, other leaves initializers
/// (named by their label), constant subgraphs folded into one initializer each, every op its row of
/// <see cref="OnnxOps"/>.
/// </summary>
internal sealed class ValueGraphWriter
{
    private readonly OnnxGraphBuilder _builder;
    private readonly Dictionary<Value, string> _tensors = new(ReferenceEqualityComparer.Instance);

    /// <summary>Nodes made of constants alone (no input, no parameter), known once computed.</summary>
    private readonly Dictionary<Value, bool> _constant = new(ReferenceEqualityComparer.Instance);

    public ValueGraphWriter(OnnxGraphBuilder builder, IReadOnlyList<Value> inputs, IReadOnlyList<string> inputNames)
    {
        _builder = builder;
        for (int i = 0; i < inputs.Count; i++)
        {
            _tensors[inputs[i]] = inputNames[i];
            _constant[inputs[i]] = false;
        }
    }

    /// <summary>Branch-free copies, written as the tensor of the original whose value each has.</summary>
    private readonly Dictionary<Value, Value> _originals = new(ReferenceEqualityComparer.Instance);

    /// <summary>The graph before differentiation: every other node was made by <see cref="Value.Gradients"/>.</summary>
    private HashSet<Value>? _forward;

    /// <summary>Derivative nodes that are a derivative rule's 0 or a product with one: 0, whatever the other factor.</summary>
    private readonly HashSet<Value> _zero = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// Says which nodes are branch-free copies of which originals, and which nodes existed before
    /// differentiation; the nodes <see cref="Value.Gradients"/> adds are then written with a derivative
    /// rule's 0 as a hard zero: step′(x)·x is 0 at x = ±∞ too, where the product would be NaN.
    /// </summary>
    public void Differentiates(IReadOnlyDictionary<Value, Value> originals, IEnumerable<Value> forward)
    {
        foreach ((Value copy, Value original) in originals)
        {
            _originals[copy] = original;
        }

        _forward = new HashSet<Value>(forward, ReferenceEqualityComparer.Instance);
    }

    /// <summary>The tensor holding <paramref name="output"/>, writing whatever of its graph is not written yet (iterative, and it stops at what is written).</summary>
    public string TensorOf(Value output)
    {
        var stack = new Stack<(Value Node, int Next)>();
        var seen = new HashSet<Value>(ReferenceEqualityComparer.Instance) { output };
        if (!_tensors.ContainsKey(output))
        {
            stack.Push((output, 0));
        }

        while (stack.Count > 0)
        {
            (Value node, int next) = stack.Pop();
            bool aliased = _originals.TryGetValue(node, out Value? original);
            int count = aliased ? 1 : node.InputCount;
            if (next < count)
            {
                stack.Push((node, next + 1));
                Value input = aliased ? original! : node.GetInput(next);
                if (!_tensors.ContainsKey(input) && seen.Add(input))
                {
                    stack.Push((input, 0));
                }
            }
            else
            {
                _tensors[node] = aliased ? Alias(node, original!) : Write(node);
            }
        }

        return _tensors[output];
    }

    private string Alias(Value node, Value same)
    {
        _constant[node] = _constant[same];
        if (_zero.Contains(same))
        {
            _zero.Add(node);
        }

        return _tensors[same];
    }

    private string Write(Value node)
    {
        if (_forward is not null && !_forward.Contains(node))
        {
            bool zero = node.IsLeaf
                ? node.Data == 0
                : node.Op switch
                {
                    Op.Mul => node.Inputs.Any(_zero.Contains),
                    Op.Div or Op.Neg => _zero.Contains(node.GetInput(0)),
                    _ => false,
                };
            if (zero)
            {
                _zero.Add(node);
                _constant[node] = true;
                return _builder.Constant(0);
            }

            if (node.Op is Op.Add or Op.Sub && _zero.Contains(node.GetInput(1)))
            {
                return Alias(node, node.GetInput(0));
            }

            if (node.Op is Op.Add && _zero.Contains(node.GetInput(0)))
            {
                return Alias(node, node.GetInput(1));
            }
        }

        bool constant = node.IsLeaf ? node.IsConstant && node.Label is null : node.Inputs.All(input => _constant[input]);
        _constant[node] = constant;
        if (constant)
        {
            // Folded, as the diagrams fold unnamed constants into the op that reads them: one number, computed by AutoGrad.
            return _builder.Constant(Checked(node.Data, node.IsLeaf ? "an unnamed constant" : $"a constant folded from {node.Op}", node));
        }

        if (node.IsLeaf)
        {
            string name = _builder.Fresh(string.IsNullOrWhiteSpace(node.Label) ? "p" : node.Label);
            _builder.AddInitializer(name, [Checked(node.Data, $"the leaf '{name}'", node)], []);
            return name;
        }

        OnnxOpRule rule = OnnxOps.Of(node.Op);
        string[] inputs = node.Inputs.Select(input => _tensors[input]).ToArray();
        return rule.Emit is { } emit
            ? emit(_builder, node, inputs)
            : throw new NotSupportedException($"Cannot export Op.{node.Op} to ONNX: {rule.Refusal}");
    }

    private static double Checked(double value, string what, Value node) =>
        double.IsNaN(value)
            ? throw new ArgumentException($"The initializer for {what} ({OnnxExport.Describe(node)}) is NaN; ONNX would carry it silently into every output. Expected a number: fix the value before exporting, or make the leaf a graph input.")
            : value;

    /// <summary>Every node the outputs depend on, each once, inputs before the nodes that read them (iterative: deep graphs are fine).</summary>
    public static List<Value> TopologicalOrder(IReadOnlyList<Value> outputs)
    {
        var order = new List<Value>();
        var visited = new HashSet<Value>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Value Node, int Next)>();
        foreach (Value output in outputs)
        {
            if (!visited.Add(output))
            {
                continue;
            }

            stack.Push((output, 0));
            while (stack.Count > 0)
            {
                (Value node, int next) = stack.Pop();
                if (next < node.InputCount)
                {
                    stack.Push((node, next + 1));
                    Value input = node.GetInput(next);
                    if (visited.Add(input))
                    {
                        stack.Push((input, 0));
                    }
                }
                else
                {
                    order.Add(node);
                }
            }
        }

        return order;
    }
}
