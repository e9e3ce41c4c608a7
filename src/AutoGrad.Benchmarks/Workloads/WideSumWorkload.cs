using AutoGrad.Compilation;

namespace AutoGrad.Benchmarks.Workloads;

/// <summary>
/// W3 w3-wide-sum: s = Σ xᵢ·yᵢ over N = 100,000 pairs with xᵢ = ((i mod 7) − 3)·0.25 and
/// yᵢ = ((i mod 11) − 5)·0.125, as a left fold of binary adds (N deep); the variant
/// w3t-wide-sum-tree reduces the products pairwise, level by level (about 18 deep).
/// </summary>
internal static class WideSumWorkload
{
    public const string FoldName = "w3-wide-sum";
    public const string TreeName = "w3t-wide-sum-tree";

    public const string ExpectedChecks = "expected s = -0.40625, dL/dx_i = y_i and dL/dy_i = x_i exactly";

    public static double X(int i) => ((i % 7) - 3) * 0.25;

    public static double Y(int i) => ((i % 11) - 5) * 0.125;

    /// <summary>The sum recorded once and replayed.</summary>
    public static CompiledRun Compiled(int n, bool tree, ReplayMode? mode = null)
    {
        var dynamic = new Dynamic(n, tree);
        Value output = dynamic.Build();
        return new CompiledRun(tree ? TreeName : FoldName, 2L * n - 1, output, graph =>
        {
            bool exact = Enumerable.Range(0, n).All(i =>
                graph.LeafGradients[graph.LeafIndex(dynamic.X[i])] == Y(i) && graph.LeafGradients[graph.LeafIndex(dynamic.Y[i])] == X(i));
            return $"{(tree ? TreeName : FoldName)} {CompileTime.ImplementationName(mode ?? ReplayMode.Generated)} N={n}: s = {graph.Output:R}, gradients exact: {exact}";
        }, mode);
    }

    /// <summary>The dynamic graph, rebuilt every repetition.</summary>
    public sealed class Dynamic(int n, bool tree) : IWorkloadRun
    {
        private readonly Value[] _x = Enumerable.Range(0, n).Select(i => new Value(X(i))).ToArray();
        private readonly Value[] _y = Enumerable.Range(0, n).Select(i => new Value(Y(i))).ToArray();
        private readonly Value[] _level = new Value[n];
        private Value? _output;

        public IReadOnlyList<Value> X => _x;

        public IReadOnlyList<Value> Y => _y;

        public string Workload => tree ? TreeName : FoldName;

        public string Implementation => "autograd-dynamic";

        public long OpNodes => 2L * n - 1;

        public long Nodes => 4L * n - 1;

        public void Step()
        {
            for (int i = 0; i < n; i++)
            {
                _x[i].Grad = 0;
                _y[i].Grad = 0;
            }

            _output = Build();
            _output.Backward();
        }

        public IEnumerable<string> Checks()
        {
            bool exact = Enumerable.Range(0, n).All(i => _x[i].Grad == Y(i) && _y[i].Grad == X(i));
            yield return $"{Workload} {Implementation} N={n}: s = {_output?.Data:R}, gradients exact: {exact}";
        }

        public Value Build() => tree ? BuildTree() : BuildFold();

        private Value BuildFold()
        {
            Value s = _x[0] * _y[0];
            for (int i = 1; i < n; i++)
            {
                s += _x[i] * _y[i];
            }

            return s;
        }

        private Value BuildTree()
        {
            for (int i = 0; i < n; i++)
            {
                _level[i] = _x[i] * _y[i];
            }

            // Pairwise, level by level; an odd last element goes up unchanged.
            for (int count = n; count > 1; count = (count + 1) / 2)
            {
                for (int i = 0; i < count / 2; i++)
                {
                    _level[i] = _level[2 * i] + _level[2 * i + 1];
                }

                if (count % 2 == 1)
                {
                    _level[count / 2] = _level[count - 1];
                }
            }

            return _level[0];
        }
    }

    /// <summary>The reference: forward products and sums, then each gradient by hand, on double[].</summary>
    public sealed class Handwritten(int n, bool tree) : IWorkloadRun
    {
        private readonly double[] _x = Enumerable.Range(0, n).Select(X).ToArray();
        private readonly double[] _y = Enumerable.Range(0, n).Select(Y).ToArray();
        private readonly double[] _gx = new double[n];
        private readonly double[] _gy = new double[n];
        private readonly double[] _level = new double[n];
        private double _output;

        public string Workload => tree ? TreeName : FoldName;

        public string Implementation => "handwritten-cs";

        public long OpNodes => 2L * n - 1;

        public long Nodes => 4L * n - 1;

        public void Step()
        {
            double[] p = _level;
            for (int i = 0; i < n; i++)
            {
                p[i] = _x[i] * _y[i];
            }

            if (tree)
            {
                for (int count = n; count > 1; count = (count + 1) / 2)
                {
                    for (int i = 0; i < count / 2; i++)
                    {
                        p[i] = p[2 * i] + p[2 * i + 1];
                    }

                    if (count % 2 == 1)
                    {
                        p[count / 2] = p[count - 1];
                    }
                }

                _output = p[0];
            }
            else
            {
                double s = p[0];
                for (int i = 1; i < n; i++)
                {
                    s += p[i];
                }

                _output = s;
            }

            // Every add passes the seed 1 through unchanged, so ∂s/∂pᵢ = 1 for both shapes.
            for (int i = 0; i < n; i++)
            {
                _gx[i] = _y[i];
                _gy[i] = _x[i];
            }
        }

        public IEnumerable<string> Checks()
        {
            bool exact = Enumerable.Range(0, n).All(i => _gx[i] == Y(i) && _gy[i] == X(i));
            yield return $"{Workload} {Implementation} N={n}: s = {_output:R}, gradients exact: {exact}";
        }
    }
}
