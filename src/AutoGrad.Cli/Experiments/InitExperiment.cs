using System.Globalization;
using AutoGrad.Compilation;
using AutoGrad.Nn;
using AutoGrad.Plots;
using ScottPlot;

namespace AutoGrad.Cli.Experiments;

/// <summary>
/// Weight initialisation: a 5-layer, 100-unit network fed random inputs, with sigmoid and ReLU
/// units and weights of several standard deviations. Shows each layer's activations and, because
/// AutoGrad has backward, each layer's weight gradients.
/// </summary>
internal sealed class InitExperiment : IExperiment
{
    /// <summary>Layers and units per layer, as in the notes.</summary>
    public const int Layers = 5;

    /// <summary>Units in each layer, and inputs to the first.</summary>
    public const int Units = 100;

    /// <summary>A sigmoid output this close to 0 or 1 counts as saturated (σ′ is below 0.02 there).</summary>
    public const double SaturationMargin = 0.02;

    public string Name => "init";

    public string Claim =>
        "Weights of std 1 push sigmoid outputs to 0 and 1 so gradients vanish, a small std makes every unit output nearly the same value, " +
        "and Xavier (1/√n) suits sigmoid while He (√(2/n)) suits ReLU.";

    /// <summary>The six set-ups of the notes: an activation and a weight standard deviation.</summary>
    public static IReadOnlyList<Setup> Setups { get; } =
    [
        new(Activation.Sigmoid, "std 1", 1.0),
        new(Activation.Sigmoid, "std 0.01", 0.01),
        new(Activation.Sigmoid, "Xavier", 1 / Math.Sqrt(Units)),
        new(Activation.Relu, "std 0.01", 0.01),
        new(Activation.Relu, "Xavier", 1 / Math.Sqrt(Units)),
        new(Activation.Relu, "He", Math.Sqrt(2.0 / Units)),
    ];

    public ExperimentResult Run(ExperimentOptions options, IProgress<ExperimentStatus> progress) => Present(Measure(options, progress));

    /// <summary>The figures, the numbers and the one-line result of a measurement.</summary>
    public static ExperimentResult Present(Measurements measured)
    {
        var layers = new CsvTable("activation", "init", "weight_std", "layer", "mean", "std", "saturated_share", "unit_spread", "zero_share", "mean_local_derivative", "mean_abs_weight_grad");
        var histograms = new CsvTable("activation", "init", "layer", "bin_low", "bin_high", "count");
        foreach (SetupResult result in measured.Results)
        {
            foreach (LayerResult layer in result.Layers)
            {
                layers.Add(Word(result.Setup.Activation), result.Setup.Init, result.Setup.WeightStd, layer.Layer, layer.Mean, layer.Std, layer.SaturatedShare, layer.UnitSpread, layer.ZeroShare, layer.MeanLocalDerivative, layer.MeanAbsWeightGradient);
                for (int b = 0; b < layer.Counts.Length; b++)
                {
                    histograms.Add(Word(result.Setup.Activation), result.Setup.Init, layer.Layer, layer.BinEdges[b], layer.BinEdges[b + 1], layer.Counts[b]);
                }
            }
        }

        return new ExperimentResult(
            string.Create(CultureInfo.InvariantCulture, $"init: sigmoid outputs within {SaturationMargin} of 0 or 1: {measured.Find(Activation.Sigmoid, "std 1").SaturatedShare:P1} at std 1, {measured.Find(Activation.Sigmoid, "Xavier").SaturatedShare:P1} with Xavier (mean σ′ {measured.Find(Activation.Sigmoid, "std 1").MeanLocalDerivative:F3} vs {measured.Find(Activation.Sigmoid, "Xavier").MeanLocalDerivative:F3}); ") +
            string.Create(CultureInfo.InvariantCulture, $"std 0.01: units of one input differ by {measured.Find(Activation.Sigmoid, "std 0.01").Layers[^1].UnitSpread:F3} (Xavier {measured.Find(Activation.Sigmoid, "Xavier").Layers[^1].UnitSpread:F3}); ") +
            string.Create(CultureInfo.InvariantCulture, $"sigmoid weight gradient layer 1/layer 5: std 1 {measured.Find(Activation.Sigmoid, "std 1").GradientRatio:G2}, Xavier {measured.Find(Activation.Sigmoid, "Xavier").GradientRatio:G2}; ") +
            string.Create(CultureInfo.InvariantCulture, $"ReLU layer 5/layer 1 activation std: Xavier {measured.Find(Activation.Relu, "Xavier").StdRatio:F2}, He {measured.Find(Activation.Relu, "He").StdRatio:F2}."),
            [
                ExperimentFile.Png("sigmoid-histograms.png", Histograms(measured, Activation.Sigmoid), 1300, 800),
                ExperimentFile.Png("relu-histograms.png", Histograms(measured, Activation.Relu), 1300, 800),
                ExperimentFile.Png("gradients.png", GradientPlot(measured), 900, 560),
                layers.ToFile("layers.csv"),
                histograms.ToFile("histograms.csv"),
            ]);
    }

    /// <summary>Runs every set-up on the same random inputs and measures each layer.</summary>
    /// <summary>Measures the claim at the size and seed of <paramref name="options"/>.</summary>
    public static Measurements Measure(ExperimentOptions options, IProgress<ExperimentStatus> progress)
    {
        int examples = options.Size(1000, 50);
        var inputRandom = new Random(options.Seed);
        double[][] inputs = Enumerable.Range(0, examples).Select(_ => Enumerable.Range(0, Units).Select(_ => Gaussian.Next(inputRandom)).ToArray()).ToArray();
        var results = new List<SetupResult>();
        foreach (IGrouping<Activation, Setup> group in Setups.GroupBy(s => s.Activation))
        {
            // One network per activation, recorded once; each set-up replays it with its own weights.
            Network network = Network.Build(group.Key, options.Seed);
            foreach (Setup setup in group)
            {
                progress.Report(new ExperimentStatus($"{Word(setup.Activation)}, {setup.Init}", (double)results.Count / Setups.Count));
                results.Add(MeasureSetup(setup, network, inputs));
            }
        }

        return new Measurements(results);
    }

    private static SetupResult MeasureSetup(Setup setup, Network network, double[][] inputs)
    {
        (CompiledGraph graph, int[] inputSlots, Value[][] activations, int[][] weightSlots, double[][] normal) = network;

        // The same standard normal draws for every set-up: the weights differ only in their scale.
        for (int k = 0; k < Layers; k++)
        {
            for (int i = 0; i < weightSlots[k].Length; i++)
            {
                graph.LeafValues[weightSlots[k][i]] = setup.WeightStd * normal[k][i];
            }
        }

        var values = new double[Layers][];
        var spread = new double[Layers];
        var gradient = new double[Layers];
        for (int k = 0; k < Layers; k++)
        {
            values[k] = new double[inputs.Length * Units];
        }

        // One input per replay, not a BatchedReplay: each input brings the gradient of all 50,000
        // weights, which a batch must carry point by point; measured, the batched way took 1.6× as
        // long (docs/performance.md, round three, who uses the batched replay).
        for (int e = 0; e < inputs.Length; e++)
        {
            Span<double> leaves = graph.LeafValues;
            for (int i = 0; i < Units; i++)
            {
                leaves[inputSlots[i]] = inputs[e][i];
            }

            graph.Forward();
            graph.Backward();
            for (int k = 0; k < Layers; k++)
            {
                for (int j = 0; j < Units; j++)
                {
                    values[k][e * Units + j] = graph.ValueOf(activations[k][j]);
                }

                spread[k] += StandardDeviation(values[k].AsSpan(e * Units, Units)) / inputs.Length;
                double sum = 0;
                ReadOnlySpan<double> gradients = graph.LeafGradients;
                foreach (int slot in weightSlots[k])
                {
                    sum += Math.Abs(gradients[slot]);
                }

                gradient[k] += sum / weightSlots[k].Length / inputs.Length;
            }
        }

        var layers = new LayerResult[Layers];
        for (int k = 0; k < Layers; k++)
        {
            double[] v = values[k];
            double high = setup.Activation == Activation.Sigmoid ? 1 : Math.Max(1e-12, Percentile(v, 0.99));
            double[] edges = Enumerable.Range(0, 31).Select(b => high * b / 30).ToArray();
            var counts = new int[30];
            foreach (double a in v)
            {
                if (a >= 0 && a <= high)
                {
                    counts[Math.Min(29, (int)(a / high * 30))]++;
                }
            }

            layers[k] = new LayerResult(
                k + 1,
                v.Average(),
                StandardDeviation(v),
                (double)v.Count(a => a <= SaturationMargin || a >= 1 - SaturationMargin) / v.Length,
                spread[k],
                (double)v.Count(a => a == 0) / v.Length,
                // σ′ = a(1 − a); ReLU′ = 1 where the unit is on
                setup.Activation == Activation.Sigmoid ? v.Average(a => a * (1 - a)) : v.Average(a => a > 0 ? 1.0 : 0.0),
                gradient[k],
                edges,
                counts);
        }

        return new SetupResult(setup, layers);
    }

    /// <summary>
    /// One row per set-up, one panel per layer. The panels of a row share their x-axis (the widest
    /// layer's range), so a signal fading from layer to layer is seen to shrink.
    /// </summary>
    private static Multiplot Histograms(Measurements measured, Activation activation)
    {
        SetupResult[] results = measured.Results.Where(r => r.Setup.Activation == activation).ToArray();
        var panels = new List<Plot>();
        for (int r = 0; r < results.Length; r++)
        {
            double rowHigh = results[r].Layers.Max(l => l.BinEdges[^1]);
            int rowMaxCount = results[r].Layers.Max(l => l.Counts.Max());
            for (int k = 0; k < Layers; k++)
            {
                LayerResult layer = results[r].Layers[k];
                var plot = new Plot();
                double width = layer.BinEdges[1] - layer.BinEdges[0];
                var bars = plot.Add.Bars(layer.Counts.Select((c, b) => new Bar { Position = layer.BinEdges[b] + width / 2, Value = c, Size = width, LineWidth = 0 }).ToList());
                bars.Color = new ScottPlot.Palettes.Category10().GetColor(r);
                plot.Title($"{results[r].Setup.Init}, layer {k + 1}");
                plot.Axes.SetLimits(0, rowHigh * 1.02, 0, rowMaxCount * 1.05);
                if (layer.BinEdges[^1] < rowHigh / 100)
                {
                    // Too narrow to see on the row's axis: say where the outputs are.
                    var note = plot.Add.Text(string.Create(CultureInfo.InvariantCulture, $"99 % of outputs\nbelow {FigureKit.Decimal(layer.BinEdges[^1])}:\ntoo small to see\nat this scale"), rowHigh * 0.5, rowMaxCount * 0.6);
                    note.LabelAlignment = Alignment.MiddleCenter;
                    note.LabelFontSize = 13;
                }

                if (r == results.Length - 1)
                {
                    plot.XLabel("unit output");
                }

                if (k == 0)
                {
                    plot.YLabel($"count of {Word(activation)} outputs");
                }

                FigureKit.ReadableAt(plot, 900);
                plot.Axes.Title.Label.FontSize = 16;
                panels.Add(plot);
            }
        }

        return Figures.Grid(panels, results.Length, Layers);
    }

    private static Plot GradientPlot(Measurements measured)
    {
        var plot = new Plot();
        double[] layerNumbers = Enumerable.Range(1, Layers).Select(k => (double)k).ToArray();
        foreach (SetupResult result in measured.Results)
        {
            var line = plot.Add.Scatter(layerNumbers, FigureKit.Log10(result.Layers.Select(l => l.MeanAbsWeightGradient)));
            line.LegendText = $"{Word(result.Setup.Activation)}, {result.Setup.Init}";
            line.LineWidth = 2;
            line.LinePattern = result.Setup.Activation == Activation.Sigmoid ? LinePattern.Solid : LinePattern.Dashed;
        }

        plot.Title("Mean |∂L/∂w| per layer, six initialisations (L: a fixed random projection of the last layer)");
        plot.XLabel("layer (1 = next to the input)");
        plot.YLabel("mean |∂L/∂w| (log scale)");
        FigureKit.WholeNumberTicks(plot.Axes.Bottom, 1, Layers);
        FigureKit.Log10Ticks(plot.Axes.Left);
        FigureKit.ReadableAt(plot, 900);
        plot.ShowLegend();
        return plot;
    }

    private static string Word(Activation activation) => ActivationNames.NameOf(activation);

    private static double StandardDeviation(ReadOnlySpan<double> values)
    {
        double mean = 0;
        foreach (double v in values)
        {
            mean += v / values.Length;
        }

        double variance = 0;
        foreach (double v in values)
        {
            variance += (v - mean) * (v - mean) / values.Length;
        }

        return Math.Sqrt(variance);
    }

    private static double Percentile(double[] values, double fraction)
    {
        double[] sorted = [.. values];
        Array.Sort(sorted);
        return sorted[(int)Math.Round(fraction * (sorted.Length - 1))];
    }

    /// <summary>The 5-layer network of one activation, recorded once: its inputs, each layer's outputs, and each layer's weights.</summary>
    private sealed record Network(CompiledGraph Graph, int[] InputSlots, Value[][] Activations, int[][] WeightSlots, double[][] Normal)
    {
        public static Network Build(Activation activation, int seed)
        {
            var random = new Random(seed + 1);
            var x = Enumerable.Range(0, Units).Select(i => new Value(0, $"x{i}")).ToArray();
            var activations = new Value[Layers][];
            var weights = new List<Value>[Layers];
            IReadOnlyList<Value> previous = x;
            for (int k = 0; k < Layers; k++)
            {
                weights[k] = [];
                activations[k] = new Value[Units];
                for (int j = 0; j < Units; j++)
                {
                    // Bias 0, as in the notes; the weights are set to Gaussian draws before each replay.
                    var neuron = new Neuron(Units, activation, 1.0, random);
                    weights[k].AddRange(neuron.Parameters.Take(Units));
                    activations[k][j] = neuron.Forward(previous);
                }

                previous = activations[k];
            }

            // Backward from a fixed random projection of the last layer, the same for every set-up, so
            // only what happens inside the network differs.
            var projectionRandom = new Random(seed + 2);
            Value output = Value.Dot(activations[^1], Enumerable.Range(0, Units).Select(_ => new Value(Gaussian.Next(projectionRandom))).ToArray());
            CompiledGraph graph = CompiledGraph.Compile(output);
            double[][] normal = weights.Select(w => w.Select(_ => Gaussian.Next(random)).ToArray()).ToArray();
            return new Network(graph, x.Select(graph.LeafIndex).ToArray(), activations, weights.Select(w => w.Select(graph.LeafIndex).ToArray()).ToArray(), normal);
        }
    }

    /// <summary>An activation and the standard deviation of its Gaussian weights.</summary>
    public sealed record Setup(Activation Activation, string Init, double WeightStd);

    /// <summary>What one layer did over every input.</summary>
    /// <param name="Layer">1 to 5.</param>
    /// <param name="Mean">The mean activation.</param>
    /// <param name="Std">The standard deviation of the activations (over units and inputs).</param>
    /// <param name="SaturatedShare">The share within <see cref="SaturationMargin"/> of 0 or 1.</param>
    /// <param name="UnitSpread">How different the units of one input are: the std over units, averaged over inputs.</param>
    /// <param name="ZeroShare">The share that is exactly 0 (ReLU off).</param>
    /// <param name="MeanLocalDerivative">The mean of the activation's own derivative at the unit: σ′ = a(1 − a) for sigmoid (at most 1/4), 1 or 0 for ReLU.</param>
    /// <param name="MeanAbsWeightGradient">Mean |∂L/∂w| over the layer's weights and the inputs.</param>
    /// <param name="BinEdges">The histogram's 31 bin edges.</param>
    /// <param name="Counts">The histogram's 30 counts.</param>
    public sealed record LayerResult(int Layer, double Mean, double Std, double SaturatedShare, double UnitSpread, double ZeroShare, double MeanLocalDerivative, double MeanAbsWeightGradient, double[] BinEdges, int[] Counts);

    /// <summary>One set-up's five layers.</summary>
    public sealed record SetupResult(Setup Setup, IReadOnlyList<LayerResult> Layers)
    {
        /// <summary>The saturated share over all five layers.</summary>
        public double SaturatedShare => Layers.Average(l => l.SaturatedShare);

        /// <summary>The mean local derivative over all five layers.</summary>
        public double MeanLocalDerivative => Layers.Average(l => l.MeanLocalDerivative);

        /// <summary>Layer 1's mean |∂L/∂w| over layer 5's: far below 1, the gradient vanishes on its way back.</summary>
        public double GradientRatio => Layers[0].MeanAbsWeightGradient / Layers[^1].MeanAbsWeightGradient;

        /// <summary>The last layer's activation std over the first's: below 1, the signal fades with depth.</summary>
        public double StdRatio => Layers[^1].Std / Layers[0].Std;
    }

    /// <summary>Every set-up's result.</summary>
    public sealed record Measurements(IReadOnlyList<SetupResult> Results)
    {
        /// <summary>The result of one set-up.</summary>
        public SetupResult Find(Activation activation, string init) => Results.Single(r => r.Setup.Activation == activation && r.Setup.Init == init);
    }
}
