using AutoGrad.Checking;
using AutoGrad.Nn;

namespace AutoGrad.Tests.Nn;

public class LossesTests
{
    [Fact]
    public void SoftmaxCrossEntropy_GradientIsSoftmaxMinusOneHot()
    {
        Value[] logits = [new(1.5), new(-0.3), new(2.2)];

        Losses.SoftmaxCrossEntropy(logits, 1).Backward();

        double[] softmax = Functions.Softmax(logits).Select(p => p.Data).ToArray();
        double[] oneHot = Functions.OneHot(1, 3);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(softmax[i] - oneHot[i], logits[i].Grad, 1e-15);
        }
    }

    [Theory]
    [InlineData(0.7, 1)]
    [InlineData(-2.0, 0)]
    [InlineData(1000.0, 0)]
    [InlineData(-1000.0, 1)]
    public void BinaryCrossEntropyWithLogits_IsFinite_AndItsGradientIsSigmoidMinusTarget(double s, double t)
    {
        var logit = new Value(s);

        Value loss = Losses.BinaryCrossEntropyWithLogits(logit, t);
        loss.Backward();

        Assert.True(double.IsFinite(loss.Data));
        double sigmoid = 1 / (1 + Math.Exp(-s));
        Assert.Equal(sigmoid - t, logit.Grad, 1e-12);
        if (Math.Abs(s) < 30)
        {
            Assert.Equal(Losses.BinaryCrossEntropy(new Value(s).Sigmoid(), t).Data, loss.Data, 1e-12);
        }
    }

    // The notes' worked example: the network's probabilities for ten classes, and the one-hot target of class 2.
    private static readonly double[] NotesProbabilities = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0];
    private static readonly double[] NotesTarget = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0];

    [Fact]
    public void SumSquaredError_IsTheNotesHalfSumOfSquares_WithGradientYMinusT()
    {
        Value[] y = NotesProbabilities.Select(p => new Value(p)).ToArray();

        Value sse = Losses.SumSquaredError(y, NotesTarget);
        sse.Backward();

        Assert.Equal(0.0975, sse.Data, 1e-15); // ½ Σ (y − t)², the notes' E
        for (int k = 0; k < y.Length; k++)
        {
            Assert.Equal(NotesProbabilities[k] - NotesTarget[k], y[k].Grad, 1e-15); // ∂E/∂yₖ = yₖ − tₖ
        }
    }

    [Fact]
    public void MeanSquaredError_IsTheMeanWithoutAHalf_AndTwiceSumSquaredErrorOverN()
    {
        Value[] predictions = [new(1.0), new(3.0)];
        double[] targets = [0.0, 1.0];

        Value sse = Losses.SumSquaredError(predictions, targets);
        Value mse = Losses.MeanSquaredError(predictions, targets);
        mse.Backward();

        Assert.Equal(2.5, sse.Data);             // ½ (1 + 4)
        Assert.Equal(2.5, mse.Data);             // (1 + 4) / 2
        Assert.Equal(1.0, predictions[0].Grad);  // 2(p − t)/n
        Assert.Equal(2.0, predictions[1].Grad);
    }

    [Fact]
    public void CrossEntropyError_IsTheNotesMinusLogOfTheTrueClass_WithGradientMinusTOverY()
    {
        Value[] y = NotesProbabilities.Select(p => new Value(p)).ToArray();

        Value error = Losses.CrossEntropyError(y, NotesTarget);
        error.Backward();

        Assert.Equal(-Math.Log(0.6), error.Data, 1e-15);
        Assert.Equal(0.5108, error.Data, 4e-5); // the notes' worked value
        Assert.Equal(-1 / 0.6, y[2].Grad, 1e-15);
        Assert.All(y.Where((_, k) => k != 2), other => Assert.Equal(0.0, other.Grad));
    }

    [Fact]
    public void CrossEntropyError_OnSoftmaxProbabilities_EqualsTheLogitsForm()
    {
        Value[] logits = [new(1.5), new(-0.3), new(2.2), new(0.1)];
        double[] target = [0.1, 0.0, 0.7, 0.2];

        Value fromProbabilities = Losses.CrossEntropyError(Functions.Softmax(logits), target);
        Value fromLogits = Losses.SoftmaxCrossEntropy(logits, target.Select(t => new Value(t)).ToArray());

        Assert.Equal(fromLogits.Data, fromProbabilities.Data, 1e-14);
    }

    [Fact]
    public void CrossEntropyError_IsInfiniteWhereTheTrueClassHasProbabilityZero_AndNaNWhereItIsNaN()
    {
        Assert.Equal(double.PositiveInfinity, Losses.CrossEntropyError([new(0.0), new(1.0)], [1, 0]).Data);
        Assert.True(double.IsNaN(Losses.CrossEntropyError([new(double.NaN), new(1.0)], [1, 0]).Data));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Losses.CrossEntropyError([new(0.5), new(0.5)], [1.5, 0]));
        Assert.Contains("targets[0]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hinge_IsMicrogradsMaxMargin()
    {
        Assert.Equal(0.5, Losses.Hinge(new Value(0.5), 1).Data);
        Assert.Equal(0.0, Losses.Hinge(new Value(-2), -1).Data);
        Assert.Throws<ArgumentOutOfRangeException>(() => Losses.Hinge(new Value(1), 0));
    }

    [Fact]
    public void L2Regularization_IsAlphaTimesSumOfSquares()
    {
        Value[] parameters = [new(3), new(-4)];

        Value penalty = Losses.L2Regularization(parameters, 0.01);
        penalty.Backward();

        Assert.Equal(0.25, penalty.Data, 1e-15);
        Assert.Equal(0.06, parameters[0].Grad, 1e-15);
    }

    [Fact]
    public void Losses_WithMismatchedLengths_NameBothCounts()
    {
        var error = Assert.Throws<ArgumentException>(() => Losses.MeanSquaredError([new Value(1)], [1.0, 2.0]));

        Assert.Contains("Got 1 predictions but 2 targets", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Losses.SoftmaxCrossEntropy([new Value(1)], 1));
    }

    [Theory]
    [InlineData("l1")]
    [InlineData("l2")]
    [InlineData("minkowski3")]
    [InlineData("chebyshev")]
    public void Distances_HaveCorrectGradients(string distance)
    {
        GradCheckReport report = GradCheck.Check(
            x =>
            {
                Value[] a = [x[0], x[1], x[2]];
                Value[] b = [x[3], x[4], x[5]];
                return distance switch
                {
                    "l1" => Distances.L1(a, b),
                    "l2" => Distances.L2(a, b),
                    "chebyshev" => Distances.Minkowski(a, b, double.PositiveInfinity),
                    _ => Distances.Minkowski(a, b, 3),
                };
            },
            [0.3, -1.2, 2.0, 1.1, 0.4, -0.5]);

        Assert.True(report.Passed, report.ToString());
    }

    [Fact]
    public void Minkowski_IsL1AndL2_AtOrdersOneAndTwo()
    {
        Value[] a = [new(1), new(-2)];
        Value[] b = [new(4), new(2)];

        Assert.Equal(Distances.L1(a, b).Data, Distances.Minkowski(a, b, 1).Data, 1e-12);
        Assert.Equal(5.0, Distances.L2(a, b).Data, 1e-12);
        Assert.Equal(5.0, Distances.Minkowski(a, b, 2).Data, 1e-12);
    }

    [Fact]
    public void Minkowski_AtInfinity_IsTheChebyshevMaxNorm_TheLimitOfLargeOrders()
    {
        Value[] a = [new(1), new(-2), new(0.5)];
        Value[] b = [new(4), new(2), new(0)];

        Value distance = Distances.Minkowski(a, b, double.PositiveInfinity);
        distance.Backward();

        Assert.Equal(4.0, distance.Data); // max(|1 − 4|, |−2 − 2|, |0.5 − 0|)
        Assert.Equal(4.0, Distances.Minkowski(a, b, 200).Data, 1e-2);
        Assert.Equal([0.0, -1.0, 0.0], a.Select(x => x.Grad)); // only the largest difference moves it
        Assert.Equal([0.0, 1.0, 0.0], b.Select(x => x.Grad));
        Assert.Equal(0.0, Distances.Minkowski([], [], double.PositiveInfinity).Data);
    }
}
