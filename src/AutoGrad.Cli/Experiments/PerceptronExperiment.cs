using System.Globalization;
using AutoGrad.Compilation;
using AutoGrad.Data;
using AutoGrad.Nn;
using AutoGrad.Training;
using ScottPlot;

namespace AutoGrad.Cli.Experiments;

/// <summary>
/// The perceptron: one neuron, step(w₁x₁ + w₂x₂ + b), draws one straight line through the plane of its
/// inputs, so it computes AND, OR and NAND but no weights make it compute XOR; two layers (XOR = AND of
/// NAND and OR) do. With it, the notes' logic-gate neuron σ(−30 + 20x₁ + 30x₂), its table computed by
/// AutoGrad and corrected where the notes' table is wrong.
/// </summary>
internal sealed class PerceptronExperiment : IExperiment
{
    /// <summary>The four corners of the unit square, the inputs of a two-input logic gate.</summary>
    public static IReadOnlyList<double[]> Corners { get; } = [[0, 0], [0, 1], [1, 0], [1, 1]];

    /// <summary>Each gate's outputs at <see cref="Corners"/>.</summary>
    public static IReadOnlyList<Gate> Gates { get; } =
    [
        new("AND", [0, 0, 0, 1], new StepNeuron(0.5, 0.5, -0.7)),
        new("OR", [0, 1, 1, 1], new StepNeuron(0.5, 0.5, -0.2)),
        new("NAND", [1, 1, 1, 0], new StepNeuron(-0.5, -0.5, 0.7)),
        new("XOR", [0, 1, 1, 0], null),
    ];

    /// <summary>The notes' table as printed: the weighted sum and σ of it in each row, for x₁, x₂ as in <see cref="Corners"/>.</summary>
    public static IReadOnlyList<(double Sum, double Sigmoid)> NotesTable { get; } =
    [
        (-30, 0.0000000000000009),
        (-10, 0.00004539786870),
        (0, 0.5),
        (20, 0.99999999793884),
    ];

    public string Name => "perceptron";

    public string Claim =>
        "One step neuron draws one straight line, so it computes AND, OR and NAND but no weights make it compute XOR, " +
        "which two layers do; and the notes' logic-gate neuron σ(−30 + 20x₁ + 30x₂) gives its table once two errors are corrected.";

    /// <summary>The notes' logic-gate neuron σ(−30 + 20x₁ + 30x₂), computed with <see cref="Value"/>.</summary>
    public static Value LogicGateNeuron(Value x1, Value x2) => (-30 + 20 * x1 + 30 * x2).Sigmoid();

    /// <summary>XOR from three step neurons in two layers: AND(NAND(x₁, x₂), OR(x₁, x₂)).</summary>
    public static Value XorByHand(Value x1, Value x2)
    {
        Value nand = Gates[2].ByHand!.Forward(x1, x2);
        Value or = Gates[1].ByHand!.Forward(x1, x2);
        return Gates[0].ByHand!.Forward(nand, or);
    }

    public ExperimentResult Run(ExperimentOptions options, IProgress<ExperimentStatus> progress) => Present(Measure(options, progress));

    /// <summary>The figures, the numbers and the one-line result of a measurement.</summary>
    public static ExperimentResult Present(Measurements measured)
    {
        var table = new CsvTable("x1", "x2", "weighted_sum", "sigmoid", "notes_weighted_sum", "notes_sigmoid", "correction");
        foreach (LogicGateRow row in measured.LogicGate)
        {
            table.Add(row.X1, row.X2, row.WeightedSum, row.Sigmoid, row.NotesWeightedSum, row.NotesSigmoid, row.Correction);
        }

        var gates = new CsvTable("gate", "x1", "x2", "target", "step_by_hand", "one_trained_neuron", "two_trained_layers");
        foreach (GateResult gate in measured.Gates)
        {
            for (int c = 0; c < Corners.Count; c++)
            {
                gates.Add(gate.Name, Corners[c][0], Corners[c][1], gate.Targets[c], gate.ByHand[c], gate.OneNeuronOutputs[c], gate.TwoLayerOutputs[c]);
            }
        }

        var search = new CsvTable("gate", "step_neurons_tried", "best_corners_right", "one_trained_neuron_accuracy", "two_trained_layers_accuracy");
        foreach (GateResult gate in measured.Gates)
        {
            search.Add(gate.Name, measured.NeuronsTried, gate.BestSingleNeuronCorrect, gate.OneNeuronAccuracy, gate.TwoLayerAccuracy);
        }

        GateResult xor = measured.Gates.Single(g => g.Name == "XOR");
        return new ExperimentResult(
            string.Create(CultureInfo.InvariantCulture, $"perceptron: σ(−30) = {measured.LogicGate[0].Sigmoid:G3} (the notes print 9e-16); ") +
            string.Create(CultureInfo.InvariantCulture, $"of {measured.NeuronsTried} step neurons the best gets AND {Best("AND")}/4, OR {Best("OR")}/4, NAND {Best("NAND")}/4, XOR {xor.BestSingleNeuronCorrect}/4 corners right; ") +
            string.Create(CultureInfo.InvariantCulture, $"trained, one sigmoid neuron gets XOR {xor.OneNeuronAccuracy:P0} right and two layers {xor.TwoLayerAccuracy:P0}; the step's gradient is {measured.StepGradient:G3} everywhere."),
            [
                ExperimentFile.Png("gates.png", GatesFigure(measured), 1000, 820),
                table.ToFile("logic-gate.csv"),
                gates.ToFile("gates.csv"),
                search.ToFile("single-neuron.csv"),
            ]);

        int Best(string name) => measured.Gates.Single(g => g.Name == name).BestSingleNeuronCorrect;
    }

    /// <summary>Measures the claim at the size and seed of <paramref name="options"/>.</summary>
    public static Measurements Measure(ExperimentOptions options, IProgress<ExperimentStatus> progress)
    {
        progress.Report(new ExperimentStatus("the notes' logic-gate neuron", 0));
        var rows = new List<LogicGateRow>();
        for (int c = 0; c < Corners.Count; c++)
        {
            double x1 = Corners[c][0], x2 = Corners[c][1];
            Value sum = -30 + 20 * new Value(x1) + 30 * new Value(x2);
            double sigmoid = LogicGateNeuron(new Value(x1), new Value(x2)).Data;
            rows.Add(new LogicGateRow(x1, x2, sum.Data, sigmoid, NotesTable[c].Sum, NotesTable[c].Sigmoid, Correction(sum.Data, sigmoid, NotesTable[c])));
        }

        // Every step neuron on a grid of weights and biases in [−1, 1]: the best one for each gate.
        progress.Report(new ExperimentStatus("every step neuron on a grid", 0.1));
        int side = options.Size(21, 9);
        double[] grid = Enumerable.Range(0, side).Select(i => -1 + 2.0 * i / (side - 1)).ToArray();
        // One step neuron recorded once, its weights, bias and inputs the leaves: every setting at every
        // corner in one call of the batched replay (each output the one that neuron gives there alone).
        Value[] leaves = [new Value(0, "w1"), new Value(0, "w2"), new Value(0, "b"), new Value(0, "x1"), new Value(0, "x2")];
        BatchedReplay neuron = CompiledGraph.Compile(new StepNeuron(leaves[0], leaves[1], leaves[2]).Forward(leaves[3], leaves[4])).Batch(leaves);
        var settings = new List<double>();
        foreach (double w1 in grid)
        {
            foreach (double w2 in grid)
            {
                foreach (double b in grid)
                {
                    foreach (double[] x in Corners)
                    {
                        settings.AddRange([w1, w2, b, x[0], x[1]]);
                    }
                }
            }
        }

        var stepOutputs = new double[settings.Count / leaves.Length];
        neuron.Forward(settings.ToArray(), stepOutputs);
        var best = new int[Gates.Count];
        for (int first = 0; first < stepOutputs.Length; first += Corners.Count)
        {
            double[] outputs = stepOutputs[first..(first + Corners.Count)];
            for (int g = 0; g < Gates.Count; g++)
            {
                best[g] = Math.Max(best[g], Enumerable.Range(0, Corners.Count).Count(c => outputs[c] == Gates[g].Targets[c]));
            }
        }

        // Gradient descent cannot train a step neuron: its derivative is 0 on both sides of the jump.
        var w = new[] { new Value(0.1), new Value(-0.3), new Value(0.2) };
        Value loss = Value.Sum(Corners.Select((x, c) => (new StepNeuron(w[0], w[1], w[2]).Forward(new Value(x[0]), new Value(x[1])) - Gates[0].Targets[c]).Pow(2)).ToArray());
        loss.Backward();
        double stepGradient = w.Max(p => Math.Abs(p.Grad));

        var results = new List<GateResult>();
        for (int g = 0; g < Gates.Count; g++)
        {
            progress.Report(new ExperimentStatus($"training {Gates[g].Name}", 0.3 + 0.7 * g / Gates.Count));
            Gate gate = Gates[g];
            double[] byHand = Corners.Select(x => gate.ByHand is { } neuron
                ? neuron.Forward(new Value(x[0]), new Value(x[1])).Data
                : XorByHand(new Value(x[0]), new Value(x[1])).Data).ToArray();
            (double oneAccuracy, double[] oneOutputs) = Train(gate, hidden: [], options.Seed);
            (double twoAccuracy, double[] twoOutputs) = Train(gate, hidden: [4], options.Seed);
            results.Add(new GateResult(gate.Name, gate.Targets, byHand, best[g], oneAccuracy, oneOutputs, twoAccuracy, twoOutputs));
        }

        return new Measurements(rows, results, side * side * side, stepGradient);
    }

    /// <summary>A network trained on the gate's four corners (binary cross-entropy): its accuracy and the class it predicts at each corner.</summary>
    private static (double Accuracy, double[] Outputs) Train(Gate gate, int[] hidden, int seed)
    {
        var data = new Dataset(gate.Name, Corners, gate.Targets, ["0", "1"]);
        var trainer = new Trainer(data, new TrainingOptions
        {
            HiddenLayers = hidden,
            Activation = Activation.Tanh,
            Loss = LossKind.BinaryCrossEntropy,
            Optimizer = OptimizerKind.Adam,
            LearningRate = 0.1,
            L2 = 0,
            Steps = 300,
            Seed = seed + 1,
        });
        for (int step = 0; step < trainer.Options.Steps; step++)
        {
            trainer.Step();
        }

        Classifier classifier = trainer.ToClassifier();
        return (classifier.Accuracy(data), classifier.Predict(Corners).Select(k => (double)k).ToArray());
    }

    private static string Correction(double sum, double sigmoid, (double Sum, double Sigmoid) notes)
    {
        var corrections = new List<string>();
        if (sum != notes.Sum)
        {
            corrections.Add(string.Create(CultureInfo.InvariantCulture, $"the notes' row computes {notes.Sum} (weights swapped against the header): the header's formula gives {sum}"));
        }
        else if (Math.Abs(sigmoid / notes.Sigmoid - 1) > 1e-6)
        {
            corrections.Add(string.Create(CultureInfo.InvariantCulture, $"σ({sum}) = {sigmoid:G4} (not the printed {notes.Sigmoid:G1})"));
        }

        return corrections.Count == 0 ? "none" : string.Join("; ", corrections);
    }

    private static Multiplot GatesFigure(Measurements measured)
    {
        var panels = new List<Plot>();
        foreach (GateResult result in measured.Gates)
        {
            Gate gate = Gates.Single(g => g.Name == result.Name);
            var plot = new Plot();
            AddCorners(plot, gate, 1, MarkerShape.FilledCircle, Colors.SteelBlue, "gate gives 1");
            AddCorners(plot, gate, 0, MarkerShape.OpenCircle, Colors.DarkRed, "gate gives 0");
            if (gate.ByHand is { } neuron)
            {
                AddLine(plot, neuron, Colors.Black, $"{neuron} = 0");
                plot.Title($"{gate.Name}: one step neuron, {Right(result)} of 4 right");
            }
            else
            {
                AddLine(plot, Gates[2].ByHand!, Colors.DarkOrange, $"NAND unit: {Gates[2].ByHand} = 0");
                AddLine(plot, Gates[1].ByHand!, Colors.Purple, $"OR unit: {Gates[1].ByHand} = 0");
                plot.Title($"XOR = AND(NAND, OR): two layers, {Right(result)} of 4 right");
            }

            plot.Axes.SetLimits(-0.4, 1.4, -0.4, 1.4);
            plot.XLabel("x₁");
            plot.YLabel("x₂");
            plot.ShowLegend(Edge.Bottom); // outside: the corners and lines fill the square
            panels.Add(plot);
        }

        return Figures.Grid(panels, 2, 2);

        static int Right(GateResult result) => Enumerable.Range(0, Corners.Count).Count(c => result.ByHand[c] == result.Targets[c]);
    }

    private static void AddCorners(Plot plot, Gate gate, int output, MarkerShape shape, Color color, string label)
    {
        int[] at = Enumerable.Range(0, Corners.Count).Where(c => gate.Targets[c] == output).ToArray();
        var markers = plot.Add.Markers(at.Select(c => Corners[c][0]).ToArray(), at.Select(c => Corners[c][1]).ToArray(), shape, 14, color);
        markers.LegendText = label;
    }

    private static void AddLine(Plot plot, StepNeuron neuron, Color color, string label)
    {
        // w₁x₁ + w₂x₂ + b = 0, as x₂ = −(w₁x₁ + b)/w₂ (none of the hand-set neurons has w₂ = 0), drawn
        // only inside the axes' square [−0.4, 1.4]², so no point of it lies outside the picture.
        const double Low = -0.4, High = 1.4;
        double slope = -neuron.W1.Data / neuron.W2.Data, intercept = -neuron.Bias.Data / neuron.W2.Data;
        double from = Low, to = High;
        if (slope != 0)
        {
            double atLow = (Low - intercept) / slope, atHigh = (High - intercept) / slope;
            from = Math.Max(Low, Math.Min(atLow, atHigh));
            to = Math.Min(High, Math.Max(atLow, atHigh));
        }

        double[] xs = [from, to];
        var line = plot.Add.ScatterLine(xs, xs.Select(x => (slope * x) + intercept).ToArray());
        line.Color = color;
        line.LineWidth = 2;
        line.LegendText = label;
    }

    /// <summary>step(w₁x₁ + w₂x₂ + b): the perceptron.</summary>
    public sealed record StepNeuron(Value W1, Value W2, Value Bias)
    {
        /// <summary>A neuron with fixed weights.</summary>
        public StepNeuron(double w1, double w2, double bias)
            : this(new Value(w1), new Value(w2), new Value(bias))
        {
        }

        /// <summary>1 where w₁x₁ + w₂x₂ + b &gt; 0, else 0.</summary>
        public Value Forward(Value x1, Value x2) => (W1 * x1 + W2 * x2 + Bias).Step();

        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"{W1.Data:G3}x₁ {Signed(W2.Data)}x₂ {Signed(Bias.Data)}");

        private static string Signed(double v) => string.Create(CultureInfo.InvariantCulture, $"{(v < 0 ? "−" : "+")} {Math.Abs(v):G3}");
    }

    /// <summary>A logic gate: its outputs at <see cref="Corners"/>, and a step neuron set by hand that computes it (null for XOR).</summary>
    public sealed record Gate(string Name, int[] Targets, StepNeuron? ByHand);

    /// <summary>One row of the notes' table, computed and as printed.</summary>
    public sealed record LogicGateRow(double X1, double X2, double WeightedSum, double Sigmoid, double NotesWeightedSum, double NotesSigmoid, string Correction);

    /// <summary>One gate: the hand-set network's outputs, the best single step neuron, and the trained networks.</summary>
    public sealed record GateResult(
        string Name,
        int[] Targets,
        double[] ByHand,
        int BestSingleNeuronCorrect,
        double OneNeuronAccuracy,
        double[] OneNeuronOutputs,
        double TwoLayerAccuracy,
        double[] TwoLayerOutputs);

    /// <summary>The table, the gates, how many step neurons were tried, and the largest gradient through a step.</summary>
    public sealed record Measurements(IReadOnlyList<LogicGateRow> LogicGate, IReadOnlyList<GateResult> Gates, int NeuronsTried, double StepGradient);
}
