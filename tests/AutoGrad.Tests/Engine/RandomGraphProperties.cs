using AutoGrad.Checking;
using FsCheck;
using FsCheck.Fluent;
using static AutoGrad.Tests.Generators;

namespace AutoGrad.Tests;

/// <summary>
/// Random expression DAGs over the whole op set, where later nodes reuse earlier ones (shared
/// sub-expressions): the gradients from one backward pass agree with central differences.
/// </summary>
public class RandomGraphProperties
{
    /// <summary>One step of a random program: apply op <c>Op</c> to earlier nodes A, B and C.</summary>
    public sealed record Step(int Op, int A, int B, int C)
    {
        public override string ToString() => $"{StepNames[Op]}(n{A}, n{B}, n{C})";
    }

    /// <summary>A random program: leaves at a point, then steps that each add one node.</summary>
    public sealed record Program(double[] Point, Step[] Steps)
    {
        public override string ToString() =>
            $"leaves [{string.Join(", ", Point)}]; " + string.Join("; ", Steps.Select((s, i) => $"n{Point.Length + i} = {s}"));
    }

    // Each op is applied in a form that keeps inside its domain: log and sqrt of a positive
    // expression, division by one bounded away from zero. Constants mix doubles into the graph.
    private static readonly (string Name, Func<Value, Value, Value, Value> Apply)[] Ops =
    [
        ("add", (a, b, _) => a + b),
        ("sub", (a, b, _) => a - b),
        ("mul", (a, b, _) => a * b),
        ("div", (a, b, _) => a / (b * b + 0.5)),
        ("neg", (a, _, _) => -a),
        ("pow", (a, _, _) => a.Pow(3)),
        ("powvalue", (a, b, _) => (a * a + 0.5).Pow(b.Tanh())),
        ("exp", (a, _, _) => a.Tanh().Exp()),
        ("log", (a, _, _) => (a * a + 0.5).Log()),
        ("sqrt", (a, _, _) => (a * a + 0.25).Sqrt()),
        ("tanh", (a, _, _) => a.Tanh()),
        ("sigmoid", (a, _, _) => a.Sigmoid()),
        ("relu", (a, _, _) => a.Relu()),
        ("leakyrelu", (a, _, _) => a.LeakyRelu(0.2)),
        ("elu", (a, _, _) => a.Elu()),
        ("prelu", (a, b, _) => a.Prelu(b)),
        ("softplus", (a, _, _) => a.Softplus()),
        ("abs", (a, _, _) => a.Abs()),
        ("sin", (a, _, _) => a.Sin()),
        ("cos", (a, _, _) => a.Cos()),
        ("max", (a, b, _) => Value.Max(a, b)),
        ("min", (a, b, _) => Value.Min(a, b)),
        ("sum", (a, b, c) => Value.Sum([a, b, c, a])),
        ("dot", (a, b, c) => Value.Dot([a, b], [c, a])),
        ("dot6", (a, b, c) => Value.Dot([a, b, c, a, b, c], [c, a, b, b, c, a])),
        ("scale", (a, _, _) => 3 * a - 1),
        ("logsumexp", (a, b, c) => Value.LogSumExp([a, b, c])),
        ("custom", (a, _, _) => OpCoverageTests.Softsign(a)),
    ];

    private static readonly string[] StepNames = Ops.Select(o => o.Name).ToArray();

    internal static readonly Gen<Program> Programs =
        from leafCount in Gen.Choose(1, 4)
        from point in Point(leafCount, Between(-2, 2))
        from stepCount in Gen.Choose(1, 12)
        from steps in StepsAfter(leafCount, stepCount)
        select new Program(point, steps);

    [Fact]
    public void AnalyticGradients_MatchCentralDifferences_OnRandomDags()
    {
        Check(Prop.ForAll(Programs.ToArbitrary(), program =>
        {
            GradCheckReport report = GradCheck.Check(leaves => Run(program, leaves), program.Point);
            // Skip programs whose values blew up (central differences lose their precision there) or
            // that sit on a kink (a central difference straddling it measures neither side's slope).
            bool tame = double.IsFinite(report.Output) && Math.Abs(report.Output) < 1e4
                && report.Entries.All(e => double.IsFinite(e.Analytic) && Math.Abs(e.Analytic) < 1e4)
                && !NearAKink(Run(program, program.Point.Select(x => new Value(x)).ToArray()));
            return Prop.When(tame, () => report.Passed).Label(report.ToString());
        }));
    }

    [Fact]
    public void TopologicalOrder_ListsEveryReachableNodeOnce_InputsBeforeConsumers()
    {
        Check(Prop.ForAll(Programs.ToArbitrary(), program =>
        {
            Value output = Run(program, program.Point.Select(x => new Value(x)).ToArray());
            IReadOnlyList<Value> order = output.TopologicalOrder();
            var position = new Dictionary<Value, int>(ReferenceEqualityComparer.Instance);
            for (int i = 0; i < order.Count; i++)
            {
                position.Add(order[i], i); // throws on a duplicate
            }

            return ReferenceEquals(order[^1], output)
                && order.All(node => node.Inputs.All(input => position.TryGetValue(input, out int p) && p < position[node]))
                && order.SequenceEqual(output.TopologicalOrder()); // the same graph gives the same order
        }));
    }

    [Fact]
    public void RandomPrograms_ShareSubexpressions()
    {
        // The generator must produce DAGs, not only trees: some node feeds more than one later node.
        Program[] samples = Programs.Sample(200, new Rnd(7), 20); // (count, seed, size)
        int withSharing = samples.Count(p =>
        {
            var uses = new int[p.Point.Length + p.Steps.Length];
            foreach (Step s in p.Steps)
            {
                uses[s.A]++;
                uses[s.B]++;
            }

            return uses.Any(u => u > 1);
        });
        Assert.Equal(200, samples.Length);
        Assert.True(withSharing > 100, $"only {withSharing} of 200 programs share a node");
    }

    /// <summary>True when a ReLU-like op's input, or the two inputs of a max or min, lie within 1e-4 of the kink.</summary>
    private static bool NearAKink(Value output) => output.TopologicalOrder().Any(node => node.Op switch
    {
        Op.Relu or Op.LeakyRelu or Op.Elu or Op.Prelu or Op.Abs => Math.Abs(node.GetInput(0).Data) < 1e-4,
        Op.Max or Op.Min => node.GetInput(0) != node.GetInput(1) && Math.Abs(node.GetInput(0).Data - node.GetInput(1).Data) < 1e-4,
        _ => false,
    });

    /// <summary>True when the program uses the user-defined op (which a compiled graph cannot replay).</summary>
    internal static bool UsesCustomOp(Program program) => program.Steps.Any(s => StepNames[s.Op] == "custom");

    /// <summary>Builds the program's graph on the given leaves and returns its last node, summed with the first.</summary>
    internal static Value Run(Program program, IReadOnlyList<Value> leaves)
    {
        var nodes = new List<Value>(leaves);
        foreach (Step step in program.Steps)
        {
            nodes.Add(Ops[step.Op].Apply(nodes[step.A], nodes[step.B], nodes[step.C]));
        }

        return nodes[^1] + nodes[0];
    }

    private static Gen<Step[]> StepsAfter(int leafCount, int stepCount)
    {
        Gen<Step[]> steps = Gen.Constant(Array.Empty<Step>());
        for (int i = 0; i < stepCount; i++)
        {
            int available = leafCount + i;
            steps = from before in steps
                    from op in Gen.Choose(0, Ops.Length - 1)
                    from a in Gen.Choose(0, available - 1)
                    from b in Gen.Choose(0, available - 1)
                    from c in Gen.Choose(0, available - 1)
                    select before.Append(new Step(op, a, b, c)).ToArray();
        }

        return steps;
    }
}
