using AutoGrad.Compilation;
using AutoGrad.Graphs;
using AutoGrad.Nn;

namespace AutoGrad.Tests;

/// <summary>
/// Graphs on different threads that share nodes: the threads and the numbers (N threads × M
/// iterations, and the exact expected sums), then the single-thread walks afterwards.
/// </summary>
public class ThreadTests
{
    private const int Threads = 4;

    /// <summary>Runs <paramref name="body"/>(thread index) on <paramref name="threads"/> threads started together; fails with every exception they threw.</summary>
    internal static void OnThreads(Action<int> body, int threads = Threads)
    {
        using var start = new Barrier(threads);
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        Thread[] all = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                body(t);
            }
            catch (Exception e)
            {
                failures.Enqueue(e);
            }
        })).ToArray();
        foreach (Thread thread in all)
        {
            thread.Start();
        }

        foreach (Thread thread in all)
        {
            thread.Join();
        }

        Assert.Empty(failures);
    }

    [Fact]
    public void Backward_OnFourThreads_SharingLeaves_AddsEveryPassExactly()
    {
        // y = a·b + a on each thread, over the same a and b: ∂y/∂a = b + 1 = 6, ∂y/∂b = a = 3 per pass.
        const int Iterations = 20_000;
        var a = new Value(3, "a");
        var b = new Value(5, "b");

        OnThreads(_ =>
        {
            for (int i = 0; i < Iterations; i++)
            {
                Value y = a * b + a;
                y.Backward();
            }
        });

        Assert.Equal(Threads * Iterations * 6.0, a.Grad);
        Assert.Equal(Threads * Iterations * 3.0, b.Grad);
    }

    [Fact]
    public void Backward_WhileALongPassRunsAlone_PassesStartedMeanwhileWaitAndAllAddExactly()
    {
        // Thread 0 backpropagates a graph of 200,000 products a·1 (∂/∂a = 200,000 per pass), long
        // enough that the other threads start passes y = a·b + a (∂/∂a = 6) while it runs: whichever
        // walks alone, the others wait or share, and not one contribution to a is lost.
        const int Terms = 200_000;
        const int LongPasses = 3;
        var a = new Value(3, "a");
        var b = new Value(5, "b");
        Value big = Value.Sum(Enumerable.Range(0, Terms).Select(_ => a * 1.0).ToArray());
        var shortPasses = new int[Threads];
        int longDone = 0;

        OnThreads(t =>
        {
            if (t == 0)
            {
                for (int i = 0; i < LongPasses; i++)
                {
                    big.Backward();
                }

                Volatile.Write(ref longDone, 1);
                return;
            }

            while (Volatile.Read(ref longDone) == 0)
            {
                Value y = a * b + a;
                y.Backward();
                shortPasses[t]++;
            }
        });

        Assert.Equal((LongPasses * (double)Terms) + (6.0 * shortPasses.Sum()), a.Grad);
        Assert.Equal(3.0 * shortPasses.Sum(), b.Grad);
        Assert.Equal(Terms, big.InputCount); // the long graph is intact, and walks alone again afterwards:
        a.Grad = 0;
        big.Backward();
        Assert.Equal(Terms, a.Grad);
    }

    [Fact]
    public void Backward_OnFourThreads_ThroughASharedInnerNode_AddsEveryPassExactly()
    {
        // h = w² is built once and used by every thread's graph: the walks meet h (and w) at the same time.
        // y_t = h · x_t + w, so ∂y_t/∂w = 2w·x_t + 1 = 4(t + 1) + 1 with w = 2 and x_t = t + 1.
        const int Iterations = 5_000;
        var w = new Value(2, "w");
        Value h = w * w;

        OnThreads(t =>
        {
            var x = new Value(t + 1, "x");
            for (int i = 0; i < Iterations; i++)
            {
                Value y = h * x + w;
                y.Backward();
            }
        });

        double perRound = Enumerable.Range(0, Threads).Sum(t => 4.0 * (t + 1) + 1);
        Assert.Equal(Iterations * perRound, w.Grad);
    }

    [Fact]
    public void TopologicalOrder_OnFourThreads_SharingNodes_IsAlwaysTheSingleThreadOrder()
    {
        var w = new Value(2, "w");
        Value h = (w * w).Tanh();
        Value[] outputs = Enumerable.Range(0, Threads).Select(t => (h * (t + 1) + w).Relu() * h).ToArray();
        Value[][] expected = outputs.Select(o => o.TopologicalOrder().ToArray()).ToArray();
        int[] mismatches = new int[Threads];

        OnThreads(t =>
        {
            for (int i = 0; i < 2_000; i++)
            {
                IReadOnlyList<Value> order = outputs[t].TopologicalOrder();
                if (!order.SequenceEqual(expected[t], ReferenceEqualityComparer.Instance))
                {
                    mismatches[t]++;
                }
            }
        });

        Assert.Equal(new int[Threads], mismatches);
    }

    [Fact]
    public void ZeroGrad_OnFourThreads_SharingW_LeavesEveryWalkWorkingAfterwards()
    {
        var w = new Value(0.5, "w");
        OnThreads(t =>
        {
            // Each thread's own graph over the shared w, cleared again and again.
            Value loss = ((w * (t + 1)) + w).Tanh() * w;
            int nodes = loss.TopologicalOrder().Count;
            for (int i = 0; i < 5_000; i++)
            {
                loss.ZeroGrad();
                Assert.Equal(nodes, loss.TopologicalOrder().Count); // w is seen once, every time
            }
        });

        // One thread again: every walk over a graph holding w must still see it.
        Value f = (w * 3) + w; // ∂f/∂w = 4
        w.Grad = 7;
        f.ZeroGrad();
        Assert.Equal(0, w.Grad);
        Assert.Contains(w, f.TopologicalOrder());
        Assert.Equal(2, f.TopologicalOrder().Count(v => v.IsLeaf)); // w and the constant 3, each once
        f.Backward();
        Assert.Equal(4, w.Grad);

        w.Grad = 0;
        var compiled = CompiledGraph.Compile(f);
        compiled.Evaluate();
        Assert.Equal(4, compiled.LeafGradients[compiled.Leaves.ToList().IndexOf(w)]);
        Assert.Contains("w", DotExporter.Export(f), StringComparison.Ordinal);
    }

    [Fact]
    public void Gradients_OnFourThreads_SharingParameters_LeaveEveryGradUntouched()
    {
        var w = new Value(2, "w");
        w.Grad = 11;
        double[] sums = new double[Threads];
        OnThreads(t =>
        {
            for (int i = 0; i < 2_000; i++)
            {
                Value y = w * w * (t + 1); // ∂y/∂w = 2w(t + 1) = 4(t + 1)
                sums[t] += Value.Gradients(y, [w])[0].Data;
            }
        });

        Assert.Equal(Enumerable.Range(0, Threads).Select(t => 2_000 * 4.0 * (t + 1)), sums);
        Assert.Equal(11, w.Grad);
    }

    [Fact]
    public void ParallelTraining_PerThreadGraphs_GiveTheSerialGradient()
    {
        // The pattern docs/reliability.md gives: one model, each thread builds the loss of its own
        // shard of the batch and calls Backward; the shared parameters' Grad is the batch's gradient.
        var model = new Mlp(2, [8, 8, 1], new MlpOptions { Seed = 3 });
        double[][] points = Enumerable.Range(0, 64).Select(i => new[] { Math.Sin(i), Math.Cos(1.7 * i) }).ToArray();
        double[] labels = points.Select(p => p[0] * p[1] > 0 ? 1.0 : -1.0).ToArray();
        IReadOnlyList<Value> parameters = model.Parameters;
        Value ShardLoss(int shard)
        {
            var losses = new List<Value>();
            for (int i = shard; i < points.Length; i += Threads)
            {
                losses.Add(Losses.Hinge(model.Forward(points[i])[0], labels[i]));
            }

            return Value.Sum(losses);
        }

        // Serial: the whole batch as one graph.
        Value.Sum(Enumerable.Range(0, Threads).Select(ShardLoss).ToArray()).Backward();
        double[] serial = parameters.Select(p => p.Grad).ToArray();
        foreach (Value p in parameters)
        {
            p.Grad = 0;
        }

        // Parallel, many times over: the same gradient each time (to the last few bits: the shards'
        // totals arrive in whatever order the threads finish).
        for (int round = 0; round < 20; round++)
        {
            OnThreads(t => ShardLoss(t).Backward());
            for (int j = 0; j < parameters.Count; j++)
            {
                Assert.Equal(serial[j], parameters[j].Grad, 1e-12 * Math.Max(1, Math.Abs(serial[j])));
                parameters[j].Grad = 0;
            }
        }

        Assert.Contains(serial, g => g != 0);

        // Bit for bit: each thread asks for its shard's gradient (Value.Gradients writes no Grad) and
        // one thread adds them up in shard order, as the serial loop over shards does.
        double[][] shardGradients = new double[Threads][];
        OnThreads(t => shardGradients[t] = Value.Gradients(ShardLoss(t), parameters).Select(g => g.Data).ToArray());
        double[] serialByShard = new double[parameters.Count];
        for (int t = 0; t < Threads; t++)
        {
            ShardLoss(t).Backward();
        }

        for (int j = 0; j < parameters.Count; j++)
        {
            double sum = 0;
            for (int t = 0; t < Threads; t++)
            {
                sum += shardGradients[t][j];
            }

            serialByShard[j] = parameters[j].Grad;
            Assert.Equal(BitConverter.DoubleToInt64Bits(serialByShard[j]), BitConverter.DoubleToInt64Bits(sum));
        }
    }

    [Fact]
    public void Label_SetOnOneNodeByEveryThreadAtOnce_LosesNoWrite()
    {
        // The threads label the same fresh node at the same moment, node after node (results and
        // leaves, which keep a label in different places), and each reads the label back at once: it
        // must find a label a thread wrote (its own or a later one), never none, and the node must end
        // with one of them. A write lost to a second table entry or slot shows as a null read. The race
        // is a few dozen nanoseconds wide: the threads (one per core, so all run at once) meet before
        // each node on a busy barrier, then each waits a few pauses, a different number per node and
        // thread, so one thread's label write falls, now and then, inside another's window.
        const int Nodes = 10_000;
        int threads = Math.Clamp(Environment.ProcessorCount, 2, Threads);
        string[] labels = Enumerable.Range(0, threads).Select(t => $"written by thread {t}").ToArray();
        var a = new Value(1);
        var b = new Value(2);
        Value[] results = Enumerable.Range(0, Nodes).Select(_ => a * b).ToArray();
        Value[] leaves = Enumerable.Range(0, Nodes).Select(i => new Value(i)).ToArray();
        var unlabelledReads = new int[threads];
        int arrived = 0;

        void MeetTheOthers(int round)
        {
            Interlocked.Increment(ref arrived);
            while (Volatile.Read(ref arrived) < round * threads)
            {
                Thread.SpinWait(1);
            }
        }

        OnThreads(
            t =>
            {
                for (int i = 0; i < Nodes; i++)
                {
                    MeetTheOthers((2 * i) + 1);
                    Thread.SpinWait((i + (7 * t)) % 24);
                    results[i].Label = labels[t];
                    unlabelledReads[t] += results[i].Label is null ? 1 : 0;
                    MeetTheOthers((2 * i) + 2);
                    Thread.SpinWait((i + (7 * t)) % 24);
                    leaves[i].Label = labels[t];
                    unlabelledReads[t] += leaves[i].Label is null ? 1 : 0;
                }
            },
            threads);

        Assert.Equal(new int[threads], unlabelledReads);
        Assert.All(results.Concat(leaves), node => Assert.Contains(node.Label, labels));
    }
}
