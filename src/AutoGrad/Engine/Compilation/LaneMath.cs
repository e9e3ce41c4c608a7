using System.Runtime.CompilerServices;

namespace AutoGrad.Compilation;

/// <summary>
/// AutoGrad's own exp, log, sin and cos, written once over lanes: the scalar instance
/// (<see cref="Lanes1"/>, what <see cref="Elementary"/> calls) and each vector instance do the very same
/// IEEE operations in each lane, so a batched lane equals the scalar replay bit for bit by construction,
/// (no fused multiply-add: the JIT never contracts a·b + c, and nothing here asks for one). Within the fast
/// ranges the bits are the same on every machine; the fallbacks are the platform's <see cref="Math"/>.
/// </summary>
/// <remarks>
/// The algorithms and coefficients are FreeBSD msun's (Sun Microsystems, 1993/2004; see
/// docs/third-party-notices.md): __ieee754_exp, __ieee754_log (in the log1p form of msun's k_log1p),
/// __kernel_sin, __kernel_cos and the 33-bit parts of π/2 of __ieee754_rem_pio2's medium-size Cody–Waite
/// reduction. Their branches are made lane-wise: the reduction keeps every rounding error (TwoSum) instead
/// of branching on cancellation, the quadrant and the sign are chosen by masks. Inputs outside the
/// fast range (exp's overflow and subnormal results, log of anything but a positive normal number,
/// sin/cos beyond 2²⁰·π/2, NaN and ±∞) are left to <see cref="Math"/> lane by lane, in the scalar
/// instance too.
/// </remarks>
/// <typeparam name="TV">The vector type (or double, for one lane).</typeparam>
/// <typeparam name="TOps">Its arithmetic.</typeparam>
internal static unsafe class LaneMath<TV, TOps>
    where TV : struct
    where TOps : struct, ILaneOps<TV>
{
    // 1.5·2⁵²: x + it rounds x to an integer (to nearest, ties to even) for |x| < 2⁵¹, and the integer
    // is then the low bits of the sum's pattern.
    private const double RoundingShift = 6755399441055744.0;
    private const long RoundingShiftBits = 0x4338000000000000;

    // exp: the range where the result is a normal number (2^k with k in [−1021, 1023] times [0.7, 1.42]).
    private const double ExpLowest = -708.0;
    private const double ExpHighest = 709.0;
    private const double InvLn2 = 1.44269504088896338700e+00;
    private const double Ln2Hi = 6.93147180369123816490e-01;   // 32 bits: k·Ln2Hi is exact
    private const double Ln2Lo = 1.90821492927058770002e-10;
    private const double P1 = 1.66666666666666019037e-01;
    private const double P2 = -2.77777777770155933842e-03;
    private const double P3 = 6.61375632143793436117e-05;
    private const double P4 = -1.65339022054652515390e-06;
    private const double P5 = 4.13813679705723846039e-08;

    // log: x = 2^k · z with z in [√2/2, √2); f = z − 1, s = f / (2 + f).
    private const long SqrtHalfBits = 0x3fe6a09e667f3bcd;
    private const long ExponentField = unchecked((long)0xfff0000000000000);
    private const double SmallestNormal = 2.2250738585072014e-308;
    private const double Lg1 = 6.666666666666735130e-01;
    private const double Lg2 = 3.999999999940941908e-01;
    private const double Lg3 = 2.857142874366239149e-01;
    private const double Lg4 = 2.222219843214978396e-01;
    private const double Lg5 = 1.818357216161805012e-01;
    private const double Lg6 = 1.531383769920937332e-01;
    private const double Lg7 = 1.479819860511658591e-01;

    // sin, cos: x = n·π/2 + (y0 + y1), π/2 in three 33-bit parts and their tails.
    private const double ReductionLimit = 1647099.0;          // below 2²⁰·π/2: n·Pio2₁ is exact
    private const double TinySin = 1.4901161193847656e-08;    // 2⁻²⁶: sin x = x below it
    private const double InvPio2 = 6.36619772367581382433e-01;
    private const double Pio2_1 = 1.57079632673412561417e+00;
    private const double Pio2_2 = 6.07710050630396597660e-11;
    private const double Pio2_3 = 2.02226624871116645580e-21;
    private const double Pio2_3t = 8.47842766036889956997e-32;
    private const double S1 = -1.66666666666666324348e-01;
    private const double S2 = 8.33333333332248946124e-03;
    private const double S3 = -1.98412698298579493134e-04;
    private const double S4 = 2.75573137070700676789e-06;
    private const double S5 = -2.50507602534068634195e-08;
    private const double S6 = 1.58969099521155010221e-10;
    private const double C1 = 4.16666666666666019037e-02;
    private const double C2 = -1.38888888888741095749e-03;
    private const double C3 = 2.48015872894767294178e-05;
    private const double C4 = -2.75573143513906633035e-07;
    private const double C5 = 2.08757232129817482790e-09;
    private const double C6 = -1.13596475577881948265e-11;

    /// <summary>eˣ in each lane.</summary>
    public static TV Exp(TV x)
    {
        TV fallback = TOps.Or(TOps.Or(TOps.LessThan(x, TOps.Splat(ExpLowest)), TOps.GreaterThan(x, TOps.Splat(ExpHighest))), TOps.IsNaN(x));
        if (TOps.Count == 1 && TOps.Any(fallback))
        {
            return TOps.WithLanes(fallback, x, x, &Math.Exp); // one lane: skip what would be replaced
        }


        // x = k·ln2 + r, r = hi − lo, |r| ≤ ln2/2.
        TV shifted = TOps.Add(TOps.Mul(x, TOps.Splat(InvLn2)), TOps.Splat(RoundingShift));
        TV k = TOps.Sub(shifted, TOps.Splat(RoundingShift));
        TV hi = TOps.Sub(x, TOps.Mul(k, TOps.Splat(Ln2Hi)));
        TV lo = TOps.Mul(k, TOps.Splat(Ln2Lo));
        TV r = TOps.Sub(hi, lo);

        // e^r = 1 + r + r·c / (2 − c), c = r − r²·P(r²).
        TV t = TOps.Mul(r, r);
        TV p = TOps.Add(TOps.Splat(P4), TOps.Mul(t, TOps.Splat(P5)));
        p = TOps.Add(TOps.Splat(P3), TOps.Mul(t, p));
        p = TOps.Add(TOps.Splat(P2), TOps.Mul(t, p));
        p = TOps.Add(TOps.Splat(P1), TOps.Mul(t, p));
        TV c = TOps.Sub(r, TOps.Mul(t, p));
        TV quotient = TOps.Div(TOps.Mul(r, c), TOps.Sub(TOps.Splat(2), c));
        TV y = TOps.Sub(TOps.Splat(1), TOps.Sub(TOps.Sub(lo, quotient), hi));

        // 2^k from k + 1023 in the exponent field; the product is exact (the result is normal).
        TV kBits = TOps.SubtractBits(shifted, TOps.FromBits(RoundingShiftBits));
        TV twoToK = TOps.ShiftLeftBits(TOps.AddBits(kBits, TOps.FromBits(1023)), 52);
        TV result = TOps.Mul(y, twoToK);

        // msun returns the correctly rounded e for x = 1 (its formula gives one ulp more).
        result = TOps.Select(TOps.Equal(x, TOps.Splat(1)), TOps.Splat(Math.E), result);
        return TOps.Any(fallback) ? TOps.WithLanes(fallback, x, result, &Math.Exp) : result;
    }

    /// <summary>ln x in each lane.</summary>
    public static TV Log(TV x)
    {
        // Anything but a positive normal finite number (±0, negatives, subnormals, +∞, NaN) goes to Math.Log.
        TV fallback = TOps.Or(TOps.Or(TOps.LessThan(x, TOps.Splat(SmallestNormal)), TOps.GreaterThan(x, TOps.Splat(double.MaxValue))), TOps.IsNaN(x));
        if (TOps.Count == 1 && TOps.Any(fallback))
        {
            return TOps.WithLanes(fallback, x, x, &Math.Log);
        }


        // x = 2^k · z, z in [√2/2, √2): k from the exponent of x / (√2/2), z by taking k off x's exponent.
        TV offset = TOps.SubtractBits(x, TOps.FromBits(SqrtHalfBits));
        TV kBits = TOps.ShiftRightArithmeticBits(offset, 52);
        TV z = TOps.SubtractBits(x, TOps.And(offset, TOps.FromBits(ExponentField)));
        TV k = TOps.Sub(TOps.AddBits(kBits, TOps.FromBits(RoundingShiftBits)), TOps.Splat(RoundingShift));

        // ln z = ln(1 + f) = f − (f²/2 − s·(f²/2 + R(s²))).
        TV f = TOps.Sub(z, TOps.Splat(1));
        TV s = TOps.Div(f, TOps.Add(TOps.Splat(2), f));
        TV s2 = TOps.Mul(s, s);
        TV s4 = TOps.Mul(s2, s2);
        TV even = TOps.Mul(s4, TOps.Add(TOps.Splat(Lg2), TOps.Mul(s4, TOps.Add(TOps.Splat(Lg4), TOps.Mul(s4, TOps.Splat(Lg6))))));
        TV odd = TOps.Mul(s2, TOps.Add(TOps.Splat(Lg1), TOps.Mul(s4, TOps.Add(TOps.Splat(Lg3), TOps.Mul(s4, TOps.Add(TOps.Splat(Lg5), TOps.Mul(s4, TOps.Splat(Lg7))))))));
        TV rr = TOps.Add(odd, even);
        TV halfSquare = TOps.Mul(TOps.Mul(TOps.Splat(0.5), f), f);
        TV inner = TOps.Add(TOps.Mul(s, TOps.Add(halfSquare, rr)), TOps.Mul(k, TOps.Splat(Ln2Lo)));
        TV result = TOps.Sub(TOps.Mul(k, TOps.Splat(Ln2Hi)), TOps.Sub(TOps.Sub(halfSquare, inner), f));
        return TOps.Any(fallback) ? TOps.WithLanes(fallback, x, result, &Math.Log) : result;
    }

    /// <summary>sin x in each lane.</summary>
    public static TV Sin(TV x)
    {
        if (TOps.Count > 1)
        {
            SinCos(x, out TV sin, out _);
            return sin;
        }

        // One lane: branch where the vectors select, and compute only the kernel the quadrant takes: the
        // very operations SinCos does for this lane, so the same bits.
        if (TOps.Any(Fallback(x)))
        {
            return TOps.WithLanes(Fallback(x), x, x, &Math.Sin);
        }

        if (TOps.Any(TOps.LessThan(TOps.Abs(x), TOps.Splat(TinySin))))
        {
            return x;
        }

        TV nBits = Reduce(x, out TV y0, out TV y1);
        TV kernel = TOps.Any(OddQuadrant(nBits)) ? KernelCos(y0, y1) : KernelSin(y0, y1);
        return TOps.Xor(kernel, SinSign(nBits));
    }

    /// <summary>cos x in each lane.</summary>
    public static TV Cos(TV x)
    {
        if (TOps.Count > 1)
        {
            SinCos(x, out _, out TV cos);
            return cos;
        }

        if (TOps.Any(Fallback(x)))
        {
            return TOps.WithLanes(Fallback(x), x, x, &Math.Cos);
        }

        TV nBits = Reduce(x, out TV y0, out TV y1);
        TV kernel = TOps.Any(OddQuadrant(nBits)) ? KernelSin(y0, y1) : KernelCos(y0, y1);
        return TOps.Xor(kernel, CosSign(nBits));
    }

    /// <summary>sin x and cos x in each lane, from one reduction (each the same bits <see cref="Sin"/> and <see cref="Cos"/> give).</summary>
    public static void SinCos(TV x, out TV sin, out TV cos)
    {
        TV fallback = Fallback(x);
        TV nBits = Reduce(x, out TV y0, out TV y1);
        TV kernelSin = KernelSin(y0, y1);
        TV kernelCos = KernelCos(y0, y1);

        // Quadrant n mod 4: odd n swaps sin and cos; sin's sign flips for n ≡ 2, 3, cos's for n ≡ 1, 2.
        TV odd = OddQuadrant(nBits);
        TV sinResult = TOps.Xor(TOps.Select(odd, kernelCos, kernelSin), SinSign(nBits));
        TV cosResult = TOps.Xor(TOps.Select(odd, kernelSin, kernelCos), CosSign(nBits));

        // sin x = x for tiny x (keeps −0 and subnormals exact).
        sinResult = TOps.Select(TOps.LessThan(TOps.Abs(x), TOps.Splat(TinySin)), x, sinResult);
        if (TOps.Any(fallback))
        {
            sinResult = TOps.WithLanes(fallback, x, sinResult, &Math.Sin);
            cosResult = TOps.WithLanes(fallback, x, cosResult, &Math.Cos);
        }

        sin = sinResult;
        cos = cosResult;
    }

    /// <summary>The lanes sin and cos leave to Math: |x| past the reduction's range, ±∞, NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Fallback(TV x) => TOps.Or(TOps.GreaterThanOrEqual(TOps.Abs(x), TOps.Splat(ReductionLimit)), TOps.IsNaN(x));

    /// <summary>
    /// n = round(x·2/π) (returned as the integer in each lane's bits) and x − n·π/2 = y0 + y1, with π/2 =
    /// Pio2₁ + Pio2₂ + Pio2₃ + Pio2₃t (msun's 33-bit parts, 151 bits in all). n·Pio2ₖ is exact for |n| ≤ 2²⁰
    /// and x − n·Pio2₁ is exact (Sterbenz); the two further subtractions keep their rounding errors
    /// (TwoSum), so no branch on cancellation is needed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Reduce(TV x, out TV y0, out TV y1)
    {
        TV shifted = TOps.Add(TOps.Mul(x, TOps.Splat(InvPio2)), TOps.Splat(RoundingShift));
        TV n = TOps.Sub(shifted, TOps.Splat(RoundingShift));
        TV a = TOps.Sub(x, TOps.Mul(n, TOps.Splat(Pio2_1)));
        (TV r, TV e1) = TwoSum(a, TOps.Negate(TOps.Mul(n, TOps.Splat(Pio2_2))));
        (TV r2, TV e2) = TwoSum(r, TOps.Negate(TOps.Mul(n, TOps.Splat(Pio2_3))));
        TV tail = TOps.Sub(TOps.Add(e1, e2), TOps.Mul(n, TOps.Splat(Pio2_3t)));
        (y0, y1) = TwoSum(r2, tail);
        return TOps.SubtractBits(shifted, TOps.FromBits(RoundingShiftBits));
    }

    /// <summary>msun's k_sin: y0 + (S1·y0³ + …) with y1's correction; the form without y1 where y1 = 0 (no reduction).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV KernelSin(TV y0, TV y1)
    {
        TV z = TOps.Mul(y0, y0);
        TV z2 = TOps.Mul(z, z);
        TV rs = TOps.Add(
            TOps.Add(TOps.Splat(S2), TOps.Mul(z, TOps.Add(TOps.Splat(S3), TOps.Mul(z, TOps.Splat(S4))))),
            TOps.Mul(TOps.Mul(z, z2), TOps.Add(TOps.Splat(S5), TOps.Mul(z, TOps.Splat(S6)))));
        TV v = TOps.Mul(z, y0);
        TV withTail = TOps.Sub(y0, TOps.Sub(TOps.Sub(TOps.Mul(z, TOps.Sub(TOps.Mul(TOps.Splat(0.5), y1), TOps.Mul(v, rs))), y1), TOps.Mul(v, TOps.Splat(S1))));
        TV alone = TOps.Add(y0, TOps.Mul(v, TOps.Add(TOps.Splat(S1), TOps.Mul(z, rs))));
        return TOps.Select(TOps.Equal(y1, TOps.Splat(0)), alone, withTail);
    }

    /// <summary>msun's k_cos: w + (((1 − w) − z/2) + (z·r − y0·y1)), w = 1 − z/2, z = y0².</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV KernelCos(TV y0, TV y1)
    {
        TV z = TOps.Mul(y0, y0);
        TV z2 = TOps.Mul(z, z);
        TV rc = TOps.Add(
            TOps.Mul(z, TOps.Add(TOps.Splat(C1), TOps.Mul(z, TOps.Add(TOps.Splat(C2), TOps.Mul(z, TOps.Splat(C3)))))),
            TOps.Mul(TOps.Mul(z2, z2), TOps.Add(TOps.Splat(C4), TOps.Mul(z, TOps.Add(TOps.Splat(C5), TOps.Mul(z, TOps.Splat(C6)))))));
        TV halfZ = TOps.Mul(TOps.Splat(0.5), z);
        TV oneMinus = TOps.Sub(TOps.Splat(1), halfZ);
        return TOps.Add(oneMinus, TOps.Add(TOps.Sub(TOps.Sub(TOps.Splat(1), oneMinus), halfZ), TOps.Sub(TOps.Mul(z, rc), TOps.Mul(y0, y1))));
    }

    /// <summary>All bits set in the lanes where n is odd.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV OddQuadrant(TV nBits) => TOps.ShiftRightArithmeticBits(TOps.ShiftLeftBits(nBits, 63), 63);

    /// <summary>The sign bit where sin's result is negated: n ≡ 2, 3 (mod 4).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV SinSign(TV nBits) => TOps.ShiftLeftBits(TOps.And(nBits, TOps.FromBits(2)), 62);

    /// <summary>The sign bit where cos's result is negated: n ≡ 1, 2 (mod 4).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV CosSign(TV nBits) => TOps.ShiftLeftBits(TOps.And(TOps.AddBits(nBits, TOps.FromBits(1)), TOps.FromBits(2)), 62);

    /// <summary>s = a + b rounded, and its rounding error: a + b = s + error exactly, whatever the magnitudes (Knuth's TwoSum).</summary>
    private static (TV Sum, TV Error) TwoSum(TV a, TV b)
    {
        TV sum = TOps.Add(a, b);
        TV bPart = TOps.Sub(sum, a);
        TV aPart = TOps.Sub(sum, bPart);
        return (sum, TOps.Add(TOps.Sub(a, aPart), TOps.Sub(b, bPart)));
    }
}
