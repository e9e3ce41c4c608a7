namespace AutoGrad;

/// <summary>
/// A double seen through <see cref="IScalar{TSelf}"/>. A struct of one double, so a derivative
/// written generically compiles to the same machine code as one written on doubles.
/// </summary>
internal readonly struct Real(double value) : IScalar<Real>
{
    public double Number { get; } = value;

    public double Primal => Number;

    public static Real Constant(double value) => new(value);

    public static Real operator +(Real a, Real b) => new(a.Number + b.Number);

    public static Real operator -(Real a, Real b) => new(a.Number - b.Number);

    public static Real operator *(Real a, Real b) => new(a.Number * b.Number);

    public static Real operator /(Real a, Real b) => new(a.Number / b.Number);

    public static Real operator -(Real a) => new(-a.Number);

    public static Real Exp(Real x) => new(Elementary.Exp(x.Number));

    public static Real Log(Real x) => new(Elementary.Log(x.Number));

    public static Real Sin(Real x) => new(Elementary.Sin(x.Number));

    public static Real Cos(Real x) => new(Elementary.Cos(x.Number));

    public static Real Sigmoid(Real x) => new(Value.SigmoidRule.Forward(x.Number, 0));

    public static Real Pow(Real x, double exponent) => new(Elementary.Pow(x.Number, exponent));

    public static Real Pow(Real x, Real exponent) => new(Math.Pow(x.Number, exponent.Number));
}
