using AutoGrad.Data;

namespace AutoGrad.Tests.Data;

public class DatasetsTests
{
    public static TheoryData<string> Names => new("moons", "circles", "xor", "spirals");

    private static Dataset Make(string name, int seed) => name switch
    {
        "moons" => Datasets.Moons(seed: seed),
        "circles" => Datasets.Circles(seed: seed),
        "xor" => Datasets.Xor(seed: seed),
        _ => Datasets.Spirals(seed: seed),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void SameSeed_GivesTheSameData_AnotherSeedDifferentData(string name)
    {
        Dataset a = Make(name, 4);
        Dataset b = Make(name, 4);
        Dataset c = Make(name, 5);

        Assert.Equal(a.Features.SelectMany(f => f), b.Features.SelectMany(f => f));
        Assert.Equal(a.Labels, b.Labels);
        Assert.NotEqual(a.Features.SelectMany(f => f), c.Features.SelectMany(f => f));
        Assert.Equal(2, a.FeatureCount);
    }

    [Fact]
    public void Moons_HasTwoBalancedClasses_OnMicrogradsScale()
    {
        Dataset moons = Datasets.Moons(100, noise: 0.1, seed: 1);

        Assert.Equal(100, moons.Count);
        Assert.Equal(50, moons.Labels.Count(l => l == 0));
        Assert.InRange(moons.Features.Min(f => f[0]), -1.5, -0.7);
        Assert.InRange(moons.Features.Max(f => f[0]), 1.7, 2.5);
    }

    [Fact]
    public void Moons_WithoutNoise_LieExactlyOnTheirArcs()
    {
        Dataset moons = Datasets.Moons(20, noise: 0, seed: 0);

        for (int i = 0; i < moons.Count; i++)
        {
            (double x, double y) = (moons.Features[i][0], moons.Features[i][1]);
            double radius = moons.Labels[i] == 0 ? Math.Sqrt(x * x + y * y) : Math.Sqrt((x - 1) * (x - 1) + (y - 0.5) * (y - 0.5));
            Assert.Equal(1.0, radius, 1e-12);
        }
    }

    [Fact]
    public void Spirals_HasOneArmPerClass()
    {
        Dataset spirals = Datasets.Spirals(countPerClass: 40, classes: 4);

        Assert.Equal(160, spirals.Count);
        Assert.Equal(4, spirals.ClassCount);
        Assert.All(Enumerable.Range(0, 4), c => Assert.Equal(40, spirals.Labels.Count(l => l == c)));
    }

    [Fact]
    public void Xor_LabelsByTheSignsOfTheCoordinates()
    {
        Dataset xor = Datasets.Xor(200, seed: 2);

        Assert.All(Enumerable.Range(0, xor.Count), i =>
            Assert.Equal((xor.Features[i][0] > 0) ^ (xor.Features[i][1] > 0) ? 1 : 0, xor.Labels[i]));
    }
}
