#!/usr/bin/env dotnet
#:project ../src/AutoGrad/AutoGrad.csproj

// z = (x + y)²: the chain rule gives ∂z/∂x = ∂z/∂y = 2(x + y).
using AutoGrad;

var x = new Value(2.0, "x");
var y = new Value(3.0, "y");
Value sum = x + y;
sum.Label = "s";
Value z = sum.Pow(2);
z.Label = "z";

z.Backward();

foreach (Value node in new[] { x, y, sum, z })
{
    Console.WriteLine(node);
}

Console.WriteLine($"2(x + y) = {2 * (x.Data + y.Data)}");
