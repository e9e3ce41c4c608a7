using AutoGrad.Data;

namespace AutoGrad.Tests.Data;

public sealed class CsvDatasetTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("autograd-csv-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string text)
    {
        string path = Path.Combine(_folder, "data.csv");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Load_ReadsFeaturesAndLabels_MappingPlusMinusOneToClasses()
    {
        Dataset data = CsvDataset.Load(Write("x0,x1,y\n1.5,-2,1\n0.25,3e-1,-1\n\n-1,0,1\n"));

        Assert.Equal(3, data.Count);
        Assert.Equal([1.5, -2.0], data.Features[0]);
        Assert.Equal([0.25, 0.3], data.Features[1]);
        Assert.Equal([1, 0, 1], data.Labels);
        Assert.Equal(["-1", "1"], data.ClassNames);
        Assert.Equal("data", data.Name);
    }

    [Fact]
    public void Load_FindsALabelColumnByName_AndNamedClasses()
    {
        Dataset data = CsvDataset.Load(Write("label,a,b\ncat,1,2\ndog,3,4\ncat,5,6\n"));

        Assert.Equal([0, 1, 0], data.Labels);
        Assert.Equal(["cat", "dog"], data.ClassNames);
        Assert.Equal([3.0, 4.0], data.Features[1]);
    }

    [Theory]
    [InlineData("x0,x1,y\n1,2,0\n3,abc,1\n", "line 3, column 'x1': 'abc' is not a finite number.")]
    [InlineData("x0,x1,y\n1,2,0\n3,1\n", "line 3: the row has 2 fields but the header has 3.")]
    [InlineData("x0,x1,y\n1,NaN,0\n", "line 2, column 'x1': 'NaN' is not a finite number.")]
    [InlineData("x0,x1,y\n1,Infinity,0\n", "line 2, column 'x1': 'Infinity' is not a finite number.")]
    [InlineData("x0,x1,y\n1,-Infinity,0\n", "line 2, column 'x1': '-Infinity' is not a finite number.")]
    [InlineData("x0,x1,y\n1,1e999,0\n", "line 2, column 'x1': '1e999' is not a finite number.")]
    [InlineData("x0,x1,y\n1,,0\n", "line 2, column 'x1': '' is not a finite number.")]
    [InlineData("x0,x1,y\n1,2,0\n3,4,\n", "line 3, column 'y': the label is empty; expected a class name or number.")]
    [InlineData("x0,x1,y\n1,2,  \n", "line 2, column 'y': the label is empty; expected a class name or number.")]
    [InlineData("x0,x1,y\n1,2,0,\n", "line 2: the row has 4 fields but the header has 3.")]
    [InlineData("x0,x1,y\n1,2,0\n3\n", "line 3: the row has 1 field but the header has 3.")]
    [InlineData("", "the file is empty; expected a header row and data rows.")]
    [InlineData("x0,y\n", "the file has a header but no data rows.")]
    public void Load_RefusesAMalformedFile_NamingLineAndColumn(string text, string expected)
    {
        string path = Write(text);

        var error = Assert.Throws<DataFormatException>(() => CsvDataset.Load(path));

        Assert.EndsWith(expected, error.Message);
        Assert.StartsWith(path, error.Message);
    }

    [Fact]
    public void Load_ComparesNumericLabelsAsNumbers_SoOneAndOnePointZeroAndPlusOneAreOneClass()
    {
        Dataset data = CsvDataset.Load(Write("x,y\n1,1\n2,1.0\n3,+1\n4,0\n5,-0.0\n6,1e0\n"));

        Assert.Equal(["0", "1"], data.ClassNames);
        Assert.Equal([1, 1, 1, 0, 0, 1], data.Labels);
    }

    [Fact]
    public void Load_ReadsAFileWithAByteOrderMarkAndCrlfLineEnds()
    {
        string path = Path.Combine(_folder, "windows.csv");
        File.WriteAllText(path, "label,a,b\r\ncat,1,2\r\ndog,3,4\r\n", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        Dataset data = CsvDataset.Load(path);

        Assert.Equal(["cat", "dog"], data.ClassNames);
        Assert.Equal([3.0, 4.0], data.Features[1]);
    }

    [Fact]
    public void Load_WithAnUnknownLabelColumn_ListsTheHeader()
    {
        var error = Assert.Throws<DataFormatException>(() => CsvDataset.Load(Write("a,b\n1,2\n"), labelColumn: "target"));

        Assert.Contains("column 'target': no such column; the header has: a, b.", error.Message);
    }

    [Fact]
    public void Load_ReadsAFileWithoutAHeader_WhenItsFirstRowIsAllNumbers()
    {
        Dataset data = CsvDataset.Load(Write("0,16,3\n1.5,2,7\n"));

        Assert.Equal(2, data.Count);
        Assert.Equal([0.0, 16.0], data.Features[0]);
        Assert.Equal(["3", "7"], data.ClassNames);
    }

    [Fact]
    public void Load_WithoutAHeader_NamesColumnsByNumber_InErrors()
    {
        string path = Write("1,2,0\n3,x,1\n");

        var error = Assert.Throws<DataFormatException>(() => CsvDataset.Load(path));

        Assert.EndsWith("line 2, column 'column 2': 'x' is not a finite number.", error.Message);
        Assert.EndsWith("line 2: the row has 2 fields but the first row has 3.", Assert.Throws<DataFormatException>(() => CsvDataset.Load(Write("1,2,0\n3,1\n"))).Message);
    }

    [Fact]
    public void LoadRows_TakesTheFeaturesAlone_OrWithALabelColumn()
    {
        CsvRows bare = CsvDataset.LoadRows(Write("a,b\n1,2\n\n3,4\n"), featureCount: 2);
        CsvRows labelled = CsvDataset.LoadRows(Write("label,a,b\ncat,1,2\ndog,3,4\n"), featureCount: 2);
        CsvRows headerless = CsvDataset.LoadRows(Write("1,2,1.0\n"), featureCount: 2);

        Assert.Null(bare.Labels);
        Assert.Equal([[1.0, 2.0], [3.0, 4.0]], bare.Features);
        Assert.Equal([2, 4], bare.LineNumbers);
        Assert.Equal(["cat", "dog"], labelled.Labels);
        Assert.Equal([3.0, 4.0], labelled.Features[1]);
        Assert.Equal(["1.0"], headerless.Labels);
    }

    [Theory]
    [InlineData("a,b,c,d\n1,2,3,4\n", 2, "line 1: the file has 4 columns; expected the model's 2 features, or 3 with a label column.")]
    [InlineData("a\n1\n", 2, "line 1: the file has 1 column; expected the model's 2 features, or 3 with a label column.")]
    [InlineData("1,2,3,4\n", 1, ": the file has 4 columns; expected the model's 1 feature, or 2 with a label column.")]
    [InlineData("a,b\n1,NaN\n", 2, "line 2, column 'b': 'NaN' is not a finite number.")]
    [InlineData("a,b,label\n1,2,\n", 2, "line 2, column 'label': the label is empty; expected a class name or number.")]
    public void LoadRows_RefusesOtherColumnsOrBadValues(string text, int featureCount, string expected)
    {
        string path = Write(text);

        var error = Assert.Throws<DataFormatException>(() => CsvDataset.LoadRows(path, featureCount));

        Assert.EndsWith(expected, error.Message);
    }
}
