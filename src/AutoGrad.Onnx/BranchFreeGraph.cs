namespace AutoGrad.Onnx;

/// <summary>
/// A copy of a graph to differentiate for export, in which every op with a kink (ReLU, step, leaky
/// ReLU, ELU, PReLU, |x|, max, min) takes its branch from a <see cref="Value.Step"/> node instead of
/// from the point the graph was built at.
/// </summary>
/// <remarks>
/// <see cref="Value.Gradients"/> with <c>createGraph: true</c> writes a kinked op's local derivative as a
/// constant chosen at the build point (ReLU′ = 1 where x was positive): right there, wrong across the
/// kink — and an exported gradient is evaluated anywhere. Written with a selector s = step(x) ∈ {0, 1},
/// relu(x) = x·s has the derivative s + x·step′(x) = s (step′ = 0), a node ONNX evaluates at run time. Each
/// form gives the op's value exactly (a product with 1 or 0, then a sum with 0) and its documented
/// derivative, at its kink too; the graph's own outputs are still written from the original ops.
/// </remarks>
internal static class BranchFreeGraph
{
    /// <summary>The copies of <paramref name="outputs"/>; leaves are shared, so the copies read the same inputs and parameters.</summary>
    /// <param name="outputs">The graph's outputs.</param>
    /// <param name="originals">Each copied op node's original, whose value it has: the writer writes the original's tensor for it.</param>
    public static Value[] Copy(IReadOnlyList<Value> outputs, out Dictionary<Value, Value> originals)
    {
        var copies = new Dictionary<Value, Value>(ReferenceEqualityComparer.Instance);
        originals = new Dictionary<Value, Value>(ReferenceEqualityComparer.Instance);
        foreach (Value node in ValueGraphWriter.TopologicalOrder(outputs))
        {
            Value copy = node.IsLeaf ? node : Rebuild(node, node.Inputs.Select(input => copies[input]).ToArray());
            copies[node] = copy;
            if (!ReferenceEquals(copy, node))
            {
                originals[copy] = node;
            }
        }

        return outputs.Select(output => copies[output]).ToArray();
    }

#pragma warning disable CS8524 // values of Op that have no name are not ops
    /// <summary>The op of <paramref name="node"/> applied to <paramref name="x"/>, kinked ops in their selector form.</summary>
    private static Value Rebuild(Value node, Value[] x) => node.Op switch
    {
        Op.Leaf => node,
        Op.Add => x[0] + x[1],
        Op.Sub => x[0] - x[1],
        Op.Mul => x[0] * x[1],
        Op.Div => x[0] / x[1],
        Op.Neg => -x[0],
        Op.Pow => x[0].Pow(node.Parameter!.Value),
        Op.PowValue => x[0].Pow(x[1]),
        Op.Exp => x[0].Exp(),
        Op.Log => x[0].Log(),
        Op.Sqrt => x[0].Sqrt(),
        Op.Tanh => x[0].Tanh(),
        Op.Sigmoid => x[0].Sigmoid(),
        Op.Softplus => x[0].Softplus(),
        Op.Sin => x[0].Sin(),
        Op.Cos => x[0].Cos(),
        Op.Atan => x[0].Atan(),
        Op.Sum => Value.Sum(x),
        Op.Dot => Value.Dot(x[..(x.Length / 2)], x[(x.Length / 2)..]),
        Op.LogSumExp => Value.LogSumExp(x),
        Op.Step => x[0].Step(),

        // x > 0 ? x : 0, with ReLU′(0) = 0 as AutoGrad's.
        Op.Relu => x[0] * x[0].Step(),

        // x > 0 ? x : slope·x; the derivative s + slope·(1 − s) is slope at 0.
        Op.LeakyRelu => Select(x[0].Step(), x[0], Value.Constant(node.Parameter!.Value) * x[0]),

        // x > 0 ? x : slope·x, the slope a value.
        Op.Prelu => Select(x[0].Step(), x[0], x[1] * x[0]),

        // x > 0 ? x : α(eˣ − 1); eˣ of x·(1 − s), so a large positive x cannot overflow into ∞·0.
        Op.Elu => ElU(x[0], node.Parameter!.Value),

        // x · sign(x), with sign(0) = 0, so |x|′(0) = 0 as AutoGrad's.
        Op.Abs => x[0] * (x[0].Step() - (-x[0]).Step()),

        // x / (1 + |x|), |x| in its selector form: its derivative 1/(1 + |x|)² is smooth, the second jumps at 0.
        Op.Softsign => x[0] / (1 + x[0] * (x[0].Step() - (-x[0]).Step())),

        // a ≥ b ? a : b: s = 1 − step(b − a) is 1 on a tie, where the gradient goes to a.
        Op.Max => Select(1 - (x[1] - x[0]).Step(), x[0], x[1]),

        // a ≤ b ? a : b: s = 1 − step(a − b).
        Op.Min => Select(1 - (x[0] - x[1]).Step(), x[0], x[1]),
        Op.Custom => throw new NotSupportedException($"Cannot export Op.Custom '{node.CustomName}' to ONNX: {OnnxOps.Of(Op.Custom).Refusal}"),
    };
#pragma warning restore CS8524

    /// <summary>s · then + (1 − s) · otherwise, for a selector s of 0 or 1.</summary>
    private static Value Select(Value s, Value then, Value otherwise) => then * s + otherwise * (1 - s);

    private static Value ElU(Value x, double alpha)
    {
        Value s = x.Step();
        Value negative = 1 - s;
        return x * s + Value.Constant(alpha) * ((x * negative).Exp() - 1) * negative;
    }
}
