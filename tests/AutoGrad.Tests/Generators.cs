using FsCheck;
using FsCheck.Fluent;

namespace AutoGrad.Tests;

/// <summary>Finite generators per domain (FsCheck's default double generator yields NaN and ±∞).</summary>
internal static class Generators
{
    /// <summary>Uniform-ish doubles in [low, high], from a million evenly spaced points.</summary>
    public static Gen<double> Between(double low, double high) =>
        Gen.Choose(0, 1_000_000).Select(i => low + (high - low) * (i / 1_000_000.0));

    /// <summary>Doubles with low ≤ |x| ≤ high and either sign: keeps clear of a kink at 0.</summary>
    public static Gen<double> AwayFromZero(double low, double high) =>
        from magnitude in Between(low, high)
        from sign in Gen.Elements(-1.0, 1.0)
        select sign * magnitude;

    /// <summary>A point whose coordinates come from the given generators, in order.</summary>
    public static Gen<double[]> Point(params Gen<double>[] coordinates) =>
        coordinates.Aggregate(
            Gen.Constant(Array.Empty<double>()),
            (point, next) => from xs in point from x in next select xs.Append(x).ToArray());

    /// <summary>A point of n coordinates, each from the same generator.</summary>
    public static Gen<double[]> Point(int n, Gen<double> each) => Point(Enumerable.Repeat(each, n).ToArray());

    /// <summary>Runs a property with 200 cases and fails the test with the counterexample when it fails.</summary>
    public static void Check(Property property) =>
        FsCheck.Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), property);
}
