namespace AutoGrad;

/// <summary>
/// The declaration of an op over any number of inputs x₀…xₙ₋₁, drawn as one node: its forward value
/// and the local derivatives ∂y/∂xᵢ, side by side (see <see cref="IUnaryRule"/>). Inputs are read
/// through <see cref="IInputs{T}"/> and derivatives handed to an <see cref="IPartialSink{T}"/>, so
/// the same rule runs on a node's own inputs, on a compiled graph's arrays without copying, and on
/// graph nodes (derivatives of derivatives).
/// </summary>
internal interface INaryRule
{
    /// <summary>The op this rule declares.</summary>
    static abstract Op Op { get; }

    /// <summary>What a diagram shows for the op.</summary>
    static abstract string Symbol { get; }

    /// <summary>
    /// What diagrams write on the edge of input <paramref name="index"/> of <paramref name="count"/>
    /// when the order of the inputs matters (which aᵢ pairs with which bᵢ in a dot product); null when
    /// the inputs can be reordered freely (Σ). Every rule must say which (no default).
    /// </summary>
    static abstract string? OperandName(int index, int count);

    /// <summary>True when every ∂y/∂xᵢ is 1: a node stores none, and backward passes the gradient on unchanged.</summary>
    static virtual bool UnitPartials => false;

    /// <summary>y = f(x₀, …, xₙ₋₁).</summary>
    static abstract double Forward<TInputs>(TInputs x)
        where TInputs : IInputs<double>, allows ref struct;

    /// <summary>
    /// Hands every ∂y/∂xᵢ to <paramref name="partials"/>, in input order (i = 0, 1, …: backward adds
    /// them in that order, and the compiled replay must add in the same order to match bit for bit).
    /// </summary>
    static abstract void Partials<T, TInputs, TSink>(TInputs x, T y, ref TSink partials)
        where T : IScalar<T>
        where TInputs : IInputs<T>, allows ref struct
        where TSink : IPartialSink<T>, allows ref struct;

    /// <summary>
    /// The op written out for the compiled replay's generated code, in the rule's own order of
    /// operations (see <see cref="IReplayWriter"/>); null (the default): the generated code calls the
    /// interpreter's code for the op. Worth it only for the ops large graphs are made of.
    /// </summary>
    static virtual ReplayCode? Replay => null;
}
