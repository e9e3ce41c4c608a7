using System.Runtime.Intrinsics;
using AutoGrad.Compilation;
using FsCheck;
using FsCheck.Fluent;
using static AutoGrad.Tests.PropertyRunner;

namespace AutoGrad.Tests.Compilation;

/// <summary>
/// AutoGrad's own exp, log, sin and cos (<see cref="LaneMath{TV, TOps}"/>): every vector width gives, in
/// every lane, the bits of the scalar instance (<see cref="Elementary"/>), also where some lanes of a
/// vector fall back to <see cref="Math"/>; each is within one ulp of <see cref="Math"/>; the special
/// values are Math's own; and the check formula's batch equals its scalar replay and a fresh dynamic
/// graph bit for bit.
/// </summary>
public class LaneMathTests
{
    private delegate double Scalar(double x);

    private static readonly (string Name, Scalar Ours, Scalar Platform)[] Functions =
    [
        ("exp", Elementary.Exp, Math.Exp),
        ("log", Elementary.Log, Math.Log),
        ("sin", Elementary.Sin, Math.Sin),
        ("cos", Elementary.Cos, Math.Cos),
    ];

    /// <summary>
    /// Inputs from every region the functions treat apart: small, near multiples of π/2, large for
    /// sin/cos (some past the reduction's limit), near exp's overflow and subnormal thresholds, tiny and
    /// subnormal, negative for log, ±0, ±∞, NaN.
    /// </summary>
    private static readonly Gen<double> Inputs = Gen.Frequency(
        (5, Gen.Choose(-1_000_000, 1_000_000).Select(i => i / 1000.0)),
        (3, Gen.Choose(-1_000_000, 1_000_000).Select(i => i * 1e-6)),
        (2, Gen.Choose(-2000, 2000).Select(i => (i * Math.PI / 2) + (i % 7 * 1e-12))),
        (2, Gen.Choose(-100_000, 100_000).Select(i => i * 21.0)),   // up to ±2.1e6: both sides of 2²⁰·π/2
        (2, Gen.Choose(-745_500, 710_000).Select(i => i / 1000.0)), // exp near and past its thresholds
        (1, Gen.Choose(-300, 300).Select(e => Math.Pow(10, e))),
        (1, Gen.Elements(0.0, -0.0, 1.0, -1.0, double.PositiveInfinity, double.NegativeInfinity, double.NaN, double.Epsilon, -double.Epsilon,
            2.2250738585072009E-308, 2.2250738585072014E-308, 1e-320, 708.0, 709.0, -708.0, 709.5, 709.782712893384, 709.79, -745.13, -745.2,
            1647099.0, -1647099.0, 1647098.9, 1e22, double.MaxValue, -double.MaxValue, 1.4901161193847656e-08, 1.49e-08)));

    [Fact]
    public void EveryWidth_InEveryLane_EqualsTheScalarInstance_BitForBit()
    {
        Check(Prop.ForAll(Gen.ArrayOf(Inputs, 8).ToArbitrary(), lanes =>
        {
            string? failure = FirstLaneUnlikeScalar(lanes);
            return (failure is null).Label(failure ?? "");
        }));
    }

    [Fact]
    public void AVectorWhoseLanesMixTheFastPathAndTheFallback_EqualsTheScalarInstance_InEachLane()
    {
        // Each function's fallback (overflow, subnormal, negative, huge, NaN) next to ordinary lanes.
        double[][] vectors =
        [
            [0.5, 710, -1, -746, 3, double.NaN, -0.0, 2],
            [1, -1, 0, 1e-310, 2, double.PositiveInfinity, 0.75, 10],
            [1.25, 3e6, -2.5, double.NegativeInfinity, 1e-9, -1e7, 100, -0.0],
        ];
        foreach (double[] lanes in vectors)
        {
            Assert.Null(FirstLaneUnlikeScalar(lanes));
        }
    }

    [Fact]
    public void EachFunction_IsWithinOneUlpOfMath_OnASeededSample()
    {
        (double Low, double High)[] ranges = [(-1, 1), (-30, 30), (-700, 700), (0.001, 4), (1e-6, 1e6), (-2e6, 2e6)];
        var random = new Random(20261202);
        foreach ((string name, Scalar ours, Scalar platform) in Functions)
        {
            foreach ((double low, double high) in ranges)
            {
                long worst = 0;
                double worstAt = 0;
                for (int i = 0; i < 20_000; i++)
                {
                    double x = low + (random.NextDouble() * (high - low));
                    x = name == "log" ? Math.Abs(x) : x;
                    long ulps = Ulps.Between(ours(x), platform(x));
                    (worst, worstAt) = ulps > worst ? (ulps, x) : (worst, worstAt);
                }

                Assert.True(worst <= 1, $"{name} on [{low}, {high}]: {worst} ulps from Math at {worstAt:R} ({ours(worstAt):R} vs {platform(worstAt):R})");
            }
        }
    }

    /// <summary>The ulp count the accuracy tests rest on: neighbours 1 apart, −0 and +0 none, across zero and to ∞.</summary>
    [Fact]
    public void Ulps_CountTheDoublesBetweenTwoValues()
    {
        Assert.Equal(0, Ulps.Between(1.5, 1.5));
        Assert.Equal(1, Ulps.Between(1, Math.BitIncrement(1)));
        Assert.Equal(1, Ulps.Between(Math.BitDecrement(1), 1));
        Assert.Equal(0, Ulps.Between(-0.0, 0.0));
        Assert.Equal(2, Ulps.Between(-double.Epsilon, double.Epsilon));
        Assert.Equal(1, Ulps.Between(double.MaxValue, double.PositiveInfinity));
        Assert.Equal(0, Ulps.Between(double.NaN, double.NaN));
        Assert.Equal(Ulps.Between(2, 3), Ulps.Between(3, 2));
        Assert.Equal(1L << 51, Ulps.Between(2, 3)); // [2, 4) holds 2⁵² doubles, half of them below 3
    }

    [Fact]
    public void ExactValues_AreExact()
    {
        Assert.Equal(Bits(1.0), Bits(Elementary.Exp(0)));
        Assert.Equal(Bits(1.0), Bits(Elementary.Exp(-0.0)));
        Assert.Equal(Bits(Math.E), Bits(Elementary.Exp(1)));
        Assert.Equal(Bits(0.0), Bits(Elementary.Log(1)));
        Assert.Equal(Bits(0.0), Bits(Elementary.Sin(0)));
        Assert.Equal(Bits(-0.0), Bits(Elementary.Sin(-0.0)));
        Assert.Equal(Bits(1.0), Bits(Elementary.Cos(0)));
        Assert.Equal(Bits(1.0), Bits(Elementary.Cos(-0.0)));
        Assert.Equal(Bits(Math.Log(-0.0)), Bits(Elementary.Log(-0.0)));
        Assert.Equal(Bits(Math.Exp(-0.0)), Bits(Elementary.Exp(-0.0)));
        Assert.Equal(Bits(double.Epsilon), Bits(Elementary.Sin(double.Epsilon)));
        Assert.Equal(Bits(-1e-10), Bits(Elementary.Sin(-1e-10)));
        for (int k = -1000; k <= 1000; k += 37)
        {
            Assert.Equal(Math.Log(Math.Pow(2, k)), Elementary.Log(Math.Pow(2, k)));
        }
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(709.782712893384)]    // just below exp's overflow
    [InlineData(709.7827128933841)]   // just above
    [InlineData(800.0)]
    [InlineData(-708.5)]              // exp's subnormal results
    [InlineData(-745.1332191019411)]
    [InlineData(-745.14)]             // exp underflows to 0
    [InlineData(-1.0)]                // log of a negative
    [InlineData(0.0)]
    [InlineData(4.9406564584124654E-324)] // log of subnormals
    [InlineData(2.2250738585072009E-308)]
    [InlineData(double.MaxValue)]
    [InlineData(1e22)]                // sin and cos beyond the reduction's range
    [InlineData(-3e6)]
    public void SpecialValues_AreMathsOwn(double x)
    {
        if (x > 709 || x < -708 || double.IsNaN(x))
        {
            Assert.Equal(Bits(Math.Exp(x)), Bits(Elementary.Exp(x)));
        }

        if (!(x >= 2.2250738585072014E-308) || double.IsPositiveInfinity(x))
        {
            Assert.Equal(Bits(Math.Log(x)), Bits(Elementary.Log(x)));
        }

        if (!(Math.Abs(x) < 1647099))
        {
            Assert.Equal(Bits(Math.Sin(x)), Bits(Elementary.Sin(x)));
            Assert.Equal(Bits(Math.Cos(x)), Bits(Elementary.Cos(x)));
        }

        // Every value, whichever path it takes: within one ulp of Math (NaN for NaN).
        foreach ((string name, Scalar ours, Scalar platform) in Functions)
        {
            Assert.True(Ulps.Between(ours(x), platform(x)) <= 1, $"{name}({x:R}) = {ours(x):R}, Math says {platform(x):R}");
        }
    }

    [Fact]
    public void CheckFormula_Batch_EqualsTheScalarReplay_AndAFreshDynamicGraph_BitForBit()
    {
        // log(1 + x²)·sin(x·y) + exp(−y), as the check command and the --batch benchmark evaluate it.
        static Value Formula(Value x, Value y) => ((1 + x.Pow(2)).Log() * (x * y).Sin()) + (-y).Exp();
        var random = new Random(26);
        double[][] points = Enumerable.Range(0, 200).Select(_ => new[] { (random.NextDouble() * 8) - 4, (random.NextDouble() * 8) - 4 })
            .Concat([[0, 0], [-0.0, 1], [1e6, 2], [3, -750], [2, 800], [double.NaN, 1], [1, double.PositiveInfinity], [1e-300, -1e-300]])
            .ToArray();
        double[] rows = points.SelectMany(p => p).ToArray();
        foreach (ReplayMode mode in (ReplayMode[])[ReplayMode.Generated, ReplayMode.Interpreted])
        {
            Value x = new(0.5), y = new(0.25);
            var compiled = CompiledGraph.Compile(Formula(x, y), mode);
            foreach (int lanes in BatchedReplayProperties.LaneWidths)
            {
                var outputs = new double[points.Length];
                var gradients = new double[points.Length * 2];
                compiled.Batch([x, y], gradientsOf: [x, y]).With(lanes, lanes * 4).Evaluate(rows, outputs, gradients);
                for (int p = 0; p < points.Length; p++)
                {
                    compiled.LeafValues[compiled.LeafIndex(x)] = points[p][0];
                    compiled.LeafValues[compiled.LeafIndex(y)] = points[p][1];
                    double scalar = compiled.Forward();
                    compiled.Backward();
                    double[] scalarGradients = [compiled.LeafGradients[compiled.LeafIndex(x)], compiled.LeafGradients[compiled.LeafIndex(y)]];
                    Value fx = new(points[p][0]), fy = new(points[p][1]);
                    Value dynamic = Formula(fx, fy);
                    dynamic.Backward();
                    string at = $"{mode}, {lanes} lanes, point ({points[p][0]:R}, {points[p][1]:R})";
                    Assert.True(BatchedReplayProperties.Same(outputs[p], scalar), $"{at}: batch {outputs[p]:R}, scalar replay {scalar:R}");
                    Assert.True(BatchedReplayProperties.Same(gradients.AsSpan(2 * p, 2).ToArray(), scalarGradients), $"{at}: batch gradients differ from the scalar replay's");
                    Assert.True(BatchedReplayProperties.SameOrBothNaN(outputs[p], dynamic.Data), $"{at}: batch {outputs[p]:R}, dynamic graph {dynamic.Data:R}");
                    Assert.True(BatchedReplayProperties.SameOrBothNaN(gradients[2 * p], fx.Grad) && BatchedReplayProperties.SameOrBothNaN(gradients[(2 * p) + 1], fy.Grad), $"{at}: batch gradients differ from the dynamic graph's");
                }
            }
        }
    }

    /// <summary>The first lane where a width's exp, log, sin, cos or sin-and-cos differs from the scalar instance; null when none does.</summary>
    private static string? FirstLaneUnlikeScalar(double[] lanes)
    {
        foreach ((string name, Scalar scalar, _) in Functions)
        {
            double[] expected = lanes.Select(x => scalar(x)).ToArray();
            double[][] byWidth =
            [
                Wide(lanes, name),
                [.. Quarter(lanes, 0, name), .. Quarter(lanes, 4, name)],
                [.. Half(lanes, 0, name), .. Half(lanes, 2, name), .. Half(lanes, 4, name), .. Half(lanes, 6, name)],
            ];
            for (int w = 0; w < byWidth.Length; w++)
            {
                for (int l = 0; l < 8; l++)
                {
                    if (Bits(byWidth[w][l]) != Bits(expected[l]))
                    {
                        return $"{name}({lanes[l]:R}) in lane {l} of Vector{512 >> w}: {byWidth[w][l]:R}, scalar {expected[l]:R}";
                    }
                }
            }
        }

        // SinCos gives each of the two the bits Sin and Cos give.
        LaneMath<Vector512<double>, Lanes512>.SinCos(Vector512.Create(lanes), out Vector512<double> sin, out Vector512<double> cos);
        for (int l = 0; l < 8; l++)
        {
            if (Bits(sin[l]) != Bits(Elementary.Sin(lanes[l])) || Bits(cos[l]) != Bits(Elementary.Cos(lanes[l])))
            {
                return $"SinCos({lanes[l]:R}) in lane {l}: ({sin[l]:R}, {cos[l]:R}), Sin and Cos give ({Elementary.Sin(lanes[l]):R}, {Elementary.Cos(lanes[l]):R})";
            }
        }

        return null;
    }

    private static double[] Wide(double[] lanes, string name)
    {
        Vector512<double> x = Vector512.Create(lanes);
        Vector512<double> y = name switch
        {
            "exp" => LaneMath<Vector512<double>, Lanes512>.Exp(x),
            "log" => LaneMath<Vector512<double>, Lanes512>.Log(x),
            "sin" => LaneMath<Vector512<double>, Lanes512>.Sin(x),
            _ => LaneMath<Vector512<double>, Lanes512>.Cos(x),
        };
        return [.. Enumerable.Range(0, 8).Select(l => y[l])];
    }

    private static double[] Quarter(double[] lanes, int from, string name)
    {
        Vector256<double> x = Vector256.Create(lanes.AsSpan(from, 4));
        Vector256<double> y = name switch
        {
            "exp" => LaneMath<Vector256<double>, Lanes256>.Exp(x),
            "log" => LaneMath<Vector256<double>, Lanes256>.Log(x),
            "sin" => LaneMath<Vector256<double>, Lanes256>.Sin(x),
            _ => LaneMath<Vector256<double>, Lanes256>.Cos(x),
        };
        return [.. Enumerable.Range(0, 4).Select(l => y[l])];
    }

    private static double[] Half(double[] lanes, int from, string name)
    {
        Vector128<double> x = Vector128.Create(lanes.AsSpan(from, 2));
        Vector128<double> y = name switch
        {
            "exp" => LaneMath<Vector128<double>, Lanes128>.Exp(x),
            "log" => LaneMath<Vector128<double>, Lanes128>.Log(x),
            "sin" => LaneMath<Vector128<double>, Lanes128>.Sin(x),
            _ => LaneMath<Vector128<double>, Lanes128>.Cos(x),
        };
        return [.. Enumerable.Range(0, 2).Select(l => y[l])];
    }

    private static long Bits(double x) => BitConverter.DoubleToInt64Bits(x);
}
