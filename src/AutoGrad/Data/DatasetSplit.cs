using System.Globalization;

namespace AutoGrad.Data;

/// <summary>
/// A dataset cut into three disjoint parts: <see cref="Train"/> to fit the weights on,
/// <see cref="Validation"/> to choose settings and stop by, and <see cref="Test"/> to report once, at the end.
/// </summary>
/// <param name="Train">The examples the model learns from.</param>
/// <param name="Validation">Held out to compare settings (learning rate, size, steps) without touching the test part.</param>
/// <param name="Test">Held out until the end: its accuracy is the honest estimate on new data.</param>
public sealed record DatasetSplit(Dataset Train, Dataset Validation, Dataset Test)
{
    /// <summary>
    /// Splits <paramref name="data"/> at random, stratified: each class is shuffled and cut in the
    /// given proportions on its own, so every part has about the same mix of classes as the whole
    /// (a regression dataset, which has no classes, is shuffled and cut as one group).
    /// The same seed gives the same split.
    /// </summary>
    /// <param name="data">The examples.</param>
    /// <param name="train">The share for training, in (0, 1).</param>
    /// <param name="validation">The share for validation, in (0, 1).</param>
    /// <param name="test">The share for testing, in (0, 1); the three add up to 1.</param>
    /// <param name="seed">The seed of the shuffle.</param>
    /// <exception cref="ArgumentException">A share is not a finite number in (0, 1), the shares do not add up to 1, or a part would get no example (<see cref="Problem(Dataset, double, double, double)"/> says which, without throwing).</exception>
    public static DatasetSplit Create(Dataset data, double train, double validation, double test, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (Problem(train, validation, test) is { } problem)
        {
            throw new ArgumentException(problem, nameof(train));
        }

        if (EmptyPart(data, train, validation, test) is { } empty)
        {
            throw new ArgumentException(empty, nameof(data));
        }

        var random = new Random(seed);
        var parts = new List<int>[] { [], [], [] };
        foreach (int[] members in Groups(data))
        {
            random.Shuffle(members);
            (int validationCount, int testCount) = Cut(members.Length, validation, test);
            parts[2].AddRange(members.Take(testCount));
            parts[1].AddRange(members.Skip(testCount).Take(validationCount));
            parts[0].AddRange(members.Skip(testCount + validationCount));
        }

        foreach (List<int> part in parts)
        {
            // Classes were appended one after another: shuffle so batches and sums see them mixed.
            random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(part));
        }

        return new DatasetSplit(data.Subset(parts[0], $"{data.Name} ({Names[0]})"), data.Subset(parts[1], $"{data.Name} ({Names[1]})"), data.Subset(parts[2], $"{data.Name} ({Names[2]})"));
    }

    /// <summary>
    /// What stops <see cref="Create"/> from splitting <paramref name="data"/> so (a sentence naming the
    /// share or the empty part), or null if it can: the problem as data, for a caller to show in its own words.
    /// </summary>
    /// <param name="data">The examples.</param>
    /// <param name="train">The share for training.</param>
    /// <param name="validation">The share for validation.</param>
    /// <param name="test">The share for testing.</param>
    public static string? Problem(Dataset data, double train, double validation, double test)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Problem(train, validation, test) ?? EmptyPart(data, train, validation, test);
    }

    private static readonly string[] Names = ["train", "validation", "test"];

    /// <summary>The examples cut on their own: one group per class, or every example for a regression.</summary>
    private static IEnumerable<int[]> Groups(Dataset data) =>
        data.IsRegression
            ? [Enumerable.Range(0, data.Count).ToArray()]
            : Enumerable.Range(0, data.ClassCount).Select(c => Enumerable.Range(0, data.Count).Where(i => data.Labels[i] == c).ToArray());

    /// <summary>How many of a group's <paramref name="members"/> go to validation and to test.</summary>
    private static (int Validation, int Test) Cut(int members, double validation, double test)
    {
        int validationCount = (int)Math.Round(members * validation, MidpointRounding.AwayFromZero);
        int testCount = Math.Min(members - validationCount, (int)Math.Round(members * test, MidpointRounding.AwayFromZero));
        return (validationCount, testCount);
    }

    /// <summary>The sentence for the first part the cut leaves empty, or null.</summary>
    private static string? EmptyPart(Dataset data, double train, double validation, double test)
    {
        var sizes = new int[3];
        foreach (int[] members in Groups(data))
        {
            (int validationCount, int testCount) = Cut(members.Length, validation, test);
            sizes[0] += members.Length - validationCount - testCount;
            sizes[1] += validationCount;
            sizes[2] += testCount;
        }

        int p = Array.IndexOf(sizes, 0);
        return p < 0
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"Splitting the {data.Count} examples of '{data.Name}' {train:0.###}/{validation:0.###}/{test:0.###} leaves the {Names[p]} part empty; expected more examples or a larger {Names[p]} share.");
    }

    /// <summary>What is wrong with the three shares (a sentence), or null if they are fine: each finite and in (0, 1), adding up to 1.</summary>
    /// <param name="train">The share for training.</param>
    /// <param name="validation">The share for validation.</param>
    /// <param name="test">The share for testing.</param>
    public static string? Problem(double train, double validation, double test)
    {
        (string Name, double Share)[] shares = [("train", train), ("validation", validation), ("test", test)];
        foreach ((string name, double share) in shares)
        {
            if (!double.IsFinite(share) || share <= 0 || share >= 1)
            {
                return string.Create(CultureInfo.InvariantCulture, $"The {name} share is {share}; expected a number between 0 and 1 (each part needs examples).");
            }
        }

        double sum = train + validation + test;
        return Math.Abs(sum - 1) > 1e-9
            ? string.Create(CultureInfo.InvariantCulture, $"The shares {train}, {validation} and {test} add up to {sum:0.######}; expected 1.")
            : null;
    }
}
