using System.Globalization;
using AutoGrad.Compilation;
using AutoGrad.Data;
using AutoGrad.Nn;
using AutoGrad.Plots;
using AutoGrad.Training;
using ScottPlot;

namespace AutoGrad.Cli.Experiments;

/// <summary>
/// Seven activations (maxout with 2 pieces among them) training the same network on the same data from the same initial weights; the
/// share of hidden units that never fire (dying ReLU); and a 5-layer network with no activation,
/// which is one linear map.
/// </summary>
internal sealed class ActivationsExperiment : IExperiment
{
    /// <summary>The activations compared, in the order of the notes.</summary>
    public static IReadOnlyList<Activation> Compared { get; } =
        [Activation.Sigmoid, Activation.Tanh, Activation.Relu, Activation.LeakyRelu, Activation.Prelu, Activation.Elu, Activation.Maxout];

    /// <summary>The hidden layers of the deep linear network: with the output, 5 layers.</summary>
    public static IReadOnlyList<int> LinearHiddenLayers { get; } = [8, 8, 8, 8];

    /// <summary>
    /// SGD's rate for every activation: half the library's default, at which PReLU's loss turns NaN
    /// on this network (its slope grows without bound).
    /// </summary>
    public const double LearningRate = 0.5;

    /// <summary>Steps for each linear network at every size: they are small, and a single layer needs them all to settle.</summary>
    public const int LinearSteps = 500;

    public string Name => "activations";

    public string Claim =>
        "From the same initial weights the activations train at different speeds, some ReLU units die (never fire again) where leaky ReLU, PReLU and ELU keep theirs, " +
        "and with linear activations a 5-layer network is one linear map: a straight decision boundary and a single linear layer's accuracy.";

    public ExperimentResult Run(ExperimentOptions options, IProgress<ExperimentStatus> progress) => Present(Measure(options, progress));

    /// <summary>The figures, the numbers and the one-line result of a measurement.</summary>
    public static ExperimentResult Present(Measurements measured)
    {
        var curves = new CsvTable("activation", "step", "loss", "accuracy");
        var units = new CsvTable("activation", "hidden_units", "never_fire_at_start", "never_fire_after_training", "final_loss", "final_accuracy");
        foreach (ActivationResult result in measured.Activations)
        {
            for (int t = 0; t < result.Loss.Count; t++)
            {
                curves.Add(Word(result.Activation), t + 1, result.Loss[t], result.Accuracy[t]);
            }

            units.Add(Word(result.Activation), result.HiddenUnits, result.SilentAtStart, result.SilentAfterTraining, result.Loss[^1], result.FinalAccuracy);
        }

        var linear = new CsvTable("model", "layers", "accuracy", "max_midpoint_deviation");
        linear.Add("5-layer linear", LinearHiddenLayers.Count + 1, measured.DeepLinear.Accuracy, measured.DeepLinear.MidpointDeviation);
        linear.Add("1 linear layer", 1, measured.SingleLinear.Accuracy, measured.SingleLinear.MidpointDeviation);

        ActivationResult relu = measured.Find(Activation.Relu);
        string others = string.Join(", ", measured.Activations.Where(a => a.Activation is Activation.LeakyRelu or Activation.Prelu or Activation.Elu)
            .Select(a => string.Create(CultureInfo.InvariantCulture, $"{Word(a.Activation)} {a.SilentShare:P0}")));
        return new ExperimentResult(
            "activations: final loss " + string.Join(", ", measured.Activations.Select(a => string.Create(CultureInfo.InvariantCulture, $"{Word(a.Activation)} {a.Loss[^1]:F3}"))) +
            string.Create(CultureInfo.InvariantCulture, $"; hidden units that never fire after training: relu {relu.SilentShare:P0} ({relu.SilentAfterTraining} of {relu.HiddenUnits}), {others}; ") +
            string.Create(CultureInfo.InvariantCulture, $"5-layer linear network {measured.DeepLinear.Accuracy:P1} vs one linear layer {measured.SingleLinear.Accuracy:P1} on {measured.DatasetName}, midpoint deviation {measured.DeepLinear.MidpointDeviation:E1} (0: linear)."),
            [
                ExperimentFile.Png("loss.png", LossFigure(measured), 900, 560),
                ExperimentFile.Png("never-fire.png", SilentFigure(measured), 900, 560),
                ExperimentFile.Png("linear-5-layers-boundary.png", DecisionBoundaryPlot.Draw(measured.DeepLinear.Trainer.ToClassifier(), measured.Data), DecisionBoundaryPlot.Width, DecisionBoundaryPlot.Height),
                ExperimentFile.Png("linear-1-layer-boundary.png", DecisionBoundaryPlot.Draw(measured.SingleLinear.Trainer.ToClassifier(), measured.Data), DecisionBoundaryPlot.Width, DecisionBoundaryPlot.Height),
                curves.ToFile("loss.csv"),
                units.ToFile("never-fire.csv"),
                linear.ToFile("linear.csv"),
            ]);
    }

    /// <summary>Measures the claim at the size and seed of <paramref name="options"/>.</summary>
    public static Measurements Measure(ExperimentOptions options, IProgress<ExperimentStatus> progress)
    {
        Dataset data = Datasets.Moons(options.Size(100, 40), 0.1, options.Seed);
        int steps = options.Size(300, 80);
        var results = new List<ActivationResult>();
        foreach (Activation activation in Compared)
        {
            progress.Report(new ExperimentStatus($"training with {Word(activation)}", 0.8 * results.Count / Compared.Count));

            // He for every activation, so each starts from the very same weights; maxout has k pieces,
            // so other weights anyway, and takes its own default, Xavier: from He weights it diverges at this rate.
            var trainer = new Trainer(data, new TrainingOptions
            {
                Activation = activation,
                Initialization = activation == Activation.Maxout ? TrainingOptions.DefaultInitialization(activation) : Initialization.He,
                HiddenLayers = [16, 16, 16],
                LearningRate = LearningRate,
                Steps = steps,
                Seed = options.Seed,
            });
            int silentAtStart = SilentUnits(trainer.Model, data);
            (List<double> loss, List<double> accuracy) = TrainingCurve.Record(trainer, steps);

            results.Add(new ActivationResult(activation, loss, accuracy, trainer.Accuracy(data), HiddenUnits(trainer.Model), silentAtStart, SilentUnits(trainer.Model, data)));
        }

        progress.Report(new ExperimentStatus("linear networks", 0.8));
        LinearResult deep = TrainLinear(data, LinearHiddenLayers, LinearSteps, options.Seed);
        LinearResult single = TrainLinear(data, [], LinearSteps, options.Seed);
        return new Measurements(results, deep, single, data);
    }

    /// <summary>Units of the hidden layers (the output layer is linear).</summary>
    private static int HiddenUnits(Mlp model) => model.Layers.Take(model.Layers.Count - 1).Sum(l => l.OutputCount);

    /// <summary>
    /// Hidden units whose output is never positive on any example. For ReLU such a unit also passes
    /// no gradient, so no step can revive it: it is dead. Leaky ReLU, PReLU and ELU still pass one.
    /// </summary>
    private static int SilentUnits(Mlp model, Dataset data)
    {
        // The hidden layers recorded once; every example's hidden outputs in one call of the batched replay.
        var fired = model.Layers.Take(model.Layers.Count - 1).Select(l => new bool[l.OutputCount]).ToArray();
        Value[] inputs = [.. Enumerable.Range(0, model.InputCount).Select(_ => new Value(0))];
        var hidden = new List<Value>();
        IReadOnlyList<Value> activations = inputs;
        for (int k = 0; k < fired.Length; k++)
        {
            activations = model.Layers[k].Forward(activations);
            hidden.AddRange(activations);
        }

        BatchedReplay batch = CompiledGraph.Compile(Value.Sum(hidden)).Batch(inputs, hidden);
        var outputs = new double[data.Count * hidden.Count];
        batch.Forward([.. data.Features.SelectMany(features => features)], outputs);
        for (int e = 0; e < data.Count; e++)
        {
            int unit = e * hidden.Count;
            for (int k = 0; k < fired.Length; k++)
            {
                for (int j = 0; j < fired[k].Length; j++)
                {
                    fired[k][j] |= outputs[unit++] > 0;
                }
            }
        }

        return fired.Sum(layer => layer.Count(f => !f));
    }

    private static LinearResult TrainLinear(Dataset data, IReadOnlyList<int> hidden, int steps, int seed)
    {
        // Adam: a stack of linear layers multiplies its weights, and plain SGD at 1.0 can blow up.
        // Micrograd's uniform(−1, 1), not the default He/Xavier: this lesson is not about initialisation, and its figures were measured from these weights.
        var trainer = new Trainer(data, new TrainingOptions { Initialization = Initialization.Uniform, Activation = Activation.Linear, HiddenLayers = hidden, Optimizer = OptimizerKind.Adam, Steps = steps, Seed = seed });
        trainer.Run();

        // An affine map f gives f((a + b)/2) = (f(a) + f(b))/2 exactly, up to rounding; any bend would show here.
        // The 200 pairs, their midpoints scored with the pair in one call of the batched replay.
        var random = new Random(seed + 3);
        var points = new double[200 * 3 * 2];
        for (int i = 0; i < 200; i++)
        {
            double[] a = [4 * random.NextDouble() - 2, 4 * random.NextDouble() - 2];
            double[] b = [4 * random.NextDouble() - 2, 4 * random.NextDouble() - 2];
            double[] mid = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
            a.CopyTo(points, i * 6);
            b.CopyTo(points, (i * 6) + 2);
            mid.CopyTo(points, (i * 6) + 4);
        }

        Value[] x = [new Value(0), new Value(0)];
        var scores = new double[200 * 3];
        CompiledGraph.Compile(trainer.Model.Forward(x)[0]).Batch(x).Forward(points, scores);
        double deviation = 0;
        for (int i = 0; i < 200; i++)
        {
            (double a, double b, double mid) = (scores[i * 3], scores[(i * 3) + 1], scores[(i * 3) + 2]);
            double scale = Math.Max(1, Math.Abs(a) + Math.Abs(b));
            deviation = Math.Max(deviation, Math.Abs(mid - (a + b) / 2) / scale);
        }

        return new LinearResult(trainer, trainer.Accuracy(data), deviation);
    }

    private static Plot LossFigure(Measurements measured)
    {
        var plot = new Plot();
        foreach (ActivationResult result in measured.Activations)
        {
            Figures.Line(plot, Enumerable.Range(1, result.Loss.Count).Select(t => (double)t).ToArray(), FigureKit.Log10(result.Loss), Word(result.Activation));
        }

        plot.Title($"Seven activations on {measured.DatasetName} (all but maxout from the same weights): training loss");
        plot.XLabel("step (full batch)");
        plot.YLabel("loss (hinge + L2 10⁻⁴, log scale)");
        FigureKit.Log10Ticks(plot.Axes.Left, measured.Activations.SelectMany(a => FigureKit.Log10(a.Loss)));
        FigureKit.ReadableAt(plot, 900);
        plot.ShowLegend();
        return plot;
    }

    /// <summary>
    /// Counts of hidden units that never fire, at the start and after training. A sigmoid unit's output
    /// is always positive, so it cannot be silent: it gets no bar, only a note that it is 0 by definition.
    /// </summary>
    private static Plot SilentFigure(Measurements measured)
    {
        var plot = new Plot();
        var bars = new List<Bar>();
        int units = measured.Activations[0].HiddenUnits;
        for (int i = 0; i < measured.Activations.Count; i++)
        {
            ActivationResult result = measured.Activations[i];
            if (result.Activation == Activation.Sigmoid)
            {
                var note = plot.Add.Text("σ > 0:\nnever silent\n(by definition)", 3 * i + 0.5, 0.1);
                note.LabelFontSize = 13;
                note.LabelAlignment = Alignment.LowerCenter;
                continue;
            }

            bars.Add(new Bar { Position = 3 * i, Value = result.SilentAtStart, FillColor = Colors.LightGray, Label = result.SilentAtStart.ToString(CultureInfo.InvariantCulture) });
            bars.Add(new Bar { Position = 3 * i + 1, Value = result.SilentAfterTraining, FillColor = Colors.DarkRed, Label = result.SilentAfterTraining.ToString(CultureInfo.InvariantCulture) });
        }

        var plotted = plot.Add.Bars(bars);
        plotted.ValueLabelStyle.FontSize = 14;
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, measured.Activations.Count).Select(i => 3.0 * i + 0.5).ToArray(), measured.Activations.Select(a => Word(a.Activation)).ToArray());
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "at the start", FillColor = Colors.LightGray });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "after training", FillColor = Colors.DarkRed });
        int highest = measured.Activations.Max(a => Math.Max(a.SilentAtStart, a.SilentAfterTraining));
        plot.Axes.SetLimits(-1.2, 3 * measured.Activations.Count - 0.8, 0, Math.Max(4, highest) * 1.6);
        FigureKit.WholeNumberTicks(plot.Axes.Left, 0, (int)Math.Ceiling(Math.Max(4, highest) * 1.6));
        plot.Title(string.Create(CultureInfo.InvariantCulture, $"Hidden units (of {units}) whose output is never positive on any training example"));
        plot.XLabel("hidden activation");
        plot.YLabel(string.Create(CultureInfo.InvariantCulture, $"units that never fire (of {units})"));
        FigureKit.ReadableAt(plot, 900);
        plot.ShowLegend();
        return plot;
    }

    private static string Word(Activation activation) => ActivationNames.NameOf(activation);

    /// <summary>One activation's training, and its hidden units that never fire before and after.</summary>
    public sealed record ActivationResult(Activation Activation, IReadOnlyList<double> Loss, IReadOnlyList<double> Accuracy, double FinalAccuracy, int HiddenUnits, int SilentAtStart, int SilentAfterTraining)
    {
        /// <summary>The share of hidden units that never fire after training.</summary>
        public double SilentShare => (double)SilentAfterTraining / HiddenUnits;
    }

    /// <summary>A linear network: its trainer, its accuracy, and how far it is from an affine map (0: not at all).</summary>
    public sealed record LinearResult(Trainer Trainer, double Accuracy, double MidpointDeviation);

    /// <summary>Every activation's result and the two linear networks.</summary>
    public sealed record Measurements(IReadOnlyList<ActivationResult> Activations, LinearResult DeepLinear, LinearResult SingleLinear, Dataset Data)
    {
        /// <summary>The data's name.</summary>
        public string DatasetName => Data.Name;

        /// <summary>The result of one activation.</summary>
        public ActivationResult Find(Activation activation) => Activations.Single(a => a.Activation == activation);
    }
}
