namespace AutoGrad;

// User-defined operations: extend the engine without forking it.
public sealed partial class Value
{
    /// <summary>
    /// Adds a node for an operation AutoGrad does not have: you compute its value and its local
    /// partial derivatives ∂out/∂inputᵢ, and <see cref="Backward"/> applies the chain rule through it
    /// like any built-in op. As for built-in ops, a NaN input or a NaN <paramref name="data"/> makes the
    /// node's value and every local derivative NaN.
    /// </summary>
    /// <param name="name">The op's name, shown in diagrams (for example "softsign").</param>
    /// <param name="data">The op's value at the inputs' current data.</param>
    /// <param name="inputs">The values the op reads, in order.</param>
    /// <param name="localGradients">∂out/∂inputᵢ for each input, at the same point; as many as <paramref name="inputs"/>.</param>
    /// <returns>A node with <see cref="Op"/> = <see cref="Op.Custom"/> and <see cref="CustomName"/> = <paramref name="name"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument or an input is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space, or the two lists differ in length.</exception>
    /// <example>
    /// <code>
    /// // softsign(x) = x / (1 + |x|), with d/dx = 1 / (1 + |x|)²
    /// double d = 1 + Math.Abs(x.Data);
    /// Value y = Value.Custom("softsign", x.Data / d, [x], [1 / (d * d)]);
    /// </code>
    /// </example>
    public static Value Custom(string name, double data, IReadOnlyList<Value> inputs, IReadOnlyList<double> localGradients)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(localGradients);
        if (inputs.Count != localGradients.Count)
        {
            throw new ArgumentException(
                $"Custom op '{name}' has {inputs.Count} input(s) but {localGradients.Count} local gradient(s); expected one gradient per input.",
                nameof(localGradients));
        }

        var inputArray = new Value[inputs.Count];
        for (int i = 0; i < inputArray.Length; i++)
        {
            inputArray[i] = inputs[i] ?? throw NullItem(nameof(inputs), i);
        }

        double[] partials = localGradients.ToArray();
        if (double.IsNaN(data) || inputArray.Any(input => double.IsNaN(input.Data)))
        {
            // NaN is never silent, in users' ops too: NaN in, NaN value and NaN derivatives out.
            data = double.NaN;
            Array.Fill(partials, double.NaN);
        }

        return WatchedForAnomalies(new(Op.Custom, data, inputArray, new CustomOpData(name, partials, rule: null)));
    }

    /// <summary>
    /// Adds a node for an operation of your own, given as functions of its input values: its forward
    /// value and its local derivative ∂out/∂inputᵢ. Unlike the form that takes numbers, this op can be
    /// evaluated again anywhere — so <see cref="Compilation.CompiledGraph"/> replays it, and
    /// <see cref="Checking.GradCheck"/> checks its derivative on its own and names it when it is wrong.
    /// </summary>
    /// <param name="name">The op's name, shown in diagrams and gradient-check reports (for example "softsign").</param>
    /// <param name="inputs">The values the op reads, in order.</param>
    /// <param name="forward">y = f(x₀, …, xₙ₋₁), from the input values.</param>
    /// <param name="derivative">∂y/∂xᵢ, from the input values and i.</param>
    /// <returns>A node with <see cref="Op"/> = <see cref="Op.Custom"/> and <see cref="CustomName"/> = <paramref name="name"/>.
    /// As for built-in ops, a NaN input gives a NaN value and NaN derivatives.</returns>
    /// <exception cref="ArgumentNullException">An argument or an input is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    /// <example>
    /// <code>
    /// // softsign(x) = x / (1 + |x|), with d/dx = 1 / (1 + |x|)²
    /// Value y = Value.Custom("softsign", [x],
    ///     v => v[0] / (1 + Math.Abs(v[0])),
    ///     (v, i) => 1 / Math.Pow(1 + Math.Abs(v[0]), 2));
    /// </code>
    /// </example>
    public static Value Custom(string name, IReadOnlyList<Value> inputs, Func<ReadOnlySpan<double>, double> forward, Func<ReadOnlySpan<double>, int, double> derivative)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentNullException.ThrowIfNull(derivative);
        var inputArray = new Value[inputs.Count];
        var data = new double[inputs.Count];
        for (int i = 0; i < inputArray.Length; i++)
        {
            inputArray[i] = inputs[i] ?? throw NullItem(nameof(inputs), i);
            data[i] = inputArray[i].Data;
        }

        var rule = new CustomRule(forward, derivative);
        double y = rule.Forward(data);
        var partials = new double[data.Length];
        for (int i = 0; i < partials.Length; i++)
        {
            partials[i] = rule.Derivative(data, y, i);
        }

        return WatchedForAnomalies(new(Op.Custom, y, inputArray, new CustomOpData(name, partials, rule)));
    }
}
