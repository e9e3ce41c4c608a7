using Google.Protobuf;
using Onnx;

namespace AutoGrad.Onnx;

/// <summary>
/// Writes any <see cref="Value"/> graph as an ONNX model, so ONNX Runtime (from C#, Python, C++, Java,
/// JavaScript, …) computes what AutoGrad computes: the leaves you choose become named float64 scalar
/// graph inputs, every other leaf an initializer, and every op the ONNX operators of its row in the
/// mapping table (docs/onnx.md). Optionally the gradient and the Hessian come along as extra outputs.
/// </summary>
/// <example>
/// <code>
/// var x = new Value(2.0, "x");
/// var y = new Value(3.0, "y");
/// Value f = x * y + x.Tanh();
/// f.Label = "f";
/// OnnxExport.Save([f], [x, y], "f.onnx", new OnnxExportOptions { Gradients = true });
/// // outputs: f, df/dx, df/dy — inputs: x, y (float64 scalars)
/// </code>
/// </example>
public static class OnnxExport
{
    /// <summary>The ONNX IR version written (10, ONNX 1.16).</summary>
    public const long IrVersion = 10;

    /// <summary>The version of the default ONNX operator set written.</summary>
    public const long OpsetVersion = 21;

    /// <summary>Writes the graph of <paramref name="outputs"/> as an ONNX model file.</summary>
    /// <param name="outputs">The values to compute: the graph's outputs, named by their label, else <c>output{i}</c>; a name already taken (by an input, a parameter or an earlier output) gets a suffix (<c>f_1</c>), since ONNX names every tensor once.</param>
    /// <param name="inputs">The leaves that become graph inputs (float64 scalars), named by their label, else <c>x{i}</c>; at least one.</param>
    /// <param name="path">The .onnx file to write; written whole or not at all.</param>
    /// <param name="options">Gradients, Hessian, graph name; null for the defaults.</param>
    /// <exception cref="ArgumentException">No outputs or no inputs, an input that is not a leaf or is given twice, two inputs of one name, or a NaN initializer; the message names it.</exception>
    /// <exception cref="NotSupportedException">The graph holds an op ONNX cannot express (a custom op); the message names it.</exception>
    /// <exception cref="IOException">The file cannot be written; the message names the path.</exception>
    public static void Save(IReadOnlyList<Value> outputs, IReadOnlyList<Value> inputs, string path, OnnxExportOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        byte[] bytes = ToBytes(outputs, inputs, options);
        OnnxFile.Write(path, bytes);
    }

    /// <summary>The ONNX model of the graph of <paramref name="outputs"/>, as the bytes of a .onnx file (see <see cref="Save"/>).</summary>
    /// <param name="outputs">The values to compute.</param>
    /// <param name="inputs">The leaves that become graph inputs; at least one.</param>
    /// <param name="options">Gradients, Hessian, graph name; null for the defaults.</param>
    /// <exception cref="ArgumentException">As for <see cref="Save"/>.</exception>
    /// <exception cref="NotSupportedException">As for <see cref="Save"/>.</exception>
    public static byte[] ToBytes(IReadOnlyList<Value> outputs, IReadOnlyList<Value> inputs, OnnxExportOptions? options = null) =>
        Build(outputs, inputs, options ?? new OnnxExportOptions()).ToByteArray();

    internal static ModelProto Build(IReadOnlyList<Value> outputs, IReadOnlyList<Value> inputs, OnnxExportOptions options)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.GraphName, nameof(options));
        CheckNoNulls(outputs, nameof(outputs));
        CheckNoNulls(inputs, nameof(inputs));
        if (outputs.Count == 0)
        {
            throw new ArgumentException("The graph has no outputs; expected at least one value to compute.", nameof(outputs));
        }

        if (inputs.Count == 0)
        {
            throw new ArgumentException("The graph has no inputs; expected at least one leaf to become an ONNX graph input (a graph of constants alone is its value).", nameof(inputs));
        }

        var builder = new OnnxGraphBuilder(options.GraphName);
        string[] inputNames = InputNames(inputs, builder);
        RefuseUnexportable(outputs);

        // The graph's own outputs, then its gradients and Hessian, each with its name.
        var named = new List<(Value Value, string Name)>();
        string[] outputNames = new string[outputs.Count];
        for (int k = 0; k < outputs.Count; k++)
        {
            string? label = outputs[k].Label;
            outputNames[k] = builder.Fresh(string.IsNullOrWhiteSpace(label) ? $"output{k}" : label);
            named.Add((outputs[k], outputNames[k]));
        }

        var writer = new ValueGraphWriter(builder, inputs, inputNames);
        if (options.Gradients || options.Hessian)
        {
            // Differentiated in branch-free form, so a kinked op's derivative follows its input at run time;
            // the copies' values are written as the originals' (the selector forms give NaN where a side not taken is infinite).
            Value[] differentiable = BranchFreeGraph.Copy(outputs, out Dictionary<Value, Value> originals);
            writer.Differentiates(originals, ValueGraphWriter.TopologicalOrder([.. outputs, .. differentiable]));
            for (int k = 0; k < outputs.Count; k++)
            {
                Value[] gradient = Value.Gradients(differentiable[k], inputs, createGraph: true);
                for (int i = 0; i < inputs.Count && options.Gradients; i++)
                {
                    named.Add((gradient[i], builder.Fresh($"d{outputNames[k]}/d{inputNames[i]}")));
                }

                for (int i = 0; i < inputs.Count && options.Hessian; i++)
                {
                    Value[] row = Value.Gradients(gradient[i], inputs, createGraph: true);
                    for (int j = 0; j < inputs.Count; j++)
                    {
                        named.Add((row[j], builder.Fresh($"d2{outputNames[k]}/d{inputNames[i]}d{inputNames[j]}")));
                    }
                }
            }
        }

        foreach ((Value value, string name) in named)
        {
            builder.NodeInto(name, "Identity", [writer.TensorOf(value)]);
            builder.AddOutput(name, OnnxGraphBuilder.DoubleType, []);
        }

        return Model(builder.Graph, "A graph exported from AutoGrad: float64 scalar inputs and outputs.");
    }

    /// <summary>A model around <paramref name="graph"/> with the IR version, opset and producer AutoGrad writes.</summary>
    internal static ModelProto Model(GraphProto graph, string docString)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "AutoGrad",
            ProducerVersion = typeof(Value).Assembly.GetName().Version?.ToString() ?? "",
            DocString = docString,
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        return model;
    }

    private static string[] InputNames(IReadOnlyList<Value> inputs, OnnxGraphBuilder builder)
    {
        var names = new string[inputs.Count];
        var seen = new Dictionary<Value, int>(ReferenceEqualityComparer.Instance);
        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < inputs.Count; i++)
        {
            Value input = inputs[i];
            if (!input.IsLeaf)
            {
                throw new ArgumentException($"Input {i} ({Describe(input)}) is the result of {input.Op}; expected a leaf (a value made with new Value(...)), which becomes an ONNX graph input.", nameof(inputs));
            }

            if (seen.TryGetValue(input, out int first))
            {
                throw new ArgumentException($"Input {i} ({Describe(input)}) is the same value as input {first}; expected each leaf once.", nameof(inputs));
            }

            seen[input] = i;
            names[i] = string.IsNullOrWhiteSpace(input.Label) ? $"x{i}" : input.Label;
            if (byName.TryGetValue(names[i], out int other))
            {
                throw new ArgumentException($"Inputs {other} and {i} are both named '{names[i]}'; expected a different name (label) for each graph input.", nameof(inputs));
            }

            byName[names[i]] = i;
        }

        foreach (string name in names)
        {
            builder.Reserve(name);
            builder.AddInput(name, OnnxGraphBuilder.DoubleType, []);
        }

        return names;
    }

    /// <summary>Refuses, by name, the first op no ONNX operator can express, before anything is built.</summary>
    private static void RefuseUnexportable(IReadOnlyList<Value> outputs)
    {
        foreach (Value node in ValueGraphWriter.TopologicalOrder(outputs))
        {
            if (OnnxOps.Of(node.Op).Refusal is { } why)
            {
                string name = node.CustomName is { } custom ? $"Op.{node.Op} '{custom}'" : $"Op.{node.Op}";
                throw new NotSupportedException($"Cannot export {name} ({Describe(node)}) to ONNX: {why}");
            }
        }
    }

    internal static string Describe(Value value) =>
        value.Label is { Length: > 0 } label ? $"'{label}', value {value.Data:R}" : $"value {value.Data:R}";

    private static void CheckNoNulls(IReadOnlyList<Value> values, string parameter)
    {
        for (int i = 0; i < values.Count; i++)
        {
            if (values[i] is null)
            {
                throw new ArgumentException($"Item {i} of {parameter} is null; expected a Value.", parameter);
            }
        }
    }
}
