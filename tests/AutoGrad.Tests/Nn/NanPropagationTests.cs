using AutoGrad.Nn;

namespace AutoGrad.Tests.Nn;

/// <summary>
/// NaN is never silent: every loss, softmax, distance, BatchNorm and Dropout given a NaN input
/// gives a NaN value and NaN gradients to every input, never a number.
/// </summary>
public class NanPropagationTests
{
    /// <summary>Each case builds a scalar from three inputs (one of them NaN).</summary>
    private static readonly Dictionary<string, Func<Value[], Value>> Cases = new()
    {
        ["SumSquaredError"] = x => Losses.SumSquaredError(x, [1, 0, 2]),
        ["MeanSquaredError"] = x => Losses.MeanSquaredError(x, [1, 0, 2]),
        ["BinaryCrossEntropy"] = x => Value.Sum(x.Select(p => Losses.BinaryCrossEntropy(p.Sigmoid(), 1))),
        ["BinaryCrossEntropyWithLogits"] = x => Value.Sum(x.Select(s => Losses.BinaryCrossEntropyWithLogits(s, 0))),
        ["SoftmaxCrossEntropy"] = x => Losses.SoftmaxCrossEntropy(x, 0),
        ["Hinge"] = x => Value.Sum(x.Select(s => Losses.Hinge(s, -1))),
        ["L2Regularization"] = x => Losses.L2Regularization(x, 1e-3),
        ["Softmax"] = x => Value.Sum(Functions.Softmax(x)),
        ["Softmax first output"] = x => Functions.Softmax(x)[0],
        ["LogSoftmax"] = x => Value.Sum(Functions.LogSoftmax(x)),
        ["LogSoftmax first output"] = x => Functions.LogSoftmax(x)[0],
        ["LogSumExp"] = x => Functions.LogSumExp(x),
        ["Maxout"] = x => Functions.Maxout(x),
        ["L1"] = x => Distances.L1(x, [new(0), new(0), new(0)]),
        ["L2"] = x => Distances.L2(x, [new(0), new(0), new(0)]),
        ["Minkowski 3"] = x => Distances.Minkowski(x, [new(0), new(0), new(0)], 3),
        ["Chebyshev"] = x => Distances.Minkowski(x, [new(0), new(0), new(0)], double.PositiveInfinity),
        ["BatchNorm training"] = x => Value.Sum(new BatchNorm(1).Forward([[x[0]], [x[1]], [x[2]]]).Select(row => row[0])),
        ["BatchNorm evaluation"] = x => Value.Sum(new BatchNorm(1) { Training = false }.Forward([[x[0]], [x[1]], [x[2]]]).Select(row => row[0])),
        ["Dropout training"] = x => Value.Sum(new Dropout(0.5, seed: 1).Forward(x)),
        ["Dropout drops everything it can"] = x => Value.Sum(new Dropout(0.999_999, seed: 1).Forward(x)),
        ["Dropout evaluation"] = x => Value.Sum(new Dropout(0.5) { Training = false }.Forward(x)),
    };

    public static TheoryData<string, int> CaseNamesAndNanPositions
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (string name in Cases.Keys)
            {
                data.Add(name, 0);
                data.Add(name, 2);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(CaseNamesAndNanPositions))]
    public void NanInput_GivesNanValue_AndNanGradientToEveryInput(string name, int nanPosition)
    {
        Value[] inputs = [new(0.3), new(-0.7), new(1.2)];
        inputs[nanPosition].Data = double.NaN;

        Value output = Cases[name](inputs);
        output.Backward();

        Assert.True(double.IsNaN(output.Data), $"{name} gave {output.Data}");
        Assert.All(inputs, x => Assert.True(double.IsNaN(x.Grad), $"{name} gave gradient {x.Grad}"));
    }
}
