namespace AutoGrad.Nn;

/// <summary>Functions over vectors of values: softmax and friends, one-hot, argmax, maxout.</summary>
public static class Functions
{
    /// <summary>log Σ exp(zᵢ), stable for any logits; a single node (see <see cref="Value.LogSumExp"/>). Its gradient is softmax(z).</summary>
    /// <param name="logits">At least one value, none null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="logits"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="logits"/> is empty or holds null (the message gives the index).</exception>
    public static Value LogSumExp(IReadOnlyList<Value> logits)
    {
        Checks.ThrowIfNullOrEmpty(logits, nameof(logits));
        return Value.LogSumExp(logits);
    }

    /// <summary>
    /// softmax(z)ᵢ = exp(zᵢ − m) / Σⱼ exp(zⱼ − m) with m = max z, PyTorch's formula: every exponent is
    /// ≤ 0, so nothing overflows. m is a node of the graph (a chain of <see cref="Value.Max"/>), so a
    /// compiled replay finds the max afresh; its gradient contributions cancel. The outputs sum to 1.
    /// </summary>
    /// <param name="logits">At least one value, none null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="logits"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="logits"/> is empty or holds null (the message gives the index).</exception>
    public static Value[] Softmax(IReadOnlyList<Value> logits)
    {
        Checks.ThrowIfNullOrEmpty(logits, nameof(logits));
        Value max = Maxout(logits);
        Value[] exponentials = logits.Select(z => (z - max).Exp()).ToArray();
        Value total = Value.Sum(exponentials);
        return exponentials.Select(e => e / total).ToArray();
    }

    /// <summary>log softmax(z)ᵢ = zᵢ − LogSumExp(z): finite even where softmax underflows to 0.</summary>
    /// <param name="logits">At least one value, none null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="logits"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="logits"/> is empty or holds null (the message gives the index).</exception>
    public static Value[] LogSoftmax(IReadOnlyList<Value> logits)
    {
        Checks.ThrowIfNullOrEmpty(logits, nameof(logits));
        Value logSumExp = LogSumExp(logits);
        return logits.Select(z => z - logSumExp).ToArray();
    }

    /// <summary>A vector of <paramref name="count"/> zeros with a 1 at <paramref name="index"/>.</summary>
    /// <param name="index">From 0 to count − 1.</param>
    /// <param name="count">The vector's length; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside the vector.</exception>
    public static double[] OneHot(int index, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Limits.ThrowIfTooLarge(count, "A one-hot vector", nameof(count));
        if ((uint)index >= (uint)count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Expected a class index from 0 to {count - 1}.");
        }

        var vector = new double[count];
        vector[index] = 1;
        return vector;
    }

    /// <summary>
    /// The index of the largest value (the first, on a tie): the predicted class at inference. A NaN
    /// counts as larger than any number, as in NumPy and PyTorch, so the first NaN wins and a broken
    /// model never looks like a confident one.
    /// </summary>
    /// <param name="values">At least one value, none null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty or holds null (the message gives the index).</exception>
    public static int Argmax(IReadOnlyList<Value> values)
    {
        Checks.ThrowIfNullOrEmpty(values, nameof(values));
        int best = 0;
        for (int i = 0; i < values.Count; i++)
        {
            if (double.IsNaN(values[i].Data))
            {
                return i;
            }

            if (values[i].Data > values[best].Data)
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>
    /// Maxout: the largest of k linear pieces, max(z₁, …, zₖ). The gradient flows to the largest piece
    /// alone (the first, on a tie).
    /// </summary>
    /// <param name="pieces">At least one value, none null; usually k affine functions of the same inputs.</param>
    /// <exception cref="ArgumentNullException"><paramref name="pieces"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="pieces"/> is empty or holds null (the message gives the index).</exception>
    public static Value Maxout(IReadOnlyList<Value> pieces)
    {
        Checks.ThrowIfNullOrEmpty(pieces, nameof(pieces));
        Value max = pieces[0];
        for (int i = 1; i < pieces.Count; i++)
        {
            max = Value.Max(max, pieces[i]);
        }

        return max;
    }
}
