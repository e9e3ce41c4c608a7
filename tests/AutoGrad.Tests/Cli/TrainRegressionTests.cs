using System.Globalization;
using System.Text.Json;
using AutoGrad.Cli.Commands;
using AutoGrad.Data;
using AutoGrad.Plots;
using AutoGrad.Training;
using ScottPlot;

namespace AutoGrad.Tests.Cli;

/// <summary><c>autograd train</c> on a numeric target: the wave dataset, a CSV file with --task regression, and predict and eval on the regressor it writes.</summary>
public sealed class TrainRegressionTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("autograd-regression-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (int ExitCode, string Console, string Errors) Run(params string[] args) => CliRun.Run(args);

    private static double LastNumber(string console, string name)
    {
        string last = console.TrimEnd().Split('\n')[^1];
        Assert.StartsWith($"{name}: ", last, StringComparison.Ordinal);
        return double.Parse(last[(name.Length + 2)..], CultureInfo.InvariantCulture);
    }

    private static double Rmse(IReadOnlyList<double> predictions, IReadOnlyList<double> targets) =>
        Math.Sqrt(predictions.Select((p, i) => (p - targets[i]) * (p - targets[i])).Average());

    /// <summary>Writes the examples as "x,y" rows (the target ×1000 + 5000 when <paramref name="scaled"/>, so the target needs standardising).</summary>
    private string WriteCsv(Dataset data, string name, bool scaled = false)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllLines(path, ["x,y", .. Enumerable.Range(0, data.Count).Select(i => string.Create(CultureInfo.InvariantCulture, $"{data.Features[i][0]:R},{(scaled ? 1000 * data.Targets![i] + 5000 : data.Targets![i]):R}"))]);
        return path;
    }

    private static double[] Predictions(string console) =>
        console.TrimEnd().Split('\n').Skip(1).Select(line => double.Parse(line, CultureInfo.InvariantCulture)).ToArray();

    // The wave's noise has deviation 0.1: no fit does much better than that on the noise, while
    // predicting the target's mean scores its deviation, about 1. 150 Adam steps on 100 points take about a second.
    [Fact]
    public void Train_OnWave_ReachesAnRmseNearTheNoise_AndPredictGivesTheNumbersTheTrainerReported()
    {
        string output = Path.Combine(_folder, "wave");
        string[] args = ["--dataset", "wave", "--optimizer", "adam", "--steps", "150"];

        (int exit, string console, string errors) = Run(["train", .. args, "-o", output]);

        Assert.True(exit == 0, errors);
        double reported = LastNumber(console, "rmse");
        Assert.InRange(reported, 0.05, 0.15);
        Assert.Matches(@"step  150/150  loss +\d\.\d{4}  rmse +\d\.\d{4}", console);
        Assert.Contains("numeric target 'y' (regression)", console, StringComparison.Ordinal);

        // The library's Trainer with the same settings predicts exactly the numbers predict prints.
        Dataset wave = Datasets.Wave(100, 0.1, 0);
        var trainer = new Trainer(wave, TrainCommand.ParseSettings(args).Training);
        trainer.Run();
        double[] expected = trainer.ToRegressor().Predict(wave.Features);
        (int predictExit, string predicted, string predictErrors) = Run("predict", "--model", Path.Combine(output, "model.json"), "--csv", WriteCsv(wave, "wave.csv"));
        Assert.True(predictExit == 0, predictErrors);
        Assert.StartsWith("prediction\n", predicted, StringComparison.Ordinal);
        Assert.Equal(expected, Predictions(predicted));
        Assert.Equal(reported.ToString("F4", CultureInfo.InvariantCulture), Rmse(expected, wave.Targets!).ToString("F4", CultureInfo.InvariantCulture));
    }

    [Fact]
    public void TrainOnCsv_WithTaskRegression_StandardisesTheTarget_AndEvalReportsTheRmseAndMaeOfTheRows()
    {
        Dataset wave = Datasets.Wave(60, 0.1, 4);
        string csv = WriteCsv(wave, "prices.csv", scaled: true);
        string output = Path.Combine(_folder, "prices");

        (int exit, string console, string errors) = Run("train", "--csv", csv, "--task", "regression", "--optimizer", "adam", "--steps", "60", "--split", "0.6,0.2,0.2", "-o", output);

        Assert.True(exit == 0, errors);
        Assert.Matches(@"rmse: train \d+\.\d{4}, validation \d+\.\d{4}, test \d+\.\d{4}$", console.TrimEnd());
        using (JsonDocument file = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "model.json"))))
        {
            Assert.Equal("autograd-regressor", file.RootElement.GetProperty("format").GetString());
            JsonElement target = file.RootElement.GetProperty("target");
            Assert.Equal("y", target.GetProperty("name").GetString());
            Assert.InRange(target.GetProperty("mean").GetDouble(), 4000, 6000); // the target's own units, not the network's
            Assert.True(file.RootElement.TryGetProperty("standardizer", out _));
            Assert.False(file.RootElement.TryGetProperty("classNames", out _));
        }

        // eval's figures are the hand computation on the rows' predictions and targets.
        double[] targets = File.ReadAllLines(csv).Skip(1).Select(line => double.Parse(line.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();
        double[] predictions = Predictions(Run("predict", "--model", Path.Combine(output, "model.json"), "--csv", csv).Console);
        (int evalExit, string evaluated, string evalErrors) = Run("eval", "--model", Path.Combine(output, "model.json"), "--csv", csv);
        Assert.True(evalExit == 0, evalErrors);
        Assert.DoesNotContain("true \\ predicted", evaluated, StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"rmse: {Rmse(predictions, targets):F4}\n"), evaluated, StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"mae: {predictions.Select((p, i) => Math.Abs(p - targets[i])).Average():F4}\n"), evaluated, StringComparison.Ordinal);
        Assert.InRange(Rmse(predictions, targets), 1, 1000); // trained: well below the target's deviation of about 1000
    }

    [Theory]
    [InlineData("--loss", "hinge", "--loss hinge reads classes, and 'wave' has a numeric target ('y'); expected mse, the regression loss.")]
    [InlineData("--loss", "softmax-ce", "--loss softmax-ce reads classes, and 'wave' has a numeric target ('y'); expected mse, the regression loss.")]
    [InlineData("--task", "classification", "--task classification does not fit --dataset wave, whose examples hold a numeric target; expected --dataset moons, circles, xor, spirals, digits, or --csv FILE, or no --task.")]
    public void Train_OnWave_RefusesAClassificationOption(string option, string value, string expected)
    {
        string output = Path.Combine(_folder, "refused");

        CliRun.AssertUsageError(Run("train", "--dataset", "wave", option, value, "--steps", "1", "-o", output), expected);
        Assert.False(Directory.Exists(output));
    }

    // SGD at its classification default (rate 1) blows a regression's weights up to about 1e20 and
    // its loss to about 1e41 within 10 steps without ever reaching infinity: the run once ended with
    // exit 0, wrote the model and printed an RMSE as if it had learnt.
    [Fact]
    public void Train_OnWave_WhoseLossGrowsAThousandfoldButStaysFinite_FailsAsDivergedAndWritesNothing()
    {
        string output = Path.Combine(_folder, "blown");

        (int exit, string console, string errors) = Run("train", "--dataset", "wave", "--steps", "30", "-o", output);

        Assert.True(exit == 1, $"exit {exit}: {console}{errors}");
        Assert.Matches(@"^error: training diverged at step \d+ of 30: the loss grew from [0-9.]+ at step 1 to [0-9.E+]+; nothing was written\. Try a smaller --learning-rate \(it was 1\), or --optimizer adam\.\n$", errors);
        Assert.False(Directory.Exists(output));
    }

    // Targets near 1e200 have errors near 1e200, whose squares overflow a double: the RMSE was once
    // reported as Infinity (exit 0) when it is a finite number of the target's size.
    [Fact]
    public void Rmse_OfErrorsWhoseSquaresOverflow_IsFinite_InEvaluateAndInEachStep()
    {
        RegressionMetrics metrics = RegressionMetrics.Of([1e200, 3e200], [-1e200, 3e200]);
        Assert.Equal(Math.Sqrt(2) * 1e200, metrics.Rmse, 1e186);
        Assert.Equal(1e200, metrics.Mae, 1e186);

        Dataset huge = Dataset.ForRegression("huge", [[1.0], [2.0], [3.0], [4.0]], [1e200, 3e200, -2e200, 5e200], "y");
        var trainer = new Trainer(huge, new TrainingOptions { Steps = 1, Optimizer = OptimizerKind.Adam });
        StepResult step = trainer.Step();
        Assert.True(double.IsFinite(step.Rmse!.Value) && step.Rmse > 1e199, $"step RMSE {step.Rmse}");
        Assert.True(double.IsFinite(trainer.ToRegressor().Evaluate(huge).Rmse));
    }

    [Fact]
    public void Train_RegressionOfClassData_OrOfANonNumericTarget_FailsNamingTheInput()
    {
        CliRun.AssertUsageError(
            Run("train", "--dataset", "moons", "--task", "regression", "-o", Path.Combine(_folder, "x")),
            "--task regression does not fit --dataset moons, whose examples hold classes; expected --dataset wave, or --csv FILE, or no --task.");

        string csv = Path.Combine(_folder, "words.csv");
        File.WriteAllText(csv, "x,y\n1,2.5\n2,cat\n");
        CliRun.AssertUsageError(
            Run("train", "--csv", csv, "--task", "regression", "-o", Path.Combine(_folder, "x")),
            $"{csv}, line 3, column 'y': the target 'cat' is not a finite number; a regression predicts a number per row (to tell classes apart, train a classifier).");
        Assert.False(Directory.Exists(Path.Combine(_folder, "x")));
    }

    [Fact]
    public void Eval_OfARegressor_RefusesAConfusionMatrixPlot_AndANonNumericTarget()
    {
        Dataset wave = Datasets.Wave(20, 0.1, 1);
        string model = Path.Combine(_folder, "model.json");
        TrainedModelFile.Save(new Trainer(wave, new TrainingOptions { Steps = 1 }).ToModel(), model);
        string csv = WriteCsv(wave, "w.csv");
        string words = Path.Combine(_folder, "words.csv");
        File.WriteAllText(words, "x,y\n1,2\n2,dog\n");

        CliRun.AssertUsageError(Run("eval", "--model", model, "--csv", csv, "--plot", Path.Combine(_folder, "m.png")),
            $"--plot draws a confusion matrix, and --model '{model}' is a regressor, which has no classes to confuse; leave --plot out.");
        CliRun.AssertUsageError(Run("eval", "--model", model, "--csv", words),
            $"--csv '{words}', line 3: the target 'dog' is not a finite number; the model is a regressor of 'y', and eval compares its predictions with each row's number.");
        Assert.False(File.Exists(Path.Combine(_folder, "m.png")));
    }

    [Fact]
    public void RegressorFile_SaysItIsARegressor_LoadsBack_AndIsNoClassifier()
    {
        var trainer = new Trainer(Datasets.Wave(30, 0.1, 2), new TrainingOptions { Steps = 3, Standardize = true, HiddenLayers = [4] });
        trainer.Run();
        Regressor regressor = trainer.ToRegressor();
        string path = Path.Combine(_folder, "r.json");

        TrainedModelFile.Save(regressor, path);
        var loaded = Assert.IsType<Regressor>(TrainedModelFile.Load(path));

        Assert.Equal(regressor.Predict([[0.5], [-2.0]]), loaded.Predict([[0.5], [-2.0]]));
        Assert.Equal(regressor.TargetStandardizer!.Means, loaded.TargetStandardizer!.Means);
        Assert.Equal(["x"], loaded.FeatureNames);
        Assert.Equal("y", loaded.TargetName);
        var error = Assert.Throws<DataFormatException>(() => ClassifierFile.Load(path));
        Assert.Contains("a regressor file (\"format\": \"autograd-regressor\")", error.Message, StringComparison.Ordinal);
    }

    // An edited regressor file was once refused naming "feature 1" for the target, with .NET's
    // "(Parameter 'deviations')" or "The value cannot be an empty string." in the user's message.
    [Theory]
    [InlineData("deviation", "-1", "the target's deviation is -1; expected a finite number above 0.")]
    [InlineData("deviation", "0", "the target's deviation is 0; expected a finite number above 0.")]
    [InlineData("mean", "\"NaN\"", "the target's mean is NaN; expected a finite number.")]
    [InlineData("name", "\"\"", "the target has no name; expected the name of the column it was read from.")]
    public void Predict_WithAnEditedRegressorFile_NamesTheTargetsBadValue(string member, string json, string expected)
    {
        var trainer = new Trainer(Datasets.Wave(20, 0.1, 1), new TrainingOptions { Steps = 1, Standardize = true, HiddenLayers = [2] });
        string model = Path.Combine(_folder, "edited.json");
        TrainedModelFile.Save(trainer.ToModel(), model);
        var document = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(model))!;
        document["target"]![member] = System.Text.Json.Nodes.JsonNode.Parse(json);
        File.WriteAllText(model, document.ToJsonString());
        string csv = WriteCsv(Datasets.Wave(3, 0.1, 1), "three.csv");

        CliRun.AssertUsageError(Run("predict", "--model", model, "--csv", csv), $"--model {model}: the file is corrupt: {expected}");
    }

    [Fact]
    public void ClassifierFile_WrittenBeforeRegression_StillLoads_AndPredictsWhatTheOldAutogradPredicted()
    {
        // Written by `autograd train --csv classifier-v1.csv --layers 3 --steps 5` before regressors existed;
        // that autograd's `predict` on the same file printed x, x, x, y, x, x.
        string folder = Path.Combine(Repository.Root, "tests", "AutoGrad.Tests", "Training", "Files");

        var classifier = Assert.IsType<Classifier>(TrainedModelFile.Load(Path.Combine(folder, "classifier-v1.json")));
        (int exit, string console, string errors) = Run("predict", "--model", Path.Combine(folder, "classifier-v1.json"), "--csv", Path.Combine(folder, "classifier-v1.csv"));

        Assert.Equal(["a", "b"], classifier.FeatureNames);
        Assert.True(exit == 0, errors);
        Assert.Equal("prediction\nx\nx\nx\ny\nx\nx\n", console);
    }

    [Fact]
    public void TrainingCurves_OfARegression_NameTheLoss_AndDrawTheRmseOfEachStep()
    {
        Dataset wave = Datasets.Wave(40, 0.1, 3);
        DatasetSplit split = DatasetSplit.Create(wave, 0.6, 0.2, 0.2, 3);
        var trainer = new Trainer(split.Train, new TrainingOptions { Steps = 8, Optimizer = OptimizerKind.Adam });
        var history = new List<StepResult>();
        var checkpoints = new List<TrainingCheckpoint>();
        for (int i = 0; i < 8; i++)
        {
            history.Add(trainer.Step());
            checkpoints.Add(TrainingCheckpoint.Measure(i + 1, trainer.ToModel(), split.Train, split.Validation));
        }

        Plot[] panels = TrainingCurvePlot.Draw(history, checkpoints, "wave", "mse").Subplots.GetPlots();

        Assert.Contains("mse", panels[0].Axes.Left.Label.Text, StringComparison.Ordinal);
        Assert.Contains("RMSE", panels[1].Axes.Left.Label.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("accuracy", panels[1].Axes.Left.Label.Text, StringComparison.OrdinalIgnoreCase);
        var series = panels[1].GetPlottables<ScottPlot.Plottables.Scatter>().ToDictionary(s => s.LegendText, s => s.Data.GetScatterPoints().Select(c => c.Y).ToArray());
        Assert.Equal(history.Select(h => h.Rmse!.Value), series["batch of each step"]);
        Assert.Equal(trainer.ToRegressor().Evaluate(split.Validation).Rmse, series["validation part"][^1]);

        // A step's RMSE is the batch's, in the target's units: here the whole training part, before the update.
        var again = new Trainer(split.Train, new TrainingOptions { Steps = 1, Standardize = true });
        double before = again.ToRegressor().Evaluate(split.Train).Rmse;
        Assert.Equal(before, again.Step().Rmse!.Value, 1e-12);
    }

    // The loss axis of a standardised regression with weight decay once read "loss (mse of the
    // standardised target; batch: + L2 0.0001, log scale)": about 550 pixels of text on a panel 400
    // high, so training.png showed it cut at both ends.
    [Fact]
    public void TrainingCurves_OfAStandardisedRegressionWithL2_ShowTheWholeLossLabel_WithinItsPanel()
    {
        Dataset wave = Datasets.Wave(30, 0.1, 3);
        var trainer = new Trainer(wave, new TrainingOptions { Steps = 3, Standardize = true, L2 = 1e-4, Optimizer = OptimizerKind.Adam });
        var run = new TrainingRecorder(trainer, wave);
        trainer.Run(run.Hooks);
        string lossName = TrainingPictures.LossName(trainer);
        Assert.Equal("mse of the standardised target; batch: + L2 0.0001", lossName);

        Plot[] panels = TrainingCurvePlot.Draw(run.History, run.Checkpoints, "wave", lossName).Subplots.GetPlots();

        foreach (Plot panel in panels)
        {
            using Paint paint = Paint.NewDisposablePaint();
            double length = panel.Axes.Left.Label.Measure(paint).Width;
            Assert.True(length <= 0.9 * TrainingCurvePlot.Height / 2, $"'{panel.Axes.Left.Label.Text}' is {length:F0} pixels long on a panel {TrainingCurvePlot.Height / 2} high");
            Assert.True(panel.Axes.Left.Label.FontSize >= 9, $"font size {panel.Axes.Left.Label.FontSize}");
        }

        Assert.Equal($"loss ({lossName}, log scale)", panels[0].Axes.Left.Label.Text);
    }

    // Targets near 1e200 once ended the run with "rmse: 28022034988…0.0000", a line of over 200
    // digits (the summary's RMSE and MAE too), where the progress lines already said 1.234E+199.
    [Fact]
    public void Train_OnTargetsNear1e200_ReportsTheRmseInFourSignificantDigits_NotHundredsOfDigits()
    {
        string csv = Path.Combine(_folder, "huge.csv");
        File.WriteAllText(csv, "a,b,target\n1,2,1e200\n2,3,2e200\n3,1,3e200\n4,1,1e200\n");

        (int exit, string console, string errors) = Run("train", "--csv", csv, "--task", "regression", "--optimizer", "adam", "--steps", "5", "--split", "0.5,0.25,0.25", "--no-plots", "-o", Path.Combine(_folder, "huge"));

        Assert.True(exit == 0, errors);
        Assert.All(console.Split('\n'), line => Assert.True(line.Length < 200, line));
        Assert.Matches(@"^rmse: train \d(\.\d{1,3})?E\+\d{3}, validation \d(\.\d{1,3})?E\+\d{3}, test \d(\.\d{1,3})?E\+\d{3}$", console.TrimEnd().Split('\n')[^1]);
        Assert.Matches(@"training RMSE, MAE +│ \d(\.\d{1,3})?E\+\d{3}, \d(\.\d{1,3})?E\+\d{3}", console);

        (int evalExit, string evaluated, string evalErrors) = Run("eval", "--model", Path.Combine(_folder, "huge", "model.json"), "--csv", csv);
        Assert.True(evalExit == 0, evalErrors);
        Assert.Matches(@"\nrmse: \d(\.\d{1,3})?E\+\d{3}\nmae: \d(\.\d{1,3})?E\+\d{3}\n$", evaluated);
    }

    // A row far beyond the training data (x = 1e300) once printed "prediction\n-Infinity" with exit 0.
    [Fact]
    public void Predict_OfARowWhosePredictionOverflows_FailsNamingTheLine_AndWritesNothing()
    {
        string model = ModelThatOverflowsFarFromItsData();
        string csv = Path.Combine(_folder, "far.csv");
        File.WriteAllText(csv, "x\n0.5\n1e12\n-1e12\n");
        string output = Path.Combine(_folder, "predictions.csv");

        (int exit, string console, string errors) = Run("predict", "--model", model, "--csv", csv, "-o", output);

        Assert.True(exit == 1, $"exit {exit}: {console}{errors}");
        Assert.Matches(@"^error: --csv '.*far\.csv', line [34]: the prediction is -?(Infinity|NaN), not a finite number: the row's features are too far from the training data's for the network's arithmetic; nothing was written\.\n$", errors);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Eval_OfRowsWhosePredictionOverflows_FailsNamingTheLine_NotAnRmseOfInfinity()
    {
        string model = ModelThatOverflowsFarFromItsData();
        string csv = Path.Combine(_folder, "far.csv");
        File.WriteAllText(csv, "x,y\n0.5,1\n1e12,2\n-1e12,3\n");

        (int exit, string console, string errors) = Run("eval", "--model", model, "--csv", csv);

        Assert.True(exit == 1, $"exit {exit}: {console}{errors}");
        Assert.Matches(@"^error: --csv '.*far\.csv', line [34]: the prediction is -?(Infinity|NaN), not a finite number: the row's features are too far from the training data's for the network's arithmetic; no rmse or mae can be given\.\n$", errors);
        Assert.DoesNotContain("rmse", console, StringComparison.Ordinal);
    }

    /// <summary>
    /// A regressor file whose predictions at x = ±1e12 are not finite numbers: its target spread is near 1e300,
    /// so the network's standardised output, scaled back, overflows far from the data.
    /// </summary>
    private string ModelThatOverflowsFarFromItsData()
    {
        Dataset huge = Dataset.ForRegression("huge", [[1.0], [2.0], [3.0], [4.0]], [1e300, -1e300, 5e299, 0], "y", ["x"]);
        var trainer = new Trainer(huge, new TrainingOptions { Steps = 3, Standardize = true, Optimizer = OptimizerKind.Adam });
        trainer.Run();
        Assert.Contains(trainer.ToRegressor().Predict([[1e12], [-1e12]]), y => !double.IsFinite(y));
        string model = Path.Combine(_folder, "huge.json");
        TrainedModelFile.Save(trainer.ToModel(), model);
        return model;
    }
}
