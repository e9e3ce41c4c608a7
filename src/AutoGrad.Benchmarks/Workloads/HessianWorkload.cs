using System.Globalization;

namespace AutoGrad.Benchmarks.Workloads;

/// <summary>
/// H1 (ours, not in the shared workloads): the full Hessian of the n-variable Rosenbrock function
/// f(x) = Σᵢ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)², i = 0..n−2, at xᵢ = 1 + 0.1((i mod 5) − 2). One step
/// computes all n² entries. The hand-written reference fills the tridiagonal textbook formula:
/// Hᵢᵢ = 1200xᵢ² − 400xᵢ₊₁ + 2 (i &lt; n−1) + 200 (i &gt; 0), Hᵢ,ᵢ₊₁ = Hᵢ₊₁,ᵢ = −400xᵢ.
/// </summary>
internal static class HessianWorkload
{
    public const string Name = "h1-rosenbrock-hessian";

    public static double[] Point(int n) => Enumerable.Range(0, n).Select(i => 1 + 0.1 * ((i % 5) - 2)).ToArray();

    public static Value Rosenbrock(IReadOnlyList<Value> x)
    {
        var terms = new Value[2 * (x.Count - 1)];
        for (int i = 0; i < x.Count - 1; i++)
        {
            terms[2 * i] = 100 * (x[i + 1] - x[i].Pow(2)).Pow(2);
            terms[(2 * i) + 1] = (1 - x[i]).Pow(2);
        }

        return Value.Sum(terms);
    }

    /// <summary>The textbook second derivatives, written out by hand.</summary>
    internal sealed class Handwritten(int n) : IWorkloadRun
    {
        private readonly double[] _x = Point(n);

        public double[,] Hessian { get; } = new double[n, n];

        public string Workload => Name;

        public string Implementation => "handwritten-cs";

        public long OpNodes => (long)n * n;

        public long Nodes => (long)n * n;

        public void Step()
        {
            Array.Clear(Hessian);
            for (int i = 0; i < n; i++)
            {
                double diagonal = i < n - 1 ? (1200 * _x[i] * _x[i]) - (400 * _x[i + 1]) + 2 : 0;
                Hessian[i, i] = diagonal + (i > 0 ? 200 : 0);
                if (i < n - 1)
                {
                    Hessian[i, i + 1] = Hessian[i + 1, i] = -400 * _x[i];
                }
            }
        }

        public IEnumerable<string> Checks()
        {
            Step();
            yield return string.Create(CultureInfo.InvariantCulture, $"{Name} handwritten-cs n={n}: H[0,0] = {Hessian[0, 0]:R}, H[0,1] = {Hessian[0, 1]:R}, H[n-1,n-1] = {Hessian[n - 1, n - 1]:R}");
        }
    }

    /// <summary><see cref="Derivatives.Hessian"/>: the gradient as a graph, then one backward pass per row.</summary>
    internal sealed class AutoGradHessian(int n) : IWorkloadRun
    {
        private readonly double[] _x = Point(n);
        private double[,] _hessian = new double[n, n];

        public string Workload => Name;

        public string Implementation => "autograd-hessian";

        public long OpNodes => (long)n * n;

        public long Nodes => (long)n * n;

        public void Step() => _hessian = Derivatives.Hessian(Rosenbrock, _x);

        public IEnumerable<string> Checks()
        {
            Step();
            var reference = new Handwritten(n);
            reference.Step();
            double worst = 0;
            bool symmetric = true;
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    worst = Math.Max(worst, Math.Abs(_hessian[i, j] - reference.Hessian[i, j]));
                    symmetric &= _hessian[i, j] == _hessian[j, i];
                }
            }

            yield return string.Create(CultureInfo.InvariantCulture, $"{Name} autograd-hessian n={n}: max |H − hand-written| = {worst:G3}, exactly symmetric: {symmetric}");
        }
    }
}
