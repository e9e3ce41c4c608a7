namespace AutoGrad;

/// <summary>
/// Derivatives beyond the gradient: Hessians, Hessian-vector products, Jacobians, and forward-mode
/// Jacobian-vector products. All are built on <see cref="Value.Gradients"/> and <see cref="Dual"/>,
/// so every op's derivative comes from its one declaration.
/// </summary>
/// <example>
/// <code>
/// // Rosenbrock: f(x, y) = (1 − x)² + 100(y − x²)²
/// double[,] h = Derivatives.Hessian(v => (1 - v[0]).Pow(2) + 100 * (v[1] - v[0].Pow(2)).Pow(2), [1.0, 1.0]);
/// // h = [[802, −400], [−400, 200]]
/// </code>
/// </example>
public static class Derivatives
{
    /// <summary>
    /// The Hessian ∂²f/∂xᵢ∂xⱼ of a scalar function at <paramref name="point"/>: the gradient as a graph,
    /// then one backward pass per row. Symmetric for functions with continuous second derivatives.
    /// </summary>
    /// <param name="function">Builds f from fresh leaves, one per coordinate.</param>
    /// <param name="point">Where to evaluate; finite coordinates.</param>
    /// <returns>An n × n array.</returns>
    /// <exception cref="ArgumentNullException">An argument is null, or the function returned null.</exception>
    /// <exception cref="ArgumentException">A coordinate is not finite.</exception>
    public static double[,] Hessian(Func<IReadOnlyList<Value>, Value> function, IReadOnlyList<double> point)
    {
        Value[] x = LeavesAt(point, nameof(point));
        Value[] gradient = Value.Gradients(Evaluate(function, x), x, createGraph: true);
        int n = x.Length;
        var hessian = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            Value[] row = Value.Gradients(gradient[i], x);
            for (int j = 0; j < n; j++)
            {
                hessian[i, j] = row[j].Data;
            }
        }

        return hessian;
    }

    /// <summary>
    /// H·v, the Hessian of f at <paramref name="point"/> times <paramref name="vector"/>, without forming
    /// H: the gradient of ∇f · v, two reverse passes whatever n is.
    /// </summary>
    /// <param name="function">Builds f from fresh leaves, one per coordinate.</param>
    /// <param name="point">Where to evaluate; finite coordinates.</param>
    /// <param name="vector">The vector v, as long as the point.</param>
    /// <returns>H·v.</returns>
    /// <exception cref="ArgumentNullException">An argument is null, or the function returned null.</exception>
    /// <exception cref="ArgumentException">A coordinate is not finite, or the vector's length differs from the point's.</exception>
    public static double[] HessianVectorProduct(Func<IReadOnlyList<Value>, Value> function, IReadOnlyList<double> point, IReadOnlyList<double> vector)
    {
        Value[] x = LeavesAt(point, nameof(point));
        ArgumentNullException.ThrowIfNull(vector);
        if (vector.Count != x.Length)
        {
            throw new ArgumentException($"The vector has {vector.Count} coordinates but the point has {x.Length}; expected the same number.", nameof(vector));
        }

        Value[] gradient = Value.Gradients(Evaluate(function, x), x, createGraph: true);
        Value directional = Value.Dot(gradient, vector.Select(v => new Value(v)).ToArray());
        return Value.Gradients(directional, x).Select(g => g.Data).ToArray();
    }

    /// <summary>
    /// The Jacobian ∂fᵢ/∂xⱼ of a vector-valued function at <paramref name="point"/>: one reverse pass per output.
    /// </summary>
    /// <param name="function">Builds the outputs f₀…fₘ₋₁ from fresh leaves, one per coordinate.</param>
    /// <param name="point">Where to evaluate; finite coordinates.</param>
    /// <returns>An m × n array.</returns>
    /// <exception cref="ArgumentNullException">An argument is null, or the function returned null or a null output.</exception>
    /// <exception cref="ArgumentException">A coordinate is not finite.</exception>
    public static double[,] Jacobian(Func<IReadOnlyList<Value>, IReadOnlyList<Value>> function, IReadOnlyList<double> point)
    {
        ArgumentNullException.ThrowIfNull(function);
        Value[] x = LeavesAt(point, nameof(point));
        IReadOnlyList<Value> outputs = function(x) ?? throw new ArgumentNullException(nameof(function), "The function returned null; expected its outputs.");
        var jacobian = new double[outputs.Count, x.Length];
        for (int i = 0; i < outputs.Count; i++)
        {
            Value output = outputs[i] ?? throw new ArgumentNullException(nameof(function), $"Output {i} of the function is null.");
            Value[] row = Value.Gradients(output, x);
            for (int j = 0; j < x.Length; j++)
            {
                jacobian[i, j] = row[j].Data;
            }
        }

        return jacobian;
    }

    /// <summary>
    /// Forward mode on a recorded graph: the directional derivative of <paramref name="output"/> when
    /// each of <paramref name="inputs"/> moves at the speed given in <paramref name="tangents"/>
    /// (a Jacobian-vector product), in one forward sweep with <see cref="Dual"/> numbers.
    /// </summary>
    /// <param name="output">The value to differentiate.</param>
    /// <param name="inputs">Leaves or intermediate nodes of its graph; others hold still.</param>
    /// <param name="tangents">One tangent per input.</param>
    /// <returns>The output as a dual number: its value and its directional derivative.</returns>
    /// <exception cref="ArgumentNullException">An argument or an input is null.</exception>
    /// <exception cref="ArgumentException">The counts differ.</exception>
    /// <exception cref="NotSupportedException">The graph holds a custom op given as numbers (known at one point only).</exception>
    public static Dual Jvp(Value output, IReadOnlyList<Value> inputs, IReadOnlyList<double> tangents)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(tangents);
        if (inputs.Count != tangents.Count)
        {
            throw new ArgumentException($"There are {inputs.Count} inputs but {tangents.Count} tangents; expected one tangent per input.", nameof(tangents));
        }

        var seeded = new Dictionary<Value, double>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < inputs.Count; i++)
        {
            Value input = inputs[i] ?? throw new ArgumentNullException(nameof(inputs), $"Input {i} is null.");
            seeded[input] = seeded.GetValueOrDefault(input) + tangents[i];
        }

        var dual = new Dictionary<Value, Dual>(ReferenceEqualityComparer.Instance);
        foreach (Value node in output.TopologicalOrder())
        {
            Dual result;
            if (seeded.TryGetValue(node, out double tangent))
            {
                result = new Dual(node.Data, tangent); // moves as given, whatever it was computed from
            }
            else if (node.IsLeaf)
            {
                result = new Dual(node.Data);
            }
            else if (node.Op == Op.Custom && node.CustomRule is { } rule)
            {
                // A custom op given as functions: its tangent from its own derivative, as for built-in ops.
                Dual[] args = node.Inputs.Select(input => dual[input]).ToArray();
                double[] x = args.Select(a => a.Primal).ToArray();
                double y = rule.Forward(x);
                double speed = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    speed += rule.Derivative(x, y, i) * args[i].Tangent;
                }

                result = new Dual(y, speed);
            }
            else if (node.Op == Op.Custom)
            {
                throw new NotSupportedException($"The graph holds the custom op '{node.CustomName}', which recorded its derivative at one point only and cannot be evaluated in forward mode; make it with Value.Custom(name, inputs, forward, derivative).");
            }
            else
            {
                Dual[] args = node.Inputs.Select(input => dual[input]).ToArray();
                result = Dual.Apply(node.Op, args, node.Parameter ?? 0);
            }

            dual[node] = result;
        }

        return dual[output];
    }

    /// <summary>One labelled leaf (x0, x1, …) per coordinate of a point, refusing a coordinate that is not finite.</summary>
    internal static Value[] LeavesAt(IReadOnlyList<double> point, string name)
    {
        ArgumentNullException.ThrowIfNull(point, name);
        var leaves = new Value[point.Count];
        for (int i = 0; i < leaves.Length; i++)
        {
            if (!double.IsFinite(point[i]))
            {
                throw new ArgumentException($"Coordinate {i} of the point is {point[i]}; expected a finite number.", name);
            }

            leaves[i] = new Value(point[i], $"x{i}");
        }

        return leaves;
    }

    private static Value Evaluate(Func<IReadOnlyList<Value>, Value> function, Value[] x)
    {
        ArgumentNullException.ThrowIfNull(function);
        return function(x) ?? throw new ArgumentNullException(nameof(function), "The function returned null; expected its output.");
    }
}
