using System.Globalization;
using AutoGrad.Data;
using AutoGrad.Nn;
using AutoGrad.Optim;
using ScottPlot;

namespace AutoGrad.Cli.Experiments;

/// <summary>
/// Why weights start random (the notes: "with equal initial weights, backpropagation updates every
/// weight the same way"): hidden units that start with the same weights get the same gradient at every
/// step and stay identical through training, so a layer of them is one unit; random initial weights
/// break the symmetry. Measured on a network written out with <see cref="Value"/>s, trained with <see cref="Sgd"/>.
/// </summary>
internal sealed class SymmetryExperiment : IExperiment
{
    /// <summary>Hidden tanh units of the network 2 → <see cref="HiddenUnits"/> → 1.</summary>
    public const int HiddenUnits = 4;

    /// <summary>The SGD learning rate.</summary>
    public const double LearningRate = 0.5;

    public string Name => "symmetry";

    public string Claim =>
        "Hidden units started with equal weights get the same gradient and stay identical through training, so they act as one unit, " +
        "while random initial weights break the symmetry.";

    public ExperimentResult Run(ExperimentOptions options, IProgress<ExperimentStatus> progress) => Present(Measure(options, progress));

    /// <summary>The figures, the numbers and the one-line result of a measurement.</summary>
    public static ExperimentResult Present(Measurements measured)
    {
        var weights = new CsvTable("start", "step", "unit", "w_x1", "w_x2", "bias", "w_out");
        var loss = new CsvTable("start", "step", "loss", "accuracy", "largest_unit_difference", "largest_gradient_difference");
        foreach (Training run in measured.Runs)
        {
            foreach (Snapshot s in run.Snapshots)
            {
                for (int u = 0; u < HiddenUnits; u++)
                {
                    weights.Add(run.Start, s.Step, u + 1, s.Units[u][0], s.Units[u][1], s.Units[u][2], s.Units[u][3]);
                }

                loss.Add(run.Start, s.Step, s.Loss, s.Accuracy, s.LargestUnitDifference, s.LargestGradientDifference);
            }
        }

        Training equal = measured.Equal, random = measured.Random;
        return new ExperimentResult(
            string.Create(CultureInfo.InvariantCulture, $"symmetry: started equal, the {HiddenUnits} hidden units differ by at most {equal.LargestUnitDifference:G3} (gradients by {equal.LargestGradientDifference:G3}) over {equal.Snapshots[^1].Step} steps and reach {equal.Snapshots[^1].Accuracy:P0} accuracy; ") +
            string.Create(CultureInfo.InvariantCulture, $"started random, their parameters end as much as {random.Snapshots[^1].LargestUnitDifference:F2} apart and reach {random.Snapshots[^1].Accuracy:P0}."),
            [
                ExperimentFile.Png("weights.png", WeightsFigure(measured), 1000, 560),
                weights.ToFile("weights.csv"),
                loss.ToFile("training.csv"),
            ]);
    }

    /// <summary>Measures the claim at the size and seed of <paramref name="options"/>.</summary>
    public static Measurements Measure(ExperimentOptions options, IProgress<ExperimentStatus> progress)
    {
        Dataset data = Datasets.Xor(options.Size(200, 100), options.Seed);
        int steps = options.Size(600, 300);

        // One random draw; the equal start copies unit 1's weights (in and out) to every unit.
        var random = new Random(options.Seed);
        double[][] drawn = Enumerable.Range(0, HiddenUnits)
            .Select(_ => new[] { Gaussian.Next(random) / Math.Sqrt(2), Gaussian.Next(random) / Math.Sqrt(2), 0, Gaussian.Next(random) / Math.Sqrt(HiddenUnits) })
            .ToArray();
        double[][] equal = Enumerable.Range(0, HiddenUnits).Select(_ => (double[])drawn[0].Clone()).ToArray();

        progress.Report(new ExperimentStatus("equal initial weights", 0));
        Training equalRun = Train("equal", equal, data, steps);
        progress.Report(new ExperimentStatus("random initial weights", 0.5));
        Training randomRun = Train("random", drawn, data, steps);
        return new Measurements([equalRun, randomRun]);
    }

    /// <summary>
    /// Trains 2 → tanh units → 1 (a logit, binary cross-entropy) with full-batch SGD from the given
    /// units (each: weight from x₁, from x₂, bias, outgoing weight), recording every unit each step.
    /// </summary>
    private static Training Train(string start, double[][] initial, Dataset data, int steps)
    {
        Value[][] units = initial.Select((u, j) => u.Select((w, i) => new Value(w, $"u{j + 1}.{i}")).ToArray()).ToArray();
        var outputBias = new Value(0, "c");
        Value[] parameters = [.. units.SelectMany(u => u), outputBias];
        var optimizer = new Sgd(parameters, LearningRate);
        var snapshots = new List<Snapshot>();
        for (int step = 0; step <= steps; step++)
        {
            optimizer.ZeroGrad();
            var losses = new Value[data.Count];
            int right = 0;
            for (int n = 0; n < data.Count; n++)
            {
                Value x1 = new(data.Features[n][0]), x2 = new(data.Features[n][1]);
                Value logit = outputBias + Value.Sum(units.Select(u => u[3] * (u[0] * x1 + u[1] * x2 + u[2]).Tanh()).ToArray());
                losses[n] = Losses.BinaryCrossEntropyWithLogits(logit, data.Labels[n]);
                right += (logit.Data > 0 ? 1 : 0) == data.Labels[n] ? 1 : 0;
            }

            Value loss = Value.Sum(losses) / data.Count;
            loss.Backward();
            snapshots.Add(new Snapshot(
                step,
                units.Select(u => u.Select(w => w.Data).ToArray()).ToArray(),
                loss.Data,
                (double)right / data.Count,
                Largest(units, w => w.Data),
                Largest(units, w => w.Grad)));
            if (step < steps)
            {
                optimizer.Step();
            }
        }

        return new Training(start, snapshots);
    }

    /// <summary>The largest difference of a unit's parameter from unit 1's, over every unit and parameter.</summary>
    private static double Largest(Value[][] units, Func<Value, double> of) =>
        units.Skip(1).SelectMany(u => u.Select((w, i) => Math.Abs(of(w) - of(units[0][i])))).DefaultIfEmpty(0).Max();

    private static Multiplot WeightsFigure(Measurements measured)
    {
        var panels = new List<Plot>();
        foreach (Training run in measured.Runs)
        {
            var plot = new Plot();
            double[] steps = run.Snapshots.Select(s => (double)s.Step).ToArray();
            Color[] colors = [Colors.SteelBlue, Colors.DarkOrange];
            string[] names = ["from x₁", "from x₂"];
            for (int i = 0; i < 2; i++)
            {
                var first = Figures.Line(plot, steps, run.Snapshots.Select(s => s.Units[0][i]).ToArray(), $"unit 1, weight {names[i]}", 5);
                first.Color = colors[i].WithAlpha(0.45);
                var second = Figures.Line(plot, steps, run.Snapshots.Select(s => s.Units[1][i]).ToArray(), $"unit 2, weight {names[i]}", 2);
                second.Color = colors[i];
                second.LinePattern = LinePattern.Dashed;
            }

            plot.Title(run.Start == "equal"
                ? string.Create(CultureInfo.InvariantCulture, $"started equal: unit 2 on unit 1 (apart by {run.LargestUnitDifference:G2})")
                : string.Create(CultureInfo.InvariantCulture, $"started random: the units part"));
            plot.XLabel("SGD step");
            plot.YLabel("incoming weight");
            plot.ShowLegend(Edge.Bottom);
            panels.Add(plot);
        }

        return Figures.Grid(panels, 1, 2);
    }

    /// <summary>Every unit's parameters (from x₁, from x₂, bias, outgoing) at one step, with the loss and accuracy there.</summary>
    public sealed record Snapshot(int Step, double[][] Units, double Loss, double Accuracy, double LargestUnitDifference, double LargestGradientDifference);

    /// <summary>One training run from one kind of start.</summary>
    public sealed record Training(string Start, IReadOnlyList<Snapshot> Snapshots)
    {
        /// <summary>The largest difference between two units' parameters at any step.</summary>
        public double LargestUnitDifference => Snapshots.Max(s => s.LargestUnitDifference);

        /// <summary>The largest difference between two units' gradients at any step.</summary>
        public double LargestGradientDifference => Snapshots.Max(s => s.LargestGradientDifference);
    }

    /// <summary>The equal start and the random one.</summary>
    public sealed record Measurements(IReadOnlyList<Training> Runs)
    {
        /// <summary>The run whose units started equal.</summary>
        public Training Equal => Runs[0];

        /// <summary>The run whose units started random.</summary>
        public Training Random => Runs[1];
    }
}
