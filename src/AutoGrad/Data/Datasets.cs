namespace AutoGrad.Data;

/// <summary>
/// Datasets with no downloads: toys made in code (the same seed gives the same data), classification
/// ones and one regression (<see cref="Wave"/>), and one real set, the 8×8 handwritten digits, embedded in the library.
/// </summary>
public static class Datasets
{
    /// <summary>
    /// Two interleaving half circles (sklearn's make_moons geometry): the outer arc (cos t, sin t) is
    /// class 0, the inner arc (1 − cos t, 1 − sin t − 0.5) class 1, with Gaussian noise, shuffled.
    /// </summary>
    /// <param name="count">Examples; at least 2.</param>
    /// <param name="noise">Standard deviation of the noise on each coordinate.</param>
    /// <param name="seed">The seed.</param>
    public static Dataset Moons(int count = 100, double noise = 0.1, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 2);
        ThrowIfTooLargeOrNoisy(count, noise);
        var random = new Random(seed);
        int outer = count / 2;
        var points = new List<(double[], int)>(count);
        for (int i = 0; i < count; i++)
        {
            bool isOuter = i < outer;
            int k = isOuter ? i : i - outer;
            int n = isOuter ? outer : count - outer;
            double t = n == 1 ? 0 : Math.PI * k / (n - 1);
            double x = isOuter ? Math.Cos(t) : 1 - Math.Cos(t);
            double y = isOuter ? Math.Sin(t) : 1 - Math.Sin(t) - 0.5;
            points.Add(([x + noise * Gaussian(random), y + noise * Gaussian(random)], isOuter ? 0 : 1));
        }

        return Shuffled("moons", points, ["outer", "inner"], random);
    }

    /// <summary>Two concentric circles: the outer (radius 1) is class 0, the inner (radius <paramref name="factor"/>) class 1.</summary>
    /// <param name="count">Examples; at least 2.</param>
    /// <param name="noise">Standard deviation of the noise on each coordinate.</param>
    /// <param name="factor">The inner radius, in (0, 1).</param>
    /// <param name="seed">The seed.</param>
    public static Dataset Circles(int count = 100, double noise = 0.05, double factor = 0.5, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 2);
        ThrowIfTooLargeOrNoisy(count, noise);
        if (!(factor is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "Expected an inner radius in (0, 1).");
        }
        var random = new Random(seed);
        var points = new List<(double[], int)>(count);
        int outer = count / 2;
        for (int i = 0; i < count; i++)
        {
            bool isOuter = i < outer;
            int n = isOuter ? outer : count - outer;
            double t = 2 * Math.PI * (isOuter ? i : i - outer) / n;
            double radius = isOuter ? 1 : factor;
            points.Add(([radius * Math.Cos(t) + noise * Gaussian(random), radius * Math.Sin(t) + noise * Gaussian(random)], isOuter ? 0 : 1));
        }

        return Shuffled("circles", points, ["outer", "inner"], random);
    }

    /// <summary>Points uniform in [−1, 1]², class 1 where exactly one coordinate is positive (exclusive or).</summary>
    /// <param name="count">Examples; at least 1.</param>
    /// <param name="seed">The seed.</param>
    public static Dataset Xor(int count = 100, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ThrowIfTooLargeOrNoisy(count, 0);
        var random = new Random(seed);
        var points = new List<(double[], int)>(count);
        for (int i = 0; i < count; i++)
        {
            double x = 2 * random.NextDouble() - 1;
            double y = 2 * random.NextDouble() - 1;
            points.Add(([x, y], (x > 0) ^ (y > 0) ? 1 : 0));
        }

        return new Dataset("xor", points.Select(p => p.Item1).ToArray(), points.Select(p => p.Item2).ToArray(), ["same sign", "different sign"]);
    }

    /// <summary>
    /// Interleaved spiral arms, one per class (the CS231n spiral): arm j has radius r from 0 to 1 and
    /// angle from 4j to 4(j + 1) radians plus Gaussian noise; point (r sin θ, r cos θ).
    /// </summary>
    /// <param name="countPerClass">Examples per arm; at least 2.</param>
    /// <param name="classes">Arms; at least 2.</param>
    /// <param name="noise">Standard deviation of the angle noise, in radians.</param>
    /// <param name="seed">The seed.</param>
    public static Dataset Spirals(int countPerClass = 50, int classes = 3, double noise = 0.2, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(countPerClass, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        ThrowIfTooLargeOrNoisy((long)countPerClass * classes, noise, nameof(countPerClass));
        var random = new Random(seed);
        var points = new List<(double[], int)>(countPerClass * classes);
        for (int j = 0; j < classes; j++)
        {
            for (int i = 0; i < countPerClass; i++)
            {
                double r = (double)i / (countPerClass - 1);
                double theta = 4.0 * j + 4.0 * i / (countPerClass - 1) + noise * Gaussian(random);
                points.Add(([r * Math.Sin(theta), r * Math.Cos(theta)], j));
            }
        }

        return Shuffled("spirals", points, Enumerable.Range(0, classes).Select(j => $"arm {j}").ToArray(), random);
    }

    /// <summary>
    /// A regression toy: x uniform in [−3, 3] and the target y = sin(1.5x) + 0.3x (the curve of the
    /// <c>regression</c> lesson) plus Gaussian noise of deviation <paramref name="noise"/>. The noise
    /// is the floor of the error: the best fit's root mean squared error on new points is about
    /// <paramref name="noise"/>, while the target's own deviation (what predicting its mean scores) is about 1.
    /// </summary>
    /// <param name="count">Examples; at least 1.</param>
    /// <param name="noise">Standard deviation of the noise on the target.</param>
    /// <param name="seed">The seed.</param>
    public static Dataset Wave(int count = 100, double noise = 0.1, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ThrowIfTooLargeOrNoisy(count, noise);
        var random = new Random(seed);
        var features = new double[count][];
        var targets = new double[count];
        for (int i = 0; i < count; i++)
        {
            double x = WaveRange * (2 * random.NextDouble() - 1);
            features[i] = [x];
            targets[i] = WaveCurve(x) + noise * Gaussian(random);
        }

        return Dataset.ForRegression("wave", features, targets, "y", ["x"]);
    }

    /// <summary><see cref="Wave"/>'s inputs lie in [−WaveRange, WaveRange].</summary>
    public const double WaveRange = 3;

    /// <summary><see cref="Wave"/>'s noise-free target, sin(1.5x) + 0.3x.</summary>
    /// <param name="x">The input.</param>
    public static double WaveCurve(double x) => Math.Sin(1.5 * x) + 0.3 * x;

    /// <summary>
    /// The 8×8 handwritten digits: 1,797 images (UCI optdigits, as scikit-learn ships it), each 64
    /// features — the pixel counts from 0 to 16, row by row — and one of 10 classes, named "0" to "9".
    /// The examples come in the file's order; split them with <see cref="DatasetSplit.Create"/>.
    /// Source and licence: <c>src/AutoGrad/Data/Files/digits.md</c>.
    /// </summary>
    /// <returns>A new dataset on each call, so changing its arrays changes no other caller's.</returns>
    public static Dataset Digits() => DigitsFile.Load();

    /// <summary>A standard normal draw (Box–Muller).</summary>
    private static double Gaussian(Random random)
    {
        double u = 1 - random.NextDouble(); // in (0, 1], so the log is finite
        double v = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }

    private static Dataset Shuffled(string name, List<(double[] Features, int Label)> points, string[] classNames, Random random)
    {
        for (int i = points.Count - 1; i > 0; i--) // Fisher–Yates
        {
            int j = random.Next(i + 1);
            (points[i], points[j]) = (points[j], points[i]);
        }

        return new Dataset(name, points.Select(p => p.Features).ToArray(), points.Select(p => p.Label).ToArray(), classNames);
    }

    /// <summary>The checks every generator shares: at most <see cref="Limits.MaxElements"/> examples, and a noise that is a finite deviation.</summary>
    private static void ThrowIfTooLargeOrNoisy(long count, double noise, string countParameter = "count")
    {
        Limits.ThrowIfTooLarge(count, $"A generated dataset of {count} examples", countParameter);
        if (!(double.IsFinite(noise) && noise >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(noise), noise, "Expected a noise deviation finite and at least 0.");
        }
    }
}
