using System.Globalization;
using System.Text;
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

    [Fact]
    public void Load_RemovesTheQuotesOfQuotedFields_SoQuotedLabelsNameTheirClasses()
    {
        Dataset data = CsvDataset.Load(Write("x,y,label\n1,\"2\",\"cat\"\n3,4,dog\n \"5\" , 6 ,\"dog\"\n"));

        Assert.Equal(["cat", "dog"], data.ClassNames);
        Assert.Equal([0, 1, 1], data.Labels);
        Assert.Equal([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], data.Features);
    }

    [Fact]
    public void Load_ReadsCommasDoubledQuotesAndLineBreaksInsideQuotedFields()
    {
        string path = Write("\"width, cm\",\"the \"\"b\"\"\nfeature\",label\n1,2,\"big, \"\"red\"\"\"\n3,4,small\n5,6,\"big, \"\"red\"\"\"\n");

        Dataset data = CsvDataset.Load(path);

        Assert.Equal(["big, \"red\"", "small"], data.ClassNames);
        Assert.Equal([0, 1, 0], data.Labels);
        Assert.Equal(["width, cm", "the \"b\"\nfeature"], data.FeatureNames);
        Assert.Equal([5.0, 6.0], data.Features[2]);
    }

    [Fact]
    public void Load_CountsTheLinesOfAQuotedLineBreak_InTheLinesItNames()
    {
        // The header spans lines 1-2, so the rows start on lines 3, 4 and 5.
        string path = Write("\"a\nb\",c,label\n1,2,x\n3,4,y\n5,oops,x\n");

        var error = Assert.Throws<DataFormatException>(() => CsvDataset.Load(path));

        Assert.EndsWith("line 5, column 'c': 'oops' is not a finite number.", error.Message);
        Assert.Equal([3, 4], CsvDataset.LoadRows(Write("\"a\nb\",c,label\n1,2,x\n3,4,y\n"), featureCount: 2).LineNumbers);
    }

    [Fact]
    public void Load_RefusesALabelWithALineBreak_BeforeAnyTraining()
    {
        var error = Assert.Throws<DataFormatException>(() => CsvDataset.Load(Write("x,y,label\n1,2,cat\n3,4,\"two\nlines\"\n")));

        Assert.EndsWith("line 3, column 'label': the label 'two lines' holds a line break or control character; expected a class name on one line.", error.Message);
    }

    [Fact]
    public void Load_RefusesAHeaderThatNamesAColumnTwice()
    {
        var error = Assert.Throws<DataFormatException>(() => CsvDataset.Load(Write("a,a,label\n1,2,x\n")));

        Assert.EndsWith("line 1: the header names the column 'a' 2 times; expected a different name for each column.", error.Message);
    }

    [Fact]
    public void Load_KeepsTheHeaderAsFeatureNames_AndNoneForAHeaderlessFile()
    {
        Assert.Equal(["b", "c"], CsvDataset.Load(Write("b,label,c\n1,x,2\n")).FeatureNames);
        Assert.Null(CsvDataset.Load(Write("1,2,0\n3,4,1\n")).FeatureNames);
    }

    [Fact]
    public void Load_RefusesARowLongerThanTheLimit_AsSoonAsItIsRead_WithBoundedMemory()
    {
        // A 20 MB row: read whole (as the old splitter did) it would cost over 40 MB of strings.
        string path = Path.Combine(_folder, "long.csv");
        using (var writer = new StreamWriter(path))
        {
            writer.Write("a,label\n1,x\n");
            writer.Write(new string('9', 20_000_000));
            writer.Write(",x\n");
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<DataFormatException>(() => CsvDataset.Load(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.EndsWith("line 3: the row is longer than 1,048,576 characters, the most a row may have.", error.Message);
        Assert.True(allocated < 16_000_000, $"allocated {allocated:N0} bytes to refuse the row");
    }

    [Fact]
    public void Load_RefusesAQuoteLeftOpen_AtTheRowWhereItOpened()
    {
        // The open quote swallows every line after it into one row.
        var text = new StringBuilder("a,label\n1,x\n2,\"y\n");
        for (int i = 0; i < 300_000; i++)
        {
            text.Append("3,z\n");
        }

        var error = Assert.Throws<DataFormatException>(() => CsvDataset.Load(Write(text.ToString())));

        Assert.EndsWith("line 3: the row is longer than 1,048,576 characters, the most a row may have (a quoted field is still open: is a closing quote missing?).", error.Message);
    }

    [Fact]
    public void Load_ReadsARowJustUnderTheLimit()
    {
        int features = (CsvDataset.MaxRowLength - 10) / 2;
        string row = string.Join(",", Enumerable.Repeat("1", features));

        Dataset data = CsvDataset.Load(Write(row + ",0\n" + row + ",1\n")); // no header: the first row is all numbers

        Assert.True(row.Length + 2 <= CsvDataset.MaxRowLength);
        Assert.Equal(features, data.FeatureCount);
    }

    [Fact]
    public void Load_RefusesBytesThatAreNotUtf8_NamingTheirLine()
    {
        string path = Path.Combine(_folder, "latin1.csv");
        File.WriteAllBytes(path, [.. "x,y,label\n1,2,cat\n3,4,caf"u8, 0xE9, .. "\n"u8]); // "café" in Latin-1

        var error = Assert.Throws<DataFormatException>(() => CsvDataset.Load(path));

        Assert.EndsWith("line 3: the bytes are not UTF-8 text; expected a CSV file saved as UTF-8.", error.Message);
    }

    [Fact]
    public void Load_FindsTheLineOfABadByte_PastTheFirstBlockRead()
    {
        var bytes = new List<byte>("x,y,label\n"u8.ToArray());
        for (int i = 0; i < 20_000; i++)
        {
            bytes.AddRange("1,2,caf\u00e9\n"u8.ToArray()); // valid UTF-8, two bytes for é
        }

        bytes.AddRange([.. "1,2,"u8, 0xC3, (byte)'\n']); // a lead byte with no continuation
        string path = Path.Combine(_folder, "late.csv");
        File.WriteAllBytes(path, [.. bytes]);

        var error = Assert.Throws<DataFormatException>(() => CsvDataset.Load(path));

        Assert.Contains("line 20002: the bytes are not UTF-8 text", error.Message);
    }

    [Fact]
    public void Load_RefusesAContinuousNumericLabel_WithTheNumbersAndTheHint()
    {
        var random = new Random(1);
        var text = new StringBuilder("a,b,y\n");
        for (int i = 0; i < 200; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{random.NextDouble()},{random.NextDouble()},{random.NextDouble() * 2 - 1}\n");
        }

        var error = Assert.Throws<DataFormatException>(() => CsvDataset.Load(Write(text.ToString())));

        Assert.Contains("column 'y': the labels are 200 different numbers in 200 rows", error.Message);
        Assert.Contains("A regression target needs a regression loss", error.Message);
    }

    [Theory]
    [InlineData(30, 10, true)] // 10 classes: always classes
    [InlineData(40, 20, true)] // two rows per class
    [InlineData(40, 21, false)] // fewer than two rows per class on average
    [InlineData(11, 11, false)]
    [InlineData(4, 4, true)] // a tiny file is never judged
    public void Load_TakesNumericLabelsAsClasses_UnlessNearlyEveryRowIsItsOwn(int rows, int classes, bool accepted)
    {
        string path = Write("a,label\n" + string.Concat(Enumerable.Range(0, rows).Select(i => $"{i},{i % classes}\n")));

        if (accepted)
        {
            Assert.Equal(classes, CsvDataset.Load(path).ClassCount);
        }
        else
        {
            Assert.Contains($"the labels are {classes} different numbers in {rows} rows", Assert.Throws<DataFormatException>(() => CsvDataset.Load(path)).Message);
        }
    }

    [Fact]
    public void Load_TakesManyNamedClasses_AsTheyAreNotNumbers()
    {
        string path = Write("a,label\n" + string.Concat(Enumerable.Range(0, 30).Select(i => $"{i},class{i}\n")));

        Assert.Equal(30, CsvDataset.Load(path).ClassCount);
    }

    [Fact]
    public void LoadRows_ByName_TakesTheModelsColumnsInAnyOrder()
    {
        CsvRows swapped = CsvDataset.LoadRows(Write("b,label,a\n2,cat,1\n4,dog,3\n"), ["a", "b"]);
        CsvRows bare = CsvDataset.LoadRows(Write("b,a\n2,1\n"), ["a", "b"]);
        CsvRows headerless = CsvDataset.LoadRows(Write("1,2,3\n"), ["a", "b"]);

        Assert.Equal([[1.0, 2.0], [3.0, 4.0]], swapped.Features);
        Assert.Equal(["cat", "dog"], swapped.Labels);
        Assert.Equal([[1.0, 2.0]], bare.Features);
        Assert.Null(bare.Labels);
        Assert.Equal([[1.0, 2.0]], headerless.Features); // no header: training's order, by count
        Assert.Equal(["3"], headerless.Labels);
    }

    [Theory]
    [InlineData("a,c,label\n1,2,x\n", "line 1: the header lacks the model's feature column 'b'; the model was trained on 'a', 'b', matched by name in any order.")]
    [InlineData("c,d\n1,2\n", "line 1: the header lacks the model's feature columns 'a', 'b'; the model was trained on 'a', 'b', matched by name in any order.")]
    [InlineData("a,b,id,label\n1,2,3,x\n", "line 1: the header has a column the model does not take: 'id'; expected the model's features ('a', 'b') and at most one label column.")]
    [InlineData("a,b,id,note\n1,2,3,x\n", "line 1: the header has columns the model does not take: 'id', 'note'; expected the model's features ('a', 'b') and at most one label column.")]
    [InlineData("1,2,3,4\n", ": the file has 4 columns; expected the model's 2 features, or 3 with a label column.")]
    public void LoadRows_ByName_NamesTheMissingAndTheExtraColumns(string text, string expected)
    {
        string path = Write(text);

        var error = Assert.Throws<DataFormatException>(() => CsvDataset.LoadRows(path, ["a", "b"]));

        Assert.EndsWith(expected, error.Message);
    }
}
