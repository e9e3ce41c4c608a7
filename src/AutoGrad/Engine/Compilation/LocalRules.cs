namespace AutoGrad.Compilation;

/// <summary>
/// Dispatches an op to the rule <see cref="Value"/> itself uses, so a compiled graph computes the
/// same values and local derivatives as the dynamic one, bit for bit, and there is one rule per op.
/// </summary>
internal static class LocalRules
{
    /// <summary>The value of a unary or binary op at (a, b), and ∂/∂a, ∂/∂b.</summary>
    public static double Evaluate(Op op, double a, double b, double parameter, out double da, out double db)
    {
        db = 0;
        switch (op)
        {
            case Op.Add: return Value.AddRule(a, b, out da, out db);
            case Op.Sub: return Value.SubRule(a, b, out da, out db);
            case Op.Mul: return Value.MulRule(a, b, out da, out db);
            case Op.Div: return Value.DivRule(a, b, out da, out db);
            case Op.Neg: return Value.NegRule(a, out da);
            case Op.Pow: return Value.PowRule(a, parameter, out da);
            case Op.PowValue: return Value.PowValueRule(a, b, out da, out db);
            case Op.Exp: return Value.ExpRule(a, out da);
            case Op.Log: return Value.LogRule(a, out da);
            case Op.Sqrt: return Value.SqrtRule(a, out da);
            case Op.Tanh: return Value.TanhRule(a, out da);
            case Op.Sigmoid: return Value.SigmoidRule(a, out da);
            case Op.Relu: return Value.ReluRule(a, out da);
            case Op.LeakyRelu: return Value.LeakyReluRule(a, parameter, out da);
            case Op.Elu: return Value.EluRule(a, parameter, out da);
            case Op.Prelu: return Value.PreluRule(a, b, out da, out db);
            case Op.Softplus: return Value.SoftplusRule(a, out da);
            case Op.Abs: return Value.AbsRule(a, out da);
            case Op.Sin: return Value.SinRule(a, out da);
            case Op.Cos: return Value.CosRule(a, out da);
            case Op.Max: return Value.MaxRule(a, b, out da, out db);
            case Op.Min: return Value.MinRule(a, b, out da, out db);
            default: throw new InvalidOperationException($"Op {op} is not a unary or binary op.");
        }
    }
}
