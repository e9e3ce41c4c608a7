using System.Globalization;
using System.Text.RegularExpressions;

namespace AutoGrad.Tests.Compilation;

/// <summary>
/// docs/elementary-functions.md's accuracy table against a seeded sample drawn as the benchmark's
/// --elementary mode draws it (same seed, same ranges, fewer points): each row's mean difference from
/// <see cref="Math"/> and share of differing points are what the code computes today.
/// </summary>
public class ElementaryAccuracyTableTests
{
    private delegate double Scalar(double x);

    /// <summary>The table's rows, in its order: function, range, and whether the range is drawn log-uniformly.</summary>
    private static readonly (string Name, Scalar Ours, Scalar Platform, double Low, double High, bool LogScale)[] Rows =
    [
        ("exp", Elementary.Exp, Math.Exp, -1, 1, false),
        ("exp", Elementary.Exp, Math.Exp, -708, 709, false),
        ("exp", Elementary.Exp, Math.Exp, -745, 710, false),
        ("log", Elementary.Log, Math.Log, 0.5, 2, false),
        ("log", Elementary.Log, Math.Log, 1e-300, 1e300, true),
        ("log", Elementary.Log, Math.Log, double.Epsilon, 1e-3, true),
        ("sin", Elementary.Sin, Math.Sin, -Math.PI / 4, Math.PI / 4, false),
        ("sin", Elementary.Sin, Math.Sin, -100, 100, false),
        ("sin", Elementary.Sin, Math.Sin, -2e6, 2e6, false),
        ("cos", Elementary.Cos, Math.Cos, -Math.PI / 4, Math.PI / 4, false),
        ("cos", Elementary.Cos, Math.Cos, -100, 100, false),
        ("cos", Elementary.Cos, Math.Cos, -2e6, 2e6, false),
    ];

    [Fact]
    public void AccuracyTable_MeanAndShareDiffering_AreWhatTheCodeComputes()
    {
        string page = File.ReadAllText(Path.Combine(Repository.Root, "docs", "elementary-functions.md"));
        var documented = Regex.Matches(page, @"^\| (exp|log|sin|cos) \| [^|]+ \| (\d+) ulp \| ([0-9.]+) ulp \| ([0-9.]+) % \|$", RegexOptions.Multiline)
            .Select(m => (Name: m.Groups[1].Value, Mean: double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture), Share: double.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture) / 100))
            .ToArray();
        Assert.Equal(Rows.Select(r => r.Name), documented.Select(d => d.Name));

        const int points = 200_000;
        var failures = new List<string>();
        for (int row = 0; row < Rows.Length; row++)
        {
            var (name, ours, platform, low, high, logScale) = Rows[row];
            var random = new Random(20261202);
            long sumUlps = 0, differing = 0;
            for (int i = 0; i < points; i++)
            {
                double x = logScale
                    ? Math.Exp(Math.Log(low) + (random.NextDouble() * (Math.Log(high) - Math.Log(low))))
                    : low + (random.NextDouble() * (high - low));
                long ulps = Ulps.Between(ours(x), platform(x));
                sumUlps += ulps;
                differing += ulps > 0 ? 1 : 0;
            }

            double mean = (double)sumUlps / points, share = (double)differing / points;

            // 2·10⁵ points: the share's standard error is under 0.1 percentage point; allow 10 % of the figure and 0.2 points.
            if (Math.Abs(mean - documented[row].Mean) > (0.1 * documented[row].Mean) + 0.002 || Math.Abs(share - documented[row].Share) > (0.1 * documented[row].Share) + 0.002)
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"{name} on [{low:G4}, {high:G4}]: documented mean {documented[row].Mean} ulp, {100 * documented[row].Share:F2} % differ; computed {mean:F4} ulp, {100 * share:F2} % differ"));
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }
}
