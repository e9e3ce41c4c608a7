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

        return Checked(new(Op.Custom, data, inputArray, partials, name));
    }
}
