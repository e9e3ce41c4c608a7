using AutoGrad.Checking;
using AutoGrad.Nn;

namespace AutoGrad.Tests.Nn;

public class DropoutAndBatchNormTests
{
    [Fact]
    public void Dropout_DropsAboutPAndScalesTheRest_WhileTraining()
    {
        var dropout = new Dropout(0.25, seed: 3);
        Value[] inputs = Enumerable.Range(0, 4000).Select(_ => new Value(1)).ToArray();

        double[] outputs = dropout.Forward(inputs).Select(v => v.Data).ToArray();

        Assert.All(outputs, x => Assert.True(x == 0 || Math.Abs(x - 4.0 / 3) < 1e-15));
        Assert.InRange(outputs.Count(x => x == 0) / 4000.0, 0.22, 0.28);
    }

    [Fact]
    public void Dropout_PassesValuesThrough_InEvaluation_AndRepeatsForASeed()
    {
        Value[] inputs = Enumerable.Range(0, 50).Select(i => new Value(i)).ToArray();
        var dropout = new Dropout(0.5, seed: 1) { Training = false };

        Assert.Equal(inputs.Select(v => v.Data), dropout.Forward(inputs).Select(v => v.Data));
        Assert.Equal(
            new Dropout(0.5, seed: 9).Forward(inputs).Select(v => v.Data),
            new Dropout(0.5, seed: 9).Forward(inputs).Select(v => v.Data));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(1.0));
    }

    [Fact]
    public void BatchNorm_NormalisesEachFeature_OverTheBatch()
    {
        var norm = new BatchNorm(2);
        Value[][] batch = [[new(1), new(10)], [new(2), new(20)], [new(6), new(60)]];

        Value[][] output = norm.Forward(batch);

        for (int f = 0; f < 2; f++)
        {
            double[] column = output.Select(row => row[f].Data).ToArray();
            Assert.Equal(0, column.Average(), 1e-12);
            Assert.Equal(1, column.Select(x => x * x).Average(), 1e-4); // ε keeps it just below 1
        }

        Assert.Equal(0.1 * 3, norm.RunningMean[0], 1e-12);
    }

    [Fact]
    public void BatchNorm_HasCorrectGradients_ForInputsAndParameters()
    {
        var norm = new BatchNorm(2);
        Value[][] batch = [[new(0.5), new(-1)], [new(1.5), new(2)], [new(-0.7), new(0.3)]];
        Value[] all = [.. batch.SelectMany(row => row), .. norm.Parameters];

        Value Loss() => Value.Sum(norm.Forward(batch).SelectMany(row => row).Select((v, i) => v * (i + 1) * 0.3).Select(v => v.Tanh()));

        GradCheckReport report = GradCheck.CheckParameters(all, Loss);
        Assert.True(report.Passed, report.ToString());
    }

    [Fact]
    public void BatchNorm_UsesRunningStatistics_InEvaluation()
    {
        var norm = new BatchNorm(1) { Training = false };

        Value[][] output = norm.Forward([[new Value(3.0)]]);

        Assert.Equal(3.0 / Math.Sqrt(1 + 1e-5), output[0][0].Data, 1e-12); // mean 0, variance 1 at first
    }
}
