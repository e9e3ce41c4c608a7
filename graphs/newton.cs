#!/usr/bin/env dotnet
#:project ../src/AutoGrad/AutoGrad.csproj

// Newton's method on f(x) = x⁴ − 3x² + x + 5, minimising it: x ← x − f′(x) / f″(x). Both derivatives
// come from the graph: f′ as a graph of its own (createGraph: true), f″ by differentiating f′ again.
// Near a minimum the number of correct digits doubles each step (quadratic convergence).
// The diagram is the graph of f′ — a derivative drawn like any other graph.
// Run: dotnet run graphs/newton.cs [output folder]
using System.Globalization;
using AutoGrad;
using AutoGrad.Graphs;

static Value F(Value x) => x.Pow(4) - 3 * x.Pow(2) + x + 5;

double current = 2.0;
Console.WriteLine("step  x                     f(x)                  f'(x)");
for (int step = 0; step <= 8; step++)
{
    var x = new Value(current, "x");
    Value f = F(x);
    Value slope = Value.Gradients(f, [x], createGraph: true)[0];
    double curvature = Value.Gradients(slope, [x])[0].Data;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{step,4}  {current,-20:R}  {f.Data,-20:R}  {slope.Data:E3}"));
    if (Math.Abs(slope.Data) < 1e-15)
    {
        break;
    }

    current -= slope.Data / curvature;
}

// Draw f′(x) at x = 2: the graph the first differentiation built.
var at = new Value(2.0, "x");
Value derivative = Value.Gradients(F(at), [at], createGraph: true)[0];
derivative.Label = "f′(x)";
derivative.Backward(); // each node's gradient is ∂f′/∂node: at the leaf x it is f″(2), the curvature Newton divides by
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"drawn at x = 2: f′(x) = {derivative.Data:R}, and its gradient at x is f″(x) = {at.Grad:R}"));
string folder = args.Length > 0 ? args[0] : AppContext.GetData("EntryPointFileDirectoryPath") as string ?? "graphs";
Diagram.Save(derivative, Path.Combine(folder, "newton"), new DotOptions { Direction = RankDirection.TopToBottom }, Console.Out);
