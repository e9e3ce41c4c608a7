using AutoGrad.Graphs;

namespace AutoGrad.Tests.Graphs;

/// <summary>Edges into an op whose operand order matters say which operand they are, in both formats.</summary>
public class OperandLabelTests
{
    private static readonly Value A = new(6, "p");
    private static readonly Value B = new(3, "q");

    public static TheoryData<string, string, string> OrderedOps => new()
    {
        { "sub", "①", "②" },
        { "div", "①", "②" },
        { "pow", "①", "②" },
        { "prelu", "①", "②" },
    };

    private static Value Build(string op) => op switch
    {
        "sub" => A - B,
        "div" => A / B,
        "pow" => A.Pow(B),
        "prelu" => A.Prelu(B),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "no such case"),
    };

    [Theory]
    [MemberData(nameof(OrderedOps))]
    public void EdgesIntoAnOrderedOp_NameTheirOperand_InDotAndMermaid(string op, string first, string second)
    {
        Value output = Build(op);

        string dot = DotExporter.Export(output);
        string mermaid = MermaidExporter.Export(output);

        string p = IdOf(dot, "p"), q = IdOf(dot, "q"); // p is the first operand
        Assert.Contains($"{p} -> v2_op [label=<{first}>, fontsize=9, fontcolor=\"#555555\"];", dot);
        Assert.Contains($"{q} -> v2_op [label=<{second}>, fontsize=9, fontcolor=\"#555555\"];", dot);
        Assert.Contains($"{p} -->|\"{MermaidExporter.Escape(first)}\"| v2_op", mermaid);
        Assert.Contains($"{q} -->|\"{MermaidExporter.Escape(second)}\"| v2_op", mermaid);
        Assert.Equal(3, GraphvizCheck.EdgeCount(dot)); // two operands and the result
    }

    [Fact]
    public void OperandNames_FollowTheEdge_WhenOpsAreFoldedIntoTheirValue()
    {
        string dot = DotExporter.Export(A / B, new DotOptions { OpNodes = OpNodeStyle.Folded });

        Assert.Contains($"{IdOf(dot, "p")} -> v2 [label=<①>", dot);
        Assert.Contains($"{IdOf(dot, "q")} -> v2 [label=<②>", dot);
        GraphvizCheck.Layout(dot);
    }

    [Fact]
    public void EdgesIntoACommutativeOp_HaveNoNames()
    {
        string dot = DotExporter.Export(Value.Max(A * B, A + B));

        Assert.DoesNotContain("label=<①>", dot);
        Assert.DoesNotContain("label=<②>", dot);
        Assert.DoesNotContain("-->|", MermaidExporter.Export(A * B));
    }

    [Fact]
    public void ADotProduct_NamesEachPair()
    {
        Value dot = Value.Dot([A, B], [B, A]);

        string text = DotExporter.Export(dot);
        string p = IdOf(text, "p"), q = IdOf(text, "q");

        Assert.Contains($"{p} -> v2_op [label=<①>", text); // p is a0 and b1 (inputs 1 and 4), q is a1 and b0 (2 and 3)
        Assert.Contains($"{p} -> v2_op [label=<④>", text);
        Assert.Contains($"{q} -> v2_op [label=<②>", text);
        Assert.Contains($"{q} -> v2_op [label=<③>", text);
        Assert.Equal(5, GraphvizCheck.EdgeCount(text));
    }

    [Fact]
    public void ACustomOpOfSeveralInputs_NamesThemByIndex_AndOfOneInput_DoesNot()
    {
        Value two = Value.Custom("hypot", 5, [A, B], [0.6, 0.8]);
        Value one = Value.Custom("twice", 12, [A], [2]);

        string twoDot = DotExporter.Export(two);
        Assert.Contains($"{IdOf(twoDot, "q")} -> v2_op [label=<②>", twoDot);
        Assert.DoesNotContain("label=<①>", DotExporter.Export(one));
    }

    [Fact]
    public void OperandNames_CannotBeMistakenForVariables_NamedLikeTheOperands()
    {
        var a = new Value(5, "a");
        var b = new Value(2, "b");

        string dot = DotExporter.Export(b - a); // b is the first operand: an edge named "a" would say the opposite

        string[] edgeLabels = System.Text.RegularExpressions.Regex.Matches(dot, "-> v[0-9]+_op \\[label=<([^>]*)>").Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(["①", "②"], edgeLabels.Order());
        Assert.Contains($"{IdOf(dot, "b")} -> v2_op [label=<①>", dot);
        Assert.DoesNotContain(edgeLabels, label => label is "a" or "b");
    }

    /// <summary>The id of the value node labelled <paramref name="label"/>.</summary>
    private static string IdOf(string dot, string label) =>
        dot.Split('\n').Single(line => line.Contains($"<TD>{label}</TD>", StringComparison.Ordinal)).Trim().Split(' ')[0];
}
