using AutoGrad.Compilation;

namespace AutoGrad.Tests.Compilation;

/// <summary>
/// Hostile uses of the tiered replay: custom functions and threads, graphs dropped while their code is
/// built, anomaly detection and NaN outputs across the switch, a batch that meets the switch.
/// </summary>
public class TieredReplayAttackTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private static long Bits(double x) => BitConverter.DoubleToInt64Bits(x);

    /// <summary>A custom op's functions run only on the thread that replays, before, during and after the build.</summary>
    [Fact]
    public void CustomFunctions_RunOnlyOnTheReplayingThread_AcrossTheSwitch()
    {
        var threads = new System.Collections.Concurrent.ConcurrentBag<int>();
        var x = new Value(0.5, "x");
        Value y = Value.Custom(
            "cube",
            [x],
            v => { threads.Add(Environment.CurrentManagedThreadId); return v[0] * v[0] * v[0]; },
            (v, i) => { threads.Add(Environment.CurrentManagedThreadId); return 3 * v[0] * v[0]; });
        CompiledGraph compiled = CompiledGraph.Compile((y * x).Tanh());
        for (int i = 0; i < 40; i++)
        {
            compiled.Evaluate();
        }

        Assert.True(compiled.WaitForGeneratedCode(Patience), $"no code: {compiled.Tiering}");
        for (int i = 0; i < 5; i++)
        {
            compiled.Evaluate();
        }

        Assert.Equal(ReplayMode.Generated, compiled.Mode);
        Assert.All(threads, id => Assert.Equal(Environment.CurrentManagedThreadId, id));
    }

    /// <summary>
    /// Code generation that fails (the builder's hook throws, as the runtime refusing to emit code
    /// would) leaves the graph interpreted for good: nothing reaches the caller's thread, the failure
    /// is kept in the tiering report, and every replay, before and after the failed build, gives the
    /// numbers of a graph interpreted from the start, bit for bit.
    /// </summary>
    [Fact]
    public void CodeGenerationThatFails_StaysInterpreted_BitForBit_AndNothingReachesTheCaller()
    {
        Value[] x = Enumerable.Range(0, 6).Select(i => new Value((0.3 * i) - 0.7, $"x{i}")).ToArray();
        Value output = (Value.Dot(x, x) + (x[0].Relu() * x[1].Exp())).Tanh() + Value.Max(x[2], x[3]).Abs().Sqrt() - (x[4] / x[5]);
        CompiledGraph tiered = CompiledGraph.Compile(output, ReplayMode.Interpreted, tierUpAfter: 3);
        CompiledGraph interpreted = CompiledGraph.Compile(output, ReplayMode.Interpreted);
        var refusal = new InvalidProgramException("code generation refused (a test)");
        int hookThread = 0;
        tiered.BeforeGeneratingCode(() =>
        {
            hookThread = Environment.CurrentManagedThreadId;
            throw refusal;
        });
        var random = new Random(26);
        bool ended = false;
        for (int replay = 2; replay <= 200; replay++)
        {
            foreach (Value leaf in x)
            {
                double value = (4 * random.NextDouble()) - 2;
                tiered.LeafValues[tiered.LeafIndex(leaf)] = value;
                interpreted.LeafValues[interpreted.LeafIndex(leaf)] = value;
            }

            tiered.Forward();
            tiered.Backward();
            interpreted.Forward();
            interpreted.Backward();
            Assert.Equal(Bits(interpreted.Output), Bits(tiered.Output));
            Assert.Equal(interpreted.LeafGradients.ToArray().Select(Bits), tiered.LeafGradients.ToArray().Select(Bits));
            if (replay == 10)
            {
                ended = !tiered.WaitForGeneratedCode(Patience) && tiered.Tiering!.Value.Failure is not null;
            }
        }

        CompiledGraph.TierUpReport report = tiered.Tiering!.Value;
        Assert.True(ended, report.ToString());
        Assert.Same(refusal, report.Failure);
        Assert.Equal(ReplayMode.Interpreted, tiered.Mode);
        Assert.Equal((3, 0), (report.StartedAtReplay, report.SwitchedAtReplay));
        Assert.NotEqual(Environment.CurrentManagedThreadId, report.BuilderThread);
        Assert.Equal(report.BuilderThread, hookThread);
    }

    /// <summary>
    /// Hundreds of graphs that start their build and are dropped at once: once the builds are done, none
    /// is kept alive (by the queued work item, the built code, or anything static).
    /// </summary>
    [Fact]
    public void ManyGraphsDroppedWhileBuilding_AreCollectedOnceTheBuildsEnd()
    {
        WeakReference[] dropped = StartAndDrop(300);
        DateTime deadline = DateTime.UtcNow + Patience;
        int alive;
        do
        {
            Thread.Sleep(200);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            alive = dropped.Count(w => w.IsAlive);
        }
        while (alive > 0 && DateTime.UtcNow < deadline);

        Assert.Equal(0, alive);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference[] StartAndDrop(int count)
    {
        var weak = new WeakReference[count];
        for (int g = 0; g < count; g++)
        {
            Value[] xs = Enumerable.Range(0, 20).Select(i => new Value(i * 0.1)).ToArray();
            Value sum = Value.Sum(xs.Select(v => (v * v).Tanh()));
            CompiledGraph compiled = CompiledGraph.Compile(sum);
            for (int i = 0; i < CompiledGraph.TierUpAfter; i++)
            {
                compiled.Forward();
            }

            weak[g] = new WeakReference(compiled);
        }

        return weak;
    }

    /// <summary>A graph replayed by several threads in turn (never at once) gives the interpreter's numbers throughout, switching on whichever thread.</summary>
    [Fact]
    public void GraphUsedBySeveralThreadsInTurn_EqualsTheInterpreter_AcrossTheSwitch()
    {
        var x = new Value(0.3);
        var w = new Value(-1.2);
        Value output = (Value.Max(x * w, x.Exp()) + (w / x).Relu()).Log();
        CompiledGraph tiered = CompiledGraph.Compile(output);
        CompiledGraph reference = CompiledGraph.Compile(output, ReplayMode.Interpreted);
        var failures = new List<string>();
        for (int turn = 0; turn < 12; turn++)
        {
            var thread = new Thread(() =>
            {
                for (int i = 0; i < 10; i++)
                {
                    double a = Math.Sin((turn * 10) + i), b = Math.Cos((turn * 7) + i);
                    tiered.LeafValues[0] = a; tiered.LeafValues[1] = b;
                    reference.LeafValues[0] = a; reference.LeafValues[1] = b;
                    double o1 = tiered.Forward(); tiered.Backward();
                    double o2 = reference.Forward(); reference.Backward();
                    if (Bits(o1) != Bits(o2) || !tiered.LeafGradients.ToArray().Select(Bits).SequenceEqual(reference.LeafGradients.ToArray().Select(Bits)))
                    {
                        lock (failures) { failures.Add($"turn {turn} step {i} ({tiered.Mode})"); }
                    }
                }
            });
            thread.Start();
            thread.Join();
            if (turn == 4)
            {
                Assert.True(tiered.WaitForGeneratedCode(Patience));
            }
        }

        Assert.Equal(ReplayMode.Generated, tiered.Mode);
        Assert.Empty(failures);
    }

    /// <summary>Under Anomaly.Detect the switched graph refuses the same node, with the same message, as the interpreter.</summary>
    [Fact]
    public void AnomalyDetection_AfterTheSwitch_ThrowsAsTheInterpreterDoes()
    {
        var x = new Value(2.0, "x");
        Value output = (x.Log() * x).Sqrt();
        CompiledGraph tiered = CompiledGraph.Compile(output, ReplayMode.Interpreted, tierUpAfter: int.MaxValue);
        CompiledGraph reference = CompiledGraph.Compile(output, ReplayMode.Interpreted);
        Assert.True(tiered.WaitForGeneratedCode(Patience));
        tiered.Forward();
        Assert.Equal(ReplayMode.Generated, tiered.Mode);
        tiered.LeafValues[0] = 0.5;
        reference.LeafValues[0] = 0.5;
        using (Anomaly.Detect())
        {
            var fromTiered = Assert.Throws<AnomalyException>(() => tiered.Forward());
            var fromReference = Assert.Throws<AnomalyException>(() => reference.Forward());
            Assert.Equal(fromReference.Message, fromTiered.Message);
        }
    }

    /// <summary>
    /// A Forward, then a batch whose NaN point runs through the compiled graph (and so may switch it to
    /// generated code), then Backward: the Backward belongs to the first Forward, bit for bit.
    /// </summary>
    [Fact]
    public void BatchNaNPoint_BetweenForwardAndBackward_LeavesTheBackwardOfThatForward()
    {
        var x = new Value(0.7, "x");
        var w = new Value(1.3, "w");
        Value output = ((x * w).Relu() + (x - w).Relu() * x.Tanh() + Value.Max(x, w)).Log();
        CompiledGraph tiered = CompiledGraph.Compile(output, ReplayMode.Interpreted, tierUpAfter: int.MaxValue);
        CompiledGraph reference = CompiledGraph.Compile(output, ReplayMode.Interpreted);
        BatchedReplay batch = tiered.Batch([x]);
        Assert.True(tiered.WaitForGeneratedCode(Patience));
        Assert.Equal(ReplayMode.Interpreted, tiered.Mode);

        tiered.LeafValues[0] = 2.5;
        reference.LeafValues[0] = 2.5;
        double o1 = tiered.Forward();
        double o2 = reference.Forward();
        double[] outputs = new double[2], grads = new double[2];
        batch.Evaluate([double.NaN, -3.0], outputs, grads); // both points' outputs are NaN: both run through the graph
        tiered.Backward();
        reference.Backward();
        Assert.Equal(Bits(o2), Bits(o1));
        Assert.Equal(reference.LeafGradients.ToArray().Select(Bits), tiered.LeafGradients.ToArray().Select(Bits));
        Assert.Equal(reference.LeafValues.ToArray().Select(Bits), tiered.LeafValues.ToArray().Select(Bits));
    }

    /// <summary>A NaN output after the switch sends NaN down exactly as the interpreter's NaN policy does.</summary>
    [Fact]
    public void NaNOutput_AfterTheSwitch_GradientsEqualTheInterpreter()
    {
        var x = new Value(1.0);
        var y = new Value(2.0);
        Value output = (x.Log() + y * x).Relu() * y;
        CompiledGraph tiered = CompiledGraph.Compile(output, ReplayMode.Interpreted, tierUpAfter: int.MaxValue);
        CompiledGraph reference = CompiledGraph.Compile(output, ReplayMode.Interpreted);
        Assert.True(tiered.WaitForGeneratedCode(Patience));
        foreach ((double a, double b) in new[] { (-1.0, 2.0), (double.NaN, 1.0), (1.0, double.PositiveInfinity), (0.0, 0.0), (-0.0, double.NegativeInfinity) })
        {
            tiered.LeafValues[0] = a; tiered.LeafValues[1] = b;
            reference.LeafValues[0] = a; reference.LeafValues[1] = b;
            Assert.Equal(Bits(reference.Forward()), Bits(tiered.Forward()));
            tiered.Backward(); reference.Backward();
            Assert.Equal(reference.LeafGradients.ToArray().Select(Bits), tiered.LeafGradients.ToArray().Select(Bits));
        }

        Assert.Equal(ReplayMode.Generated, tiered.Mode);
    }
}

/// <summary>A custom function that throws during a replay, before and after the switch.</summary>
public class TieredReplayCustomExceptionAttackTests
{
    /// <summary>The user's exception comes out of Forward unwrapped in both tiers, and the graph replays right afterwards.</summary>
    [Fact]
    public void CustomFunctionThrows_UnwrappedBeforeAndAfterTheSwitch_AndTheGraphReplaysAfterwards()
    {
        var x = new Value(1.0);
        Value output = Value.Custom("picky", [x], v => v[0] == 13 ? throw new InvalidDataException("thirteen") : v[0] * 2, (v, i) => v[0] == -13 ? throw new InvalidDataException("minus thirteen") : 2).Tanh();
        CompiledGraph compiled = CompiledGraph.Compile(output, ReplayMode.Interpreted, tierUpAfter: int.MaxValue);
        foreach (bool switched in new[] { false, true })
        {
            if (switched)
            {
                Assert.True(compiled.WaitForGeneratedCode(TimeSpan.FromMinutes(2)));
            }

            compiled.LeafValues[0] = 13;
            Assert.Equal("thirteen", Assert.Throws<InvalidDataException>(() => compiled.Forward()).Message);
            compiled.LeafValues[0] = -13;
            compiled.Forward();
            Assert.Equal("minus thirteen", Assert.Throws<InvalidDataException>(() => compiled.Backward()).Message);
            compiled.LeafValues[0] = 0.25;
            Assert.Equal(Math.Tanh(0.5), compiled.Forward());
            compiled.Backward();
            Assert.Equal((1 - (Math.Tanh(0.5) * Math.Tanh(0.5))) * 2, compiled.LeafGradients[0]);
            Assert.Equal(switched ? ReplayMode.Generated : ReplayMode.Interpreted, compiled.Mode);
        }
    }
}

/// <summary>A compiled graph per thread over shared parameters, as per-thread dynamic graphs are (ThreadTests).</summary>
public class CompiledGraphSharedParameterAttackTests
{
    /// <summary>
    /// Eight threads, each with its own compiled graph over the same parameters, call Evaluate many
    /// times at once, across the switch to generated code: every pass's gradient is added to the
    /// parameters' Grad, as Backward adds concurrent passes (integer-valued, so the order cannot change the sum).
    /// </summary>
    [Fact]
    public void Evaluate_OnEightThreads_SharingParameters_AddsEveryPassExactly()
    {
        const int threads = 8, passes = 3000;
        var w = new Value(3.0, "w");
        var b = new Value(-2.0, "b");
        ThreadTests.OnThreads(
            t =>
            {
                var x = new Value(t + 1);
                CompiledGraph compiled = CompiledGraph.Compile((w * x) + (b * w)); // ∂w = x + b, ∂b = w
                for (int p = 0; p < passes; p++)
                {
                    compiled.Evaluate();
                }
            },
            threads);
        double expectedW = Enumerable.Range(0, threads).Sum(t => (t + 1.0) - 2.0) * passes;
        Assert.Equal(expectedW, w.Grad);
        Assert.Equal(3.0 * threads * passes, b.Grad);
    }
}
