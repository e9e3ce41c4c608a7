namespace AutoGrad.Tests;

public class ValueTests
{
    [Fact]
    public void ToString_ShowsDataAndGradLikeMicrograd()
    {
        var a = new Value(2.5);
        var b = new Value(-1, "b");
        b.Grad = 0.5;

        Assert.Equal("Value(data=2.5, grad=0)", a.ToString());
        Assert.Equal("b: Value(data=-1, grad=0.5)", b.ToString());
    }

    [Fact]
    public void Operators_AcceptNumbersOnEitherSide()
    {
        var x = new Value(4);

        Assert.Equal(7, (x + 3).Data);
        Assert.Equal(7, (3 + x).Data);
        Assert.Equal(1, (x - 3).Data);
        Assert.Equal(-1, (3 - x).Data);
        Assert.Equal(12, (3 * x).Data);
        Assert.Equal(2.5, (10.0 / x).Data);
        Assert.Equal(-4, (-x).Data);
    }

    [Fact]
    public void Node_RecordsItsOpInputsAndLocalGradients()
    {
        var a = new Value(3);
        var b = new Value(5);
        Value product = a * b;

        Assert.Equal(Op.Mul, product.Op);
        Assert.Equal([a, b], product.Inputs);
        Assert.Equal(5, product.GetLocalGradient(0));
        Assert.Equal(3, product.GetLocalGradient(1));
        Assert.True(a.IsLeaf);
        Assert.Empty(a.Inputs);
    }

    [Fact]
    public void ParameterisedOps_ExposeTheirConstant()
    {
        var x = new Value(2);

        Assert.Equal(3, x.Pow(3).Parameter);
        Assert.Equal(0.2, x.LeakyRelu(0.2).Parameter);
        Assert.Equal(1.5, x.Elu(1.5).Parameter);
        Assert.Null(x.Tanh().Parameter);
    }

    [Fact]
    public void SumAndDot_AreSingleNodes()
    {
        Value[] w = [new(1), new(2), new(3)];
        Value[] x = [new(4), new(5), new(6)];

        Value dot = Value.Dot(w, x);
        Value sum = Value.Sum(w);

        Assert.Equal(32, dot.Data);
        Assert.Equal(6, dot.InputCount);
        Assert.Equal(6, sum.Data);
        Assert.Equal(3, sum.InputCount);
        Assert.Equal(7, dot.TopologicalOrder().Count); // 6 leaves and the dot: no intermediate products or sums
    }

    [Fact]
    public void Sum_OfNothing_IsZero()
    {
        Value sum = Value.Sum([]);

        sum.Backward();

        Assert.Equal(0, sum.Data);
    }

    [Fact]
    public void Dot_WithDifferentLengths_NamesBothLengths()
    {
        var error = Assert.Throws<ArgumentException>(() => Value.Dot([new(1), new(2)], [new(3)]));

        Assert.Contains("'a' has 2 values and 'b' has 1", error.Message);
        Assert.Equal("b", error.ParamName);
    }

    [Theory]
    [InlineData(0, 1, "Item 1 of 'a' is null", "a")]
    [InlineData(1, 2, "Item 2 of 'b' is null", "b")]
    public void Dot_WithANullItem_NamesTheListAndIndex(int list, int index, string expected, string parameter)
    {
        Value[] a = [new(1), new(2), new(3)];
        Value[] b = [new(4), new(5), new(6)];
        (list == 0 ? a : b)[index] = null!;

        var error = Assert.Throws<ArgumentException>(() => Value.Dot(a, b));

        Assert.Contains(expected, error.Message);
        Assert.Equal(parameter, error.ParamName);
    }

    [Fact]
    public void Sum_WithANullTerm_NamesItsIndex()
    {
        var error = Assert.Throws<ArgumentException>(() => Value.Sum([new(1), null!]));

        Assert.Contains("Item 1 of 'terms' is null", error.Message);
    }

    [Fact]
    public void Operator_WithNull_ThrowsArgumentNullException()
    {
        Value? missing = null;
        var x = new Value(1);

        Assert.Throws<ArgumentNullException>(() => x + missing!);
        Assert.Throws<ArgumentNullException>(() => Value.Max(missing!, x));
    }

    [Fact]
    public void GetInput_OutOfRange_SaysWhatRangeIsValid()
    {
        Value y = new Value(1).Tanh();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => y.GetInput(1));

        Assert.Contains("has 1 input(s); expected an index from 0 to 0", error.Message);
    }

    [Fact]
    public void Custom_RecordsNameAndPartials_AndBackpropagatesThroughThem()
    {
        var x = new Value(2);
        var y = new Value(3);

        Value product = Value.Custom("product", x.Data * y.Data, [x, y], [y.Data, x.Data]);
        product.Backward();

        Assert.Equal(Op.Custom, product.Op);
        Assert.Equal("product", product.CustomName);
        Assert.Equal(3, x.Grad);
        Assert.Equal(2, y.Grad);
    }

    [Fact]
    public void Custom_WithMismatchedGradients_SaysHowManyOfEach()
    {
        var error = Assert.Throws<ArgumentException>(
            () => Value.Custom("f", 0, [new Value(1), new Value(2)], [1.0]));

        Assert.Contains("Custom op 'f' has 2 input(s) but 1 local gradient(s)", error.Message);
    }

    [Theory]
    [InlineData(0.0, 0.0)]   // ReLU'(0) = 0
    [InlineData(-1.0, 0.0)]
    [InlineData(2.0, 1.0)]
    public void Relu_UsesZeroSlopeAtTheKink(double x, double expectedSlope)
    {
        var v = new Value(x);
        v.Relu().Backward();
        Assert.Equal(expectedSlope, v.Grad);
    }

    [Fact]
    public void MaxAndMin_SendTheGradientToTheFirstInputOnATie()
    {
        var a = new Value(1);
        var b = new Value(1);

        (Value.Max(a, b) + Value.Min(a, b)).Backward();

        Assert.Equal(2, a.Grad);
        Assert.Equal(0, b.Grad);
    }

    [Theory]
    [InlineData(1000.0)]
    [InlineData(-1000.0)]
    public void SigmoidAndSoftplus_StayFinite_AtExtremeInputs(double x)
    {
        var v = new Value(x);

        Value s = v.Sigmoid();
        Value sp = v.Softplus();

        Assert.True(double.IsFinite(s.Data) && double.IsFinite(sp.Data));
        Assert.Equal(x > 0 ? 1.0 : 0.0, s.Data);
        Assert.Equal(Math.Max(x, 0), sp.Data);
    }

    [Fact]
    public void DotNode_StoresItsInputsButNoPartials()
    {
        Value[] weights = Enumerable.Range(0, 16).Select(i => new Value(i)).ToArray();
        Value[] inputs = Enumerable.Range(0, 16).Select(i => new Value(-i)).ToArray();
        _ = Value.Dot(weights, inputs); // warm up the JIT so only the node is counted

        long before = GC.GetAllocatedBytesForCurrentThread();
        Value dot = Value.Dot(weights, inputs);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // The node (56 B) and its own copy of the 32 inputs (24 + 256 B), which the caller may change
        // afterwards; the 32 partial derivatives (280 B more) are computed by backward instead.
        Assert.Equal(-1240, dot.Data);
        Assert.Equal(56 + 24 + (32 * 8), allocated);
    }
}
