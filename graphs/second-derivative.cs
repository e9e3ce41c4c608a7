#!/usr/bin/env dotnet
#:project ../src/AutoGrad/AutoGrad.csproj

// d²/dx² of y = x · sin x, as a graph: y′ = sin x + x cos x and y″ = 2 cos x − x sin x, each built by
// differentiating the graph before it. At x = 1: y″ = 2 cos 1 − sin 1 = 0.23913...
// Run: dotnet run graphs/second-derivative.cs [output folder]
using AutoGrad;
using AutoGrad.Graphs;

var x = new Value(1.0, "x");
Value y = x * x.Sin();
y.Label = "y";
Value dy = Value.Gradients(y, [x], createGraph: true)[0];
dy.Label = "y′";
Value d2y = Value.Gradients(dy, [x], createGraph: true)[0];
d2y.Label = "y″";

Console.WriteLine($"y   = {y.Data:R}");
Console.WriteLine($"y′  = {dy.Data:R}   (sin x + x cos x = {Math.Sin(1) + Math.Cos(1):R})");
Console.WriteLine($"y″  = {d2y.Data:R}   (2 cos x − x sin x = {2 * Math.Cos(1) - Math.Sin(1):R})");

d2y.Backward(); // each node's gradient is ∂y″/∂node: at the leaf x it is y‴ = −3 sin x − x cos x
Console.WriteLine($"y‴  = {x.Grad:R}   (−3 sin x − x cos x = {-3 * Math.Sin(1) - Math.Cos(1):R})");

string folder = args.Length > 0 ? args[0] : AppContext.GetData("EntryPointFileDirectoryPath") as string ?? "graphs";
Diagram.Save(d2y, Path.Combine(folder, "second-derivative"), new DotOptions { Direction = RankDirection.TopToBottom }, Console.Out);
