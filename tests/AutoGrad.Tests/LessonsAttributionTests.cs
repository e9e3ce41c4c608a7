namespace AutoGrad.Tests;

/// <summary>
/// docs/lessons.md credits the notes only with what they contain: the set-ups the notes do not give
/// (the optimizers' f(x, y) = x²/20 + y² and learning rates, the init lesson's 5 × 100 network) are
/// attributed to the textbook they come from.
/// </summary>
public sealed class LessonsAttributionTests
{
    private static readonly string Lessons = File.ReadAllText(Path.Combine(Repository.Root, "docs", "lessons.md"));

    [Theory]
    [InlineData("x²/20 + y²")]
    [InlineData("SGD 0.95")]
    [InlineData("5-layer network of 100 units")]
    public void ASetUpTheNotesDoNotGive_IsAttributedWhereItComesFrom(string setUp)
    {
        string[] sections = Lessons.Split("\n## ");
        string section = Assert.Single(sections, s => s.StartsWith(setUp == "5-layer network of 100 units" ? "1. `init`" : "2. `optimizers`", StringComparison.Ordinal));

        Assert.Contains(setUp, section, StringComparison.Ordinal);
        Assert.Contains("**Where the set-up comes from.**", section, StringComparison.Ordinal);
        Assert.Contains("*Deep Learning from Scratch*", section, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("the notes' learning rates")]
    [InlineData("At the notes' rates")]
    [InlineData("Beyond the notes")]
    public void TheLessons_DoNotCreditTheNotesWithThem(string phrase) =>
        Assert.DoesNotContain(phrase, Lessons, StringComparison.Ordinal);
}
