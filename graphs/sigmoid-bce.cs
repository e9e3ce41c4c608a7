#!/usr/bin/env dotnet
#:project ../src/AutoGrad/AutoGrad.csproj

// Sigmoid outputs with binary cross-entropy, built from primitive ops:
//   sᵢ = Σⱼ xⱼ wⱼᵢ,  yᵢ = σ(sᵢ) = 1 / (1 + e^(−sᵢ)),  E = −Σᵢ [tᵢ ln yᵢ + (1 − tᵢ) ln(1 − yᵢ)].
// The chain rule collapses to ∂E/∂wⱼᵢ = (yᵢ − tᵢ)·xⱼ; the script prints both and they agree.
// Writes sigmoid-bce (the whole graph) and sigmoid-bce-output0 (the term of output 0, which fits a page).
// Run: dotnet run graphs/sigmoid-bce.cs [output folder]
using AutoGrad;
using AutoGrad.Graphs;

double[] x = [0.5, -1.0];
double[] t = [1, 0];
Value[,] w =
{
    { new(0.3, "w00"), new(-0.2, "w01") },
    { new(0.8, "w10"), new(0.4, "w11") },
};

var inputs = new[] { new Value(x[0], "x0"), new Value(x[1], "x1") };
var y = new Value[2];
var terms = new Value[2];
Value error = 0;
error.Label = "0";
for (int i = 0; i < 2; i++)
{
    Value s = inputs[0] * w[0, i] + inputs[1] * w[1, i];
    s.Label = $"s{i}";
    y[i] = 1 / (1 + (-s).Exp());
    y[i].Label = $"y{i}";
    terms[i] = t[i] * y[i].Log() + (1 - t[i]) * (1 - y[i]).Log();
    error -= terms[i];
}

error.Label = "E";
error.Backward();

Console.WriteLine($"E = {error.Data:F6}");
for (int j = 0; j < 2; j++)
{
    for (int i = 0; i < 2; i++)
    {
        Console.WriteLine($"dE/dw{j}{i} = {w[j, i].Grad,10:F6}   (y{i} - t{i})·x{j} = {(y[i].Data - t[i]) * x[j],10:F6}");
    }
}

string folder = args.Length > 0 ? args[0] : AppContext.GetData("EntryPointFileDirectoryPath") as string ?? "graphs";
var options = new DotOptions { Direction = RankDirection.TopToBottom, OpNodes = OpNodeStyle.Folded };
Diagram.Save(error, Path.Combine(folder, "sigmoid-bce"), options, Console.Out);

// The whole picture is wider than a Markdown column; the term of output 0 alone fits it. Its
// gradients are still those of E (the term's is −1, as E subtracts it).
Diagram.Save(terms[0], Path.Combine(folder, "sigmoid-bce-output0"), options, Console.Out);
