using System.Reflection;
using System.Text.RegularExpressions;
using AutoGrad.Expressions;
using AutoGrad.FsCheck;

namespace AutoGrad.Tests;

/// <summary>
/// The places of docs/architecture.md's recipe for a new op that the compiler cannot enforce: each test
/// here fails naming every op missing from one of them. (OpCatalog's switch is a compile error, the
/// op-coverage table has <see cref="OpCoverageTests.EveryDeclaredOp_HasACase_AndEveryCaseBuildsItsOp"/>,
/// and the formula language <c>ExpressionTests.EveryOp_HasAnExpression_ExceptLeavesAndCustomOps</c>.)
/// </summary>
public sealed partial class OpRecipeTests
{
    private static readonly Op[] BuiltIn = [.. Enum.GetValues<Op>().Except([Op.Leaf, Op.Custom])];

    /// <summary>The public methods of <see cref="Value"/> (operators too) that end in each op, found by calling them.</summary>
    private static readonly Dictionary<Op, List<MethodInfo>> ValueMethods = FindValueMethods();

    [Fact]
    public void EveryOp_IsBuiltByAPublicValueMethod()
    {
        Op[] missing = [.. BuiltIn.Where(op => !ValueMethods.ContainsKey(op))];

        Assert.True(missing.Length == 0, $"No public method of Value builds {Names(missing)}: write it in the Value.*.cs file of its family, beside its rule.");
    }

    [Fact]
    public void EveryOp_HasAForwardModeMethodOnDual_NamedAsOnValue()
    {
        Op[] missing = [.. BuiltIn.Where(op => ValueMethods.TryGetValue(op, out List<MethodInfo>? methods) && !methods.Any(HasDualTwin))];

        Assert.True(missing.Length == 0, $"Dual has no method like Value's for {Names(missing)}: add it beside the others in src/AutoGrad/Engine/Dual.cs.");
    }

    [Fact]
    public void EveryOp_IsAStepOfTheFsCheckKitsRandomGraphs()
    {
        var built = GraphOps.All.SelectMany(step => OpsIn(step.Apply(Leaves(step.Arity)))).ToHashSet();
        Op[] missing = [.. BuiltIn.Where(op => !built.Contains(op))];

        Assert.True(missing.Length == 0, $"No GraphOp of the FsCheck kit builds {Names(missing)}: add one to src/AutoGrad.FsCheck/GraphOps.cs and to its All.");
    }

    [Fact]
    public void KinkedOps_AreLeftOutOfSmooth_AndAreDiscardedNearTheirKink_FromTheirDeclaration()
    {
        Op[] kinked = [.. BuiltIn.Where(op => OpCatalog.Of(op).HasKink)];
        Assert.Contains(Op.Relu, kinked);
        Assert.Contains(Op.Max, kinked);
        Assert.DoesNotContain(Op.Tanh, kinked);

        foreach (Op op in kinked)
        {
            Assert.True(
                GraphOps.Smooth.All(step => !OpsIn(step.Apply(Leaves(step.Arity))).Contains(op)),
                $"GraphOps.Smooth holds a step that builds the kinked {op}.");
            MethodInfo method = ValueMethods[op][0];
            Assert.True(GradientProperty.NearAKink(Call(method, 1e-6, 0)!), $"a {op} node 10⁻⁶ from its kink should be discarded by the kit's HoldsForGraphs");
            Assert.False(GradientProperty.NearAKink(Call(method, 0.5, -0.5)!), $"a {op} node far from its kink should be checked by the kit's HoldsForGraphs");
        }
    }

    [Fact]
    public void EveryOp_AndEveryFormulaFunction_IsInTheReadme()
    {
        string readme = FencedBlock().Replace(File.ReadAllText(Path.Combine(Repository.Root, "README.md")), string.Empty);
        var backticked = Backticked().Matches(readme).SelectMany(m => m.Groups["text"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.Ordinal);
        string[] missing =
        [
            .. BuiltIn.Where(op => ValueMethods.TryGetValue(op, out List<MethodInfo>? methods) && !methods.Any(m => m.IsSpecialName || backticked.Contains(m.Name) || backticked.Contains($"Value.{m.Name}")))
                .Select(op => $"Op.{op} (Value.{ValueMethods[op][0].Name}, under \"What is in the box\")"),
            .. ExpressionFunctions.Names.Where(name => !backticked.Contains(name)).Select(name => $"the formula function {name} (under \"Typed formulas\")"),
        ];

        Assert.True(missing.Length == 0, $"README.md does not list {string.Join(", ", missing)}.");
    }

    private static string Names(IEnumerable<Op> ops) => string.Join(", ", ops.Select(op => $"Op.{op}"));

    private static Value[] Leaves(int count) => [.. Enumerable.Range(0, count).Select(i => new Value(0.5 + i))];

    private static HashSet<Op> OpsIn(Value output) => [.. output.TopologicalOrder().Select(node => node.Op)];

    private static Dictionary<Op, List<MethodInfo>> FindValueMethods()
    {
        var found = new Dictionary<Op, List<MethodInfo>>();
        foreach (MethodInfo method in typeof(Value).GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        {
            if (method.ReturnType == typeof(Value) && Call(method, 0.5, 0.25) is { IsLeaf: false } result)
            {
                (found.TryGetValue(result.Op, out List<MethodInfo>? list) ? list : found[result.Op] = []).Add(method);
            }
        }

        return found;
    }

    /// <summary>
    /// Calls a method of Value with a for the first value it takes (the instance, or the first
    /// argument) and b for the others; lists get [a, b]; numbers their default or 0.5. Null when the
    /// method takes something else (a name, a function) or refuses these inputs.
    /// </summary>
    private static Value? Call(MethodInfo method, double a, double b)
    {
        int values = 0;
        Value Next() => new(values++ == 0 ? a : b);
        object? target = method.IsStatic ? null : Next();
        var arguments = new List<object?>();
        foreach (ParameterInfo parameter in method.GetParameters())
        {
            if (parameter.ParameterType == typeof(Value))
            {
                arguments.Add(Next());
            }
            else if (parameter.ParameterType == typeof(double))
            {
                arguments.Add(parameter.HasDefaultValue ? parameter.DefaultValue : 0.5);
            }
            else if (parameter.ParameterType == typeof(IReadOnlyList<Value>) || parameter.ParameterType == typeof(IEnumerable<Value>))
            {
                arguments.Add(new Value[] { Next(), Next() });
            }
            else
            {
                return null;
            }
        }

        try
        {
            return (Value?)method.Invoke(target, [.. arguments]);
        }
        catch (TargetInvocationException)
        {
            return null;
        }
    }

    /// <summary>Dual has a method of the same name, kind and parameters, with Dual for Value and a span of Duals for a list.</summary>
    private static bool HasDualTwin(MethodInfo method)
    {
        Type[] expected = [.. method.GetParameters().Select(p =>
            p.ParameterType == typeof(Value) ? typeof(Dual)
            : p.ParameterType == typeof(IReadOnlyList<Value>) || p.ParameterType == typeof(IEnumerable<Value>) ? typeof(ReadOnlySpan<Dual>)
            : p.ParameterType)];
        return typeof(Dual).GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance).Any(twin =>
            twin.Name == method.Name && twin.IsStatic == method.IsStatic && twin.ReturnType == typeof(Dual)
            && twin.GetParameters().Select(p => p.ParameterType).SequenceEqual(expected));
    }

    [GeneratedRegex(@"`(?<text>[^`\n]+)`")]
    private static partial Regex Backticked();

    [GeneratedRegex(@"^(```|~~~).*?^\1", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedBlock();
}
