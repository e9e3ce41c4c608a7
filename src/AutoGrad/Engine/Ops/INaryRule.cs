namespace AutoGrad;

/// <summary>
/// The declaration of an op over any number of inputs x₀…xₙ₋₁, drawn as one node: its forward value
/// and the local derivative ∂y/∂xᵢ, side by side (see <see cref="IUnaryRule"/>).
/// </summary>
internal interface INaryRule
{
    /// <summary>The op this rule declares.</summary>
    static abstract Op Op { get; }

    /// <summary>What a diagram shows for the op.</summary>
    static abstract string Symbol { get; }

    /// <summary>True when every ∂y/∂xᵢ is 1: nothing is stored per input, and backward passes the gradient on unchanged.</summary>
    static virtual bool UnitPartials => false;

    /// <summary>y = f(x₀, …, xₙ₋₁).</summary>
    static abstract double Forward(ReadOnlySpan<double> x);

    /// <summary>Every ∂y/∂xᵢ into <paramref name="partials"/>, given all inputs and the output y (all at once, so work shared between them is done once).</summary>
    static abstract void Partials<T>(ReadOnlySpan<T> x, T y, Span<T> partials)
        where T : IScalar<T>;
}
