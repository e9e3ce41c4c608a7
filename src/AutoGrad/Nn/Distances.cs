namespace AutoGrad.Nn;

/// <summary>Distances between two vectors of values, differentiable in both.</summary>
public static class Distances
{
    /// <summary>Manhattan distance, Σ |aᵢ − bᵢ|.</summary>
    /// <param name="a">The first vector, none of its items null.</param>
    /// <param name="b">The second vector, as long as the first, none of its items null.</param>
    /// <exception cref="ArgumentNullException">A vector is null.</exception>
    /// <exception cref="ArgumentException">The vectors differ in length (the message gives both), or an item is null (the message gives the vector and the index).</exception>
    public static Value L1(IReadOnlyList<Value> a, IReadOnlyList<Value> b) =>
        Value.Sum(Differences(a, b).Select(d => d.Abs()));

    /// <summary>Euclidean distance, √Σ (aᵢ − bᵢ)². Its gradient is undefined (NaN) where a = b.</summary>
    /// <param name="a">The first vector, none of its items null.</param>
    /// <param name="b">The second vector, as long as the first, none of its items null.</param>
    /// <exception cref="ArgumentNullException">A vector is null.</exception>
    /// <exception cref="ArgumentException">The vectors differ in length (the message gives both), or an item is null (the message gives the vector and the index).</exception>
    public static Value L2(IReadOnlyList<Value> a, IReadOnlyList<Value> b) =>
        Value.Sum(Differences(a, b).Select(d => d * d)).Sqrt();

    /// <summary>
    /// Minkowski distance, (Σ |aᵢ − bᵢ|ᵖ)^(1/p): L1 for p = 1, L2 for p = 2, and for p = +∞ its limit,
    /// the Chebyshev (max-norm) distance maxᵢ |aᵢ − bᵢ|, whose gradient flows to the largest difference
    /// alone (the first, on a tie). Two empty vectors are at distance 0.
    /// </summary>
    /// <param name="a">The first vector, none of its items null.</param>
    /// <param name="b">The second vector, as long as the first, none of its items null.</param>
    /// <param name="p">The order: at least 1, or +∞ for the max-norm.</param>
    /// <exception cref="ArgumentNullException">A vector is null.</exception>
    /// <exception cref="ArgumentException">The vectors differ in length (the message gives both), or an item is null (the message gives the vector and the index).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is less than 1 (then it is not a distance) or NaN.</exception>
    public static Value Minkowski(IReadOnlyList<Value> a, IReadOnlyList<Value> b, double p)
    {
        if (!(p >= 1))
        {
            throw Checks.OutOfRange(p, "a Minkowski order of at least 1, or +Infinity for the max-norm", nameof(p));
        }

        Value[] magnitudes = Differences(a, b).Select(d => d.Abs()).ToArray();
        if (double.IsPositiveInfinity(p))
        {
            // (Σ dᵢ^p)^(1/p) would overflow to ∞^0 = 1; its limit is the largest dᵢ.
            return magnitudes.Length == 0 ? Value.Sum(magnitudes) : Functions.Maxout(magnitudes);
        }

        return Value.Sum(magnitudes.Select(d => d.Pow(p))).Pow(1 / p);
    }

    /// <summary>
    /// A similarity from a distance, 1 / (1 + d): 1 for the same point, near 1 for close points and
    /// near 0 for far ones (the notes: "close points give a value near 1, far points a value near 0").
    /// ∂/∂d = −1 / (1 + d)².
    /// </summary>
    /// <param name="distance">A distance, as <see cref="L1"/>, <see cref="L2"/> or <see cref="Minkowski"/> give; not null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="distance"/> is null.</exception>
    public static Value Similarity(Value distance)
    {
        ArgumentNullException.ThrowIfNull(distance);
        return 1 / (1 + distance);
    }

    private static IEnumerable<Value> Differences(IReadOnlyList<Value> a, IReadOnlyList<Value> b)
    {
        Checks.ThrowIfNotAPair(a, b, nameof(a), nameof(b));
        return a.Select((ai, i) => ai - b[i]);
    }
}
