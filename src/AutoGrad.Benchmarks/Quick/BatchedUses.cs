using System.Diagnostics;
using System.Globalization;
using AutoGrad.Checking;
using AutoGrad.Compilation;
using AutoGrad.Data;
using AutoGrad.Expressions;
using AutoGrad.Nn;
using AutoGrad.Training;

namespace AutoGrad.Benchmarks.Quick;

/// <summary>
/// <c>--uses [rounds]</c>: each place that evaluates one graph at many points, before (one point per
/// replay, or a graph built per point, as the code did before it used <see cref="BatchedReplay"/>) and
/// after (the code as it is, through the batched replay), on fixed inputs, taking turns round by round
/// in one process so a busy machine weighs on both alike. Reports the median wall time of each and
/// the ratio before/after, and refuses to time a pair whose numbers differ (bit for bit).
/// </summary>
/// <remarks>
/// The uses: <c>predict</c>/<c>eval</c> (a digits classifier scoring all 1,797 rows:
/// <see cref="TrainedModel.Scores"/>), <c>check</c> of a formula at 200 points
/// (<see cref="BatchedGradCheck"/> against <see cref="GradCheck.Check"/> per point, each after finding
/// where f is finite), and the <c>search</c> experiment's evaluation (a trial's accuracy on the 359
/// validation digits), and two sweeps of the experiments: accuracy-as-loss's one weight swept over 2,001
/// values (the mean loss and 100 scores of a moons network at each), and init's five sigmoid layers of
/// 100 units at 200 inputs (every activation and the gradient of every weight, 50,000 a point). Re-run it after the batched replay's engine changes: the "after" column follows it.
/// </remarks>
internal static class BatchedUses
{
    private const string Formula = "log(1 + x^2) * tanh(y) + sqrt(1 + z^2) * sin(x * z)";
    private const int CheckPoints = 200;

    public static int Run(int rounds, TextWriter output)
    {
        Dataset digits = Datasets.Digits();
        var trainer = new Trainer(digits, new TrainingOptions { HiddenLayers = [32], Steps = 100, BatchSize = 32, Optimizer = OptimizerKind.Adam, Standardize = true, Seed = 0 });
        trainer.Run();
        Classifier classifier = trainer.ToClassifier();
        double[][] rows = [.. digits.Features];

        // The search experiment's evaluation: a trial's network (MLP(64, [32, 10]), 300 SGD steps) on its validation part.
        DatasetSplit split = DatasetSplit.Create(digits, 0.6, 0.2, 0.2, 0);
        var trial = new Trainer(split.Train, new TrainingOptions { HiddenLayers = [32], Initialization = AutoGrad.Nn.Initialization.He, Optimizer = OptimizerKind.Sgd, LearningRate = 0.1, L2 = 1e-4, Steps = 300, BatchSize = 32, Standardize = true, Seed = 0 });
        trial.Run();
        Classifier searched = trial.ToClassifier();
        double[][] validation = [.. split.Validation.Features];

        Expression expression = Expression.Parse(Formula);
        Func<IReadOnlyList<Value>, Value> function = leaves => expression.Build(leaves);
        int variables = expression.Variables.Count;
        var sweep = new Sweep();
        var layers = new Layers();

        (string Name, string Points, Func<double[]> Before, Func<double[]> After)[] uses =
        [
            ("predict / eval: digits classifier " + classifier.Model, $"{rows.Length} rows", () => ScoresRowByRow(classifier, rows), () => Flat(classifier.Scores(rows))),
            ($"check \"{Formula}\"", $"{CheckPoints} points", () => CheckPointByPoint(function, variables), () => CheckBatched(function, variables)),
            ("search: a trial's validation accuracy " + searched.Model, $"{validation.Length} rows", () => ScoresRowByRow(searched, validation), () => Flat(searched.Scores(validation))),
            ("accuracy-as-loss: one weight swept, loss and 100 scores", $"{Sweep.Points} points", sweep.OneByOne, sweep.Batched),
            ("init: 5 sigmoid layers of 100, activations and weight gradients", $"{Layers.Inputs} inputs", layers.OneByOne, layers.Batched),
        ];

        foreach (var use in uses)
        {
            double[] before = use.Before(), after = use.After();
            if (!before.Select(BitConverter.DoubleToInt64Bits).SequenceEqual(after.Select(BitConverter.DoubleToInt64Bits)))
            {
                output.WriteLine($"# {use.Name}: the batched numbers differ from the point-by-point ones; not timed.");
                return 1;
            }
        }

        var times = uses.Select(_ => (Before: new List<double>(), After: new List<double>())).ToArray();
        for (int round = -2; round < rounds; round++) // two rounds of warm-up
        {
            for (int u = 0; u < uses.Length; u++)
            {
                double before = Milliseconds(uses[u].Before), after = Milliseconds(uses[u].After);
                if (round >= 0)
                {
                    times[u].Before.Add(before);
                    times[u].After.Add(after);
                }
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# batched replay's uses, {rounds} rounds, {Environment.ProcessorCount} cores, .NET {Environment.Version}; every pair checked bit for bit before timing"));
        output.WriteLine("| use | points | before: one point per replay (ms, median) | after: BatchedReplay (ms, median) | before / after |");
        output.WriteLine("| --- | --- | ---: | ---: | ---: |");
        for (int u = 0; u < uses.Length; u++)
        {
            double before = Timing.Median(times[u].Before), after = Timing.Median(times[u].After);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {uses[u].Name} | {uses[u].Points} | {before:F2} | {after:F2} | {before / after:F2}× |"));
        }

        return 0;
    }

    private static double Milliseconds(Func<double[]> work)
    {
        long start = Stopwatch.GetTimestamp();
        _ = work();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static double[] Flat(double[][] rows) => [.. rows.SelectMany(row => row)];

    /// <summary>Scores as <see cref="TrainedModel.Scores"/> made them before: the network recorded once, replayed one row at a time.</summary>
    private static double[] ScoresRowByRow(TrainedModel model, double[][] rows)
    {
        model.Model.Training = false;
        Value[] inputs = [.. Enumerable.Range(0, model.FeatureCount).Select(_ => new Value(0))];
        Value[] outputs = model.Model.Forward(inputs);
        var graph = CompiledGraph.Compile(outputs.Length == 1 ? outputs[0] : Value.Sum(outputs));
        int[] slots = [.. inputs.Select(graph.LeafIndex)];
        var scores = new double[rows.Length * outputs.Length];
        for (int r = 0; r < rows.Length; r++)
        {
            double[] features = model.Standardizer?.Transform(rows[r]) ?? rows[r];
            for (int f = 0; f < slots.Length; f++)
            {
                graph.LeafValues[slots[f]] = features[f];
            }

            graph.Forward();
            for (int k = 0; k < outputs.Length; k++)
            {
                scores[(r * outputs.Length) + k] = graph.ValueOf(outputs[k]);
            }
        }

        return scores;
    }

    /// <summary>The points <c>check</c> draws (seed 0, [−5, 5]), as it drew them, with every coordinate.</summary>
    private static double[] Drawn(int variables, int count)
    {
        var random = new Random(0);
        return [.. Enumerable.Range(0, count * variables).Select(_ => 5 * (2 * random.NextDouble() - 1))];
    }

    /// <summary><c>check</c> as it was: at each point a fresh graph for f and its gradient (is it finite?), then GradCheck.Check (2n + 1 more graphs).</summary>
    private static double[] CheckPointByPoint(Func<IReadOnlyList<Value>, Value> function, int variables)
    {
        double[] drawn = Drawn(variables, CheckPoints);
        var numbers = new List<double>();
        for (int p = 0; p < CheckPoints; p++)
        {
            double[] point = drawn.AsSpan(p * variables, variables).ToArray();
            Value[] leaves = [.. point.Select(x => new Value(x))];
            Value f = function(leaves);
            if (!double.IsFinite(f.Data) || !Value.Gradients(f, leaves).All(g => double.IsFinite(g.Data)))
            {
                continue;
            }

            Numbers(GradCheck.Check(function, point), numbers);
        }

        return [.. numbers];
    }

    /// <summary><c>check</c> as it is: f recorded once, where it is finite and every report found through the batched replay.</summary>
    private static double[] CheckBatched(Func<IReadOnlyList<Value>, Value> function, int variables)
    {
        double[] drawn = Drawn(variables, CheckPoints);
        BatchedGradCheck checker = BatchedGradCheck.TryCreate(function, drawn.AsSpan(0, variables).ToArray())
            ?? throw new InvalidOperationException($"'{Formula}' cannot be replayed.");
        bool[] finite = checker.FiniteWithGradient(drawn);
        List<double[]> points = [.. Enumerable.Range(0, CheckPoints).Where(p => finite[p]).Select(p => drawn.AsSpan(p * variables, variables).ToArray())];
        var numbers = new List<double>();
        foreach (GradCheckReport report in checker.Check(points))
        {
            Numbers(report, numbers);
        }

        return [.. numbers];
    }

    private static void Numbers(GradCheckReport report, List<double> numbers)
    {
        numbers.Add(report.Output);
        foreach (GradCheckEntry entry in report.Entries)
        {
            numbers.AddRange([entry.Analytic, entry.Numerical, entry.Allowed, (double)entry.Outcome]);
        }
    }

    /// <summary>accuracy-as-loss's sweep: a moons network's mean binary cross-entropy and scores, recorded once, at 2,001 values of one weight.</summary>
    private sealed class Sweep
    {
        public const int Points = 2001;
        private readonly CompiledGraph _graph;
        private readonly Value[] _outputs;
        private readonly Value _weight;
        private readonly double[] _weights;

        public Sweep()
        {
            Dataset data = Datasets.Moons(100, 0.1, 0);
            var model = new Mlp(2, [8, 8, 1], new MlpOptions { Seed = 0 });
            Value[] scores = [.. data.Features.Select(x => model.Forward(x)[0])];
            Value loss = Value.Sum([.. scores.Select((score, i) => Losses.BinaryCrossEntropyWithLogits(score, data.Labels[i]))]) / data.Count;
            _graph = CompiledGraph.Compile(loss);
            _outputs = [loss, .. scores];
            _weight = model.Parameters[0];
            _weights = [.. Enumerable.Range(0, Points).Select(k => _weight.Data - 3 + (6.0 * k / (Points - 1)))];
        }

        public double[] OneByOne()
        {
            int slot = _graph.LeafIndex(_weight);
            double trained = _graph.LeafValues[slot];
            var values = new double[Points * _outputs.Length];
            for (int k = 0; k < Points; k++)
            {
                _graph.LeafValues[slot] = _weights[k];
                _graph.Forward();
                for (int o = 0; o < _outputs.Length; o++)
                {
                    values[(k * _outputs.Length) + o] = _graph.ValueOf(_outputs[o]);
                }
            }

            _graph.LeafValues[slot] = trained;
            return values;
        }

        public double[] Batched()
        {
            var values = new double[Points * _outputs.Length];
            _graph.Batch([_weight], _outputs).Forward(_weights, values);
            return values;
        }
    }

    /// <summary>init's network: five sigmoid layers of 100 units, recorded once, each input's activations and weight gradients.</summary>
    private sealed class Layers
    {
        public const int Inputs = 200;
        private readonly CompiledGraph _graph;
        private readonly Value[] _x;
        private readonly Value[] _activations;
        private readonly Value[] _weights;
        private readonly double[] _inputs;

        public Layers()
        {
            var random = new Random(1);
            _x = [.. Enumerable.Range(0, 100).Select(i => new Value(0, $"x{i}"))];
            var activations = new List<Value>();
            var weights = new List<Value>();
            IReadOnlyList<Value> previous = _x;
            for (int k = 0; k < 5; k++)
            {
                var layer = new Value[100];
                for (int j = 0; j < layer.Length; j++)
                {
                    var neuron = new Neuron(100, Activation.Sigmoid, 1.0, random);
                    weights.AddRange(neuron.Parameters.Take(100));
                    layer[j] = neuron.Forward(previous);
                }

                activations.AddRange(layer);
                previous = layer;
            }

            _graph = CompiledGraph.Compile(Value.Sum(previous));
            _activations = [.. activations];
            _weights = [.. weights];
            _inputs = [.. Enumerable.Range(0, Inputs * 100).Select(_ => (2 * random.NextDouble()) - 1)];
        }

        public double[] OneByOne()
        {
            int[] inputSlots = [.. _x.Select(_graph.LeafIndex)];
            int[] weightSlots = [.. _weights.Select(_graph.LeafIndex)];
            var values = new double[Inputs * (_activations.Length + _weights.Length)];
            int at = 0;
            for (int e = 0; e < Inputs; e++)
            {
                for (int i = 0; i < inputSlots.Length; i++)
                {
                    _graph.LeafValues[inputSlots[i]] = _inputs[(e * 100) + i];
                }

                _graph.Forward();
                _graph.Backward();
                foreach (Value a in _activations)
                {
                    values[at++] = _graph.ValueOf(a);
                }

                foreach (int slot in weightSlots)
                {
                    values[at++] = _graph.LeafGradients[slot];
                }
            }

            return values;
        }

        public double[] Batched()
        {
            // As InitExperiment does it: 16 inputs per call (each brings 50,000 gradients).
            const int block = 16;
            BatchedReplay batch = _graph.Batch(_x, _activations, _weights);
            var outputs = new double[block * _activations.Length];
            var gradients = new double[block * _weights.Length];
            var values = new double[Inputs * (_activations.Length + _weights.Length)];
            int at = 0;
            for (int first = 0; first < Inputs; first += block)
            {
                int count = Math.Min(block, Inputs - first);
                batch.Evaluate(_inputs.AsSpan(first * 100, count * 100), outputs.AsSpan(0, count * _activations.Length), gradients.AsSpan(0, count * _weights.Length));
                for (int e = 0; e < count; e++)
                {
                    outputs.AsSpan(e * _activations.Length, _activations.Length).CopyTo(values.AsSpan(at));
                    at += _activations.Length;
                    gradients.AsSpan(e * _weights.Length, _weights.Length).CopyTo(values.AsSpan(at));
                    at += _weights.Length;
                }
            }

            return values;
        }
    }
}
