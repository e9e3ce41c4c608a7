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

    /// <summary>The tensor holding <paramref name="output"/>, writing whatever of its graph is not written yet.</summary>
    public string TensorOf(Value output)
    {
        foreach (Value node in TopologicalOrder([output]))
        {
            if (!_tensors.ContainsKey(node))
            {
                _tensors[node] = Write(node);
            }
        }

        return _tensors[output];
    }

    private string Write(Value node)
    {
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
