namespace AutoGrad;

// Value as an IScalar: an op's derivative rule, written once over IScalar, builds graph nodes when
// it runs on Values, so derivatives can themselves be differentiated.
public sealed partial class Value : IScalar<Value>
{
    double IScalar<Value>.Primal => Data;

    static Value IScalar<Value>.Constant(double value) => Constant(value);

    static Value IScalar<Value>.Exp(Value x) => x.Exp();

    static Value IScalar<Value>.Log(Value x) => x.Log();

    static Value IScalar<Value>.Sin(Value x) => x.Sin();

    static Value IScalar<Value>.Cos(Value x) => x.Cos();

    static Value IScalar<Value>.Sigmoid(Value x) => x.Sigmoid();

    static Value IScalar<Value>.Pow(Value x, double exponent) => x.Pow(exponent);

    static Value IScalar<Value>.Pow(Value x, Value exponent) => x.Pow(exponent);
}
