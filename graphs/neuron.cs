#!/usr/bin/env dotnet
#:project ../src/AutoGrad/AutoGrad.csproj

// One neuron, o = tanh(x1·w1 + x2·w2 + b), with micrograd's numbers (b makes n = 0.8814, so o = 1/√2).
// Backward: ∂o/∂n = 1 − o² = 0.5, then each product passes it on scaled by the other factor.
// Run: dotnet run graphs/neuron.cs [output folder]
using AutoGrad;
using AutoGrad.Graphs;

var x1 = new Value(2.0, "x1");
var x2 = new Value(0.0, "x2");
var w1 = new Value(-3.0, "w1");
var w2 = new Value(1.0, "w2");
var b = new Value(6.8813735870195432, "b");

Value x1w1 = x1 * w1;
x1w1.Label = "x1·w1";
Value x2w2 = x2 * w2;
x2w2.Label = "x2·w2";
Value n = x1w1 + x2w2 + b;
n.Label = "n";
Value o = n.Tanh();
o.Label = "o";

o.Backward();

foreach (Value v in new[] { x1, x2, w1, w2, b, n, o })
{
    Console.WriteLine(v);
}

string folder = args.Length > 0 ? args[0] : AppContext.GetData("EntryPointFileDirectoryPath") as string ?? "graphs";
Diagram.Save(o, Path.Combine(folder, "neuron"), new DotOptions { Direction = RankDirection.TopToBottom }, Console.Out);
