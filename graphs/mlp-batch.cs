#!/usr/bin/env dotnet
#:project ../src/AutoGrad/AutoGrad.csproj

// The network learners actually meet: Mlp(2, [4, 4, 1]) over a batch of 4 points, with the mean
// squared error. Drawn in full it is 273 nodes; drawn with each layer collapsed to one box it reads
// as the network does: per sample, inputs → layer 1 → layer 2 → layer 3 → error, and one node per
// layer for its parameters (layer1.* stands for layer1.neuron0.w0 … layer1.neuron3.b), which every
// sample reads. Numbers in the formula are written into their op (− 1, ÷ 4), not drawn as nodes.
// Writes mlp-batch (every sample) and mlp-batch-sample1 (sample 1 open, which fits a page).
// Run: dotnet run graphs/mlp-batch.cs [output folder]
using AutoGrad;
using AutoGrad.Graphs;
using AutoGrad.Nn;

var model = new Mlp(2, [4, 4, 1], new MlpOptions { HiddenActivation = Activation.Tanh, Initialization = Initialization.Xavier, Seed = 3 });
double[][] points = [[2, 3], [3, -1], [0.5, 1], [1, 1]];
double[] targets = [1, -1, -1, 1];

// One scope per sample: the diagram numbers them "sample 1" to "sample 4", in the order entered.
var errors = new List<Value>();
for (int i = 0; i < points.Length; i++)
{
    using Scope sample = Scope.Enter("sample");
    Value[] x = [new(points[i][0], "x0"), new(points[i][1], "x1")];
    Value prediction = model.Forward(x)[0];
    errors.Add((prediction - targets[i]).Pow(2));
}

Value loss = Value.Sum(errors) / points.Length;
loss.Label = "loss";
loss.Backward();

var options = new DotOptions { Collapse = ["layer*"] };
DiagramSummary full = Diagram.Describe(loss, new DiagramOptions());
DiagramSummary drawn = Diagram.Describe(loss, options);
Console.WriteLine($"{model}, loss {loss.Data:F6}: {full.NodeCount} nodes in full, {drawn.NodeCount} with {drawn.CollapsedScopes.Count} layers collapsed");
Console.WriteLine($"  {drawn.FoldedConstants} constants written into their ops");
Console.WriteLine($"  open one layer with Expand = [\"sample 1 / layer 2\"]");

string folder = args.Length > 0 ? args[0] : AppContext.GetData("EntryPointFileDirectoryPath") as string ?? "graphs";
Diagram.Save(loss, Path.Combine(folder, "mlp-batch"), options, Console.Out);

// Four samples side by side are wider than a Markdown column; sample 1 open (its layers as boxes)
// and the other samples as one box each, top to bottom, fit it.
var oneSample = new DotOptions { Collapse = ["layer*", "sample 2", "sample 3", "sample 4"], Direction = RankDirection.TopToBottom };
Diagram.Save(loss, Path.Combine(folder, "mlp-batch-sample1"), oneSample, Console.Out);
