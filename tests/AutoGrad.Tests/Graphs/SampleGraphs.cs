namespace AutoGrad.Tests.Graphs;

/// <summary>Small fixed graphs the exporter tests draw.</summary>
internal static class SampleGraphs
{
    /// <summary>z = (x + y)², backpropagated: 4 values, 2 ops.</summary>
    public static Value SquareOfSum()
    {
        var x = new Value(2, "x");
        var y = new Value(3, "y");
        Value s = x + y;
        s.Label = "s";
        Value z = s.Pow(2);
        z.Label = "z";
        z.Backward();
        return z;
    }

    /// <summary>micrograd's neuron, tanh(w·x + b), inside a scope.</summary>
    public static (Value Output, Value W1) Neuron()
    {
        var x1 = new Value(2.0, "x1");
        var x2 = new Value(0.0, "x2");
        var w1 = new Value(-3.0, "w1");
        var w2 = new Value(1.0, "w2");
        var b = new Value(6.8813735870195432, "b");
        Value o;
        using (Scope.Enter("neuron"))
        {
            Value n = Value.Dot([w1, w2], [x1, x2]) + b;
            n.Label = "n";
            o = n.Tanh();
            o.Label = "o";
        }

        o.Backward();
        return (o, w1);
    }

    /// <summary>A 2-4-4-1 tanh network built inside nested scopes "layer k" / "neuron j".</summary>
    public static Value ScopedNetwork(int hidden = 4)
    {
        Value[] activations = [new Value(0.5, "x0"), new Value(-1.0, "x1")];
        int[] sizes = [hidden, hidden, 1];
        var random = new Random(1);
        for (int layer = 0; layer < sizes.Length; layer++)
        {
            using Scope layerScope = Scope.Enter($"layer {layer + 1}");
            var next = new Value[sizes[layer]];
            for (int j = 0; j < next.Length; j++)
            {
                using Scope neuronScope = Scope.Enter($"neuron {j}");
                Value[] w = activations.Select(_ => new Value(random.NextDouble() * 2 - 1, "w")).ToArray();
                next[j] = (Value.Dot(w, activations) + new Value(0, "b")).Tanh();
            }

            activations = next;
        }

        activations[0].Backward();
        return activations[0];
    }
}
