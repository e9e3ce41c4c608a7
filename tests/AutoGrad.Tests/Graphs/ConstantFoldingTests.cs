using AutoGrad.Expressions;
using AutoGrad.Graphs;

namespace AutoGrad.Tests.Graphs;

/// <summary>
/// A constant is a number written into a formula (<c>x + 1</c>, <c>2 * x</c>, <c>Value.Constant</c>);
/// diagrams write an unnamed one into the op that reads it instead of drawing a node with a gradient.
/// </summary>
public class ConstantFoldingTests
{
    [Fact]
    public void NumbersInFormulas_AreConstants_InputsAndParametersAreNot()
    {
        var x = new Value(2, "x");
        Value sum = x + 1;
        Value product = 2 * x;

        Assert.True(sum.GetInput(1).IsConstant);
        Assert.True(product.GetInput(0).IsConstant);
        Assert.True(Value.Constant(3).IsConstant);
        Assert.False(x.IsConstant);
        Assert.False(new Value(3).IsConstant); // made by the constructor: an input, even without a name
        Assert.False(sum.IsConstant);
        Assert.True(Expression.Parse("2 * y").Build([new Value(1, "y")]).GetInput(0).IsConstant);
    }

    [Fact]
    public void Constants_AreWrittenIntoTheOp_AndNotDrawn()
    {
        var x = new Value(2, "x");
        Value y = (2 * x + 1) / 4;

        string dot = DotExporter.Export(y);

        Assert.Contains("label=<× 2>", dot);
        Assert.Contains("label=<+ 1>", dot);
        Assert.Contains("label=<÷ 4>", dot);
        Assert.Equal(1 + 2 * 3, GraphvizCheck.NodeCount(dot)); // x, then an op and a value per op
        Assert.DoesNotContain("label=<×>", dot);
        Assert.Contains($"\"{MermaidExporter.Escape("× 2")}\"", MermaidExporter.Export(y));
        Assert.Equal(3, Diagram.Describe(y).FoldedConstants);
    }

    [Fact]
    public void AConstantOnTheLeftOfAnOrderedOp_StaysOnTheLeft()
    {
        var x = new Value(4, "x");

        Assert.Contains("label=<1 −>", DotExporter.Export(1 - x));
        Assert.Contains("label=<− 1>", DotExporter.Export(x - 1));
        Assert.Contains("label=<10 ÷>", DotExporter.Export(10 / x));
        Assert.Contains("label=<+ 1>", DotExporter.Export(1 + x)); // order does not matter for +
        Assert.DoesNotContain("label=<②>", DotExporter.Export(1 - x)); // the constant's side says which operand x is
        Assert.Contains("label=<− (−1)>", DotExporter.Export(x - (-1))); // never "− -1"
    }

    [Fact]
    public void ShowConstants_DrawsThemAsNodes()
    {
        var x = new Value(2, "x");
        Value y = 2 * x + 1;

        string dot = DotExporter.Export(y, new DotOptions { ShowConstants = true });

        Assert.Equal(3 + 2 * 2, GraphvizCheck.NodeCount(dot));
        Assert.Contains("label=<×>", dot);
        Assert.Contains("data 2<", dot);
        Assert.Equal(0, Diagram.Describe(y, new DiagramOptions { ShowConstants = true }).FoldedConstants);
    }

    [Fact]
    public void NamedHighlightedOrNotedConstants_AndConstantsReadByManyInputOps_AreDrawn()
    {
        var x = new Value(2, "x");
        Value named = Value.Constant(3);
        named.Label = "three";
        Value highlighted = Value.Constant(5);
        Value sum = Value.Sum([x, Value.Constant(7)]);

        Assert.Contains("<TD>three</TD>", DotExporter.Export(x * named));
        Assert.Contains("label=<×>", DotExporter.Export(x * highlighted, new DotOptions { Highlight = new HashSet<Value> { highlighted } }));
        Assert.Contains("data 7<", DotExporter.Export(sum)); // Σ has no one place to write it
        Assert.Contains("data 7<", DotExporter.Export(Value.Constant(7)));  // the output itself
    }

    [Fact]
    public void AConstantReadByTwoOps_IsFoldedIntoBoth_OrDrawnForBoth()
    {
        var x = new Value(2, "x");
        Value two = 2;
        Value folded = (x * two) + (x + two);
        Value mixed = Value.Sum([x * two, two]);

        string foldedDot = DotExporter.Export(folded);
        string mixedDot = DotExporter.Export(mixed);

        Assert.Contains("label=<× 2>", foldedDot);
        Assert.Contains("label=<+ 2>", foldedDot);
        Assert.Contains("label=<×>", mixedDot); // Σ draws it, so × points at the drawn node
        Assert.Equal(1 + 1 + 2 * 2, GraphvizCheck.NodeCount(mixedDot));
    }

    [Theory]
    [InlineData(double.NaN, "× NaN")]
    [InlineData(double.PositiveInfinity, "× Infinity")]
    [InlineData(double.NegativeInfinity, "× (−Infinity)")]
    [InlineData(1e300, "× 1E+300")]
    [InlineData(-0.5, "× (−0.5)")]
    public void UnusualConstants_AreWrittenInFull(double constant, string label)
    {
        var x = new Value(2, "x");

        string dot = DotExporter.Export(x * constant);

        Assert.Contains($"label=<{label}>", dot);
        GraphvizCheck.Layout(dot);
    }

    [Fact]
    public void AnOpOfTwoConstants_KeepsOneDrawn_SoNoOpStandsWithoutAnInput()
    {
        Value product = Value.Constant(2) * Value.Constant(3);

        string dot = DotExporter.Export(product);

        Assert.Contains("label=<× 3>", dot);
        Assert.Matches(@"v0 -> v2_op", dot);
        Assert.Equal(3, GraphvizCheck.NodeCount(dot)); // the constant 2, the op, the product
    }

    [Fact]
    public void NumbersUseSignificantDigits_AndNeverShowMinusZero()
    {
        var x = new Value(3, "x");
        var w = new Value(-2, "w");
        Value y = (x * 1e-6) + (w * 0.0); // w × 0 is −0; x's gradient is 1e-6, which four decimals would write 0.0000
        y.Label = "y";
        y.Backward();

        string dot = DotExporter.Export(y);

        Assert.Contains("<TD>x</TD><TD>data 3</TD><TD>grad 1E-06</TD>", dot);
        Assert.DoesNotContain("-0<", dot);
        Assert.DoesNotContain("0.0000", dot);
    }
}
