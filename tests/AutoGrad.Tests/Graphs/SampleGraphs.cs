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

    /// <summary>
    /// What a learner draws: <c>Mlp(2, [4, 4, 1])</c> over a few points, each inside a scope "sample",
    /// the mean squared error of its predictions; backpropagated.
    /// </summary>
    public static Value MlpOverSamples(int samples = 3)
    {
        var model = new AutoGrad.Nn.Mlp(2, [4, 4, 1], new AutoGrad.Nn.MlpOptions { Seed = 1 });
        double[][] points = [[2, 3], [3, -1], [0.5, 1], [1, 1]];
        double[] targets = [1, -1, -1, 1];
        var errors = new List<Value>();
        for (int i = 0; i < samples; i++)
        {
            using Scope sample = Scope.Enter("sample");
            Value prediction = model.Forward(points[i])[0];
            errors.Add((prediction - targets[i]).Pow(2));
        }

        Value loss = Value.Sum(errors) / samples;
        loss.Label = "loss";
        loss.Backward();
        return loss;
    }

    /// <summary>Softmax over three logits, exp(zᵢ − max z) / Σ, and the cross-entropy −ln p₁, as graphs/softmax-cross-entropy.cs draws it.</summary>
    public static Value SoftmaxCrossEntropy()
    {
        Value[] z = [new(2.0, "z0"), new(1.0, "z1"), new(0.1, "z2")];
        Value loss = -AutoGrad.Nn.Functions.Softmax(z)[1].Log();
        loss.Label = "L";
        loss.Backward();
        return loss;
    }
}
