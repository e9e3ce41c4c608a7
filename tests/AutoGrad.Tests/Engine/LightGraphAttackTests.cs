using AutoGrad.Graphs;
using AutoGrad.Nn;

namespace AutoGrad.Tests.Engine;

/// <summary>
/// Hostile uses of the 56-byte dynamic graph: labels and scopes of inner nodes kept beside the nodes,
/// graphs built in a scope and dropped, concurrent backward over shared parameters with labels and
/// scopes, arrays changed by their caller after building, and graphs whose leaves were set after building.
/// </summary>
public class LightGraphAttackTests
{
    private static long Bits(double x) => BitConverter.DoubleToInt64Bits(x);

    /// <summary>A label given to a result, and the scope a node was built in, show in ToString, DOT and Mermaid.</summary>
    [Fact]
    public void LabelsAndScopesOfInnerNodes_ShowInToStringDotAndMermaid()
    {
        var x = new Value(2.0, "x");
        Value hidden;
        using (Scope.Enter("encoder"))
        {
            hidden = (x * 3).Tanh();
            hidden.Label = "hidden_h";
        }

        Value output = hidden * x;
        output.Label = "out_o";
        Assert.Equal("hidden_h", hidden.Label);
        Assert.Equal("encoder", hidden.Scope?.Name);
        Assert.Null(output.Scope);
        Assert.Contains("hidden_h", hidden.ToString());
        Assert.Contains("out_o", output.ToString());
        string dot = DotExporter.Export(output);
        string mermaid = MermaidExporter.Export(output);
        foreach (string text in new[] { dot, mermaid })
        {
            Assert.Contains("hidden_h", text);
            Assert.Contains("out_o", text);
            Assert.Contains("encoder", text);
        }

        output.Label = null;
        Assert.Null(output.Label);
        Assert.DoesNotContain("out_o", DotExporter.Export(output));
    }

    /// <summary>A graph built inside a scope, with labelled inner nodes, is collected once dropped (the side table holds its nodes weakly).</summary>
    [Fact]
    public void GraphBuiltInAScope_IsCollectedOnceDropped()
    {
        (WeakReference output, WeakReference scope, WeakReference inner) = BuildAndDrop();
        for (int i = 0; i < 5 && (output.IsAlive || inner.IsAlive || scope.IsAlive); i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }

        Assert.False(output.IsAlive, "the output is kept alive");
        Assert.False(inner.IsAlive, "an inner labelled node is kept alive");
        Assert.False(scope.IsAlive, "the scope is kept alive");
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (WeakReference, WeakReference, WeakReference) BuildAndDrop()
    {
        Value output;
        Value inner;
        Scope s;
        using (s = Scope.Enter("drop me"))
        {
            var x = new Value(1.0, "x");
            inner = (x * x).Exp();
            inner.Label = "inner";
            output = Value.Sum(Enumerable.Range(0, 1000).Select(i => inner * i));
            output.Backward();
            _ = DotExporter.Export(inner);
        }

        return (new WeakReference(output), new WeakReference(s), new WeakReference(inner));
    }

    /// <summary>
    /// Sixteen threads, each building in its own scope graphs over shared parameters with labelled
    /// inner nodes, each running backward many times: every shared gradient equals the exact total
    /// (integer-valued, so order cannot change it) and every label and scope stays its own.
    /// </summary>
    [Fact]
    public void ManyThreads_LabelsAndScopes_SharedParameters_GradientsExactAndLabelsIntact()
    {
        const int threads = 16, passes = 200;
        var w = new Value(3.0, "w");
        var b = new Value(-2.0, "b");
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        ThreadTests.OnThreads(
            t =>
            {
                for (int p = 0; p < passes; p++)
                {
                    using Scope scope = Scope.Enter($"t{t}");
                    var x = new Value(t + 1, $"x{t}");
                    Value wx = w * x;
                    wx.Label = $"wx{t}_{p}";
                    Value y = Value.Dot([wx, b], [x, w]) + (wx + b); // ∂w = x² + x + b = (t+1)(t+2) − 2; ∂b = w + 1 = 4
                    y.Label = $"y{t}_{p}";
                    y.Backward();
                    if (wx.Label != $"wx{t}_{p}" || y.Label != $"y{t}_{p}" || wx.Scope != scope || y.Scope != scope || x.Label != $"x{t}")
                    {
                        failures.Enqueue($"thread {t} pass {p}: labels {wx.Label}, {y.Label}, scope {wx.Scope}");
                    }

                    if (x.Grad != (6.0 * (t + 1)) + 3.0)
                    {
                        failures.Enqueue($"thread {t} pass {p}: ∂x {x.Grad}"); // ∂x = wx + (x + 1)w
                    }
                }
            },
            threads);
        Assert.Empty(failures);
        double expectedW = Enumerable.Range(0, threads).Sum(t => ((double)(t + 1) * (t + 2)) - 2) * passes;
        Assert.Equal(expectedW, w.Grad);
        Assert.Equal(4.0 * threads * passes, b.Grad);
    }

    /// <summary>The caller changes the arrays it passed to Dot, Sum, LogSumExp and Layer.Forward after building: the graph does not change.</summary>
    [Fact]
    public void CallerArraysChangedAfterBuilding_DoNotChangeTheGraph()
    {
        var a = new Value(1.5, "a");
        var b = new Value(-0.5, "b");
        var c = new Value(2.0, "c");
        var stranger = new Value(100.0, "stranger");
        Value[] left = [a, b], right = [c, a], terms = [a, b, c], lse = [a, c];
        List<Value> list = [b, c];
        var layer = new Layer(2, 3, Activation.Tanh, Initialization.Uniform, new Random(7));
        Value[] layerIn = [a, b];
        Value[] hidden = layer.Forward(layerIn);
        Value output = Value.Dot(left, right) + Value.Sum(terms) + Value.LogSumExp(lse) + Value.Sum(list) + Value.Sum(hidden);
        double before = output.Data;

        left[0] = stranger; right[1] = stranger; terms[2] = stranger; lse[0] = stranger; list[0] = stranger; layerIn[1] = stranger;
        hidden[0] = stranger;
        output.Backward();

        var a2 = new Value(1.5);
        var b2 = new Value(-0.5);
        var c2 = new Value(2.0);
        Value expected = Value.Dot([a2, b2], [c2, a2]) + Value.Sum([a2, b2, c2]) + Value.LogSumExp([a2, c2]) + Value.Sum([b2, c2]) + Value.Sum(layer.Forward([a2, b2]));
        expected.Backward();
        Assert.Equal(Bits(before), Bits(output.Data));
        Assert.Equal(0.0, stranger.Grad);
        Assert.Equal(Bits(a2.Grad), Bits(a.Grad));
        Assert.Equal(Bits(b2.Grad), Bits(b.Grad));
        Assert.Equal(Bits(c2.Grad), Bits(c.Grad));
    }

    /// <summary>
    /// Under Anomaly.Detect, Backward refuses a graph whose leaf was set after building; so must the
    /// other ways of differentiating it (Value.Gradients, with and without createGraph), which would
    /// otherwise mix the node's old value (tanh' = 1 − tanh²) with the input's new one.
    /// </summary>
    [Fact]
    public void Gradients_UnderAnomalyDetection_RefusesAGraphWhoseLeafWasSet()
    {
        var x = new Value(0.5, "x");
        Value y = x.Tanh() * x;
        x.Data = 2.0;
        using (Anomaly.Detect())
        {
            Assert.Throws<InvalidOperationException>(() => y.Backward());
            Assert.Throws<InvalidOperationException>(() => Value.Gradients(y, [x]));
            Assert.Throws<InvalidOperationException>(() => Value.Gradients(y, [x], createGraph: true));
        }
    }

    /// <summary>Staleness through n-ary ops (Dot, Sum, LogSumExp) is found too: Backward under Anomaly.Detect refuses each.</summary>
    [Theory]
    [InlineData("dot")]
    [InlineData("sum")]
    [InlineData("lse")]
    [InlineData("dot-mixed")]
    public void NaryOps_WithASetLeaf_AreRefusedUnderAnomalyDetection(string op)
    {
        var x = new Value(0.5, "x");
        var y = new Value(1.25, "y");
        Value node = op switch
        {
            "dot" => Value.Dot([x, y], [y, x]),
            "sum" => Value.Sum([x, y, x]),
            "lse" => Value.LogSumExp([x, y]),
            _ => Value.Dot([x, x * 2], [y, y]),
        };
        Value output = node.Tanh();
        x.Data = -3.0;
        using (Anomaly.Detect())
        {
            Assert.Throws<InvalidOperationException>(() => output.Backward());
        }
    }
}

/// <summary>A custom op made with functions, whose input was set after building, under Anomaly.Detect.</summary>
public class LightGraphCustomStaleAttackTests
{
    /// <summary>
    /// The Data docs promise that inside Anomaly.Detect, Backward refuses a node whose value no longer
    /// follows from its inputs. A custom op given as functions can say what its value would be now, so
    /// it is judged by its own forward function (it was once exempt, and Backward silently returned the
    /// old point's gradient beside the leaf's new Data); just built, it is not refused.
    /// </summary>
    [Fact]
    public void CustomOpWithFunctions_WhoseInputWasSet_IsRefusedUnderAnomalyDetection()
    {
        var x = new Value(0.5, "x");
        var w = new Value(3.0, "w");
        Value y = Value.Custom("square", [x], v => v[0] * v[0], (v, i) => 2 * v[0]) * w;
        using (Anomaly.Detect())
        {
            y.Backward();
        }

        Assert.Equal((3.0, 0.25), (x.Grad, w.Grad));
        x.Data = 2.0;
        using (Anomaly.Detect())
        {
            var refusal = Assert.Throws<InvalidOperationException>(() => y.Backward());
            Assert.Contains("square", refusal.Message);
        }
    }
}

/// <summary>The explorer of a graph whose leaf was set to a point where every node's value is the same, but a local derivative is not.</summary>
public class LightGraphExplorerAttackTests
{
    /// <summary>
    /// |x| at x = −2, backward, then x set to 2: every node still follows from its inputs (|2| = |−2|),
    /// so the staleness check passes; the explorer then shows the edge's local derivative at the new
    /// point (+1) and its contribution +w beside x's Grad of −w from the pass at the old point. Before
    /// the 56-byte node the stored derivative (−1) agreed with the gradients shown.
    /// </summary>
    [Fact(Skip = "Not caught by the value check: a leaf set to a point where every node's value is unchanged but a branch is not (|x| at ±2, Max at a tie). The gradients shown are the last pass's; the local derivatives the new point's. Refusing needs the walk's branch (or derivatives) kept per node, which the 56-byte node gave up: a decision for the light part's owner.")]
    public void Explorer_AfterALeafMovesToAPointOfEqualValues_ShowsContributionsThatAgreeWithTheGradients()
    {
        var x = new Value(-2.0, "x");
        var w = new Value(3.0, "w");
        Value abs = x.Abs();
        abs.Label = "abs";
        Value loss = abs * w;
        loss.Backward();
        Assert.Equal(-3.0, x.Grad);
        x.Data = 2.0;
        string json;
        try
        {
            json = AutoGrad.Graphs.Html.ExplorerData.Write(loss, new DotOptions(), DiagramGraph.Build(loss, new DotOptions()));
        }
        catch (InvalidOperationException)
        {
            return; // refusing is fine
        }

        // The edge from abs to x: its contribution must be x's gradient from abs (−3), not +3.
        Assert.DoesNotContain("\"contribution\":3", json.Replace(" ", ""));
    }
}
