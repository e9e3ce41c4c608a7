namespace AutoGrad.Cli.Experiments;

/// <summary>Standard normal draws from a seeded <see cref="Random"/> (Box–Muller), for weights and random inputs.</summary>
internal static class Gaussian
{
    /// <summary>A draw from N(0, 1).</summary>
    public static double Next(Random random)
    {
        double u = 1 - random.NextDouble(); // in (0, 1], so the log is finite
        double v = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }
}
