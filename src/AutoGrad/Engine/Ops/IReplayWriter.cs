namespace AutoGrad;

/// <summary>
/// What a rule writes to have the compiled replay's generated code run its op written out, instead of
/// calling the interpreter for it: a small stack language over the node's inputs, which the code
/// generator (<c>CompiledGraph.GeneratedReplay.cs</c>) turns into IL. A rule that declares
/// <see cref="ReplayCode"/> writes its forward value and its chain rule in exactly the order of
/// operations of its own <c>Forward</c> and derivatives, beside them, so the generated replay stays the
/// dynamic graph bit for bit (the replay property tests compare them on random graphs).
/// </summary>
internal interface IReplayWriter
{
    /// <summary>How many inputs the node has (for an n-ary op, all of them: a dot product's a₀…aₙ₋₁ then b₀…bₙ₋₁).</summary>
    int InputCount { get; }

    /// <summary>Pushes the value of input <paramref name="index"/>.</summary>
    void Input(int index);

    /// <summary>Backward only: pushes g = ∂output/∂node, the gradient that arrived at the node.</summary>
    void Upstream();

    /// <summary>Pushes 0.</summary>
    void Zero();

    /// <summary>Pops b, then a; pushes a + b.</summary>
    void Add();

    /// <summary>Pops b, then a; pushes a · b.</summary>
    void Mul();

    /// <summary>Replaces the number on top by the canonical NaN if it is a NaN (as the n-ary kernels return it).</summary>
    void CanonicalNaN();

    /// <summary>
    /// Forward only: pops x and pushes the unary op's kernel at x (the one the dynamic graph runs, NaN
    /// policy and all), keeping its dy/dx for <see cref="StoredPartial"/>; for ops whose branch must be
    /// decided on every run.
    /// </summary>
    void UnaryKernel<TRule>()
        where TRule : struct, IUnaryRule;

    /// <summary>Backward only: pushes the dy/dx that <see cref="UnaryKernel{TRule}"/> kept in the forward pass.</summary>
    void StoredPartial();

    /// <summary>Backward only: the gradient of input <paramref name="index"/> += what <paramref name="contribution"/> pushes.</summary>
    void AddToGradient(int index, Action contribution);
}

/// <summary>
/// An op written out for the compiled replay's generated code (see <see cref="IReplayWriter"/>):
/// its forward value, and its chain rule, which adds ∂node/∂inputᵢ · g into each input's gradient in
/// the order backward adds them. Ops without one run through the interpreter's code for them.
/// </summary>
/// <param name="Forward">Leaves the node's value on the stack.</param>
/// <param name="Backward">Adds into the inputs' gradients; leaves nothing on the stack.</param>
internal sealed record ReplayCode(Action<IReplayWriter> Forward, Action<IReplayWriter> Backward);
