using AutoGrad.Cli.Experiments;
using AutoGrad.Nn;

namespace AutoGrad.Tests.Experiments;

public sealed class SoftmaxExperimentTests
{
    private static readonly Lazy<SoftmaxExperiment.Measurements> Measured = Quick.Softmax;

    [Fact]
    public void Naive_OverflowsToNaN_AtLogitsNear1000_TheStableOneDoesNot()
    {
        Assert.All(Measured.Value.NaiveLarge, p => Assert.True(double.IsNaN(p), $"naive gave {p}"));
        Assert.Equal([0.0900, 0.2447, 0.6652], Measured.Value.StableLarge.Select(p => Math.Round(p, 4)));
    }

    [Fact]
    public void Naive_FirstFails_WhereExpOverflows()
    {
        // exp(c + 2) overflows once c + 2 > ln(double.MaxValue) ≈ 709.78.
        Assert.InRange(Measured.Value.FirstNaiveFailure, 700, 710);
    }

    [Fact]
    public void TheNotesExample_GivesTheNotesRows()
    {
        IReadOnlyList<double[]> rows = Measured.Value.StableNotes;
        Assert.Equal([0.2447, 0.6652, 0.0900], rows[0].Select(p => Math.Round(p, 4)));
        Assert.Equal([0.0900, 0.2447, 0.6652], rows[1].Select(p => Math.Round(p, 4)));
        Assert.Equal(2.06e-9, rows[2][0], 2.06e-9 * 0.01);
        Assert.Equal(4.54e-5, rows[2][1], 4.54e-5 * 0.01);
        Assert.Equal(0.99995, rows[2][2], 1e-5);

        // Small logits: the naive formula agrees.
        Assert.All(Enumerable.Range(0, 3), r => Assert.Equal(rows[r], Measured.Value.NaiveNotes[r], (a, b) => Math.Abs(a - b) < 1e-15));
    }

    [Fact]
    public void ArgmaxOfTheLogits_IsArgmaxOfTheirSoftmax()
    {
        Assert.Equal(1000, Measured.Value.RandomRows);
        Assert.Equal(0, Measured.Value.ArgmaxMismatches);
    }

    [Fact]
    public void NaiveSoftmax_IsExpOverTheSumOfExp()
    {
        Value[] p = SoftmaxExperiment.NaiveSoftmax([new Value(0), new Value(Math.Log(3))]);
        Assert.Equal(0.25, p[0].Data, 15);
        Assert.Equal(0.75, p[1].Data, 15);
        Assert.Equal(Functions.Softmax([new Value(0), new Value(Math.Log(3))]).Select(v => v.Data), p.Select(v => v.Data), (a, b) => Math.Abs(a - b) < 1e-15);
    }
}
