using System.CommandLine;
using AutoGrad.Cli;
using AutoGrad.Cli.Commands;
using AutoGrad.Expressions;
using Spectre.Console.Testing;

namespace AutoGrad.Tests.Cli;

/// <summary>
/// <c>autograd check</c> records an expression once and checks every point through a batched replay;
/// what it prints — the table, the line, the error, the exit code — must be what it prints when it
/// builds the expression afresh at every point.
/// </summary>
public sealed class CheckRecordedOnceTests
{
    private static (int ExitCode, string Output, string Errors) Check(bool recordOnce, Func<Expression, IReadOnlyList<Value>, Value> build, params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 200;
        var output = new StringWriter();
        var errors = new StringWriter();
        Command command = CheckCommand.Create(console, errors, CancellationToken.None, build, sameShapeEverywhere: recordOnce);
        int exitCode = CliApplication.Invoke(new RootCommand { command }, ["check", .. args], output, errors, CancellationToken.None);
        return (exitCode, console.Output + output, errors.ToString());
    }

    private static Value Expression(Expression expression, IReadOnlyList<Value> leaves) => expression.Build(leaves);

    [Theory]
    [InlineData("log(1 + x^2) * tanh(y)", "200", "0")]
    [InlineData("abs(x) + relu(y) + max(x, y) * min(x, z) + step(z)", "1500", "3")]
    [InlineData("log(x) + sqrt(y)", "300", "0")]                   // points drawn again outside the domain
    [InlineData("x + 1e20", "5", "0")]                             // inconclusive: exit 1
    [InlineData("1/x + 1/(y - x)", "1000", "1")]
    [InlineData("sin(300*x) * cos(200*y)", "300", "2")]            // curves faster than the step
    [InlineData("sum(a*b, b*c, c*d, d*e, e*f, f*g, g*h) + logsumexp(a, b, c) + leakyrelu(d, 0.1) + elu(e) + softplus(f) + atan(g) + softsign(h)", "300", "7")]
    [InlineData("log(-1 - x^2)", "3", "0")]                        // nowhere finite: nothing checked, exit 1
    [InlineData("log(x) * y + sin(x)", "5000", "4")]              // more points than one round draws (4,096)
    public void RecordedOnce_PrintsWhatBuildingAtEveryPointPrints(string formula, string points, string seed)
    {
        var batched = Check(recordOnce: true, Expression, formula, "--points", points, "--seed", seed);
        var afresh = Check(recordOnce: false, Expression, formula, "--points", points, "--seed", seed);

        Assert.Equal(afresh, batched);
        Assert.Contains("check", afresh.Output + afresh.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void AWrongDerivative_RecordedOnce_FailsAndNamesTheCulprit_AsBuildingAtEveryPointDoes()
    {
        static Value Build(Expression expression, IReadOnlyList<Value> leaves) =>
            Value.Custom("badsin", [expression.Build(leaves)], x => Math.Sin(x[0]), (x, _) => Math.Sin(x[0])) * 2;

        var batched = Check(recordOnce: true, Build, "x*y", "--points", "40");
        var afresh = Check(recordOnce: false, Build, "x*y", "--points", "40");

        Assert.Equal(afresh, batched);
        Assert.Equal(1, batched.ExitCode);
        Assert.Contains("the culprit is op badsin", batched.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void AGraphAReplayRefuses_IsCheckedPointByPoint_WithTheSameResult()
    {
        // A custom op given as numbers cannot be replayed: the command falls back to building at every point.
        static Value Build(Expression expression, IReadOnlyList<Value> leaves)
        {
            Value f = expression.Build(leaves);
            return Value.Custom("frozen", Math.Sin(f.Data), [f], [Math.Cos(f.Data)]);
        }

        var batched = Check(recordOnce: true, Build, "x*y", "--points", "30");
        var afresh = Check(recordOnce: false, Build, "x*y", "--points", "30");

        Assert.Equal(afresh, batched);
        Assert.Equal(0, batched.ExitCode);
    }
}
