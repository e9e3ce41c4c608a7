using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using AutoGrad.Cli;
using AutoGrad.FsCheck;
using AutoGrad.Onnx;
using AutoGrad.Plots;
using NetArchTest.Rules;

namespace AutoGrad.Tests;

/// <summary>
/// The layering of docs/style.md ("One place per concept"), checked on the compiled assemblies: the engine uses no building block,
/// the building blocks use only the engine, and only the application (Training, the CLI) may use
/// everything. The pictures (AutoGrad.Plots, a package of its own) sit beside the CLI: nothing in the
/// library uses them, and they use no CLI type. Namespaces are matched exactly (a prefix "AutoGrad"
/// would match every type); any namespace not named below (e.g. a future AutoGrad.IO) counts as engine-level.
/// </summary>
public sealed class ArchitectureTests
{
    private const string Nn = "AutoGrad.Nn";
    private const string Optim = "AutoGrad.Optim";
    private const string Data = "AutoGrad.Data";
    private const string Graphs = "AutoGrad.Graphs";
    private const string Expressions = "AutoGrad.Expressions";
    private const string Training = "AutoGrad.Training";
    private const string Cli = "AutoGrad.Cli";
    private const string Onnx = "AutoGrad.Onnx";
    private const string Plots = "AutoGrad.Plots";

    // The FsCheck kit (AutoGrad.FsCheck) counts as engine-level: it checks derivatives with the engine alone.
    private static readonly Assembly[] Assemblies = [typeof(Value).Assembly, typeof(CliApplication).Assembly, typeof(GradientProperty).Assembly, typeof(DecisionBoundaryPlot).Assembly, typeof(OnnxExport).Assembly];

    /// <summary>
    /// Engine-level: every AutoGrad namespace that is not a building block or the application
    /// (so `AutoGrad` exactly, AutoGrad.Compilation, AutoGrad.Checking, and any new utility namespace).
    /// </summary>
    private const string EngineNamespaces = @"^AutoGrad(\.(?!(Nn|Optim|Data|Graphs|Expressions|Training|Cli|Plots|Onnx)(\.|$))[\w.]+)?$";

    /// <summary>Each layer: a regex for its namespaces, and the namespaces (with their children) it must not use.</summary>
    private static readonly Dictionary<string, (string Namespaces, string[] Forbidden)> Rules = new()
    {
        ["engine"] = (EngineNamespaces, [Nn, Optim, Data, Graphs, Expressions, Training, Cli, Plots, Onnx]),
        ["Graphs"] = (@"^AutoGrad\.Graphs(\..+)?$", [Nn, Optim, Data, Expressions, Training, Cli, Plots]),
        ["Nn"] = (@"^AutoGrad\.Nn(\..+)?$", [Optim, Data, Graphs, Expressions, Training, Cli, Plots]),
        ["Optim"] = (@"^AutoGrad\.Optim(\..+)?$", [Nn, Data, Graphs, Expressions, Training, Cli, Plots]),
        ["Data"] = (@"^AutoGrad\.Data(\..+)?$", [Nn, Optim, Graphs, Expressions, Training, Cli, Plots]),
        ["Expressions"] = (@"^AutoGrad\.Expressions(\..+)?$", [Nn, Optim, Data, Graphs, Training, Cli, Plots]),
        ["Training"] = (@"^AutoGrad\.Training(\..+)?$", [Cli, Plots, Onnx]),
        ["Plots"] = (@"^AutoGrad\.Plots(\..+)?$", [Cli]),

        // The ONNX exporter (its own package) writes graphs from the engine and classifiers from Nn and
        // Training (with the Data standardiser a classifier holds); it never reaches the CLI, the pictures,
        // optimisers, diagrams or the expression language.
        ["Onnx"] = (@"^AutoGrad\.Onnx(\..+)?$", [Optim, Graphs, Expressions, Cli, Plots]),
    };

    public static TheoryData<string> Layers => new(Rules.Keys);

    [Theory]
    [MemberData(nameof(Layers))]
    public void Layer_DependsOnNoForbiddenNamespace(string layer)
    {
        (string namespaces, string[] forbidden) = Rules[layer];

        TestResult result = Types.InAssemblies(Assemblies)
            .That().ResideInNamespaceMatching(namespaces)
            .Should().NotHaveDependencyOnAny(forbidden)
            .GetResult();

        Assert.True(result.IsSuccessful, Violations(layer, forbidden, result));
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void Layer_SelectsSomeTypes(string layer)
    {
        // A pattern that matches nothing would make the rule above pass vacuously.
        string namespaces = Rules[layer].Namespaces;

        IEnumerable<IType> selected = Types.InAssemblies(Assemblies).That().ResideInNamespaceMatching(namespaces).GetTypes();

        Assert.True(selected.Any(), $"The {layer} pattern {namespaces} selects no type.");
    }

    [Fact]
    public void EnginePattern_MatchesTheEngineAndUtilities_AndNothingElse()
    {
        var engine = new Regex(EngineNamespaces);

        Assert.All(new[] { "AutoGrad", "AutoGrad.Compilation", "AutoGrad.Checking", "AutoGrad.IO", "AutoGrad.FsCheck", "AutoGrad.Nnx" }, ns => Assert.Matches(engine, ns));
        Assert.All(
            new[] { "AutoGrad.Nn", "AutoGrad.Optim", "AutoGrad.Data", "AutoGrad.Graphs", "AutoGrad.Expressions", "AutoGrad.Training", "AutoGrad.Cli", "AutoGrad.Cli.Commands", "AutoGrad.Plots", "AutoGrad.Onnx", "AutoGradX", "Other" },
            ns => Assert.DoesNotMatch(engine, ns));
    }

    [Fact]
    public void CoreLibrary_TakesNoOnnxDependency()
    {
        // ONNX export is its own package: the library people learn with stays light.
        string[] references = typeof(Value).Assembly.GetReferencedAssemblies().Select(name => name.Name ?? "").ToArray();
        Assert.DoesNotContain(references, name => name.Contains("Onnx", StringComparison.OrdinalIgnoreCase) || name.Contains("Protobuf", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(typeof(OnnxExport).Assembly.GetReferencedAssemblies(), name => name.Name == "OnnxSharp");

        // And it is built against the library's public surface alone, as the pictures are.
        Assert.DoesNotContain(typeof(OnnxExport).Assembly.GetName().Name, typeof(Value).Assembly.GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName));
    }

    [Fact]
    public void Plots_SeesOnlyTheLibrarysPublicApi()
    {
        // The package ships apart from the library, so it builds against the public surface alone: the
        // compiler holds it to that as long as the library grants it no internals.
        string[] friends = typeof(Value).Assembly.GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName).ToArray();

        Assert.DoesNotContain(typeof(TrainingPictures).Assembly.GetName().Name, friends);
    }

    private static string Violations(string layer, string[] forbidden, TestResult result)
    {
        IEnumerable<string> lines = (result.FailingTypes ?? []).Select(type => $"  {type.FullName}: {type.Explanation}");
        return $"The {layer} layer must not use {string.Join(", ", forbidden)}, but these types do:{Environment.NewLine}{string.Join(Environment.NewLine, lines)}";
    }
}
