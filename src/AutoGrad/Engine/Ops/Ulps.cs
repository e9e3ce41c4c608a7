namespace AutoGrad;

/// <summary>
/// Distance between two doubles in units in the last place: how AutoGrad's own elementary functions are
/// compared with the platform's (the accuracy tests, the benchmark's --elementary mode, the docs' table).
/// </summary>
internal static class Ulps
{
    /// <summary>How many doubles lie between a and b (0 when the bits are equal; NaN against NaN counts 0).</summary>
    public static long Between(double a, double b)
    {
        if (double.IsNaN(a) && double.IsNaN(b))
        {
            return 0;
        }

        // Sign-magnitude bits mapped onto one ordered line, so −0 and +0 are 0 apart and the count crosses zero.
        long ia = BitConverter.DoubleToInt64Bits(a), ib = BitConverter.DoubleToInt64Bits(b);
        ia = ia < 0 ? long.MinValue - ia : ia;
        ib = ib < 0 ? long.MinValue - ib : ib;
        return Math.Abs(ia - ib);
    }
}
