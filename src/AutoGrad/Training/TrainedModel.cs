using AutoGrad.Compilation;
using AutoGrad.Data;
using AutoGrad.Nn;

namespace AutoGrad.Training;

/// <summary>
/// A trained network with what it takes to use it on new data: how its features were standardised
/// and what they are called. A <see cref="Classifier"/> reads its outputs as classes, a
/// <see cref="Regressor"/> as a number; <see cref="TrainedModelFile"/> saves and loads either.
/// </summary>
public abstract class TrainedModel
{
    // Rows per call of the batched replay: enough to fill its vectors, few enough that a large file's
    // features are not all copied at once.
    private const int RowsPerCall = 1024;

    private protected TrainedModel(Mlp model, Standardizer? standardizer, IReadOnlyList<string>? featureNames)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (standardizer is not null && standardizer.FeatureCount != model.InputCount)
        {
            throw new ArgumentException($"The standardiser takes {standardizer.FeatureCount} features but {model} has {model.InputCount} inputs.", nameof(standardizer));
        }

        if (featureNames is not null && FeatureColumns.NamesProblem(featureNames, model.InputCount) is { } problem)
        {
            throw new ArgumentException($"{problem} ({model} has {model.InputCount} inputs.)", nameof(featureNames));
        }

        Model = model;
        Standardizer = standardizer;
        FeatureNames = featureNames?.ToArray();
    }

    /// <summary>The network.</summary>
    public Mlp Model { get; }

    /// <summary>The standardisation applied to features before the network sees them, or null.</summary>
    public Standardizer? Standardizer { get; }

    /// <summary>
    /// The training data's feature names, in the model's order, or null when it had none (a CSV file
    /// without a header). <see cref="CsvDataset.LoadRows(string, IReadOnlyList{string}, string?)"/> finds
    /// a new file's columns by these names.
    /// </summary>
    public IReadOnlyList<string>? FeatureNames { get; }

    /// <summary>The features an example has.</summary>
    public int FeatureCount => Model.InputCount;

    /// <summary>
    /// The network's outputs for each example, before any squashing: for a classifier one logit per
    /// class (softmax cross-entropy), one logit or score (binary cross-entropy, hinge), or one output per
    /// class (mean squared error); for a regressor its one output, in the standardised target's units.
    /// The forward pass is recorded once and replayed for every row (many rows per call, see <see cref="BatchedReplay"/>).
    /// </summary>
    /// <param name="rows">Raw feature vectors, each of <see cref="FeatureCount"/> numbers.</param>
    /// <exception cref="ArgumentException">A row has another number of features (the message gives the row).</exception>
    public double[][] Scores(IReadOnlyList<double[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var scores = new double[rows.Count][];
        if (rows.Count == 0)
        {
            return scores;
        }

        Model.Training = false; // predict with every unit on and batch norm's running statistics
        if (Model.BatchNorms.Count > 0)
        {
            // Batch norm's running statistics are constants that a replay refuses (they change while
            // training), so each row builds its own graph: slower, but only networks with it pay.
            for (int r = 0; r < rows.Count; r++)
            {
                scores[r] = Outputs(rows[r], r);
            }

            return scores;
        }

        var inputs = new Value[FeatureCount];
        for (int f = 0; f < inputs.Length; f++)
        {
            inputs[f] = new Value(0);
        }

        // Recorded once, then evaluated a block of rows per call: each row's scores are the ones a
        // replay (or a fresh graph) gives for that row alone, bit for bit.
        Value[] outputs = Model.Forward(inputs);
        var graph = CompiledGraph.Compile(outputs.Length == 1 ? outputs[0] : Value.Sum(outputs));
        BatchedReplay batch = graph.Batch(inputs, outputs);
        int block = Math.Min(rows.Count, RowsPerCall);
        var features = new double[block * inputs.Length];
        var results = new double[block * outputs.Length];
        for (int first = 0; first < rows.Count; first += block)
        {
            int count = Math.Min(block, rows.Count - first);
            for (int r = 0; r < count; r++)
            {
                double[] row = CheckedRow(rows[first + r], first + r);
                (Standardizer?.Transform(row) ?? row).CopyTo(features, r * inputs.Length);
            }

            batch.Forward(features.AsSpan(0, count * inputs.Length), results.AsSpan(0, count * outputs.Length));
            for (int r = 0; r < count; r++)
            {
                scores[first + r] = results.AsSpan(r * outputs.Length, outputs.Length).ToArray();
            }
        }

        return scores;
    }

    /// <summary>
    /// The mean data loss over <paramref name="data"/> (no weight decay), in the units the network learnt:
    /// what a <see cref="Trainer"/> minimises, measured on any examples of the training data's kind (a validation part, say).
    /// </summary>
    /// <param name="data">Raw examples: with the classifier's classes, or with numeric targets for a regressor.</param>
    /// <exception cref="ArgumentException">The data has other features, or classes where the model wants targets or the reverse.</exception>
    public abstract double MeanLoss(Dataset data);

    /// <summary>One row's outputs, the graph built once: for a single row that is cheaper than recording it for a replay.</summary>
    private protected double[] Outputs(IReadOnlyList<double> features, int index)
    {
        double[] row = CheckedRow(features, index);
        Model.Training = false; // predict with every unit on and batch norm's running statistics
        return Model.Forward(Standardizer?.Transform(row) ?? row).Select(o => o.Data).ToArray();
    }

    private double[] CheckedRow(IReadOnlyList<double> row, int index)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.Count == FeatureCount
            ? row as double[] ?? row.ToArray()
            : throw new ArgumentException($"Row {index} has {row.Count} features; the {GetType().Name.ToLowerInvariant()} takes {FeatureCount}.", nameof(row));
    }
}
