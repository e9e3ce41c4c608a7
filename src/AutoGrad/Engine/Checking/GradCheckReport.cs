namespace AutoGrad.Checking;

/// <summary>The result of <see cref="GradCheck.Check"/>: one entry per input, and the worst of them.</summary>
public sealed class GradCheckReport
{
    internal GradCheckReport(double output, IReadOnlyList<GradCheckEntry> entries)
    {
        Output = output;
        Entries = entries;
        Worst = entries.Count == 0 ? null : entries.MaxBy(e => double.IsNaN(e.ErrorRatio) ? double.PositiveInfinity : e.ErrorRatio);
    }

    /// <summary>The function's value at the point.</summary>
    public double Output { get; }

    /// <summary>One entry per input, in order.</summary>
    public IReadOnlyList<GradCheckEntry> Entries { get; }

    /// <summary>The entry with the largest error relative to its tolerance (NaN counts as worst); null for no inputs.</summary>
    public GradCheckEntry? Worst { get; }

    /// <summary>True when every input's analytic gradient matches the numerical one within tolerance.</summary>
    public bool Passed => Entries.All(e => e.Passed);

    /// <summary>A summary naming the worst input and both of its gradients.</summary>
    public override string ToString()
    {
        string verdict = Passed ? "passed" : $"FAILED for {Entries.Count(e => !e.Passed)} of {Entries.Count} inputs";
        return Worst is null ? $"GradCheck {verdict}: no inputs." : $"GradCheck {verdict}; worst {Worst}.";
    }
}
