using Microsoft.ML.OnnxRuntime;

namespace AutoGrad.Tests.Onnx;

/// <summary>Runs exported models in the real ONNX Runtime (CPU provider), with float64 scalar inputs.</summary>
internal static class OnnxRuntimeRun
{
    /// <summary>Loads the model as ONNX Runtime does (its checker and shape inference run here) and returns the session.</summary>
    public static InferenceSession Load(byte[] model) => new(model, new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR });

    /// <summary>Every output of one run, by name.</summary>
    public static Dictionary<string, double> Scalars(InferenceSession session, IReadOnlyList<(string Name, double Value)> inputs)
    {
        OrtValue[] values = inputs.Select(input => OrtValue.CreateTensorValueFromMemory(new[] { input.Value }, [])).ToArray();
        try
        {
            using var runOptions = new RunOptions();
            string[] outputNames = session.OutputNames.ToArray();
            using IDisposableReadOnlyCollection<OrtValue> results = session.Run(runOptions, inputs.Select(i => i.Name).ToArray(), values, outputNames);
            var byName = new Dictionary<string, double>(StringComparer.Ordinal);
            for (int k = 0; k < outputNames.Length; k++)
            {
                ReadOnlySpan<double> data = results[k].GetTensorDataAsSpan<double>();
                Assert.True(data.Length == 1, $"output '{outputNames[k]}' has {data.Length} elements; expected a scalar");
                byName[outputNames[k]] = data[0];
            }

            return byName;
        }
        finally
        {
            foreach (OrtValue value in values)
            {
                value.Dispose();
            }
        }
    }

    /// <summary>|actual − expected| ≤ tolerance · (1 + |expected|), with equal infinities and NaNs equal.</summary>
    public static bool Close(double actual, double expected, double tolerance) =>
        actual.Equals(expected) || Math.Abs(actual - expected) <= tolerance * (1 + Math.Abs(expected));
}
