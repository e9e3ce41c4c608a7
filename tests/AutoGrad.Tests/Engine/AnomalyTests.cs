using AutoGrad.Compilation;

namespace AutoGrad.Tests;

public class AnomalyTests
{
    [Fact]
    public void Detect_ThrowsAtTheFirstOpThatMakesNaN_NamingOpInputsAndPath()
    {
        var x = new Value(1, "x");
        var y = new Value(3, "y");
        Value u = x - y;
        u.Label = "u";

        using (Anomaly.Detect())
        {
            var error = Assert.Throws<AnomalyException>(() => u.Log());
            Assert.False(error.InBackward);
            Assert.Equal(Op.Log, error.Node.Op);
            Assert.Contains("Log produced NaN from input(s) -2 ('u') from Sub", error.Message);
            Assert.Contains("Path back to the leaves: Log ← u ← x = 1, y = 3.", error.Message);
        }
    }

    [Fact]
    public void Detect_ThrowsAtTheFirstInfiniteGradient_InBackward()
    {
        var x = new Value(0, "x");
        Value root = x.Sqrt();
        root.Label = "root";
        Value loss = root * 3;

        using (Anomaly.Detect())
        {
            var error = Assert.Throws<AnomalyException>(loss.Backward);
            Assert.True(error.InBackward);
            Assert.Same(root, error.Node);
            Assert.Contains("the gradient Sqrt 'root' sends to its input 0 (0 ('x')) is ∞ = local derivative ∞ × upstream gradient 3", error.Message);
        }

        // The failed pass left the graph ready for another one.
        loss.Backward();
        Assert.Equal(double.PositiveInfinity, x.Grad);
    }

    [Fact]
    public void WithoutDetect_NaNFlowsThrough_AndNothingThrows()
    {
        var x = new Value(-1);
        Value y = x.Log();
        y.Backward();
        Assert.True(double.IsNaN(y.Data));
        Assert.True(double.IsNaN(x.Grad));
    }

    [Fact]
    public void Detect_EndsWhenDisposed_AndNests()
    {
        IDisposable outer = Anomaly.Detect();
        IDisposable inner = Anomaly.Detect();
        inner.Dispose();
        Assert.True(Anomaly.IsDetecting);
        Assert.Throws<AnomalyException>(() => new Value(-1).Sqrt());
        outer.Dispose();
        outer.Dispose(); // twice is harmless
        Assert.False(Anomaly.IsDetecting);
        Assert.True(double.IsNaN(new Value(-1).Sqrt().Data));
    }

    [Fact]
    public void Detect_DisposedOutOfOrder_EndsWhenTheLastBlockEnds_AndOtherThreadsNeverTurnItOn()
    {
        IDisposable outer = Anomaly.Detect();
        IDisposable inner = Anomaly.Detect();
        outer.Dispose(); // the outer block first
        Assert.True(Anomaly.IsDetecting); // the inner one is still open
        Assert.Throws<AnomalyException>(() => new Value(-1).Log());
        inner.Dispose();
        Assert.False(Anomaly.IsDetecting);

        // Another thread opens its own block and keeps it open while this thread computes.
        using var opened = new ManualResetEventSlim();
        using var done = new ManualResetEventSlim();
        var other = new Thread(() =>
        {
            using (Anomaly.Detect())
            {
                opened.Set();
                done.Wait();
            }
        });
        other.Start();
        opened.Wait();
        try
        {
            Assert.False(Anomaly.IsDetecting);
            Assert.True(double.IsNaN(new Value(-1).Log().Data)); // no AnomalyException here
        }
        finally
        {
            done.Set();
            other.Join();
        }
    }

    [Fact]
    public void Detect_OnOtherThreads_NeverReachesThisThread_WhileTheyOpenAndCloseBlocks()
    {
        // 4 threads × 2,000 blocks opened and closed (nested, closed outer first) while this thread
        // computes Log(−1) 2,000 times: none of them may throw here, and every block detects in its own thread.
        int missed = 0;
        Thread[] others = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
        {
            for (int i = 0; i < 2_000; i++)
            {
                IDisposable a = Anomaly.Detect();
                IDisposable b = Anomaly.Detect();
                a.Dispose();
                if (!Anomaly.IsDetecting)
                {
                    Interlocked.Increment(ref missed);
                }

                b.Dispose();
            }
        })).ToArray();
        foreach (Thread thread in others)
        {
            thread.Start();
        }

        int threw = 0;
        for (int i = 0; i < 2_000; i++)
        {
            try
            {
                _ = new Value(-1).Log();
            }
            catch (AnomalyException)
            {
                threw++;
            }
        }

        foreach (Thread thread in others)
        {
            thread.Join();
        }

        Assert.Equal(0, threw);
        Assert.Equal(0, missed);
        Assert.False(Anomaly.IsDetecting);
    }

    [Fact]
    public void Detect_DoesNotReachWorkThatDoesNotFlowFromIt()
    {
        using (Anomaly.Detect())
        {
            double elsewhere = 0;
            Thread thread;
            using (ExecutionContext.SuppressFlow())
            {
                thread = new Thread(() => elsewhere = new Value(-1).Sqrt().Data);
                thread.Start();
            }

            thread.Join();
            Assert.True(double.IsNaN(elsewhere));
        }
    }

    [Fact]
    public async Task Detect_FollowsAwait_AndEndsWhereItWasDisposed_OnAnyThread()
    {
        // Off xunit's synchronisation context, so continuations resume on pool threads.
        await Task.Run(async () =>
        {
            using (Anomaly.Detect())
            {
                await Task.Delay(10);
                Assert.True(Anomaly.IsDetecting);
                Assert.Throws<AnomalyException>(() => new Value(-1).Log());
            }

            Assert.False(Anomaly.IsDetecting);
            using (Anomaly.Detect())
            {
                Assert.True(Anomaly.IsDetecting); // a later block detects again, whatever thread it is on
            }

            Assert.False(Anomaly.IsDetecting);
        });
    }

    [Fact]
    public void Detect_CatchesAGradientThatOverflowsWhenSummed_AndRestoresTheLeaves()
    {
        // Each contribution is 1e8 · 1e300-ish finite... their sum in the leaf overflows.
        var x = new Value(1, "x");
        var w = new Value(2, "w");
        Value f = x * 1e308 + x * 1e308 + w * 3;
        using (Anomaly.Detect())
        {
            var error = Assert.Throws<AnomalyException>(f.Backward);
            Assert.True(error.InBackward);
            Assert.Contains("has accumulated to ∞", error.Message);
        }

        Assert.Equal(0, x.Grad);
        Assert.Equal(0, w.Grad);

        var compiled = CompiledGraph.Compile(f);
        using (Anomaly.Detect())
        {
            Assert.Throws<AnomalyException>(() => compiled.Evaluate());
        }
    }

    [Fact]
    public void Detect_AcceptsInfiniteLeaves_InBothTheDynamicGraphAndTheReplay()
    {
        var x = new Value(2, "x");
        Value f = Value.Max(x, double.NegativeInfinity) * 3; // −∞ as a mask constant: every op is finite
        using (Anomaly.Detect())
        {
            f.Backward();
            Assert.Equal(6, CompiledGraph.Compile(f).Evaluate());
        }
    }

    [Fact]
    public void Detect_StopsCompiledForwardAndBackward_CalledOnTheirOwn()
    {
        var x = new Value(4, "x");
        var compiled = CompiledGraph.Compile(x.Sqrt() + 1);
        compiled.LeafValues[0] = -4;
        using (Anomaly.Detect())
        {
            Assert.Throws<AnomalyException>(() => compiled.Forward());
        }

        compiled.LeafValues[0] = 0;
        compiled.Forward();
        using (Anomaly.Detect())
        {
            Assert.Throws<AnomalyException>(compiled.Backward); // √ at 0 has slope ∞
        }
    }

    [Fact]
    public void Detect_StopsACompiledReplay_AtTheFirstNonFiniteValue()
    {
        var x = new Value(4, "x");
        Value root = x.Sqrt();
        Value loss = root + 1;
        var compiled = CompiledGraph.Compile(loss);
        x.Data = -4;

        using (Anomaly.Detect())
        {
            var error = Assert.Throws<AnomalyException>(() => compiled.Evaluate());
            Assert.Same(root, error.Node);
            Assert.Contains("the value of Sqrt is NaN (its inputs are now [-4])", error.Message);
        }
    }
}
