using System.Diagnostics;
using System.Globalization;
using AutoGrad.Data;
using AutoGrad.Onnx;
using AutoGrad.Training;
using Microsoft.ML.OnnxRuntime;

namespace AutoGrad.Benchmarks.Quick;

/// <summary>
/// <c>--onnx [rounds]</c>: the digits classifier on all 1,797 rows, three ways in one process, taking
/// turns round by round so a busy machine weighs on each alike: <c>autograd predict</c>'s path
/// (<see cref="Classifier.Predict(IReadOnlyList{double[]})"/>, all of it: standardise each row, record
/// and compile the network's graph once per call, then its batched replay, many rows per call and a
/// vector of rows per instruction), the exported model in ONNX Runtime with every row in one batch, and
/// ONNX Runtime with one row per run (a service answering one request at a time). Reports the median
/// time per row.
/// </summary>
internal static class OnnxTiming
{
    public static int Run(int rounds, TextWriter output)
    {
        Dataset digits = Datasets.Digits();
        var trainer = new Trainer(digits, new TrainingOptions { HiddenLayers = [16, 16], Steps = 100, BatchSize = 32, Optimizer = OptimizerKind.Adam, Standardize = true });
        trainer.Run();
        Classifier classifier = trainer.ToClassifier();
        byte[] model = OnnxModelExport.ToBytes(classifier);
        double[][] rows = digits.Features.ToArray();
        int n = rows.Length, features = rows[0].Length;

        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING }; // anything ONNX Runtime says on loading shows on stderr
        using var session = new InferenceSession(model, options);
        using var runOptions = new RunOptions();
        string[] outputNames = [OnnxModelExport.LabelOutput];
        string[] inputNames = [OnnxModelExport.FeaturesInput];
        double[] flat = rows.SelectMany(row => row).ToArray();
        double[][] single = rows;

        long[] Batch()
        {
            using OrtValue input = OrtValue.CreateTensorValueFromMemory(flat, [n, features]);
            using IDisposableReadOnlyCollection<OrtValue> results = session.Run(runOptions, inputNames, [input], outputNames);
            return results[0].GetTensorDataAsSpan<long>().ToArray();
        }

        long[] RowByRow()
        {
            var labels = new long[n];
            for (int r = 0; r < n; r++)
            {
                using OrtValue input = OrtValue.CreateTensorValueFromMemory(single[r], [1, features]);
                using IDisposableReadOnlyCollection<OrtValue> results = session.Run(runOptions, inputNames, [input], outputNames);
                labels[r] = results[0].GetTensorDataAsSpan<long>()[0];
            }

            return labels;
        }

        int[] predicted = classifier.Predict(rows);
        int disagree = Batch().Zip(predicted).Count(pair => pair.First != pair.Second) + RowByRow().Zip(predicted).Count(pair => pair.First != pair.Second);
        (string Name, Func<object> Work)[] ways =
        [
            ("autograd predict's path (Classifier.Predict: standardise, record and compile once, batched replay of all rows)", () => classifier.Predict(rows)),
            ("ONNX Runtime, all rows in one batch", Batch),
            ("ONNX Runtime, one row per run", RowByRow),
        ];
        var times = ways.Select(_ => new List<double>()).ToArray();
        for (int round = -2; round < rounds; round++) // two rounds of warm-up
        {
            for (int w = 0; w < ways.Length; w++)
            {
                long start = Stopwatch.GetTimestamp();
                _ = ways[w].Work();
                double perRow = Stopwatch.GetElapsedTime(start).TotalSeconds * 1e6 / n;
                if (round >= 0)
                {
                    times[w].Add(perRow);
                }
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# digits classifier {classifier.Model}, {n} rows, {rounds} rounds, ONNX Runtime {OrtEnv.Instance().GetVersionString()} (CPU, 1 thread), {Environment.ProcessorCount} cores, .NET {Environment.Version}; rows where a way disagrees with predict: {disagree}"));
        output.WriteLine("| way | µs per row (median) | min | max |");
        output.WriteLine("| --- | ---: | ---: | ---: |");
        for (int w = 0; w < ways.Length; w++)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {ways[w].Name} | {Timing.Median(times[w]):F3} | {times[w].Min():F3} | {times[w].Max():F3} |"));
        }

        return disagree == 0 ? 0 : 1;
    }
}
