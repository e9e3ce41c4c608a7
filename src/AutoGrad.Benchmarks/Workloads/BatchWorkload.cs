using AutoGrad.Compilation;
using AutoGrad.Nn;

namespace AutoGrad.Benchmarks.Workloads;

/// <summary>
/// Round three's batched replay against the scalar generated replay, per point, on one graph at many
/// points: (a) W1's per-sample graph, MLP(2, [16, 16, 1]) applied to one point (leaves: the 337
/// parameters of Data/mlp_init.csv and x0, x1; inputs x0, x1), at the 100 moons points; (b) a
/// <c>check</c> formula, log(1 + x²) · sin(x·y) + exp(−y), at 200 points. The scalar way is what
/// predict, eval and check did before: write the point into <see cref="CompiledGraph.LeafValues"/>,
/// Forward (and Backward), read the output (and the inputs' gradients).
/// </summary>
internal sealed class BatchWorkload
{
    private readonly CompiledGraph _compiled;
    private readonly Value[] _inputs;
    private readonly int[] _slots;
    private readonly double[] _rows;
    private readonly double[] _outputs;
    private readonly double[] _gradients;

    private BatchWorkload(string name, Value output, Value[] inputs, double[] rows)
    {
        Name = name;
        _compiled = CompiledGraph.Compile(output);
        _inputs = inputs;
        _slots = inputs.Select(_compiled.LeafIndex).ToArray();
        _rows = rows;
        Points = rows.Length / inputs.Length;
        _outputs = new double[Points];
        _gradients = new double[rows.Length];
        Batch = _compiled.Batch(inputs);
    }

    public string Name { get; }

    public int Points { get; }

    public int Nodes => _compiled.NodeCount;

    public BatchedReplay Batch { get; private set; }

    /// <summary>(a) W1's network applied to one point, at the 100 moons points.</summary>
    public static BatchWorkload MlpPerSample()
    {
        var model = new Mlp(2, [16, 16, 1]);
        IReadOnlyList<Value> parameters = model.Parameters;
        double[] initial = MlpStepWorkload.InitialParameters.Value;
        for (int i = 0; i < parameters.Count; i++)
        {
            parameters[i].Data = initial[i];
        }

        Value[] x = [new Value(0, "x0"), new Value(0, "x1")];
        double[] rows = MlpStepWorkload.Moons.Value.X.SelectMany(point => point).ToArray();
        return new BatchWorkload("mlp-per-sample", model.Forward(x)[0], x, rows);
    }

    /// <summary>(b) A check formula at 200 points of [−2, 2]².</summary>
    public static BatchWorkload CheckFormula()
    {
        var x = new Value(0.5, "x");
        var y = new Value(0.5, "y");
        Value formula = ((1 + x.Pow(2)).Log() * (x * y).Sin()) + (-y).Exp();
        double[] rows = Enumerable.Range(0, 400).Select(i => 4 * Math.Sin(i * 12.9898) % 2).ToArray();
        return new BatchWorkload("check-formula", formula, [x, y], rows);
    }

    /// <summary>Runs the batch with another block width (the block is measured, see docs/performance.md).</summary>
    public void UseBlock(int blockPoints) => Batch = Batch.With(Batch.VectorLanes, blockPoints);

    /// <summary>Runs the batch with other vectors and blocks.</summary>
    public void UseShape(int vectorLanes, int blockPoints) => Batch = Batch.With(vectorLanes, blockPoints);

    /// <summary>The first <paramref name="points"/> points in one batched call, values and gradients.</summary>
    public double BatchedForwardBackwardOn(int points)
    {
        int width = _slots.Length;
        Batch.Evaluate(_rows.AsSpan(0, points * width), _outputs.AsSpan(0, points), _gradients.AsSpan(0, points * width));
        return _outputs[0];
    }

    /// <summary>The first <paramref name="points"/> points through the scalar replay, values and gradients.</summary>
    public double ScalarForwardBackwardOn(int points)
    {
        double sum = 0;
        Span<double> leaves = _compiled.LeafValues;
        int width = _slots.Length;
        for (int p = 0; p < points; p++)
        {
            for (int i = 0; i < width; i++)
            {
                leaves[_slots[i]] = _rows[(p * width) + i];
            }

            sum += _compiled.Forward();
            _compiled.Backward();
            for (int i = 0; i < width; i++)
            {
                _gradients[(p * width) + i] = _compiled.LeafGradients[_slots[i]];
            }
        }

        return sum;
    }

    /// <summary>Every point through the scalar replay: values only.</summary>
    public double ScalarForward()
    {
        double sum = 0;
        Span<double> leaves = _compiled.LeafValues;
        int width = _slots.Length;
        for (int p = 0; p < Points; p++)
        {
            for (int i = 0; i < width; i++)
            {
                leaves[_slots[i]] = _rows[(p * width) + i];
            }

            sum += _compiled.Forward();
        }

        return sum;
    }

    /// <summary>Every point through the scalar replay: values and the inputs' gradients.</summary>
    public double ScalarForwardBackward() => ScalarForwardBackwardOn(Points);

    /// <summary>Every point in one batched call: values only.</summary>
    public double BatchedForward()
    {
        Batch.Forward(_rows, _outputs);
        return _outputs[^1];
    }

    /// <summary>Every point in one batched call: values and the inputs' gradients.</summary>
    public double BatchedForwardBackward()
    {
        Batch.Evaluate(_rows, _outputs, _gradients);
        return _outputs[^1];
    }

    /// <summary>
    /// The check formula's library calls alone, at every point: the scalar kernels of pow, log, sin and
    /// exp (each also computes its derivative, with a second call for pow and sin), which the batch
    /// calls once per point and lane, as the scalar replay does: the floor of any bit-identical batch.
    /// </summary>
    public double FormulaLibraryCallsAlone()
    {
        double sum = 0;
        for (int p = 0; p < Points; p++)
        {
            double x = _rows[2 * p], y = _rows[(2 * p) + 1];
            double square = OpInfo.EvaluateUnaryRule<Value.PowRule>(x, 0, 2, out double d1, out _);
            sum += OpInfo.EvaluateUnaryRule<Value.LogRule>(1 + square, 0, 0, out double d2, out _)
                + OpInfo.EvaluateUnaryRule<Value.SinRule>(x * y, 0, 0, out double d3, out _)
                + OpInfo.EvaluateUnaryRule<Value.ExpRule>(-y, 0, 0, out double d4, out _)
                + d1 + d2 + d3 + d4;
        }

        return sum;
    }

    /// <summary>True when the batch gives every point's value and gradients as the scalar replay does, bit for bit.</summary>
    public bool BatchEqualsScalar()
    {
        var outputs = new double[Points];
        var gradients = new double[_rows.Length];
        Batch.Evaluate(_rows, outputs, gradients);
        Span<double> leaves = _compiled.LeafValues;
        int width = _slots.Length;
        for (int p = 0; p < Points; p++)
        {
            for (int i = 0; i < width; i++)
            {
                leaves[_slots[i]] = _rows[(p * width) + i];
            }

            double scalar = _compiled.Forward();
            _compiled.Backward();
            if (BitConverter.DoubleToInt64Bits(scalar) != BitConverter.DoubleToInt64Bits(outputs[p]))
            {
                return false;
            }

            for (int i = 0; i < width; i++)
            {
                if (BitConverter.DoubleToInt64Bits(_compiled.LeafGradients[_slots[i]]) != BitConverter.DoubleToInt64Bits(gradients[(p * width) + i]))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
