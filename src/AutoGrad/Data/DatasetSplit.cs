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
    /// given proportions on its own, so every part has about the same mix of classes as the whole.
    /// The same seed gives the same split.
    /// </summary>
    /// <param name="data">The examples.</param>
    /// <param name="train">The share for training, in (0, 1).</param>
    /// <param name="validation">The share for validation, in (0, 1).</param>
    /// <param name="test">The share for testing, in (0, 1); the three add up to 1.</param>
    /// <param name="seed">The seed of the shuffle.</param>
    /// <exception cref="ArgumentException">A share is not a finite number in (0, 1), the shares do not add up to 1, or a part would get no example.</exception>
    public static DatasetSplit Create(Dataset data, double train, double validation, double test, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (Problem(train, validation, test) is { } problem)
        {
            throw new ArgumentException(problem, nameof(train));
        }

        var random = new Random(seed);
        var parts = new List<int>[] { [], [], [] };
        for (int c = 0; c < data.ClassCount; c++)
        {
            int[] members = Enumerable.Range(0, data.Count).Where(i => data.Labels[i] == c).ToArray();
            random.Shuffle(members);
            int validationCount = (int)Math.Round(members.Length * validation, MidpointRounding.AwayFromZero);
            int testCount = Math.Min(members.Length - validationCount, (int)Math.Round(members.Length * test, MidpointRounding.AwayFromZero));
            parts[2].AddRange(members.Take(testCount));
            parts[1].AddRange(members.Skip(testCount).Take(validationCount));
            parts[0].AddRange(members.Skip(testCount + validationCount));
        }

        string[] names = ["train", "validation", "test"];
        for (int p = 0; p < parts.Length; p++)
        {
            if (parts[p].Count == 0)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Splitting the {data.Count} examples of '{data.Name}' {train:0.###}/{validation:0.###}/{test:0.###} leaves the {names[p]} part empty; expected more examples or a larger {names[p]} share."),
                    nameof(data));
            }

            // Classes were appended one after another: shuffle so batches and sums see them mixed.
            random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(parts[p]));
        }

        return new DatasetSplit(Subset(data, parts[0], names[0]), Subset(data, parts[1], names[1]), Subset(data, parts[2], names[2]));
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

    private static Dataset Subset(Dataset data, List<int> indices, string part) =>
        new($"{data.Name} ({part})", indices.Select(i => data.Features[i]).ToArray(), indices.Select(i => data.Labels[i]).ToArray(), data.ClassNames, data.FeatureNames);
}
