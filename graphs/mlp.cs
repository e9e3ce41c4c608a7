#!/usr/bin/env dotnet
#:project ../src/AutoGrad/AutoGrad.csproj

// A 2-layer MLP, 2 inputs → 3 tanh neurons → 1 linear output, and a squared error. Run inside a
// scope, the MLP puts each layer and each neuron in a box of its own, so the picture reads layer by layer.
// Writes mlp (every value) and mlp-neurons (one box per neuron, which fits a page).
// Run: dotnet run graphs/mlp.cs [output folder]
using AutoGrad;
using AutoGrad.Graphs;
using AutoGrad.Nn;

var model = new Mlp(2, [3, 1], new MlpOptions { HiddenActivation = Activation.Tanh, Initialization = Initialization.Xavier, Seed = 3 });
Value[] x = [new(0.5, "x0"), new(-1.5, "x1")];

// Called inside a scope, the MLP puts each layer and each neuron in a nested scope of its own.
Value prediction;
using (Scope.Enter("mlp"))
{
    prediction = model.Forward(x)[0];
}

prediction.Label = "prediction";
Value loss = (prediction - 1.0).Pow(2);
loss.Label = "loss";
loss.Backward();

Console.WriteLine($"{model}: prediction {prediction.Data:F6}, loss {loss.Data:F6}");
foreach (Value parameter in model.Parameters)
{
    Console.WriteLine($"  {parameter}");
}

string folder = args.Length > 0 ? args[0] : AppContext.GetData("EntryPointFileDirectoryPath") as string ?? "graphs";
Diagram.Save(loss, Path.Combine(folder, "mlp"), log: Console.Out);

// The whole picture is wider than a Markdown column; with each neuron drawn as one box, top to
// bottom, the network fits it.
Diagram.Save(loss, Path.Combine(folder, "mlp-neurons"), new DotOptions { Collapse = ["neuron*"], Direction = RankDirection.TopToBottom }, Console.Out);
