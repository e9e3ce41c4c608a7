using AutoGrad.Nn;

namespace AutoGrad.Tests.Nn;

/// <summary>
/// The notes' matrix form of a layer, O = XW + b: a batch X of n examples with p features (n×p), the
/// weights W (p×d) of d neurons, the biases b (1×d, added to every row) give the outputs O (n×d).
/// AutoGrad's <see cref="Layer"/> works one example at a time; over a batch it computes exactly that.
/// </summary>
public sealed class LayerMatrixFormTests
{
    [Fact]
    public void LinearLayer_OverABatch_ComputesXWPlusB_AndItsWeightGradientIsXTransposedTimesTheOutputGradient()
    {
        const int n = 4, p = 3, d = 2;
        double[,] x = { { 1, 2, 3 }, { -1, 0.5, 2 }, { 0, 0, 1 }, { 4, -2, 0.25 } };
        var layer = new Layer(p, d, Activation.Linear, Initialization.Xavier, new Random(1));
        // Neuron j's parameters are its p weights, then its bias: W's column j and b's entry j.
        double[,] w = new double[p, d];
        double[] b = new double[d];
        for (int j = 0; j < d; j++)
        {
            for (int k = 0; k < p; k++)
            {
                w[k, j] = layer.Parameters[j * (p + 1) + k].Data;
            }

            layer.Parameters[j * (p + 1) + p].Data = b[j] = 0.1 * (j + 1); // a nonzero bias, so + b is seen
        }

        var outputs = new List<Value>();
        for (int i = 0; i < n; i++)
        {
            Value[] row = layer.Forward(Enumerable.Range(0, p).Select(k => new Value(x[i, k])).ToArray());
            Assert.Equal(d, row.Length); // one row of O: d outputs
            for (int j = 0; j < d; j++)
            {
                double xw = 0;
                for (int k = 0; k < p; k++)
                {
                    xw += x[i, k] * w[k, j];
                }

                Assert.Equal(xw + b[j], row[j].Data, 1e-14);
            }

            outputs.AddRange(row);
        }

        // L = Σ O: ∂L/∂O is all ones, so ∂L/∂W = Xᵀ·1 (each weight's gradient the column sum of X) and ∂L/∂b = n.
        Value.Sum(outputs).Backward();
        for (int j = 0; j < d; j++)
        {
            for (int k = 0; k < p; k++)
            {
                double columnSum = Enumerable.Range(0, n).Sum(i => x[i, k]);
                Assert.Equal(columnSum, layer.Parameters[j * (p + 1) + k].Grad, 1e-14);
            }

            Assert.Equal(n, layer.Parameters[j * (p + 1) + p].Grad);
        }
    }
}
