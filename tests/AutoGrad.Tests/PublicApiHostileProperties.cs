using System.Collections.Concurrent;
using System.Reflection;
using AutoGrad.Data;
using AutoGrad.Graphs;
using AutoGrad.Nn;
using AutoGrad.Optim;
using AutoGrad.Training;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace AutoGrad.Tests;

/// <summary>
/// A sweep of the public API with hostile arguments: every public constructor and static method of
/// the building blocks (Nn, Optim, Data, Training) and of <see cref="Value"/>, and every option of
/// <see cref="MlpOptions"/>, <see cref="TrainingOptions"/>, <see cref="DiagramOptions"/> and
/// <see cref="DotOptions"/> through the call that reads it, are called with nulls (inside lists too),
/// NaN, ±∞, negative, zero and huge sizes, undefined enum values and empty lists. Whatever happens,
/// the only exceptions allowed are the documented kinds: the ArgumentException family (the input was
/// bad), <see cref="DataFormatException"/> and <see cref="GraphTooLargeException"/>. A
/// NullReferenceException, IndexOutOfRangeException, KeyNotFoundException or any other escape fails.
/// </summary>
/// <remarks>
/// Members are found by reflection, so a new public constructor or method is swept without a new
/// line here; a parameter of a type with no pool below makes <see cref="EveryMember_HasAPoolForEachParameter"/>
/// fail, naming it. Calls that touch files or a process are left out by name (<see cref="LeftOut"/>); they
/// have tests of their own.
/// </remarks>
public sealed class PublicApiHostileProperties(ITestOutputHelper output)
{
    private static readonly Assembly Library = typeof(Value).Assembly;

    private static readonly string[] Namespaces = ["AutoGrad.Nn", "AutoGrad.Optim", "AutoGrad.Data", "AutoGrad.Training"];

    /// <summary>Members not swept, and why: each touches the file system or reads an embedded file slowly.</summary>
    private static readonly HashSet<string> LeftOut =
    [
        "ModelFile.Save", "ModelFile.Load", "ModelFile.LoadInto", // files (ModelFileTests)
        "ClassifierFile.Save", "ClassifierFile.Load",             // files (ClassifierTests)
        "CsvDataset.Load", "CsvDataset.LoadRows",                 // files (CsvDatasetTests)
        "CsvDataset.LoadRegression",                              // files (TrainRegressionTests)
        "TrainedModelFile.Save", "TrainedModelFile.Load",         // files (ClassifierTests, TrainRegressionTests)
        "Datasets.Digits",                                        // no arguments; reads the embedded file
    ];

    /// <summary>How many random combinations FsCheck tries (the sweep stays within a few seconds).</summary>
    private const int Combinations = 3000;

    private static readonly Type[] Allowed = [typeof(ArgumentException), typeof(DataFormatException), typeof(GraphTooLargeException)];

    // ---- Pools: for each parameter type, the first entry is an ordinary valid value, the rest hostile.

    private static Value[] TwoValues() => [new Value(0.5, "a"), new Value(-1.5, "b")];

    private static readonly int[] Ints = [2, 1, 3, 0, -1, int.MinValue, int.MaxValue, Limits.MaxElements + 1, 1 << 30];

    private static readonly double[] Doubles = [0.5, 0, -0.0, -1, 1, 2, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e308, -1e308, double.Epsilon];

    private static readonly Dictionary<Type, Func<object?>[]> Pools = new()
    {
        [typeof(int)] = [.. Ints.Select(i => (Func<object?>)(() => i))],
        [typeof(double)] = [.. Doubles.Select(d => (Func<object?>)(() => d))],
        [typeof(bool)] = [() => true, () => false],
        [typeof(string)] = [() => "name", () => null, () => "", () => " ", () => "\0", () => "a,\"b\"\n", () => new string('x', 100_000)],
        [typeof(Value)] = [() => new Value(0.5), () => null, () => new Value(double.NaN), () => new Value(double.PositiveInfinity)],
        [typeof(Random)] = [() => new Random(1), () => null],
        [typeof(IReadOnlyList<int>)] = [() => new[] { 1, 0 }, () => null, () => Array.Empty<int>(), () => new[] { 0 }, () => new[] { -1 }, () => new[] { int.MaxValue }, () => new[] { 5, 5, 5 }, () => new[] { 2 }],
        [typeof(IReadOnlyList<double>)] = [() => new[] { 0.5, 1.5 }, () => null, () => Array.Empty<double>(), () => new[] { double.NaN, 1 }, () => new[] { double.PositiveInfinity, 0 }, () => new[] { 0.0, 0.0 }, () => new[] { -1.0 }],
        [typeof(IReadOnlyList<double[]>)] = [() => new[] { new[] { 0.5, 1 }, new[] { -1, 2.0 } }, () => null, () => Array.Empty<double[]>(), () => new double[][] { null! }, () => new[] { new[] { 1.0 }, new[] { 1, 2.0 } }, () => new[] { new[] { double.NaN, 1 }, new[] { 1, 2.0 } }, () => new[] { Array.Empty<double>(), Array.Empty<double>() }],
        [typeof(IReadOnlyList<string>)] = [() => new[] { "a", "b" }, () => null, () => Array.Empty<string>(), () => new string[] { null! }, () => new[] { "a", "a" }, () => new[] { "", "b" }, () => new[] { "a,b", "c" }],
        [typeof(IReadOnlyList<Value>)] = [() => TwoValues(), () => null, () => Array.Empty<Value>(), () => new Value[] { null! }, () => new[] { new Value(1), null! }, () => Same(), () => new[] { new Value(double.NaN), new Value(1) }],
        [typeof(IEnumerable<Value>)] = [() => TwoValues(), () => null, () => Array.Empty<Value>(), () => new Value[] { null! }, () => Same(), () => new[] { new Value(double.NegativeInfinity) }],
        [typeof(IReadOnlyList<IReadOnlyList<Value>>)] = [() => new IReadOnlyList<Value>[] { TwoValues(), TwoValues() }, () => null, () => Array.Empty<IReadOnlyList<Value>>(), () => new IReadOnlyList<Value>[] { null! }, () => new IReadOnlyList<Value>[] { TwoValues(), [new Value(1)] }, () => new IReadOnlyList<Value>[] { [null!, new Value(1)], TwoValues() }],
        [typeof(IReadOnlyDictionary<string, Value>)] = [() => new Dictionary<string, Value> { ["x"] = new Value(1) }, () => null, () => new Dictionary<string, Value>()],
        [typeof(Dataset)] = [() => Datasets.Moons(10), () => null, () => new Dataset("one", [[1.0, 2], [3.0, 4]], [0, 0], ["only"]), () => new Dataset("nan", [[double.NaN, 2], [3.0, 4]], [0, 1], ["a", "b"])],
        [typeof(Mlp)] = [() => new Mlp(2, [1]), () => null, () => new Mlp(2, [3]), () => new Mlp(1, [2])],
        [typeof(Standardizer)] = [() => new Standardizer([0, 0], [1, 1]), () => null, () => new Standardizer([0, 0, 0], [1, 1, 1])],
        [typeof(LearningRateSchedule)] = [() => null, () => (LearningRateSchedule)((_, rate) => double.NaN), () => Schedules.Constant],
        [typeof(Func<ReadOnlySpan<double>, double>)] = [() => (Func<ReadOnlySpan<double>, double>)(x => x.Length > 0 ? x[0] : 0), () => null],
        [typeof(Func<ReadOnlySpan<double>, int, double>)] = [() => (Func<ReadOnlySpan<double>, int, double>)((x, i) => 1), () => null],
        [typeof(Func<IReadOnlyList<Value>, Value>)] = [() => (Func<IReadOnlyList<Value>, Value>)(x => x.Count > 0 ? x[0] * x[0] : new Value(0)), () => null],
        [typeof(Func<IReadOnlyList<Value>, IReadOnlyList<Value>>)] = [() => (Func<IReadOnlyList<Value>, IReadOnlyList<Value>>)(x => x), () => null],
        [typeof(MlpOptions)] = [() => new MlpOptions(), () => null],
        [typeof(TrainingOptions)] = [() => new TrainingOptions { Steps = 2 }, () => null],
        [typeof(Classifier)] = [() => null],
        [typeof(DatasetSplit)] = [() => DatasetSplit.Create(Datasets.Moons(10), 0.6, 0.2, 0.2), () => null],
        [typeof(Optimizer)] = [() => new Sgd([new Value(1)], 0.1), () => null],
        [typeof(Func<double>)] = [() => (Func<double>)(() => 1.0), () => null, () => (Func<double>)(() => double.NaN)],
        [typeof(Func<Value>)] = [() => (Func<Value>)(() => new Value(2) * new Value(3)), () => null, () => (Func<Value>)(() => null!)],
        [typeof(Func<int, StepResult>)] = [() => (Func<int, StepResult>)(i => new StepResult(i, 1, 0.5, 0.1)), () => null, () => (Func<int, StepResult>)(_ => null!)],
        [typeof(CancellationToken)] = [() => CancellationToken.None],
        [typeof(BatchSource)] = [() => BatchSource.Whole(10), () => null, () => BatchSource.Whole(3), () => BatchSource.Sampled(10, 1, 0), () => BatchSource.Epochs(10, 3, 0)],
        [typeof(TrainingHooks)] = [() => new TrainingHooks(), () => null, () => new TrainingHooks { EvaluateEvery = -1 }, () => new TrainingHooks { StopAfter = _ => true }],
        [typeof(StepResult)] = [() => new StepResult(0, double.NaN, 0.5, 1), () => null],
        [typeof(RegressionMetrics)] = [() => new RegressionMetrics(1, 0.5, 0.5), () => null, () => new RegressionMetrics(0, double.NaN, double.NaN)],
        [typeof(TrainingProblem)] = [() => new TrainingProblem("--loss", "hinge", "needs 2 classes"), () => null, () => new TrainingProblem(null, null, "")],
        [typeof(TrainedModel)] = [() => null],
        [typeof(IReadOnlySet<Value>)] = [() => new HashSet<Value>(), () => null, () => new HashSet<Value> { new Value(1) }],
        [typeof(IReadOnlyDictionary<Value, string>)] = [() => new Dictionary<Value, string>(), () => null, () => new Dictionary<Value, string> { [new Value(1)] = null! }, () => new Dictionary<Value, string> { [new Value(2)] = new string('<', 20_000) }],
    };

    private static Value[] Same()
    {
        var w = new Value(1, "w");
        return [w, w];
    }

    /// <summary>The pool of a parameter type: its own, or for an enum its members and two undefined values, and null for a nullable.</summary>
    private static Func<object?>[]? PoolOf(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return PoolOf(underlying) is { } inner ? [.. inner, () => null] : null;
        }

        if (type.IsEnum)
        {
            object[] defined = [.. Enum.GetValues(type).Cast<object>()];
            return [.. defined.Select(v => (Func<object?>)(() => v)), () => Enum.ToObject(type, 42), () => Enum.ToObject(type, -1)];
        }

        return Pools.TryGetValue(type, out Func<object?>[]? pool) ? pool : null;
    }

    /// <summary>A public entry point: a constructor or static method, or an option set on its record and passed to the call that reads it.</summary>
    private sealed record Entry(string Name, Type[] Parameters, Func<object?[], object?> Call);

    private static readonly Lazy<Entry[]> Entries = new(FindEntries);

    private static Entry[] FindEntries()
    {
        var entries = new List<Entry>();
        IEnumerable<Type> types = Library.GetExportedTypes()
            .Where(t => t == typeof(Value) || Namespaces.Contains(t.Namespace))
            .Where(t => !typeof(Exception).IsAssignableFrom(t) && !t.IsSubclassOf(typeof(Delegate)));
        foreach (Type type in types.OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            if (!type.IsAbstract)
            {
                foreach (ConstructorInfo constructor in type.GetConstructors())
                {
                    entries.Add(new Entry($"new {type.Name}({string.Join(", ", constructor.GetParameters().Select(p => p.ParameterType.Name))})",
                        [.. constructor.GetParameters().Select(p => p.ParameterType)], args => constructor.Invoke(args)));
                }
            }

            foreach (MethodInfo method in type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                if (method.IsSpecialName && !method.Name.StartsWith("op_", StringComparison.Ordinal) || method.IsGenericMethodDefinition
                    || LeftOut.Contains($"{type.Name}.{method.Name}"))
                {
                    continue; // property getters are read with their type; generic methods have no pool
                }

                entries.Add(new Entry($"{type.Name}.{method.Name}({string.Join(", ", method.GetParameters().Select(p => p.ParameterType.Name))})",
                    [.. method.GetParameters().Select(p => p.ParameterType)], args => method.Invoke(null, args)));
            }
        }

        // Options: each settable property of each options record, set on a fresh record and read by its consumer.
        AddOptions(entries, () => new MlpOptions(), options => new Mlp(2, [2, 1], options));
        // A small network, interpreted unless the option swept is UseCompiledGraph itself: each call
        // builds a trainer and takes one step, and generating code for each would dominate the sweep.
        AddOptions(entries, () => new TrainingOptions { HiddenLayers = [3], Steps = 2, UseCompiledGraph = false }, options => new Trainer(Datasets.Moons(10), options).Step());
        AddOptions(entries, () => new DiagramOptions(), options => MermaidExporter.Export(SmallGraph(), options));
        AddOptions(entries, () => new DotOptions(), options => DotExporter.Export(SmallGraph(), options));
        return [.. entries];
    }

    private static Value SmallGraph()
    {
        var x = new Value(2, "x");
        using (Scope.Enter("layer 1"))
        {
            return (x * 3 + 1).Tanh();
        }
    }

    private static void AddOptions<T>(List<Entry> entries, Func<T> fresh, Func<T, object?> consume)
    {
        foreach (PropertyInfo property in typeof(T).GetProperties().Where(p => p.CanWrite).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            entries.Add(new Entry($"{typeof(T).Name} {{ {property.Name} = … }}", [property.PropertyType], args =>
            {
                T options = fresh();
                property.SetValue(options, args[0]);
                return consume(options);
            }));
        }
    }

    // ---- The check

    private static long s_calls;
    private static readonly ConcurrentDictionary<string, int> Thrown = new();

    /// <summary>Calls the entry with the pools' entries at <paramref name="choices"/>; null if only documented exceptions (or none) came out, else what went wrong.</summary>
    private static string? Outcome(Entry entry, IReadOnlyList<int> choices)
    {
        object?[] args = new object?[entry.Parameters.Length];
        var shown = new string[args.Length];
        for (int i = 0; i < args.Length; i++)
        {
            Func<object?>[] pool = PoolOf(entry.Parameters[i])!;
            int pick = choices[i] % pool.Length;
            args[i] = pool[pick]();
            shown[i] = Show(args[i]);
        }

        Interlocked.Increment(ref s_calls);
        try
        {
            entry.Call(args);
            return null;
        }
        catch (Exception e)
        {
            Exception inner = e is TargetInvocationException { InnerException: { } wrapped } ? wrapped : e;
            Thrown.AddOrUpdate(inner.GetType().Name, 1, (_, n) => n + 1);
            return Allowed.Any(allowed => allowed.IsInstanceOfType(inner)) && !string.IsNullOrWhiteSpace(inner.Message)
                ? null
                : $"{entry.Name} with ({string.Join(", ", shown)}) threw {inner.GetType().Name}: {inner.Message}\n{inner.StackTrace}";
        }
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        string s => s.Length > 20 ? $"\"{s[..5]}…\" ({s.Length} chars)" : $"\"{s}\"",
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        System.Collections.IEnumerable list => $"[{string.Join(", ", list.Cast<object?>().Take(4).Select(Show))}]",
        _ => value.ToString() ?? value.GetType().Name,
    };

    [Fact]
    public void EveryMember_HasAPoolForEachParameter()
    {
        string[] missing = [.. Entries.Value.SelectMany(e => e.Parameters.Where(p => PoolOf(p) is null).Select(p => $"{e.Name}: {p}"))];

        Assert.True(missing.Length == 0, "No hostile pool for: " + string.Join("; ", missing));
        Assert.True(Entries.Value.Length > 60, $"Only {Entries.Value.Length} entries were found; the reflection is missing members.");
    }

    [Fact]
    public void EachHostileValue_OneAtATime_ThrowsOnlyDocumentedExceptions()
    {
        // Every parameter takes every value of its pool while the others keep their ordinary value.
        var failures = new List<string>();
        long before = Interlocked.Read(ref s_calls);
        foreach (Entry entry in Entries.Value.Where(e => e.Parameters.All(p => PoolOf(p) is not null)))
        {
            int[] ordinary = new int[entry.Parameters.Length];
            for (int i = 0; i < entry.Parameters.Length; i++)
            {
                for (int pick = 1; pick < PoolOf(entry.Parameters[i])!.Length; pick++)
                {
                    int[] choices = [.. ordinary];
                    choices[i] = pick;
                    if (Outcome(entry, choices) is { } failure)
                    {
                        failures.Add(failure);
                    }
                }
            }
        }

        output.WriteLine($"One at a time: {Interlocked.Read(ref s_calls) - before} hostile calls over {Entries.Value.Length} entries; exceptions: {string.Join(", ", Thrown.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"))}.");
        Assert.True(failures.Count == 0, $"{failures.Count} calls threw undocumented exceptions:\n" + string.Join("\n\n", failures.Take(15)));
    }

    [Fact]
    public void RandomHostileCombinations_ThrowOnlyDocumentedExceptions()
    {
        // FsCheck picks an entry and a pool position for each of its parameters, so hostile values
        // meet each other (a NaN beside an empty list); a failure shrinks towards the simplest picks.
        Entry[] entries = [.. Entries.Value.Where(e => e.Parameters.All(p => PoolOf(p) is not null))];
        long before = Interlocked.Read(ref s_calls);
        Gen<(int Entry, int[] Picks)> calls =
            from entry in Gen.Choose(0, entries.Length - 1)
            from picks in Gen.ArrayOf(Gen.Choose(0, 20), 8)
            select (entry, picks);

        global::FsCheck.Check.One(Config.QuickThrowOnFailure.WithMaxTest(Combinations), Prop.ForAll(calls.ToArbitrary(), call =>
        {
            string? failure = Outcome(entries[call.Entry], call.Picks);
            return (failure is null).Label(failure ?? "");
        }));
        output.WriteLine($"Combinations: {Interlocked.Read(ref s_calls) - before} hostile calls.");
    }
}
