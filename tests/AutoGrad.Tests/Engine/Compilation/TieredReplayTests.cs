using AutoGrad.Compilation;
using AutoGrad.FsCheck;
using FsCheck;
using FsCheck.Fluent;
using static AutoGrad.Tests.PropertyRunner;

namespace AutoGrad.Tests.Compilation;

/// <summary>
/// Tiered replay: a graph from <see cref="CompiledGraph.Compile(Value)"/> replays through the
/// interpreter at once and switches to code generated off the calling thread. Every output and
/// gradient before and after the switch equals the interpreter's, the generated code's and a fresh
/// dynamic graph's, bit for bit.
/// </summary>
public class TieredReplayTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private static readonly Gen<(RandomGraphProperties.GraphAtPoint Graph, double[][] Elsewhere)> Cases =
        from graph in RandomGraphProperties.AtPoints(RandomGraphProperties.BuiltInRecipes)
        from elsewhere in Gen.ArrayOf(Points.Of(graph.Point.Length, Domains.Between(-2, 2)), 4)
        select (graph, elsewhere);

    /// <summary>
    /// Four points, two before the switch and two after; at each, the tiered graph's output and leaf
    /// gradients equal those of the same graph compiled to the interpreter alone, to generated code
    /// alone, and of a dynamic graph built fresh at the point.
    /// </summary>
    [Fact]
    public void Replay_AcrossTheSwitch_EqualsInterpretedGeneratedAndFreshDynamic_BitForBit()
    {
        int switched = 0;
        Check(Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            Value[] leaves = c.Graph.Point.Select(x => new Value(x)).ToArray();
            Value output = c.Graph.Recipe.Build(leaves);
            CompiledGraph tiered = CompiledGraph.Compile(output, ReplayMode.Interpreted, tierUpAfter: int.MaxValue);
            CompiledGraph interpreted = CompiledGraph.Compile(output, ReplayMode.Interpreted);
            CompiledGraph generated = CompiledGraph.Compile(output, ReplayMode.Generated);
            var modes = new List<ReplayMode>();
            for (int p = 0; p < c.Elsewhere.Length; p++)
            {
                if (p == 2 && !tiered.WaitForGeneratedCode(Patience))
                {
                    return false.Label($"no generated code: {tiered.Tiering}");
                }

                double[] point = c.Elsewhere[p];
                (double Output, double[] Grads) fromTiered = Replay(tiered, leaves, point);
                modes.Add(tiered.Mode);
                (double Output, double[] Grads) fromInterpreter = Replay(interpreted, leaves, point);
                (double Output, double[] Grads) fromGenerated = Replay(generated, leaves, point);
                Value[] fresh = point.Select(x => new Value(x)).ToArray();
                Value expected = c.Graph.Recipe.Build(fresh);
                expected.Backward();
                (double Output, double[] Grads) fromDynamic = (expected.Data, fresh.Select(leaf => leaf.Grad).ToArray());

                foreach ((string name, (double Output, double[] Grads) other) in new[] { ("interpreted", fromInterpreter), ("generated", fromGenerated), ("dynamic", fromDynamic) })
                {
                    if (!fromTiered.Output.Equals(other.Output) || !fromTiered.Grads.SequenceEqual(other.Grads))
                    {
                        return false.Label($"point {p} ({tiered.Mode}): tiered {fromTiered.Output:R} [{string.Join(", ", fromTiered.Grads)}] vs {name} {other.Output:R} [{string.Join(", ", other.Grads)}]");
                    }
                }
            }

            switched++;
            bool modesRight = modes.SequenceEqual([ReplayMode.Interpreted, ReplayMode.Interpreted, ReplayMode.Generated, ReplayMode.Generated]);
            return modesRight.Label($"modes {string.Join(", ", modes)}");
        }));

        Assert.Equal(200, switched);
    }

    /// <summary>Every op of the coverage table, at one point before the switch and one after, against a fresh dynamic graph.</summary>
    [Theory]
    [MemberData(nameof(OpCoverageTests.Cases), MemberType = typeof(OpCoverageTests))]
    public void EveryOp_AcrossTheSwitch_EqualsAFreshDynamicGraph_BitForBit(string name)
    {
        OpCoverageTests.OpCase c = OpCoverageTests.Table[name];
        if (c.Op == Op.Custom)
        {
            return; // given as numbers at one point: refused by Compile (OpCoverageTests checks the message)
        }

        Check(Prop.ForAll(Gen.Two(c.Points).ToArbitrary(), points =>
        {
            (double[] before, double[] after) = points;
            Value[] leaves = before.Select(x => new Value(x)).ToArray();
            CompiledGraph tiered = CompiledGraph.Compile(c.Function(leaves), ReplayMode.Interpreted, tierUpAfter: int.MaxValue);
            var failures = new List<string>();
            foreach (double[] point in new[] { before, after })
            {
                if (point == after && !tiered.WaitForGeneratedCode(Patience))
                {
                    failures.Add($"no generated code: {tiered.Tiering}");
                }

                (double output, double[] grads) = Replay(tiered, leaves, point);
                Value[] fresh = point.Select(x => new Value(x)).ToArray();
                Value expected = c.Function(fresh);
                expected.Backward();
                if (!output.Equals(expected.Data) || !grads.SequenceEqual(fresh.Select(leaf => leaf.Grad)))
                {
                    failures.Add($"{tiered.Mode}: {output:R} [{string.Join(", ", grads)}] vs {expected.Data:R} [{string.Join(", ", fresh.Select(l => l.Grad))}]");
                }
            }

            return (failures.Count == 0 && tiered.Mode == ReplayMode.Generated).Label(string.Join("; ", failures) + $" (mode {tiered.Mode})");
        }));
    }

    [Fact]
    public void CodeGeneration_RunsOffTheCallingThread_AndTheSwitchWaitsForAForward()
    {
        Value[] x = Enumerable.Range(0, 8).Select(i => new Value(i * 0.25)).ToArray();
        CompiledGraph compiled = CompiledGraph.Compile((Value.Dot(x, x) + x[0].Tanh()).Relu(), ReplayMode.Interpreted, tierUpAfter: int.MaxValue);

        Assert.True(compiled.WaitForGeneratedCode(Patience), compiled.Tiering.ToString());
        CompiledGraph.TierUpReport ready = compiled.Tiering!.Value;
        ReplayMode beforeForward = compiled.Mode;
        compiled.Forward();
        ReplayMode afterForward = compiled.Mode;
        compiled.Backward();

        Assert.NotEqual(0, ready.BuilderThread);
        Assert.NotEqual(Environment.CurrentManagedThreadId, ready.BuilderThread);
        Assert.Null(ready.Failure);
        Assert.Equal((ReplayMode.Interpreted, ReplayMode.Generated), (beforeForward, afterForward));
        Assert.Equal(2, compiled.Tiering!.Value.SwitchedAtReplay); // the compile's forward was the first
    }

    [Fact]
    public void CodeGeneration_StartsAtTheThresholdReplay_NotBefore()
    {
        var x = new Value(0.5);
        CompiledGraph compiled = CompiledGraph.Compile((x * x).Tanh());
        for (int replay = 2; replay < CompiledGraph.TierUpAfter; replay++)
        {
            compiled.Evaluate();
        }

        int startedBefore = compiled.Tiering!.Value.StartedAtReplay;
        compiled.Evaluate();

        Assert.Equal(0, startedBefore);
        Assert.Equal(CompiledGraph.TierUpAfter, compiled.Tiering!.Value.StartedAtReplay);
    }

    [Fact]
    public void ForcedModes_NeverSwitch()
    {
        var x = new Value(0.5);
        CompiledGraph interpreted = CompiledGraph.Compile((x * x).Tanh(), ReplayMode.Interpreted);
        CompiledGraph generated = CompiledGraph.Compile((x * x).Tanh(), ReplayMode.Generated);
        for (int replay = 0; replay < 3 * CompiledGraph.TierUpAfter; replay++)
        {
            interpreted.Evaluate();
            generated.Evaluate();
        }

        Assert.Equal((ReplayMode.Interpreted, ReplayMode.Generated), (interpreted.Mode, generated.Mode));
        Assert.Null(interpreted.Tiering);
        Assert.False(interpreted.WaitForGeneratedCode(TimeSpan.Zero));
    }

    /// <summary>
    /// A network of about 8,000 nodes, trained by SGD on the calling thread while its code is generated
    /// on another: every step's loss and gradients equal those of the interpreter alone, bit for bit,
    /// through the step at which it switched and after.
    /// </summary>
    [Fact]
    public void Training_WhileTheBuildFinishes_GivesTheInterpretersNumbers_EveryStep()
    {
        (Value[] parameters, Value loss) = Network();
        CompiledGraph tiered = CompiledGraph.Compile(loss, ReplayMode.Interpreted, tierUpAfter: 1);
        CompiledGraph interpreted = CompiledGraph.Compile(loss, ReplayMode.Interpreted);
        double[] tieredParameters = parameters.Select(p => p.Data).ToArray();
        double[] interpretedParameters = (double[])tieredParameters.Clone();
        var modes = new List<ReplayMode>();
        int stepsAfterSwitch = 0;
        for (int step = 0; stepsAfterSwitch < 20 && step < 1_000_000; step++)
        {
            (double tieredLoss, double[] tieredGrads) = Step(tiered, parameters, tieredParameters);
            modes.Add(tiered.Mode);
            (double interpretedLoss, double[] interpretedGrads) = Step(interpreted, parameters, interpretedParameters);
            Assert.True(
                tieredLoss.Equals(interpretedLoss) && tieredGrads.SequenceEqual(interpretedGrads),
                $"step {step} ({tiered.Mode}): loss {tieredLoss:R} vs {interpretedLoss:R}");
            stepsAfterSwitch += tiered.Mode == ReplayMode.Generated ? 1 : 0;
        }

        // Interpreted first, then generated for good: the switch happened while the loop ran.
        int firstGenerated = modes.IndexOf(ReplayMode.Generated);
        Assert.True(firstGenerated > 0, $"first generated step {firstGenerated}");
        Assert.All(modes.Skip(firstGenerated), mode => Assert.Equal(ReplayMode.Generated, mode));
    }

    [Fact]
    public void NaNPolicyAndAnomalyDetection_AfterTheSwitch_AreTheInterpreters()
    {
        var x = new Value(4.0);
        var y = new Value(1.0);
        Value output = (x.Log() * y) + (y * y);
        CompiledGraph tiered = CompiledGraph.Compile(output, ReplayMode.Interpreted, tierUpAfter: int.MaxValue);
        CompiledGraph interpreted = CompiledGraph.Compile(output, ReplayMode.Interpreted);
        Assert.True(tiered.WaitForGeneratedCode(Patience));
        tiered.Forward();
        Assert.Equal(ReplayMode.Generated, tiered.Mode);

        // log(−1) is NaN: NaN reaches both leaves' gradients, as the dynamic graph sends it.
        (double nanOutput, double[] nanGrads) = Replay(tiered, [x, y], [-1.0, 2.0]);
        (double expectedOutput, double[] expectedGrads) = Replay(interpreted, [x, y], [-1.0, 2.0]);
        Value[] fresh = [new Value(-1.0), new Value(2.0)];
        ((fresh[0].Log() * fresh[1]) + (fresh[1] * fresh[1])).Backward();

        Assert.True(double.IsNaN(nanOutput));
        Assert.Equal(BitConverter.DoubleToInt64Bits(expectedOutput), BitConverter.DoubleToInt64Bits(nanOutput));
        Assert.Equal(expectedGrads.Select(BitConverter.DoubleToInt64Bits), nanGrads.Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(fresh.Select(leaf => BitConverter.DoubleToInt64Bits(leaf.Grad)), nanGrads.Select(BitConverter.DoubleToInt64Bits));

        string ThrownBy(CompiledGraph graph)
        {
            using (Anomaly.Detect())
            {
                return Assert.Throws<AnomalyException>(() => graph.Forward()).Message;
            }
        }

        Assert.Equal(ThrownBy(interpreted), ThrownBy(tiered));
    }

    /// <summary>Writes <paramref name="point"/> into the graph's slots of <paramref name="leaves"/>, runs forward and backward; the output and each leaf's gradient.</summary>
    private static (double Output, double[] Grads) Replay(CompiledGraph graph, Value[] leaves, double[] point)
    {
        var slot = new Dictionary<Value, int>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < graph.Leaves.Count; i++)
        {
            slot[graph.Leaves[i]] = i;
        }

        for (int i = 0; i < leaves.Length; i++)
        {
            if (slot.TryGetValue(leaves[i], out int s))
            {
                graph.LeafValues[s] = point[i];
            }
        }

        double output = graph.Forward();
        graph.Backward();
        return (output, leaves.Select(leaf => slot.TryGetValue(leaf, out int s) ? graph.LeafGradients[s] : 0.0).ToArray());
    }

    /// <summary>One SGD step of the network on its own copy of the parameters.</summary>
    private static (double Loss, double[] Grads) Step(CompiledGraph graph, Value[] parameters, double[] own)
    {
        for (int i = 0; i < parameters.Length; i++)
        {
            graph.LeafValues[graph.LeafIndex(parameters[i])] = own[i];
        }

        double loss = graph.Forward();
        graph.Backward();
        double[] grads = parameters.Select(p => graph.LeafGradients[graph.LeafIndex(p)]).ToArray();
        for (int i = 0; i < own.Length; i++)
        {
            own[i] -= 0.05 * grads[i];
        }

        return (loss, grads);
    }

    /// <summary>A 2 → 16 → 16 → 1 ReLU network with hinge loss over 60 points (about 8,000 nodes).</summary>
    private static (Value[] Parameters, Value Loss) Network()
    {
        const int points = 60, hidden = 16;
        Value[] parameters = Enumerable.Range(0, (hidden * 3) + (hidden * (hidden + 1)) + hidden + 1).Select(i => new Value(Math.Sin(i * 0.7) * 0.5)).ToArray();
        Value[][] w1 = parameters[..(hidden * 3)].Chunk(3).ToArray();
        Value[][] w2 = parameters[(hidden * 3)..^(hidden + 1)].Chunk(hidden + 1).ToArray();
        Value[] w3 = parameters[^(hidden + 1)..];
        var losses = new Value[points];
        for (int i = 0; i < points; i++)
        {
            Value x0 = Math.Cos(i), x1 = Math.Sin(i * 1.3);
            Value[] h1 = w1.Select(w => ((w[0] * x0) + (w[1] * x1) + w[2]).Relu()).ToArray();
            Value[] h2 = w2.Select(w => (Value.Dot(w[..hidden], h1) + w[hidden]).Relu()).ToArray();
            Value score = Value.Dot(w3[..hidden], h2) + w3[hidden];
            losses[i] = (1 - (score * (i % 2 == 0 ? 1.0 : -1.0))).Relu();
        }

        return (parameters, Value.Sum(losses) * (1.0 / points));
    }
}
