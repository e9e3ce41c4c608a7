namespace AutoGrad;

/// <summary>
/// The declaration of an op with one input: its forward value and its local derivative, side by
/// side. Everything else (the node <see cref="Value"/> builds, backward, the compiled replay, the
/// diagram symbol, the op-coverage tests) is driven from it through <see cref="OpCatalog"/>.
/// </summary>
/// <remarks>Implemented by structs, so the JIT specialises every generic caller per op.</remarks>
internal interface IUnaryRule
{
    /// <summary>The op this rule declares.</summary>
    static abstract Op Op { get; }

    /// <summary>What a diagram shows for the op; "{0}" stands for the op's constant.</summary>
    static abstract string Symbol { get; }

    /// <summary>True when the op takes a constant (an exponent, a slope), kept on the node as <see cref="Value.Parameter"/>.</summary>
    static virtual bool HasConstant => false;

    /// <summary>
    /// Which side of the op's kink x is on (−1, 0 at the kink, +1), for ops whose derivative jumps
    /// (ReLU, |x|); 0 everywhere for smooth ops. Gradient checks skip points whose branch changes
    /// within a step.
    /// </summary>
    static virtual int Branch(double x, double constant) => 0;

    /// <summary>y = f(x); <paramref name="constant"/> is the op's constant, or 0.</summary>
    static abstract double Forward(double x, double constant);

    /// <summary>dy/dx, given the input x and the output y = f(x).</summary>
    static abstract T Derivative<T>(T x, T y, double constant)
        where T : IScalar<T>;

    /// <summary>
    /// The op written out for the compiled replay's generated code, in the rule's own order of
    /// operations (see <see cref="IReplayWriter"/>); null (the default): the generated code calls the
    /// interpreter's code for the op. Worth it only for the ops large graphs are made of.
    /// </summary>
    static virtual ReplayCode? Replay => null;
}
