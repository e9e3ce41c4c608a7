using AutoGrad.Data;
using AutoGrad.Graphs;
using AutoGrad.Optim;
using AutoGrad.Training;

namespace AutoGrad.Tests;

/// <summary>
/// The named examples of the hostile review: each call used to end in a NullReferenceException,
/// IndexOutOfRangeException or a silent misreading; each must now throw an ArgumentException (or a
/// subtype) naming the bad input. <see cref="PublicApiHostileProperties"/> sweeps the rest.
/// </summary>
public class HostileInputTests
{
    private static readonly Value X = new(2, "x");

    /// <summary>A hostile call, the exception type it must throw, and what the message must say.</summary>
    private static readonly Dictionary<string, (Action Call, Type Expected, string Message)> Cases = new()
    {
        ["DotOptions FontName null"] = (() => _ = new DotOptions { FontName = null! }, typeof(ArgumentNullException), "DotOptions.FontName is null"),
        ["DotOptions HighlightColor null"] = (() => _ = new DotOptions { HighlightColor = null! }, typeof(ArgumentNullException), "HighlightColor is null"),
        ["DiagramOptions NumberFormat null"] = (() => _ = new DiagramOptions { NumberFormat = null! }, typeof(ArgumentNullException), "NumberFormat"),
        ["DiagramOptions NumberFormat X"] = (() => _ = new DiagramOptions { NumberFormat = "X" }, typeof(ArgumentException), "NumberFormat is \"X\", which is not a numeric format"),
        ["DiagramOptions Collapse null"] = (() => _ = new DotOptions { Collapse = null! }, typeof(ArgumentException), "DiagramOptions.Collapse is null"),
        ["DiagramOptions Expand null item"] = (() => _ = new DotOptions { Expand = ["layer*", null!] }, typeof(ArgumentException), "Pattern 1 of DiagramOptions.Expand is null"),
        ["DiagramOptions Direction 42"] = (() => _ = new DiagramOptions { Direction = (RankDirection)42 }, typeof(ArgumentOutOfRangeException), "Direction is 42, which is not a defined RankDirection"),
        ["DiagramOptions OpNodes 42"] = (() => _ = new DiagramOptions { OpNodes = (OpNodeStyle)42 }, typeof(ArgumentOutOfRangeException), "OpNodes is 42"),
        ["DiagramOptions Oversize 42"] = (() => _ = new DiagramOptions { Oversize = (OversizeBehavior)42 }, typeof(ArgumentOutOfRangeException), "Oversize is 42"),
        ["Sgd null parameter"] = (() => _ = new Sgd([null!], 0.1), typeof(ArgumentException), "Parameter 0 of 'parameters' is null"),
        ["Dataset null feature vector"] = (() => _ = new Dataset("d", [[1.0], null!], [0, 1], ["a", "b"]), typeof(ArgumentException), "Feature vector 1 is null"),
        ["Dataset null class name"] = (() => _ = new Dataset("d", [[1.0]], [0], [null!]), typeof(ArgumentException), "Class name 0 is null"),
        ["Dataset null name"] = (() => _ = new Dataset(null!, [[1.0]], [0], ["a"]), typeof(ArgumentNullException), "name"),
        ["ConfusionMatrix cell outside"] = (() => _ = new ConfusionMatrix(["a", "b"], [0, 1], [1, 1])[5, 5], typeof(ArgumentOutOfRangeException), "Got the cell [5, 5]; expected class indices from 0 to 1"),
        ["ConfusionMatrix negative cell"] = (() => _ = new ConfusionMatrix(["a", "b"], [0], [1])[0, -1], typeof(ArgumentOutOfRangeException), "[0, -1]"),
        ["ConfusionMatrix null class name"] = (() => _ = new ConfusionMatrix(["a", null!], [0], [1]), typeof(ArgumentException), "Class name 1 is null"),
        ["Dual.Apply undefined op"] = (() => Dual.Apply((Op)200, [new Dual(1, 1)]), typeof(ArgumentOutOfRangeException), "200 is not a defined Op"),
        ["Trainer undefined optimizer"] = (() => _ = new Trainer(Datasets.Moons(10), new TrainingOptions { Optimizer = (OptimizerKind)42 }), typeof(ArgumentOutOfRangeException), "not a defined OptimizerKind"),
        ["Trainer undefined loss"] = (() => _ = new Trainer(Datasets.Moons(10), new TrainingOptions { Loss = (LossKind)42 }), typeof(ArgumentOutOfRangeException), "not a defined LossKind"),
        ["Trainer null hidden layers"] = (() => _ = new Trainer(Datasets.Moons(10), new TrainingOptions { HiddenLayers = null! }), typeof(ArgumentNullException), "HiddenLayers is null"),
        ["Moons noise NaN"] = (() => Datasets.Moons(10, noise: double.NaN), typeof(ArgumentOutOfRangeException), "noise"),
        ["Circles factor 2"] = (() => Datasets.Circles(10, factor: 2), typeof(ArgumentOutOfRangeException), "(0, 1)"),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void HostileCall_ThrowsADocumentedArgumentException_NamingTheInput(string name)
    {
        (Action call, Type expected, string message) = Cases[name];

        Exception error = Record.Exception(call);

        Assert.NotNull(error);
        Assert.IsType(expected, error);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DiagramOptions_WithValidValues_KeepThem_AndCompareAsRecords()
    {
        // The checks sit in the init accessors; they must not change what a valid option holds.
        var a = new DotOptions { FontName = "Courier", NumberFormat = "G3", Collapse = ["layer*"], Direction = RankDirection.TopToBottom };
        DotOptions b = a with { };

        Assert.Equal("Courier", a.FontName);
        Assert.Equal("G3", a.NumberFormat);
        Assert.Equal(RankDirection.TopToBottom, a.Direction);
        Assert.Equal(a, b);
        Value y;
        using (Scope.Enter("layer 1"))
        {
            y = X * 3;
        }

        Assert.Contains("layer 1", DotExporter.Export(y, a), StringComparison.Ordinal);
    }
}
