namespace AutoGrad;

/// <summary>Elementary functions computed to full precision where the obvious formula loses digits.</summary>
internal static class Precise
{
    /// <summary>
    /// ln(1 + x), accurate to a few ulps also for tiny x, where ln(1 + x) rounds 1 + x first and loses
    /// every digit below 1e−16 (.NET's double.LogP1 is computed that way).
    /// </summary>
    public static double Log1p(double x)
    {
        // Goldberg's trick: u = 1 + x rounds, but ln(u) / (u − 1) is smooth, so ln(u)·x / (u − 1)
        // corrects for the rounding (What Every Computer Scientist Should Know About Floating-Point, 1991).
        double u = 1 + x;
        if (u == 1)
        {
            return x;
        }

        return double.IsInfinity(u) ? u : Elementary.Log(u) * x / (u - 1);
    }
}
