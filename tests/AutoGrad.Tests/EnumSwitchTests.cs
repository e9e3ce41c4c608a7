using System.Text.RegularExpressions;

namespace AutoGrad.Tests;

/// <summary>
/// A switch expression over one of the project's enums has no silent default arm: <c>_ =></c> must
/// throw, so an undefined value (<c>(OptimizerKind)42</c>) is an error rather than read as another
/// member (it trained as SGD). Each member the switch handles is named in an arm of its own.
/// </summary>
public partial class EnumSwitchTests
{
    /// <summary>
    /// Enums whose switches classify rather than choose: "every other op" runs through its catalogue
    /// entry, and an Op value without a declaration cannot make a node (OpCatalog's switch has no default).
    /// </summary>
    private static readonly HashSet<string> Classifications = ["Op", "OpShape", "Kind"];

    [Fact]
    public void SwitchExpressionsOverProjectEnums_HaveNoDefaultArmThatReturnsAValue()
    {
        HashSet<string> enums = [.. new[] { typeof(Value).Assembly, typeof(AutoGrad.Cli.CliApplication).Assembly, typeof(AutoGrad.Plots.TrainingPictures).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => t.IsEnum && !Classifications.Contains(t.Name))
            .Select(t => t.Name)];
        var silent = new List<string>();
        int checkedSwitches = 0;
        foreach (string file in Directory.EnumerateFiles(Path.Combine(Repository.Root, "src"), "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            string text = File.ReadAllText(file);
            foreach (Match start in SwitchStart().Matches(text))
            {
                string body = Body(text, start.Index + start.Length - 1);
                bool overProjectEnum = ArmLabel().Matches(body).Any(arm => enums.Contains(arm.Groups["type"].Value));
                if (!overProjectEnum)
                {
                    continue;
                }

                checkedSwitches++;
                if (DefaultArm().Match(body) is { Success: true } arm && !arm.Groups["result"].Value.StartsWith("throw", StringComparison.Ordinal))
                {
                    int line = text[..start.Index].Count(c => c == '\n') + 1;
                    silent.Add($"{Path.GetRelativePath(Repository.Root, file)}:{line}: _ => {arm.Groups["result"].Value.Trim()}");
                }
            }
        }

        Assert.True(checkedSwitches >= 8, $"Only {checkedSwitches} switches over project enums were found; the scan is broken.");
        Assert.True(silent.Count == 0, "Default arms that read an unknown enum value as something else:\n" + string.Join("\n", silent));
    }

    /// <summary>The text between the brace at <paramref name="open"/> and its match.</summary>
    private static string Body(string text, int open)
    {
        int depth = 0;
        for (int i = open; i < text.Length; i++)
        {
            depth += text[i] == '{' ? 1 : text[i] == '}' ? -1 : 0;
            if (depth == 0)
            {
                return text[(open + 1)..i];
            }
        }

        return text[(open + 1)..];
    }

    [GeneratedRegex(@"\bswitch\s*\{")]
    private static partial Regex SwitchStart();

    [GeneratedRegex(@"^\s*(?:\(?\s*)?(?<type>[A-Z]\w*)\.[A-Z]\w*\s*(?:=>|or\b|,|when\b)", RegexOptions.Multiline)]
    private static partial Regex ArmLabel();

    [GeneratedRegex(@"^\s*_\s*(?:when\b[^=]*)?=>\s*(?<result>[^\n]*)", RegexOptions.Multiline)]
    private static partial Regex DefaultArm();
}
