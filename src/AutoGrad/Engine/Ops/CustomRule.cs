namespace AutoGrad;

/// <summary>
/// A user's op given as functions of its input values (see <see cref="Value.Custom(string, IReadOnlyList{Value}, Func{ReadOnlySpan{double}, double}, Func{ReadOnlySpan{double}, int, double})"/>),
/// so it can be evaluated anywhere: by the compiled replay, and by gradient checks looking for the op
/// whose derivative is wrong.
/// </summary>
internal sealed class CustomRule(Func<ReadOnlySpan<double>, double> forward, Func<ReadOnlySpan<double>, int, double> derivative)
{
    /// <summary>y = f(x) with the NaN policy of built-in ops: a NaN input gives NaN.</summary>
    public double Forward(ReadOnlySpan<double> x)
    {
        foreach (double xi in x)
        {
            if (double.IsNaN(xi))
            {
                return double.NaN;
            }
        }

        double y = forward(x);
        return double.IsNaN(y) ? double.NaN : y;
    }

    /// <summary>∂y/∂xᵢ; NaN when y is.</summary>
    public double Derivative(ReadOnlySpan<double> x, double y, int i) => double.IsNaN(y) ? double.NaN : derivative(x, i);
}
