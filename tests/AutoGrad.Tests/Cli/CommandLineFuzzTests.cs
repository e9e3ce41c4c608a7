using FsCheck;
using FsCheck.Fluent;
using static AutoGrad.Tests.Cli.CliRun;

namespace AutoGrad.Tests.Cli;

/// <summary>
/// Fuzzing: every command driven in-process with random argument lists, valid and invalid options,
/// values, paths and formulas. Whatever the arguments, the exit code is 0, 1 or 2, no stack trace or
/// .NET exception text is shown, a usage error (2) is one "error:" line (a formula that does not
/// parse adds the formula and a caret under the bad column), and a run that fails writes nothing.
/// </summary>
public sealed class CommandLineFuzzTests : IDisposable
{
    /// <summary>Cases per run: 150 took 37 s on two cores under a load of 20; 100 keep the run near 25 s.</summary>
    private const int Cases = 100;

    private readonly string _folder = Directory.CreateTempSubdirectory("autograd-fuzz-").FullName;

    public CommandLineFuzzTests()
    {
        File.WriteAllText(Path("data.csv"), "x,y,label\n0,0,a\n1,1,b\n0,1,a\n1,0,b\n0.5,0.5,a\n0.2,0.9,b\n");
        File.WriteAllText(Path("a-file.txt"), "a file, not a folder");
        Directory.CreateDirectory(Path("folder"));
        (int exitCode, _, string errors) = Run("train", "--csv", Path("data.csv"), "--steps", "1", "--layers", "2", "-o", Path("model"));
        Assert.True(exitCode == 0, errors);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Path(string name) => System.IO.Path.Combine(_folder, name);

    /// <summary>One command line: the part every run of the command needs (so nothing is written outside the test's folder) and the random rest.</summary>
    public sealed record Case(string[] Fixed, string[] Extra)
    {
        public string[] Args => [.. Fixed, .. Extra];

        public override string ToString() => string.Join(" ", Args.Select(a => $"'{a}'"));
    }

    [Fact]
    public void AnyArguments_GiveExitCode012_OneErrorLine_NoStackTrace_AndNoFileOnFailure()
    {
        Arbitrary<Case> cases = Arb.From(Generator(), Shrink);
        int run = 0;

        global::FsCheck.Check.One(Config.QuickThrowOnFailure.WithMaxTest(Cases), Prop.ForAll(cases, c =>
        {
            run++;
            Dictionary<string, string> before = Snapshot();
            (int exitCode, string output, string errors) = Run(c.Args);
            string? problem = Problem(exitCode, output, errors, before);
            return (problem is null).Label($"{problem} (exit {exitCode}; stderr: {errors.Trim()})");
        }));

        Assert.Equal(Cases, run);
    }

    /// <summary>What is wrong with one run, or null.</summary>
    private string? Problem(int exitCode, string output, string errors, Dictionary<string, string> before)
    {
        string all = output + errors;
        if (exitCode is not (0 or 1 or 2))
        {
            return "exit code not 0, 1 or 2";
        }

        if (all.Contains("   at ", StringComparison.Ordinal) || errors.Contains("Exception", StringComparison.Ordinal) || errors.Contains("unexpectedly", StringComparison.Ordinal))
        {
            return "a stack trace or an exception";
        }

        string[] lines = errors.TrimEnd('\n').Split('\n');
        if (exitCode == 2)
        {
            bool oneLine = lines.Length == 1;
            bool caret = lines.Length == 3 && lines[1].StartsWith("  ", StringComparison.Ordinal) && lines[2].Trim() == "^";
            if (!lines[0].StartsWith("error: ", StringComparison.Ordinal) || !(oneLine || caret))
            {
                return "a usage error that is not one 'error:' line";
            }
        }

        if (exitCode == 1 && !errors.StartsWith("error: ", StringComparison.Ordinal))
        {
            return "a failure that does not say why";
        }

        if (exitCode != 0 && Snapshot() is var after && !after.OrderBy(f => f.Key).SequenceEqual(before.OrderBy(f => f.Key)))
        {
            return $"a failed run changed files: {string.Join(", ", after.Keys.Except(before.Keys).Concat(before.Keys.Where(k => !after.TryGetValue(k, out string? v) || v != before[k])))}";
        }

        return null;
    }

    private Dictionary<string, string> Snapshot() =>
        Directory.EnumerateFiles(_folder, "*", SearchOption.AllDirectories).ToDictionary(f => f, f => Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));

    private static IEnumerable<Case> Shrink(Case c) =>
        Enumerable.Range(0, c.Extra.Length).Select(i => c with { Extra = [.. c.Extra.Take(i), .. c.Extra.Skip(i + 1)] });

    private Gen<Case> Generator()
    {
        string[] numbers = ["0", "1", "-1", "2", "3", "0.5", "abc", "", "NaN", "-Infinity", "1e309", "99999999999", "1,2", "😀", " ", "-"];
        string[] points = ["x=1", "x=1,y=2", "y=2", "x=abc", "x=1,x=2", "x=", "=1", "x=1e400", "😀=1", "x=0,y=0"];
        string[] formulas = ["x*y", "(x+y)^2", "log(x)", "x+", "((x)", "sum(x,y)", "😀", "", " ", "x/0", "sqrt(-x)", "1e400", "max(x)", "exp(exp(exp(x)))", "2", "x^-1", string.Join("+", Enumerable.Repeat("x", 300)), "-" + new string('(', 300) + "x"];
        string[] files = [Path("out"), Path("a-file.txt"), Path("folder"), Path("missing/deep/x"), "/proc/fuzz", "/dev/null", Path("data.csv"), Path("model/model.json"), Path(new string('x', 300)), "", "/"];
        string[] diagrams = [Path("g.dot"), Path("g.svg"), Path("g.mmd"), Path("g.png"), Path("g.txt"), Path("folder"), Path("missing/g.mmd"), "/proc/g.dot", Path("data.csv"), Path(new string('x', 250) + ".dot")];
        string[] words = ["moons", "circles", "xor", "spirals", "relu", "tanh", "hinge", "mse", "softmax-ce", "adam", "sgd", "0.7,0.15,0.15", "1,0,0", "16", "2,2", "--help", "--step", "--", "-o"];
        Gen<string> any = Gen.Elements([.. numbers, .. points, .. words]);

        Gen<string[]> Pair(string option, Gen<string> value) => value.Select(v => new[] { option, v });
        Gen<string[]> Flag(string option) => Gen.Constant(new[] { option });

        var options = new Dictionary<string, Gen<string[]>[]>
        {
            ["train"] =
            [
                Pair("--dataset", Gen.Elements("moons", "circles", "xor", "spirals", "digitz", "")), Pair("--csv", Gen.Elements(files)), Pair("--samples", Gen.Elements("4", "8", "2", "abc")),
                Pair("--noise", Gen.Elements(numbers)), Pair("--layers", Gen.Elements("2", "2,2", "", "0", "1001", "a")), Pair("--activation", Gen.Elements("relu", "tanh", "x")),
                Pair("--loss", Gen.Elements("hinge", "bce", "softmax-ce", "mse", "l1")), Pair("--optimizer", Gen.Elements("sgd", "adam", "momentum", "x")), Pair("--lr", Gen.Elements(numbers)),
                Pair("--batch-size", Gen.Elements("0", "1", "2", "1000", "-1")), Pair("--seed", Gen.Elements(numbers)), Pair("--split", Gen.Elements("0.7,0.15,0.15", "1,0,0", "0.5,0.5", "a,b,c", "0.4,0.3,0.3")),
                Flag("--no-standardize"), Pair("--log-every", Gen.Elements(numbers)),
            ],
            ["experiment"] = [Pair("--seed", Gen.Elements(numbers)), Flag("--quick"), Flag("--list"), Gen.Elements("nope", "", "softmx").Select(n => new[] { n })],
            ["grad"] = [Pair("--at", Gen.Elements(points)), Pair("--order", Gen.Elements("1", "2", "3", "")), Flag("--json"), Pair("-o", Gen.Elements(files))],
            ["graph"] = [Pair("--at", Gen.Elements(points)), Pair("-o", Gen.Elements(diagrams)), Flag("--show-constants"), Pair("--max-nodes", Gen.Elements("1", "3", "100000", "0", "abc"))],
            ["check"] = [Pair("--points", Gen.Elements("1", "5", "0", "100001", "abc")), Pair("--seed", Gen.Elements(numbers))],
            ["predict"] = [Pair("-o", Gen.Elements(files)), Pair("--model", Gen.Elements(files))],
            ["eval"] = [Pair("--csv", Gen.Elements(files)), Flag("-m")],
            ["export"] = [Pair("-o", Gen.Elements(files)), Pair("--model", Gen.Elements(files))],
        };

        Gen<string[]> Fixed(string command) => command switch
        {
            // train and experiment always get an -o in the test's folder: with none they would write to ./out.
            "train" => Gen.Constant(new[] { "train", "--steps", "1", "-o", Path("out") }),
            "experiment" => Gen.Constant(new[] { "experiment", "-o", Path("out") }),
            "grad" or "graph" or "check" => Gen.Elements(formulas).Select(f => new[] { command, f }),
            "predict" or "eval" =>
                from model in Gen.Frequency((3, Gen.Constant(Path("model/model.json"))), (1, Gen.Elements(files)))
                from csv in Gen.Frequency((3, Gen.Constant(Path("data.csv"))), (1, Gen.Elements(files)))
                select new[] { command, "--model", model, "--csv", csv },
            "export" => Gen.Frequency((3, Gen.Constant(Path("model/model.json"))), (1, Gen.Elements(files))).Select(model => new[] { command, "--model", model }),
            _ => Gen.Constant(new[] { command }),
        };

        Gen<string[]> Extra(string command)
        {
            Gen<string[]> token = options.TryGetValue(command, out Gen<string[]>[]? known)
                ? Gen.Frequency((4, Gen.OneOf(known)), (1, any.Select(a => new[] { a })))
                : any.Select(a => new[] { a });
            return from count in Gen.Choose(0, 4) from parts in Gen.ArrayOf(token, count) select parts.SelectMany(p => p).ToArray();
        }

        return from command in Gen.Frequency((6, Gen.Elements([.. options.Keys])), (1, Gen.Elements("trian", "", "--version", "help")))
               from @fixed in Fixed(command)
               from extra in Extra(command)
               select new Case(@fixed, extra);
    }
}
