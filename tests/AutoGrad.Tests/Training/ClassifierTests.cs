using AutoGrad.Data;
using AutoGrad.Nn;
using AutoGrad.Training;

namespace AutoGrad.Tests.Training;

public sealed class ClassifierTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("autograd-classifier-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Trainer Trained(Dataset data, TrainingOptions options)
    {
        var trainer = new Trainer(data, options);
        for (int i = 0; i < options.Steps; i++)
        {
            trainer.Step();
        }

        return trainer;
    }

    [Fact]
    public void SaveThenLoad_PredictsExactlyAsBefore_WithTheStandardiserAndClassNames()
    {
        Dataset spirals = Datasets.Spirals(20, 3, seed: 2);
        Classifier trained = Trained(spirals, new TrainingOptions { HiddenLayers = [8], Steps = 20, Optimizer = OptimizerKind.Adam, Standardize = true }).ToClassifier();
        string path = Path.Combine(_folder, "model.json");

        ClassifierFile.Save(trained, path);
        Classifier loaded = ClassifierFile.Load(path);

        Assert.Equal(trained.Predict(spirals.Features), loaded.Predict(spirals.Features));
        Assert.Equal(["arm 0", "arm 1", "arm 2"], loaded.ClassNames);
        Assert.Equal(LossKind.SoftmaxCrossEntropy, loaded.Loss);
        Assert.Equal(trained.Standardizer!.Means, loaded.Standardizer!.Means);
        Assert.Equal(trained.Standardizer.Deviations, loaded.Standardizer.Deviations);
        Assert.Equal(trained.Model.Parameters.Select(p => p.Data), loaded.Model.Parameters.Select(p => p.Data));
    }

    [Fact]
    public void Predict_ReplaysTheForwardPass_AndAgreesWithTheDynamicGraphOnEveryRow()
    {
        Dataset digits = Datasets.Digits();
        Trainer trainer = Trained(digits, new TrainingOptions { HiddenLayers = [8], Steps = 5, BatchSize = 16, Standardize = true });
        Classifier classifier = trainer.ToClassifier();
        double[][] rows = digits.Features.Take(200).ToArray();

        int[] replayed = classifier.Predict(rows);

        int[] dynamic = rows.Select(r => Functions.Argmax(trainer.Model.Forward(trainer.Standardizer!.Transform(r)))).ToArray();
        Assert.Equal(dynamic, replayed);
        Assert.Equal(dynamic[7], classifier.Predict(rows[7]));
    }

    [Fact]
    public void Evaluate_CountsTrueClassesAgainstPredictions()
    {
        var matrix = new ConfusionMatrix(["a", "b", "c"], [0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2]);

        Assert.Equal((6, 4), (matrix.Total, matrix.Correct));
        Assert.Equal(4 / 6.0, matrix.Accuracy);
        Assert.Equal(1, matrix[0, 1]);
        Assert.Equal(1, matrix[2, 0]);
        Assert.Equal(2, matrix[2, 2]);
        Assert.Equal(0, matrix[1, 0]);
        Assert.StartsWith("Example 1 has true class 0 and prediction 3", Assert.Throws<ArgumentException>(() => new ConfusionMatrix(["a", "b"], [0, 0], [0, 3])).Message);
    }

    [Theory]
    [InlineData("1.0", 1)]
    [InlineData("+1", 1)]
    [InlineData(" -1 ", 0)]
    [InlineData("2", -1)]
    [InlineData("one", -1)]
    public void ClassIndexOf_ComparesNumericLabelsAsNumbers(string label, int expected)
    {
        var classifier = new Classifier(new Mlp(2, [1]), LossKind.Hinge, ["-1", "1"], null);

        Assert.Equal(expected, classifier.ClassIndexOf(label));
    }

    [Fact]
    public void Constructor_RefusesPiecesThatDoNotFit()
    {
        Assert.Contains("tells 3 classes apart; got 2 class names", Assert.Throws<ArgumentException>(() => new Classifier(new Mlp(2, [3]), LossKind.SoftmaxCrossEntropy, ["a", "b"], null)).Message);
        Assert.Contains("reads one output, but MLP(2, [2], relu) has 2", Assert.Throws<ArgumentException>(() => new Classifier(new Mlp(2, [2]), LossKind.Hinge, ["a", "b"], null)).Message);
        Assert.Contains("takes 3 features but MLP(2, [1], relu) has 2 inputs", Assert.Throws<ArgumentException>(() => new Classifier(new Mlp(2, [1]), LossKind.Hinge, ["a", "b"], new Standardizer([0.0, 0, 0], [1.0, 1, 1]))).Message);
        Assert.Contains("Got 3 feature names for 2 features", Assert.Throws<ArgumentException>(() => new Classifier(new Mlp(2, [1]), LossKind.Hinge, ["a", "b"], null, ["x", "y", "z"])).Message);
    }

    [Fact]
    public void SaveThenLoad_KeepsTheFeatureNames_OfDataWithAHeader()
    {
        string csv = Path.Combine(_folder, "named.csv");
        File.WriteAllText(csv, "width,height,label\n1,2,\"wide, flat\"\n3,1,tall\n2,2,\"wide, flat\"\n4,1,tall\n");
        Classifier trained = Trained(CsvDataset.Load(csv), new TrainingOptions { HiddenLayers = [4], Steps = 2, Standardize = true }).ToClassifier();
        string path = Path.Combine(_folder, "model.json");

        ClassifierFile.Save(trained, path);
        Classifier loaded = ClassifierFile.Load(path);

        Assert.Equal(["width", "height"], trained.FeatureNames);
        Assert.Equal(["width", "height"], loaded.FeatureNames);
        Assert.Equal(["tall", "wide, flat"], loaded.ClassNames); // a comma is fine in a class name: predict quotes it
    }

    [Fact]
    public void Load_ReadsAFileWithoutFeatureNames_AsWrittenBeforeTheyWereKept()
    {
        string path = Path.Combine(_folder, "old.json");
        File.WriteAllText(path, Prefix + "\"loss\": \"hinge\", \"classNames\": [\"a\", \"b\"]}");

        Classifier loaded = ClassifierFile.Load(path);

        Assert.Null(loaded.FeatureNames);
        Assert.Equal(2, loaded.FeatureCount);
    }

    [Fact]
    public void Load_RefusesAModelFileFromBeforeClassifierFiles_SayingWhyAndWhatToDo()
    {
        // What autograd train wrote as model.json before it stored the standardiser and class names.
        string path = Path.Combine(_folder, "old-model.json");
        ModelFile.Save(new Mlp(2, [16, 16, 1]), path);

        var error = Assert.Throws<DataFormatException>(() => ClassifierFile.Load(path));

        Assert.Equal(
            $"{path}: a bare network file (\"format\": \"autograd-mlp\", written by an older autograd train): it has no class names or feature standardisation, so its outputs cannot be read as classes; train the model again to get a classifier file.",
            error.Message);
        Assert.Equal("MLP(2, [16, 16, 1], relu)", ModelFile.Load(path).ToString()); // the library still reads it as a network
    }

    [Theory]
    [InlineData("{", "not a valid model file: the JSON is corrupt")]
    [InlineData("[1, 2]", "not a valid model file: it holds JSON, but not an object of a classifier's members")]
    [InlineData("0.5\n", "not a valid model file: it holds JSON, but not an object of a classifier's members")]
    [InlineData("{\"format\": \"something\"}", "not an AutoGrad classifier file (expected \"format\": \"autograd-classifier\").")]
    [InlineData("{\"format\": \"autograd-classifier\", \"version\": 9}", "the file is classifier format version 9; this AutoGrad reads version 1.")]
    [InlineData("{\"format\": \"autograd-classifier\", \"version\": 1, \"loss\": \"hinge\", \"classNames\": [\"a\", \"b\"]}", "the classifier file is incomplete: it has no \"model\"; expected \"format\", \"version\", \"loss\", \"classNames\" and \"model\", as autograd train writes them.")]
    [InlineData(Prefix + "\"loss\": \"l1\", \"classNames\": [\"a\", \"b\"]}", "the file is corrupt: Unknown loss 'l1'")]
    [InlineData(Prefix + "\"loss\": \"hinge\", \"classNames\": [\"a\"]}", "the file is corrupt: MLP(2, [1], relu) trained with Hinge tells 2 classes apart; got 1 class names")]
    [InlineData(Prefix + "\"loss\": \"hinge\", \"classNames\": [\"a\", \"b\"], \"standardizer\": {\"means\": [0, 0], \"deviations\": [1, 0]}}", "the file is corrupt: The deviation of feature 2 is 0; expected a finite number above 0.")]
    [InlineData(Prefix + "\"loss\": \"hinge\", \"classNames\": [\"a\", \"b\"], \"standardizer\": {\"means\": [0, \"NaN\"], \"deviations\": [1, 1]}}", "the file is corrupt: The mean of feature 2 is NaN; expected a finite number.")]
    [InlineData(Prefix + "\"loss\": \"hinge\", \"classNames\": [\"a\", \"b\"], \"standardizer\": {\"means\": [0], \"deviations\": [1]}}", "the file is corrupt: The standardiser takes 1 features but MLP(2, [1], relu) has 2 inputs.")]
    [InlineData(Prefix + "\"loss\": \"hinge\", \"classNames\": [\"a\", \"a\"]}", "the file is corrupt: The class name 'a' is given 2 times; expected a different name for each class.")]
    [InlineData(Prefix + "\"loss\": \"hinge\", \"classNames\": [\"x\\ny\", \"c\"]}", "the file is corrupt: The class name 'x y' holds a line break or control character; expected a name on one line.")]
    [InlineData(Prefix + "\"loss\": \"hinge\", \"classNames\": [\"a\", \"b\"], \"featureNames\": [\"x\"]}", "the file is corrupt: Got 1 feature names for 2 features; expected one name per feature. (MLP(2, [1], relu) has 2 inputs.)")]
    [InlineData(Prefix + "\"loss\": \"hinge\", \"classNames\": [\"a\", \"b\"], \"featureNames\": [\"x\", \"x\"]}", "the file is corrupt: The feature name 'x' is given 2 times; expected a different name for each feature.")]
    [InlineData(Huge + "\"loss\": \"hinge\", \"classNames\": [\"a\", \"b\"]}", "the file is corrupt: it has 3 parameters but its architecture (2 inputs, layers [100000, 100000, 1]) needs at least 300000.")]
    [InlineData(NotFinite + "\"loss\": \"hinge\", \"classNames\": [\"a\", \"b\"]}", "the file is corrupt: parameter 1 is NaN; expected a finite number.")]
    public void Load_RefusesACorruptFile_SayingWhat(string json, string expected)
    {
        string path = Path.Combine(_folder, "bad.json");
        File.WriteAllText(path, json);

        var error = Assert.Throws<DataFormatException>(() => ClassifierFile.Load(path));

        Assert.Contains(expected, error.Message);
        Assert.StartsWith(path, error.Message);
    }

    // Layers of 10⁵ units would need 10¹⁰ weights: refused before any is made (it used to exhaust memory).
    private const string Huge = "{\"format\": \"autograd-classifier\", \"version\": 1, \"model\": {\"format\": \"autograd-mlp\", \"version\": 1, \"inputs\": 2, \"layers\": [100000, 100000, 1], \"hiddenActivation\": \"relu\", \"outputActivation\": \"linear\", \"parameters\": [1, 2, 3]}, ";

    private const string NotFinite = "{\"format\": \"autograd-classifier\", \"version\": 1, \"model\": {\"format\": \"autograd-mlp\", \"version\": 1, \"inputs\": 2, \"layers\": [1], \"hiddenActivation\": \"relu\", \"outputActivation\": \"linear\", \"parameters\": [1, \"NaN\", 3]}, ";

    private const string Prefix = "{\"format\": \"autograd-classifier\", \"version\": 1, \"model\": {\"format\": \"autograd-mlp\", \"version\": 1, \"inputs\": 2, \"layers\": [1], \"hiddenActivation\": \"relu\", \"outputActivation\": \"linear\", \"parameters\": [1, 2, 3]}, ";
}
