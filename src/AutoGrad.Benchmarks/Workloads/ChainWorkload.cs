using AutoGrad.Compilation;

namespace AutoGrad.Benchmarks.Workloads;

/// <summary>
/// W2 w2-chain: N ops on a running value x, op j applying body[j mod 5] = [x·a, x+b, relu(x), x·c, x+d],
/// from x0 = 1, a = 0.5, b = 0.25, c = 0.5, d = 0.25; backward from the output with seed 1.
/// </summary>
internal static class ChainWorkload
{
    public const string Name = "w2-chain";

    public static readonly double[] LeafData = [1.0, 0.5, 0.25, 0.5, 0.25];

    /// <summary>Expected at N = 100,000: output 0.5, gradients of (x0, a, b, c, d).</summary>
    public const string ExpectedChecks = "expected output 0.5, grads [0, 0.3333333333333333, 0.6666666666666666, 0.6666666666666666, 1.3333333333333333]";

    /// <summary>The chain recorded once and replayed.</summary>
    public static CompiledRun Compiled(int n, ReplayMode? mode = null)
    {
        var dynamic = new Dynamic(n);
        Value output = dynamic.Build();
        return new CompiledRun(Name, n, output, graph =>
            $"{Name} {CompileTime.ImplementationName(mode ?? ReplayMode.Generated)} N={n}: output {graph.Output:R}, grads [{string.Join(", ", dynamic.Leaves.Select(l => graph.LeafGradients[graph.LeafIndex(l)].ToString("R")))}]", mode);
    }

    /// <summary>The dynamic graph, rebuilt every repetition.</summary>
    public sealed class Dynamic(int n) : IWorkloadRun
    {
        private readonly Value[] _leaves = LeafData.Select(x => new Value(x)).ToArray();

        public IReadOnlyList<Value> Leaves => _leaves;
        private Value? _output;

        public string Workload => Name;

        public string Implementation => "autograd-dynamic";

        public long OpNodes => n;

        public long Nodes => n + 5L;

        public Value Build()
        {
            Value x = _leaves[0];
            Value a = _leaves[1], b = _leaves[2], c = _leaves[3], d = _leaves[4];
            for (int j = 0; j < n; j++)
            {
                x = (j % 5) switch
                {
                    0 => x * a,
                    1 => x + b,
                    2 => x.Relu(),
                    3 => x * c,
                    _ => x + d,
                };
            }

            return x;
        }

        public void Step()
        {
            foreach (Value leaf in _leaves)
            {
                leaf.Grad = 0;
            }

            _output = Build();
            _output.Backward();
        }

        public IEnumerable<string> Checks()
        {
            yield return $"{Name} {Implementation} N={n}: output {_output?.Data:R}, grads [{string.Join(", ", _leaves.Select(l => l.Grad.ToString("R")))}]";
        }
    }

    /// <summary>The reference: a forward loop storing each intermediate, then a backward loop, on double[].</summary>
    public sealed class Handwritten(int n) : IWorkloadRun
    {
        private readonly double[] _values = new double[n + 1];
        private readonly double[] _grads = new double[5];
        private double _output;

        public string Workload => Name;

        public string Implementation => "handwritten-cs";

        public long OpNodes => n;

        public long Nodes => n + 5L;

        public void Step()
        {
            (double a, double b, double c, double d) = (LeafData[1], LeafData[2], LeafData[3], LeafData[4]);
            double[] v = _values;
            v[0] = LeafData[0];
            for (int j = 0; j < n; j++)
            {
                double x = v[j];
                v[j + 1] = (j % 5) switch
                {
                    0 => x * a,
                    1 => x + b,
                    2 => x > 0 ? x : 0,
                    3 => x * c,
                    _ => x + d,
                };
            }

            _output = v[n];
            double g = 1, ga = 0, gb = 0, gc = 0, gd = 0;
            for (int j = n - 1; j >= 0; j--)
            {
                switch (j % 5)
                {
                    case 0: ga += g * v[j]; g *= a; break;
                    case 1: gb += g; break;
                    case 2: g = v[j + 1] > 0 ? g : 0; break;
                    case 3: gc += g * v[j]; g *= c; break;
                    default: gd += g; break;
                }
            }

            (_grads[0], _grads[1], _grads[2], _grads[3], _grads[4]) = (g, ga, gb, gc, gd);
        }

        public IEnumerable<string> Checks()
        {
            yield return $"{Name} {Implementation} N={n}: output {_output:R}, grads [{string.Join(", ", _grads.Select(x => x.ToString("R")))}]";
        }
    }
}
