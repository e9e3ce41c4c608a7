namespace AutoGrad;

/// <summary>
/// The declaration of an op with two inputs, a and b: its forward value and both local
/// derivatives, side by side (see <see cref="IUnaryRule"/>).
/// </summary>
internal interface IBinaryRule
{
    /// <summary>The op this rule declares.</summary>
    static abstract Op Op { get; }

    /// <summary>What a diagram shows for the op.</summary>
    static abstract string Symbol { get; }

    /// <summary>
    /// What diagrams write on the edges into the op when the order of a and b matters (a − b, a ÷ b,
    /// base and exponent), so a reader can tell them apart; null when f(a, b) = f(b, a) and the
    /// edges need no names. Every rule must say which (no default), so a new op cannot be drawn ambiguously.
    /// </summary>
    static abstract (string A, string B)? OperandNames { get; }

    /// <summary>True when ∂y/∂a and ∂y/∂b are constants (they read neither input), as for a + b and a − b.</summary>
    static virtual bool ConstantSlopes => false;

    /// <summary>Which side of the op's kink (a, b) is on, for ops whose derivative jumps (max on a tie); 0 for smooth ops.</summary>
    static virtual int Branch(double a, double b) => 0;

    /// <summary>y = f(a, b).</summary>
    static abstract double Forward(double a, double b);

    /// <summary>∂y/∂a, given the inputs and the output y.</summary>
    static abstract T DerivativeA<T>(T a, T b, T y)
        where T : IScalar<T>;

    /// <summary>∂y/∂b, given the inputs and the output y.</summary>
    static abstract T DerivativeB<T>(T a, T b, T y)
        where T : IScalar<T>;

    /// <summary>
    /// The op written out for the compiled replay's generated code, in the rule's own order of
    /// operations (see <see cref="IReplayWriter"/>); null (the default): the generated code calls the
    /// interpreter's code for the op. Worth it only for the ops large graphs are made of.
    /// </summary>
    static virtual ReplayCode? Replay => null;
}
