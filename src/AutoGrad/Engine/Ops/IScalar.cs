namespace AutoGrad;

/// <summary>
/// The arithmetic an op's local derivative is written in. Each derivative is written once, as a
/// generic method over this interface, and runs over <see cref="Real"/> (plain doubles, the fast
/// path of every backward pass and of the compiled replay) and over <see cref="Value"/> (the
/// derivative itself becomes a graph, so it can be differentiated again).
/// </summary>
/// <typeparam name="TSelf">The implementing type.</typeparam>
internal interface IScalar<TSelf>
    where TSelf : IScalar<TSelf>
{
    /// <summary>The number this scalar stands for; ops decide their branch at a kink from it.</summary>
    double Primal { get; }

    /// <summary>A constant (for a graph: a leaf that is not a parameter).</summary>
    static abstract TSelf Constant(double value);

    static abstract TSelf operator +(TSelf a, TSelf b);

    static abstract TSelf operator -(TSelf a, TSelf b);

    static abstract TSelf operator *(TSelf a, TSelf b);

    static abstract TSelf operator /(TSelf a, TSelf b);

    static abstract TSelf operator -(TSelf a);

    static abstract TSelf Exp(TSelf x);

    static abstract TSelf Log(TSelf x);

    static abstract TSelf Sin(TSelf x);

    static abstract TSelf Cos(TSelf x);

    static abstract TSelf Sigmoid(TSelf x);

    static abstract TSelf Pow(TSelf x, double exponent);

    static abstract TSelf Pow(TSelf x, TSelf exponent);
}
