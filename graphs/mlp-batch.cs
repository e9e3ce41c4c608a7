#!/usr/bin/env dotnet
#:project ../src/AutoGrad/AutoGrad.csproj

// The network learners actually meet: Mlp(2, [4, 4, 1]) over a batch of 4 points, with the mean
// squared error. Drawn in full it is 273 nodes; drawn with each layer collapsed to one box it reads
// as the network does: per sample, inputs → layer 1 → layer 2 → layer 3 → error, and one node per
// layer for its parameters (layer1.* stands for layer1.neuron0.w0 … layer1.neuron3.b), which every
// sample reads. Numbers in the formula are written into their op (− 1, ÷ 4), not drawn as nodes.
// Writes mlp-batch (every sample) and mlp-batch-sample1 (sample 1 open, which fits a page).
// Run: dotnet run graphs/mlp-batch.cs [output folder]
#:include lib/MlpBatchGraph.cs
using AutoGrad;
using AutoGrad.Examples;
using AutoGrad.Graphs;

// The graph itself is defined once, in lib/MlpBatchGraph.cs, which the explorer's tests and the
// benchmark project compile too.
Value loss = MlpBatchGraph.Loss(out var model);

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
