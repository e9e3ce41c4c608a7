using AutoGrad.FsCheck;
using FsCheck;
using FsCheck.Fluent;

namespace AutoGrad.Tests.FsCheckKit;

public sealed class DomainsTests
{
    private static double[] Sample(Gen<double> gen) => gen.Sample(2000, new Rnd(11), 100);

    [Fact]
    public void Anywhere_And_Positive_StayInTheirIntervals_AndSpreadOverThem()
    {
        double[] anywhere = Sample(Domains.Anywhere);
        double[] positive = Sample(Domains.Positive);

        Assert.All(anywhere, x => Assert.InRange(x, -5, 5));
        Assert.All(positive, x => Assert.InRange(x, 0.05, 10));
        Assert.True(anywhere.Min() < -4 && anywhere.Max() > 4, $"Anywhere spans only [{anywhere.Min()}, {anywhere.Max()}]");
        Assert.True(positive.Min() < 1 && positive.Max() > 9, $"Positive spans only [{positive.Min()}, {positive.Max()}]");
    }

    [Fact]
    public void AwayFromZero_KeepsItsGap_WithBothSigns()
    {
        double[] xs = Sample(Domains.AwayFromZero(0.2, 3));

        Assert.All(xs, x => Assert.InRange(Math.Abs(x), 0.2, 3));
        Assert.Contains(xs, x => x < 0);
        Assert.Contains(xs, x => x > 0);
    }

    [Fact]
    public void EveryGenerator_YieldsFiniteNumbers_WhereFsCheckDefaultYieldsNaN()
    {
        Gen<double>[] kit = [Domains.Anywhere, Domains.Positive, Domains.AwayFromZero(1e-3), Domains.Between(-1e300, 1e300)];

        Assert.All(kit.SelectMany(Sample), x => Assert.True(double.IsFinite(x), $"{x} is not finite"));
        // Why the kit exists: FsCheck's own doubles are not all finite.
        Assert.Contains(Sample(ArbMap.Default.GeneratorFor<double>()), x => !double.IsFinite(x));
    }

    [Fact]
    public void Points_HaveOneCoordinatePerGenerator_InOrder()
    {
        double[][] points = Points.Of(Domains.Between(0, 1), Domains.Between(10, 11), Domains.Between(-3, -2)).Sample(200, new Rnd(3), 10);
        double[][] apart = Points.Apart(0.5).Sample(500, new Rnd(5), 10);

        Assert.All(points, p => Assert.Equal(3, p.Length));
        Assert.All(points, p => Assert.True(p[0] is >= 0 and <= 1 && p[1] is >= 10 and <= 11 && p[2] is >= -3 and <= -2, string.Join(", ", p)));
        Assert.All(Points.Of(4, Domains.Anywhere).Sample(50, new Rnd(1), 10), p => Assert.Equal(4, p.Length));
        Assert.All(apart, p => Assert.InRange(Math.Abs(p[0] - p[1]), 0.5 - 1e-12, 3 + 1e-12));
    }

    [Fact]
    public void BadArguments_AreRefused_NamingTheParameterAndValue()
    {
        var reversed = Assert.Throws<ArgumentOutOfRangeException>(() => Domains.Between(2, 1));
        var infinite = Assert.Throws<ArgumentOutOfRangeException>(() => Domains.Between(0, double.PositiveInfinity));
        var gap = Assert.Throws<ArgumentOutOfRangeException>(() => Domains.AwayFromZero(0));
        var limit = Assert.Throws<ArgumentOutOfRangeException>(() => Domains.AwayFromZero(2, 1));
        var count = Assert.Throws<ArgumentOutOfRangeException>(() => Points.Of(0, Domains.Anywhere));
        var empty = Assert.Throws<ArgumentException>(() => Points.Of());
        var apart = Assert.Throws<ArgumentOutOfRangeException>(() => Points.Apart(double.NaN));

        Assert.Equal("high", reversed.ParamName);
        Assert.Contains("low 2 and high 1", reversed.Message, StringComparison.Ordinal);
        Assert.Equal("high", infinite.ParamName);
        Assert.Contains("Infinity", infinite.Message, StringComparison.Ordinal);
        Assert.Equal("gap", gap.ParamName);
        Assert.Equal("limit", limit.ParamName);
        Assert.Equal("count", count.ParamName);
        Assert.Equal("coordinates", empty.ParamName);
        Assert.Equal("gap", apart.ParamName);
        Assert.Contains("NaN", apart.Message, StringComparison.Ordinal);
    }
}
