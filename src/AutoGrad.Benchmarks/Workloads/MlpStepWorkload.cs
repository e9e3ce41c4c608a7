using System.Globalization;
using AutoGrad.Compilation;
using AutoGrad.Nn;
using AutoGrad.Optim;

namespace AutoGrad.Benchmarks.Workloads;

/// <summary>
/// W1 w1-mlp-step: one full-batch SGD step of micrograd's MLP(2, [16, 16, 1]) on the 100 moons points
/// of Data/moons100.csv from the parameters of Data/mlp_init.csv: hinge loss, L2 1e-4, and
/// lr_k = 1.0 − 0.9 (k mod 100) / 100. AutoGrad's network fuses each neuron into one Dot node.
/// </summary>
internal static class MlpStepWorkload
{
    public const string Name = "w1-mlp-step";

    /// <summary>micrograd's canonical count: 65,077 op nodes per step (65,818 with leaves).</summary>
    public const long CanonicalOpNodes = 65_077;

    public const string ExpectedChecks = "expected loss[k=0] = 2.2569359003161122, loss[k=24] = 0.11969553155342494 (relative 1e-13)";

    internal static readonly Lazy<(double[][] X, double[] Y)> Moons = new(() =>
    {
        string[] lines = File.ReadAllLines(DataPath("moons100.csv"));
        double[][] rows = lines.Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split(',').Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        return (rows.Select(r => new[] { r[0], r[1] }).ToArray(), rows.Select(r => r[2]).ToArray());
    });

    internal static readonly Lazy<double[]> InitialParameters = new(() =>
        File.ReadAllLines(DataPath("mlp_init.csv")).Skip(1).Where(l => l.Length > 0).Select(l => double.Parse(l, CultureInfo.InvariantCulture)).ToArray());

    /// <summary>micrograd's demo schedule; the mod keeps long runs well defined.</summary>
    public static double LearningRate(int step) => 1.0 - 0.9 * (step % 100) / 100;

    private static string DataPath(string file) => Path.Combine(AppContext.BaseDirectory, "Data", file);

    /// <summary>AutoGrad's MLP and loss: rebuilt every step (dynamic) or recorded once and replayed (compiled).</summary>
    public sealed class AutoGradStep : IWorkloadRun
    {
        private readonly Mlp _model = new(2, [16, 16, 1]);
        private readonly Value[][] _inputs;
        private readonly Sgd _optimizer;
        private readonly CompiledGraph? _compiled;
        private readonly double[] _losses = new double[25];
        private readonly CompileTime? _compileTime;

        /// <param name="compiled">Replay a recorded graph instead of rebuilding it each step.</param>
        /// <param name="mode">Generated code or the interpreter from the start; null, tiered (as a user gets it), timed once it runs generated code.</param>
        public AutoGradStep(bool compiled, ReplayMode? mode = null)
        {
            IReadOnlyList<Value> parameters = _model.Parameters;
            double[] initial = InitialParameters.Value;
            for (int i = 0; i < parameters.Count; i++)
            {
                parameters[i].Data = initial[i];
            }

            _inputs = Moons.Value.X.Select(x => x.Select(xi => new Value(xi)).ToArray()).ToArray();
            _optimizer = new Sgd(parameters, 1.0, (step, rate) => rate * LearningRate(step));
            Value loss = BuildLoss();
            Nodes = loss.TopologicalOrder().Count;
            if (compiled)
            {
                // One-time set-up, not timed: record, the first step, the switch to generated code
                // (tiered); then start again from the initial parameters.
                (_compiled, _compileTime) = CompileTime.Compile(loss, mode, graph => graph.Evaluate());
                for (int i = 0; i < parameters.Count; i++)
                {
                    parameters[i].Data = initial[i];
                    parameters[i].Grad = 0;
                }
            }
        }

        public string Workload => Name;

        public string Implementation => _compiled is null ? "autograd-dynamic" : CompileTime.ImplementationName(_compiled.Mode);

        public long OpNodes => CanonicalOpNodes;

        public long Nodes { get; }

        public void Step()
        {
            int k = _optimizer.StepCount;
            _optimizer.ZeroGrad();
            double loss;
            if (_compiled is null)
            {
                Value total = BuildLoss();
                total.Backward();
                loss = total.Data;
            }
            else
            {
                loss = _compiled.Evaluate();
            }

            if (k < _losses.Length)
            {
                _losses[k] = loss;
            }

            _optimizer.Step();
        }

        public IEnumerable<string> Checks()
        {
            yield return Invariant($"{Name} {Implementation}: loss[k=0] = {_losses[0]:R}, loss[k=24] = {_losses[24]:R}, {Nodes} nodes per step");
            if (_compileTime is not null)
            {
                yield return _compileTime.Describe(Name);
            }
        }

        public Value BuildLoss()
        {
            double[] y = Moons.Value.Y;
            var losses = new Value[_inputs.Length];
            for (int i = 0; i < _inputs.Length; i++)
            {
                Value score = _model.Forward(_inputs[i])[0];
                losses[i] = Losses.Hinge(score, y[i]);
            }

            Value dataLoss = Value.Sum(losses) * (1.0 / losses.Length);
            return dataLoss + Losses.L2Regularization(_model.Parameters, 1e-4);
        }
    }

    /// <summary>The reference: forward and backward of the same network on double[], in micrograd's operation order.</summary>
    public sealed class Handwritten : IWorkloadRun
    {
        private const int Hidden = 16;
        private readonly double[] _p = InitialParameters.Value.ToArray();
        private readonly double[] _grad = new double[337];
        private readonly double[][] _x = Moons.Value.X;
        private readonly double[] _y = Moons.Value.Y;
        private readonly double[] _h1 = new double[Hidden];
        private readonly double[] _h2 = new double[Hidden];
        private readonly double[] _dPre2 = new double[Hidden];
        private readonly double[] _losses = new double[25];
        private int _step;

        public string Workload => Name;

        public string Implementation => "handwritten-cs";

        public long OpNodes => CanonicalOpNodes;

        public long Nodes => 65_818;

        // Parameter layout, micrograd's order: neuron by neuron, weights then bias.
        private static int W1(int j, int k) => j * 3 + k;

        private static int B1(int j) => j * 3 + 2;

        private static int W2(int j, int k) => 48 + j * 17 + k;

        private static int B2(int j) => 48 + j * 17 + 16;

        private static int W3(int k) => 320 + k;

        private const int B3 = 336;

        public void Step()
        {
            double[] p = _p;
            double[] grad = _grad;
            Array.Clear(grad);
            double dataLoss = 0;
            for (int i = 0; i < _x.Length; i++)
            {
                double x0 = _x[i][0], x1 = _x[i][1];
                for (int j = 0; j < Hidden; j++)
                {
                    double act = p[B1(j)] + p[W1(j, 0)] * x0 + p[W1(j, 1)] * x1;
                    _h1[j] = act < 0 ? 0 : act;
                }

                for (int j = 0; j < Hidden; j++)
                {
                    double act = p[B2(j)];
                    for (int k = 0; k < Hidden; k++)
                    {
                        act += p[W2(j, k)] * _h1[k];
                    }

                    _h2[j] = act < 0 ? 0 : act;
                }

                double score = p[B3];
                for (int k = 0; k < Hidden; k++)
                {
                    score += p[W3(k)] * _h2[k];
                }

                double margin = 1 + -_y[i] * score;
                double loss = margin < 0 ? 0 : margin;
                dataLoss += loss;

                // Backward for this point: ∂total/∂loss = 1/100; relu passes it where its output is positive.
                double dMargin = loss > 0 ? 1.0 / 100 : 0;
                double dScore = dMargin * -_y[i];
                grad[B3] += dScore;
                for (int j = 0; j < Hidden; j++)
                {
                    grad[W3(j)] += dScore * _h2[j];
                    _dPre2[j] = _h2[j] > 0 ? dScore * p[W3(j)] : 0;
                }

                for (int j = 0; j < Hidden; j++)
                {
                    double d = _dPre2[j];
                    grad[B2(j)] += d;
                    for (int k = 0; k < Hidden; k++)
                    {
                        grad[W2(j, k)] += d * _h1[k];
                    }
                }

                for (int k = 0; k < Hidden; k++)
                {
                    if (_h1[k] <= 0)
                    {
                        continue;
                    }

                    double dH1 = 0;
                    for (int j = 0; j < Hidden; j++)
                    {
                        dH1 += _dPre2[j] * p[W2(j, k)];
                    }

                    grad[W1(k, 0)] += dH1 * x0;
                    grad[W1(k, 1)] += dH1 * x1;
                    grad[B1(k)] += dH1;
                }
            }

            double regularizer = 0;
            for (int q = 0; q < p.Length; q++)
            {
                regularizer += p[q] * p[q];
                grad[q] += 1e-4 * 2 * p[q];
            }

            double total = dataLoss * (1.0 / 100) + 1e-4 * regularizer;
            if (_step < _losses.Length)
            {
                _losses[_step] = total;
            }

            double rate = LearningRate(_step);
            for (int q = 0; q < p.Length; q++)
            {
                p[q] -= rate * grad[q];
            }

            _step++;
        }

        public IEnumerable<string> Checks()
        {
            yield return Invariant($"{Name} {Implementation}: loss[k=0] = {_losses[0]:R}, loss[k=24] = {_losses[24]:R}");
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
