using AutoGrad.Data;
using AutoGrad.Training;

namespace AutoGrad.Tests.Data;

public sealed class StandardizerTests
{
    private static Dataset Data(params double[][] rows) =>
        new("t", rows, rows.Select((_, i) => i % 2).ToArray(), ["a", "b"]);

    [Fact]
    public void Fit_GivesEachFeatureMeanZeroAndDeviationOne_OnTheDataItWasFittedOn()
    {
        Dataset data = Data([1, 100], [2, 300], [3, 200], [6, 400]);

        Standardizer scaler = Standardizer.Fit(data);
        Dataset scaled = scaler.Transform(data);

        Assert.Equal([3.0, 250.0], scaler.Means);
        Assert.Equal(Math.Sqrt((4 + 1 + 0 + 9) / 4.0), scaler.Deviations[0], 14); // the population deviation, as scikit-learn
        for (int f = 0; f < 2; f++)
        {
            double[] column = scaled.Features.Select(x => x[f]).ToArray();
            Assert.Equal(0, column.Average(), 12);
            Assert.Equal(1, Math.Sqrt(column.Select(x => x * x).Average()), 12);
        }

        Assert.Equal(data.Labels, scaled.Labels);
    }

    [Fact]
    public void AConstantFeature_IsOnlyShifted_NeverDividedByZero()
    {
        Dataset data = Data([5, 1], [5, 2], [5, 3]);

        Standardizer scaler = Standardizer.Fit(data);

        Assert.Equal(1, scaler.Deviations[0]);
        Assert.All(scaler.Transform(data).Features, x => Assert.Equal(0, x[0]));
        Assert.Equal(2, scaler.Transform([7, 2])[0]); // a new value moves by its distance from the training mean
        Assert.All(scaler.Transform([1e308, -1e308]), x => Assert.True(double.IsFinite(x)));
    }

    [Fact]
    public void Fit_CopesWithHugeValues_AndRefusesASpreadBeyondADouble()
    {
        Standardizer huge = Standardizer.Fit(Data([1e300], [-1e300], [3e300]));
        Assert.Equal(1e300, huge.Means[0], 1e285);
        Assert.True(double.IsFinite(huge.Deviations[0]));

        var error = Assert.Throws<ArgumentException>(() => Standardizer.Fit(Data([double.MaxValue], [double.MaxValue], [-double.MaxValue])));
        Assert.Contains("Feature 1 of 't' spreads beyond what a double holds", error.Message);
    }

    [Fact]
    public void Fit_OnTheTrainingPartOnly_IsNotMovedByAnyTestExample()
    {
        Dataset digits = Datasets.Digits();
        DatasetSplit split = DatasetSplit.Create(digits, 0.7, 0.15, 0.15, seed: 3);
        TrainingOptions options = new() { Standardize = true, HiddenLayers = [4], Steps = 1, BatchSize = 8 };
        Standardizer before = new Trainer(split.Train, options).Standardizer!;

        // A value only in the test part, far outside anything seen in training.
        split.Test.Features[0][30] = 1e6;
        Standardizer after = new Trainer(split.Train, options).Standardizer!;
        Standardizer onEverything = Standardizer.Fit(new Dataset("all", [.. split.Train.Features, .. split.Test.Features], [.. split.Train.Labels, .. split.Test.Labels], digits.ClassNames));

        Assert.Equal(before.Means, after.Means);
        Assert.Equal(before.Deviations, after.Deviations);
        Assert.Equal(Standardizer.Fit(split.Train).Means, before.Means);
        Assert.NotEqual(onEverything.Means[30], before.Means[30]); // fitting on everything would have leaked it
    }

    public static TheoryData<double[], double[], string> BadParameters => new()
    {
        { [double.NaN], [1.0], "The mean of feature 1 is NaN; expected a finite number." },
        { [0.0, double.PositiveInfinity], [1.0, 1.0], "The mean of feature 2 is Infinity; expected a finite number." },
        { [0.0], [0.0], "The deviation of feature 1 is 0; expected a finite number above 0." },
        { [0.0], [-1.0], "The deviation of feature 1 is -1; expected a finite number above 0." },
        { [0.0], [double.NegativeInfinity], "The deviation of feature 1 is -Infinity; expected a finite number above 0." },
        { [0.0, 1.0], [1.0], "Got 2 means and 1 deviations; expected one of each per feature, at least one." },
        { [], [], "Got 0 means and 0 deviations; expected one of each per feature, at least one." },
    };

    [Theory]
    [MemberData(nameof(BadParameters))]
    public void Constructor_RefusesWhatCannotStandardise(double[] means, double[] deviations, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => new Standardizer(means, deviations));

        Assert.StartsWith(expected, error.Message);
    }

    [Fact]
    public void Transform_RefusesAnotherNumberOfFeatures()
    {
        Standardizer scaler = new([0.0, 0.0], [1.0, 1.0]);

        Assert.StartsWith("Got 3 features; the standardiser was fitted on 2.", Assert.Throws<ArgumentException>(() => scaler.Transform([1.0, 2.0, 3.0])).Message);
        Assert.StartsWith("'t' has 1 features; the standardiser was fitted on 2.", Assert.Throws<ArgumentException>(() => scaler.Transform(Data([1.0]))).Message);
    }
}
