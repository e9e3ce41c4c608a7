using AutoGrad.Nn;

namespace AutoGrad.Tests;

/// <summary>
/// <see cref="Layer.Forward"/> checks its inputs through the list's Count and indexer, then copies them
/// (the copy its neurons' Dot nodes keep) by enumerating the list. A list whose enumeration disagrees
/// with its Count and indexer (a view over a larger collection, or a list another thread changes) must
/// get the checked items or a clear refusal, never a kept array the checks did not see.
/// </summary>
public class LayerInputCopyTests
{
    /// <summary>A list whose Count and indexer say one thing and whose enumerator yields another.</summary>
    private sealed class EnumeratesOtherItems(Value[] indexed, Value[] enumerated) : IReadOnlyList<Value>
    {
        public Value this[int index] => indexed[index];

        public int Count => indexed.Length;

        public IEnumerator<Value> GetEnumerator() => ((IEnumerable<Value>)enumerated).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>
    /// The list enumerates one item more (h = 2x) than its Count of 2. The layer once checked the list by
    /// Count and indexer but kept an enumerated copy of 3 items for 2 weights; its backward pass counted h
    /// as a consumer and never released it, and a later graph of h alone (g = h², ∂g/∂x = 2h · 2 = 4 at
    /// x = 0.5) then gave x no gradient at all. Now the copy is made first and checked itself: refused.
    /// </summary>
    [Fact]
    public void LayerForward_OverAListEnumeratingMoreThanItsCount_IsRefused_AndLaterGraphsStayRight()
    {
        var layer = new Layer(2, 2, Activation.Tanh, Initialization.Xavier, new Random(1));
        var x = new Value(0.5, "x");
        Value h = x * 2.0;
        Value a = new Value(0.3) * 1.0, b = new Value(0.4) * 1.0;

        // Refused (the copy the layer keeps has three items, one more than it takes), naming the argument;
        // were it taken, h must not be left counted as a consumer of this graph.
        var refused = Assert.IsType<ArgumentException>(Record.Exception(() => layer.Forward(new EnumeratesOtherItems([a, b], [a, b, h]))));
        Assert.Equal("inputs", refused.ParamName);
        Assert.Contains("expects 2 inputs but got 3", refused.Message, StringComparison.Ordinal);

        Value g = h * h;
        g.Backward();
        Assert.Equal(4, x.Grad);
    }

    /// <summary>
    /// The list enumerates fewer items than its Count, or a null its indexer does not show: the layer
    /// either refuses it with an ArgumentException naming inputs (as it refuses a short list or a null
    /// item) or computes over the items it checked (its outputs those of the same items in an array),
    /// never an IndexOutOfRangeException or NullReferenceException from inside the graph's construction.
    /// </summary>
    [Fact]
    public void LayerForward_OverAListEnumeratingFewerOrNullItems_RefusesItOrUsesTheCheckedItems()
    {
        var layer = new Layer(2, 2, Activation.Tanh, Initialization.Xavier, new Random(1));
        Value a = new Value(0.3) * 1.0, b = new Value(0.4) * 1.0;
        long[] expected = [.. layer.Forward([a, b]).Select(o => BitConverter.DoubleToInt64Bits(o.Data))];

        foreach (Value[] enumerated in new[] { new[] { a }, new[] { a, null! } })
        {
            try
            {
                Value[] outputs = layer.Forward(new EnumeratesOtherItems([a, b], enumerated));
                Assert.Equal(expected, outputs.Select(o => BitConverter.DoubleToInt64Bits(o.Data)));
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                ArgumentException refused = Assert.IsAssignableFrom<ArgumentException>(e);
                Assert.Equal("inputs", refused.ParamName);
            }
        }
    }
}
