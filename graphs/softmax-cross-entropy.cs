#!/usr/bin/env dotnet
#:project ../src/AutoGrad/AutoGrad.csproj

// Three classes: p = softmax(z), computed stably as exp(zᵢ − max z) / Σⱼ exp(zⱼ − max z), and the
// cross-entropy loss L = −ln p_t for the true class t. Its gradient is ∂L/∂zᵢ = pᵢ − [i = t].
// Run: dotnet run graphs/softmax-cross-entropy.cs [output folder]
using AutoGrad;
using AutoGrad.Graphs;
using AutoGrad.Nn;

Value[] z = [new(2.0, "z0"), new(1.0, "z1"), new(0.1, "z2")];
const int Target = 1;

Value[] p = Functions.Softmax(z);
for (int i = 0; i < p.Length; i++)
{
    p[i].Label = $"p{i}";
}

Value loss = -p[Target].Log();
loss.Label = "L";
loss.Backward();

Console.WriteLine($"L = {loss.Data:F6}, predicted class {Functions.Argmax(z)} (argmax), true class {Target}");
double[] oneHot = Functions.OneHot(Target, 3);
for (int i = 0; i < z.Length; i++)
{
    Console.WriteLine($"p{i} = {p[i].Data:F6}   dL/dz{i} = {z[i].Grad,10:F6}   p{i} - onehot{i} = {p[i].Data - oneHot[i],10:F6}");
}

string folder = args.Length > 0 ? args[0] : AppContext.GetData("EntryPointFileDirectoryPath") as string ?? "graphs";
Diagram.Save(loss, Path.Combine(folder, "softmax-cross-entropy"), new DotOptions { Direction = RankDirection.TopToBottom }, Console.Out);
