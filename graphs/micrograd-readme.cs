#!/usr/bin/env dotnet
#:project ../src/AutoGrad/AutoGrad.csproj

// The expression from micrograd's README, line for line: g = 24.7041, dg/da = 138.8338, dg/db = 645.5773.
// Run: dotnet run graphs/micrograd-readme.cs [output folder]
using AutoGrad;
using AutoGrad.Graphs;

var a = new Value(-4.0, "a");
var b = new Value(2.0, "b");
Value c = a + b;
Value d = a * b + b.Pow(3);
c += c + 1;
c += 1 + c + (-a);
d += d * 2 + (b + a).Relu();
d += 3 * d + (b - a).Relu();
Value e = c - d;
Value f = e.Pow(2);
Value g = f / 2.0;
g += 10.0 / f;
g.Label = "g";

g.Backward();

Console.WriteLine($"g = {g.Data:F4}");      // 24.7041
Console.WriteLine($"dg/da = {a.Grad:F4}");  // 138.8338
Console.WriteLine($"dg/db = {b.Grad:F4}");  // 645.5773

string folder = args.Length > 0 ? args[0] : AppContext.GetData("EntryPointFileDirectoryPath") as string ?? "graphs";
Diagram.Save(g, Path.Combine(folder, "micrograd-readme"), new DotOptions { Direction = RankDirection.TopToBottom, OpNodes = OpNodeStyle.Folded }, Console.Out);
