using AutoGrad.Data;

namespace AutoGrad.Tests.Data;

public sealed class DatasetSplitTests
{
    [Fact]
    public void Create_CutsDisjointPartsThatCoverEveryExample_InTheRequestedShares()
    {
        Dataset digits = Datasets.Digits();

        DatasetSplit split = DatasetSplit.Create(digits, 0.7, 0.15, 0.15, seed: 1);

        Assert.Equal(digits.Count, split.Train.Count + split.Validation.Count + split.Test.Count);
        Assert.InRange(split.Test.Count, 265, 275);
        Assert.InRange(split.Validation.Count, 265, 275);
        var seen = new HashSet<double[]>(ReferenceEqualityComparer.Instance);
        Assert.All(new[] { split.Train, split.Validation, split.Test }.SelectMany(p => p.Features), f => Assert.True(seen.Add(f), "an example is in two parts"));
        Assert.Equal(("digits (train)", "digits (validation)", "digits (test)"), (split.Train.Name, split.Validation.Name, split.Test.Name));
    }

    [Fact]
    public void Create_IsStratified_EachPartHasEveryClassInAboutItsShare()
    {
        Dataset digits = Datasets.Digits();

        DatasetSplit split = DatasetSplit.Create(digits, 0.6, 0.2, 0.2, seed: 2);

        for (int c = 0; c < 10; c++)
        {
            int all = digits.Labels.Count(l => l == c);
            Assert.InRange(split.Test.Labels.Count(l => l == c), Math.Floor(all * 0.2), Math.Ceiling(all * 0.2));
            Assert.InRange(split.Validation.Labels.Count(l => l == c), Math.Floor(all * 0.2), Math.Ceiling(all * 0.2));
        }
    }

    [Fact]
    public void Create_SameSeedSameSplit_AnotherSeedAnother()
    {
        Dataset moons = Datasets.Moons(60);

        DatasetSplit a = DatasetSplit.Create(moons, 0.5, 0.25, 0.25, seed: 7);
        DatasetSplit b = DatasetSplit.Create(moons, 0.5, 0.25, 0.25, seed: 7);
        DatasetSplit c = DatasetSplit.Create(moons, 0.5, 0.25, 0.25, seed: 8);

        Assert.Equal(a.Test.Features, b.Test.Features);
        Assert.NotEqual(a.Test.Features, c.Test.Features);
    }

    [Theory]
    [InlineData(0.0, 0.5, 0.5, "The train share is 0; expected a number between 0 and 1 (each part needs examples).")]
    [InlineData(0.5, -0.1, 0.6, "The validation share is -0.1; expected a number between 0 and 1 (each part needs examples).")]
    [InlineData(0.5, 0.5, double.NaN, "The test share is NaN; expected a number between 0 and 1 (each part needs examples).")]
    [InlineData(double.PositiveInfinity, 0.5, 0.5, "The train share is Infinity; expected a number between 0 and 1 (each part needs examples).")]
    [InlineData(1.0, 0.5, 0.5, "The train share is 1; expected a number between 0 and 1 (each part needs examples).")]
    [InlineData(0.5, 0.3, 0.3, "The shares 0.5, 0.3 and 0.3 add up to 1.1; expected 1.")]
    [InlineData(0.1, 0.1, 0.1, "The shares 0.1, 0.1 and 0.1 add up to 0.3; expected 1.")]
    public void Create_RefusesSharesThatAreNotAPartitionOfOne(double train, double validation, double test, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => DatasetSplit.Create(Datasets.Moons(), train, validation, test));

        Assert.StartsWith(expected, error.Message);
        Assert.Equal(expected, DatasetSplit.Problem(train, validation, test));
    }

    [Fact]
    public void Create_RefusesASplitThatLeavesAPartEmpty()
    {
        var error = Assert.Throws<ArgumentException>(() => DatasetSplit.Create(Datasets.Moons(10), 0.9, 0.05, 0.05));

        Assert.StartsWith("Splitting the 10 examples of 'moons' 0.9/0.05/0.05 leaves the validation part empty; expected more examples or a larger validation share.", error.Message);
    }
}
