using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using AutoGrad.Cli;
using AutoGrad.Cli.Commands;
using AutoGrad.Expressions;
using AutoGrad.Training;
using Spectre.Console.Testing;

namespace AutoGrad.Tests.Cli;

/// <summary>
/// Ctrl-C in every command: it stops at its next check, exits with 130, says so on one line and
/// writes nothing (an earlier file stays as it was). In-process by cancelling the token the command
/// was given, and once for real: SIGINT to a child <c>dotnet autograd</c> process.
/// </summary>
public sealed class CancellationTests(CancellationTests.BigInputs inputs) : IDisposable, IClassFixture<CancellationTests.BigInputs>
{
    private const string Earlier = "<svg>the diagram an earlier run drew</svg>";

    private readonly string _folder = Directory.CreateTempSubdirectory("autograd-cancel-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Cancelled(string command) => $"cancelled: autograd {command} stopped at Ctrl-C; nothing was written.\n";

    private static (int ExitCode, string Output, string Errors) Run(CancellationToken cancellation, params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 160;
        var output = new StringWriter();
        var errors = new StringWriter();
        int exitCode = CliApplication.Run(args, console, output, errors, cancellation);
        return (exitCode, console.Output + output, errors.ToString());
    }

    /// <summary>Runs one command made here (with a stand-in) through the same entry point as every command.</summary>
    private static (int ExitCode, string Output, string Errors) RunCommand(CancellationToken cancellation, Func<TestConsole, TextWriter, TextWriter, Command> create, params string[] args)
    {
        var console = new TestConsole();
        var output = new StringWriter();
        var errors = new StringWriter();
        int exitCode = CliApplication.Invoke(new RootCommand { create(console, output, errors) }, args, output, errors, cancellation);
        return (exitCode, console.Output + output, errors.ToString());
    }

    [Fact]
    public void Check_StopsAtTheNextPoint()
    {
        using var cancel = new CancellationTokenSource();
        int built = 0;
        Value Build(Expression expression, IReadOnlyList<Value> leaves)
        {
            if (++built == 50)
            {
                cancel.Cancel();
            }

            return expression.Build(leaves);
        }

        var result = RunCommand(cancel.Token, (console, _, error) => CheckCommand.Create(console, error, cancel.Token, Build), "check", "x*y", "--points", "100000");

        Assert.Equal((130, Cancelled("check")), (result.ExitCode, result.Errors));
        Assert.Equal("", result.Output); // no table: the check did not finish

        // A point builds f 2n + 2 times (6 here): the point under way ends, no other starts.
        Assert.InRange(built, 50, 56);
    }

    [Fact]
    public void Check_WhileOnePointTakesLong_StopsAtOnce_WithNoTable()
    {
        // A point of a formula of many variables can take seconds; Ctrl-C must not wait for it (it
        // once did, and a second key ended the process with 131).
        using var cancel = new CancellationTokenSource();
        using var slowPointReleased = new ManualResetEventSlim();
        int built = 0;
        Value Build(Expression expression, IReadOnlyList<Value> leaves)
        {
            if (Interlocked.Increment(ref built) == 20)
            {
                cancel.Cancel();
                slowPointReleased.Wait(TimeSpan.FromSeconds(60)); // this point "takes a minute"
            }

            return expression.Build(leaves);
        }

        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var result = RunCommand(cancel.Token, (console, _, error) => CheckCommand.Create(console, error, cancel.Token, Build), "check", "x*y", "--points", "100000");

            Assert.Equal((130, Cancelled("check")), (result.ExitCode, result.Errors));
            Assert.Equal("", result.Output);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"check waited {clock.Elapsed} for the point under way");
        }
        finally
        {
            slowPointReleased.Set();
        }
    }

    [Fact]
    public void Grad_OfOrderTwo_StopsBetweenRowsOfTheHessian_AndWritesNoFile()
    {
        string formula = string.Join(" + ", Enumerable.Range(0, 1500).Select(i => $"x{i}*x{i + 1}"));
        string file = Path.Combine(_folder, "hessian.json");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var result = Run(cancel.Token, "grad", formula, "--order", "2", "--at", string.Join(",", Enumerable.Range(0, 1501).Select(i => $"x{i}=1")), "--json", "-o", file);

        Assert.Equal((130, Cancelled("grad")), (result.ExitCode, result.Errors));
        Assert.Equal("", result.Output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder));
    }

    [Theory]
    [InlineData("predict")]
    [InlineData("eval")]
    public void PredictAndEval_OnALargeCsv_StopWhileReadingOrPredicting(string command)
    {
        string predictions = Path.Combine(_folder, "predictions.csv");
        string[] args = command == "predict"
            ? ["predict", "--model", inputs.Model, "--csv", inputs.Csv, "-o", predictions]
            : ["eval", "--model", inputs.Model, "--csv", inputs.Csv];
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var result = Run(cancel.Token, args);

        Assert.Equal((130, Cancelled(command)), (result.ExitCode, result.Errors));
        Assert.Equal("", result.Output);
        Assert.False(File.Exists(predictions));
    }

    [Fact]
    public async Task Graph_CancelledWhileGraphvizRuns_StopsIt_AndKeepsTheEarlierFile()
    {
        string pidFile = Path.Combine(_folder, "dot.pid");
        string dot = FakeDot(_folder, pidFile);
        string diagram = Path.Combine(_folder, "g.svg");
        File.WriteAllText(diagram, Earlier);
        using var cancel = new CancellationTokenSource();
        Task cancelWhenDotRuns = Task.Run(() =>
        {
            Eventually(() => File.Exists(pidFile) && File.ReadAllText(pidFile).EndsWith('\n'), TimeSpan.FromMinutes(2));
            cancel.Cancel();
        });

        var result = RunCommand(cancel.Token, (_, output, error) => GraphCommand.Create(output, error, cancel.Token, graphvizProgram: dot), "graph", "x*y", "--at", "x=1,y=2", "-o", diagram);
        await cancelWhenDotRuns;

        Assert.Equal((130, Cancelled("graph")), (result.ExitCode, result.Errors));
        Assert.Equal("", result.Output);
        Assert.Equal(Earlier, File.ReadAllText(diagram));
        Assert.Equal(["dot.pid", "fake-dot", "g.svg"], Directory.EnumerateFileSystemEntries(_folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        // The stand-in for dot was killed, not left to run for its 30 s.
        int pid = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
        Eventually(() => !IsRunning(pid), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Graph_GivenARealSigint_Exits130_AndKeepsTheEarlierFile()
    {
        string bin = Path.Combine(_folder, "bin");
        Directory.CreateDirectory(bin);
        string pidFile = Path.Combine(_folder, "dot.pid");
        File.Move(FakeDot(_folder, pidFile), Path.Combine(bin, "dot"));
        string diagram = Path.Combine(_folder, "g.svg");
        File.WriteAllText(diagram, Earlier);
        using Process child = StartWithInterruptIgnoredByItsParent(bin, "graph", "x*y", "--at", "x=1,y=2", "-o", diagram);
        Task<string> stdout = child.StandardOutput.ReadToEndAsync();
        Task<string> stderr = child.StandardError.ReadToEndAsync();
        Interrupt(child, untilReady: () => File.Exists(pidFile) && File.ReadAllText(pidFile).EndsWith('\n'));

        Assert.Equal(Cancelled("graph"), await stderr);
        Assert.Equal(130, child.ExitCode);
        Assert.Equal("", await stdout);
        Assert.Equal(Earlier, File.ReadAllText(diagram));
    }

    /// <summary>
    /// `check` at 100,000 points of a 16-variable formula (several seconds of work), Ctrl-C after 1.5 s:
    /// it stops within seconds, exits with 130 and prints no table (once this ended with 131: the SIGINT
    /// was inherited as ignored, so only a harness's later SIGQUIT stopped it).
    /// </summary>
    [Fact]
    public async Task Check_OfManyPoints_GivenARealSigint_Exits130Promptly_AndPrintsNothing()
    {
        const string Formula = "sin(a*b) + cos(c*d) + tanh(e*f) + exp(-g^2) + log(1 + h^2) + abs(i - j) + relu(k*l) * max(m, n) + sqrt(1 + o^2) * atan(p)";
        using Process child = StartWithInterruptIgnoredByItsParent(null, "check", Formula, "--points", "100000");
        Task<string> stdout = child.StandardOutput.ReadToEndAsync();
        Task<string> stderr = child.StandardError.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        Interrupt(child, untilReady: () => clock.Elapsed > TimeSpan.FromSeconds(1.5));

        Assert.Equal(Cancelled("check"), await stderr);
        Assert.Equal(130, child.ExitCode);
        Assert.Equal("", await stdout);
    }

    /// <summary>
    /// The same check started by a parent that blocks SIGINT (a harness that masks it around its own
    /// work, as Python's <c>pthread_sigmask</c> does): the mask is inherited across exec like an ignore,
    /// and a blocked SIGINT stays pending, so no handler ran and the check went on to its end (exit 0;
    /// a harness's later SIGQUIT made it 131).
    /// </summary>
    [Fact]
    public async Task Check_OfManyPoints_GivenARealSigint_WhileItsParentBlocksSigint_Exits130Promptly_AndPrintsNothing()
    {
        const string Formula = "sin(a*b) + cos(c*d) + tanh(e*f) + exp(-g^2) + log(1 + h^2) + abs(i - j) + relu(k*l) * max(m, n) + sqrt(1 + o^2) * atan(p)";
        using Process child = StartWithInterruptBlockedByItsParent("check", Formula, "--points", "100000");
        Task<string> stdout = child.StandardOutput.ReadToEndAsync();
        Task<string> stderr = child.StandardError.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        Interrupt(child, untilReady: () => clock.Elapsed > TimeSpan.FromSeconds(1.5));

        Assert.Equal(Cancelled("check"), await stderr);
        Assert.Equal(130, child.ExitCode);
        Assert.Equal("", await stdout);
    }

    /// <summary>
    /// Starts <c>dotnet autograd …</c> with SIGINT blocked: the child's signal mask is the starting
    /// thread's, so this thread blocks SIGINT while it starts the child and unblocks it after.
    /// </summary>
    private static Process StartWithInterruptBlockedByItsParent(params string[] args)
    {
        Assert.True(OperatingSystem.IsLinux(), "This test sends a POSIX signal.");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { Path.Combine(AppContext.BaseDirectory, "AutoGrad.Cli.dll") }.Concat(args))
        {
            start.ArgumentList.Add(argument);
        }

        SignalMask.Change(SignalMask.Block, SignalMask.Interrupt);
        try
        {
            return Process.Start(start)!;
        }
        finally
        {
            SignalMask.Change(SignalMask.Unblock, SignalMask.Interrupt);
        }
    }

    /// <summary>
    /// Starts <c>dotnet autograd …</c> the way a script's background job or a harness that shields itself
    /// from Ctrl-C does: with SIGINT ignored by its parent, which exec passes on.
    /// </summary>
    private static Process StartWithInterruptIgnoredByItsParent(string? pathFirst, params string[] args)
    {
        Assert.True(OperatingSystem.IsLinux(), "This test sends a POSIX signal.");
        var start = new ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { "-c", "trap '' INT; exec \"$0\" \"$@\"", "dotnet", Path.Combine(AppContext.BaseDirectory, "AutoGrad.Cli.dll") }.Concat(args))
        {
            start.ArgumentList.Add(argument);
        }

        if (pathFirst is not null)
        {
            start.Environment["PATH"] = pathFirst + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        }

        return Process.Start(start)!;
    }

    /// <summary>Sends SIGINT once <paramref name="untilReady"/> holds (the child still running), and waits at most 20 s for the child to end.</summary>
    private static void Interrupt(Process child, Func<bool> untilReady)
    {
        try
        {
            Eventually(() => child.HasExited || untilReady(), TimeSpan.FromMinutes(2));
            Assert.False(child.HasExited, "autograd ended before it was interrupted");
            using (Process kill = Process.Start("kill", ["-INT", child.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                kill.WaitForExit();
            }

            Assert.True(child.WaitForExit(TimeSpan.FromSeconds(20)), "autograd did not stop within 20 s of SIGINT");
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>
    /// A stand-in for Graphviz's <c>dot</c>: it reads the graph, writes its process id, then takes 30 s
    /// and writes a "partial render" (what dot writes when it gets a Ctrl-C of its own).
    /// </summary>
    private static string FakeDot(string folder, string pidFile)
    {
        string path = Path.Combine(folder, "fake-dot");
        File.WriteAllText(path, $"#!/bin/sh\ncat > /dev/null\necho $$ > '{pidFile}'\nsleep 30\nprintf 'partial render'\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }

    /// <summary>Whether the process runs (a zombie waiting to be reaped does not).</summary>
    private static bool IsRunning(int pid)
    {
        string stat = $"/proc/{pid}/stat";
        try
        {
            return File.Exists(stat) && !File.ReadAllText(stat).Contains(") Z ", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds; fails after <paramref name="limit"/> (a limit, not a timing).</summary>
    private static void Eventually(Func<bool> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < limit, $"still waiting after {limit}");
            Thread.Sleep(20);
        }
    }

    /// <summary>A small moons model and a CSV of three million rows for it (about 60 MB, written once).</summary>
    public sealed class BigInputs : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("autograd-cancel-inputs-").FullName;

        public BigInputs()
        {
            (int exitCode, _, string errors) = CliRun.Run("train", "--samples", "20", "--layers", "4", "--steps", "5", "-o", _folder);
            Assert.True(exitCode == 0, errors);
            string label = ClassifierFile.Load(Model).ClassNames[0];
            using var writer = new StreamWriter(Csv, append: false, new UTF8Encoding(false), 1 << 20);
            writer.Write("x,y,label\n");
            for (int i = 0; i < 3_000_000; i++)
            {
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"{(i % 1000 - 500) / 500.0:F3},{i % 777 / 777.0:F3},{label}\n"));
            }
        }

        public string Model => Path.Combine(_folder, "model.json");

        public string Csv => Path.Combine(_folder, "big.csv");

        public void Dispose() => Directory.Delete(_folder, recursive: true);
    }
}
