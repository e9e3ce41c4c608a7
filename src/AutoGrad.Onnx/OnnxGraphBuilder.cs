using Google.Protobuf;
using Onnx;

namespace AutoGrad.Onnx;

/// <summary>
/// Builds one ONNX graph: nodes, initializers, inputs and outputs, every tensor named once. Names the
/// user chose (inputs, outputs, labelled parameters) are reserved first; every other tensor gets a
/// fresh name that cannot clash with them.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    /// <summary>ONNX's element type for double (TensorProto.DataType.DOUBLE).</summary>
    public const int DoubleType = (int)TensorProto.Types.DataType.Double;

    /// <summary>ONNX's element type for float (TensorProto.DataType.FLOAT).</summary>
    public const int FloatType = (int)TensorProto.Types.DataType.Float;

    /// <summary>ONNX's element type for int64 (TensorProto.DataType.INT64).</summary>
    public const int Int64Type = (int)TensorProto.Types.DataType.Int64;

    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private readonly Dictionary<long, string> _constants = [];
    private int _nodeCount;

    public OnnxGraphBuilder(string name) => Graph = new GraphProto { Name = name };

    public GraphProto Graph { get; }

    /// <summary>Whether <paramref name="name"/> is already taken by a tensor.</summary>
    public bool IsUsed(string name) => _used.Contains(name);

    /// <summary>Takes <paramref name="name"/> for a tensor; it must be free.</summary>
    public string Reserve(string name) =>
        _used.Add(name) ? name : throw new InvalidOperationException($"The tensor name '{name}' is taken twice.");

    /// <summary>A name not taken yet: <paramref name="stem"/> itself, or it with a number after it.</summary>
    public string Fresh(string stem)
    {
        if (_used.Add(stem))
        {
            return stem;
        }

        for (int k = 1; ; k++)
        {
            string candidate = $"{stem}_{k}";
            if (_used.Add(candidate))
            {
                return candidate;
            }
        }
    }

    /// <summary>Adds a graph input of element type <paramref name="elementType"/> and the given shape (null dims are symbolic, named by <paramref name="symbolicDim"/>).</summary>
    public void AddInput(string name, int elementType, IReadOnlyList<long?> shape, string symbolicDim = "N") =>
        Graph.Input.Add(ValueInfo(name, elementType, shape, symbolicDim));

    /// <summary>Adds a graph output (named tensor already produced by a node or an initializer).</summary>
    public void AddOutput(string name, int elementType, IReadOnlyList<long?> shape, string symbolicDim = "N") =>
        Graph.Output.Add(ValueInfo(name, elementType, shape, symbolicDim));

    /// <summary>A node of <paramref name="opType"/> reading <paramref name="inputs"/>; returns its output's name.</summary>
    public string Node(string opType, IReadOnlyList<string> inputs, params AttributeProto[] attributes) =>
        NodeInto(Fresh($"t{_nodeCount}"), opType, inputs, attributes);

    /// <summary>A node of <paramref name="opType"/> whose output is the tensor <paramref name="output"/> (already reserved).</summary>
    public string NodeInto(string output, string opType, IReadOnlyList<string> inputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = $"{opType}_{_nodeCount++}" };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        return output;
    }

    /// <summary>A scalar double initializer holding <paramref name="value"/>, shared by every use of the same bits.</summary>
    public string Constant(double value)
    {
        long bits = BitConverter.DoubleToInt64Bits(value);
        if (!_constants.TryGetValue(bits, out string? name))
        {
            name = Fresh("c");
            AddInitializer(name, [value], []);
            _constants[bits] = name;
        }

        return name;
    }

    /// <summary>A double initializer named <paramref name="name"/> (already reserved) of the given shape.</summary>
    public void AddInitializer(string name, double[] values, long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = DoubleType };
        tensor.Dims.AddRange(dims);
        tensor.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan())); // little-endian, as ONNX stores raw data
        Graph.Initializer.Add(tensor);
    }

    /// <summary>An int64 initializer (shapes and axes).</summary>
    public string Int64s(string stem, long[] values)
    {
        string name = Fresh(stem);
        var tensor = new TensorProto { Name = name, DataType = Int64Type };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        Graph.Initializer.Add(tensor);
        return name;
    }

    public static AttributeProto Attribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Attribute(string name, IEnumerable<long> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    private static ValueInfoProto ValueInfo(string name, int elementType, IReadOnlyList<long?> shape, string symbolicDim)
    {
        var tensorShape = new TensorShapeProto();
        foreach (long? dim in shape)
        {
            tensorShape.Dim.Add(dim is { } size ? new TensorShapeProto.Types.Dimension { DimValue = size } : new TensorShapeProto.Types.Dimension { DimParam = symbolicDim });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = elementType, Shape = tensorShape } },
        };
    }
}
