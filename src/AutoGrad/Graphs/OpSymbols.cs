using System.Globalization;

namespace AutoGrad.Graphs;

/// <summary>The short text a diagram shows for each operation.</summary>
internal static class OpSymbols
{
    public static string For(Value node) => node.Op switch
    {
        Op.Leaf => "",
        Op.Add => "+",
        Op.Sub => "−",
        Op.Mul => "×",
        Op.Div => "÷",
        Op.Neg => "neg",
        Op.Pow => "^" + Number(node.Parameter!.Value),
        Op.PowValue => "pow",
        Op.Exp => "exp",
        Op.Log => "log",
        Op.Sqrt => "√",
        Op.Tanh => "tanh",
        Op.Sigmoid => "σ",
        Op.Relu => "ReLU",
        Op.LeakyRelu => $"LeakyReLU({Number(node.Parameter!.Value)})",
        Op.Elu => $"ELU({Number(node.Parameter!.Value)})",
        Op.Prelu => "PReLU",
        Op.Softplus => "softplus",
        Op.Abs => "abs",
        Op.Sin => "sin",
        Op.Cos => "cos",
        Op.Max => "max",
        Op.Min => "min",
        Op.Sum => "Σ",
        Op.Dot => "dot",
        Op.LogSumExp => "logΣexp",
        Op.Custom => node.CustomName ?? "custom",
        _ => node.Op.ToString(),
    };

    private static string Number(double x) => x.ToString("G", CultureInfo.InvariantCulture);
}
