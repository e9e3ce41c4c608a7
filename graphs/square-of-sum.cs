#!/usr/bin/env dotnet
#:project ../src/AutoGrad/AutoGrad.csproj

// z = (x + y)²: the chain rule gives ∂z/∂x = ∂z/∂s · ∂s/∂x = 2s · 1 = 2(x + y), and the same for y.
// Run: dotnet run graphs/square-of-sum.cs [output folder]
using AutoGrad;
using AutoGrad.Graphs;

var x = new Value(2.0, "x");
var y = new Value(3.0, "y");
Value s = x + y;
s.Label = "s";
Value z = s.Pow(2);
z.Label = "z";

z.Backward();

foreach (Value node in new[] { x, y, s, z })
{
    Console.WriteLine(node);
}

Console.WriteLine($"2(x + y) = {2 * (x.Data + y.Data)}");

string folder = args.Length > 0 ? args[0] : AppContext.GetData("EntryPointFileDirectoryPath") as string ?? "graphs";
Diagram.Save(z, Path.Combine(folder, "square-of-sum"), log: Console.Out);
