namespace AutoGrad.Nn;

/// <summary>Loss functions, built from <see cref="Value"/> ops so they backpropagate.</summary>
public static class Losses
{
    /// <summary>
    /// Sum of squares error as the notes define it, E = ½ Σₖ (yₖ − tₖ)², so that its gradient is plainly
    /// ∂E/∂yₖ = yₖ − tₖ (the ½ cancels the 2 of the square). It is half of n times
    /// <see cref="MeanSquaredError(IReadOnlyList{Value}, IReadOnlyList{double})"/>: SSE = ½ · n · MSE. For y = [0.1, 0.05, 0.6, 0, 0.05, 0.1, 0, 0.1, 0, 0]
    /// and t the one-hot vector of class 2 it is 0.0975.
    /// </summary>
    /// <param name="predictions">The model's outputs yₖ, none null.</param>
    /// <param name="targets">The wanted outputs tₖ, as many as the predictions.</param>
    /// <exception cref="ArgumentNullException">A list is null.</exception>
    /// <exception cref="ArgumentException">The lists differ in length, or a prediction is null (the message gives the index).</exception>
    public static Value SumSquaredError(IReadOnlyList<Value> predictions, IReadOnlyList<double> targets)
    {
        ThrowIfLengthsDiffer(predictions, targets);
        return 0.5 * SquaredErrors(predictions, targets);
    }

    /// <summary>
    /// Mean squared error, Σ (yₖ − tₖ)² / n, with gradient 2(yₖ − tₖ)/n; the usual loss of regression.
    /// It carries no ½: MSE = 2 · <see cref="SumSquaredError"/> / n.
    /// </summary>
    /// <param name="predictions">The model's outputs; at least one, none null.</param>
    /// <param name="targets">The wanted outputs, as many as the predictions.</param>
    /// <exception cref="ArgumentNullException">A list is null.</exception>
    /// <exception cref="ArgumentException">The lists differ in length or are empty, or a prediction is null (the message gives the index).</exception>
    public static Value MeanSquaredError(IReadOnlyList<Value> predictions, IReadOnlyList<double> targets)
    {
        ThrowIfLengthsDiffer(predictions, targets);
        if (predictions.Count == 0)
        {
            throw new ArgumentException("The mean of no errors is undefined; expected at least one prediction.", nameof(predictions));
        }

        return SquaredErrors(predictions, targets) / predictions.Count;
    }

    /// <summary>Σ (yₖ − tₖ)², the part the sum of squares error and the mean squared error share.</summary>
    private static Value SquaredErrors(IReadOnlyList<Value> predictions, IReadOnlyList<double> targets) =>
        Value.Sum(predictions.Select((p, i) => (p - targets[i]).Pow(2)));

    /// <summary>
    /// Cross-entropy error on a probability vector, as the notes write it: E = −Σₖ tₖ log yₖ. For a
    /// one-hot t it is −log of the probability given to the true class: −ln 0.6 = 0.5108 for
    /// y = [0.1, 0.05, 0.6, 0, 0.05, 0.1, 0, 0.1, 0, 0] and class 2. Its gradient is ∂E/∂yₖ = −tₖ / yₖ.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Classes whose target is 0 contribute exactly 0 (the convention 0 · log 0 = 0 that makes the formula
    /// work on the notes' vector, whose other entries are 0): they are not read, and their gradient is 0,
    /// so a NaN there does not reach the loss. A class whose target is positive and whose probability is 0
    /// gives +∞ (and a gradient of −∞); a NaN probability there gives NaN.
    /// </para>
    /// <para>
    /// Use this form when you already have probabilities (the notes' worked examples, a softmax you want to
    /// see). To train, prefer <see cref="SoftmaxCrossEntropy(IReadOnlyList{Value}, int)"/> on the logits:
    /// it gives the same value as this on <see cref="Functions.Softmax"/> of the logits, but stays finite for
    /// any logits (a softmax probability can round to 0 and make this form infinite), and its gradient
    /// with respect to the logits is simply softmax(z) − t.
    /// </para>
    /// </remarks>
    /// <param name="probabilities">The predicted probability of each class yₖ; at least one, none null.</param>
    /// <param name="targets">The target probability of each class tₖ (a one-hot vector for a class), each in [0, 1].</param>
    /// <exception cref="ArgumentNullException">A list is null.</exception>
    /// <exception cref="ArgumentException">A list is empty, a probability is null, or the lists differ in length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A target is outside [0, 1] or NaN.</exception>
    public static Value CrossEntropyError(IReadOnlyList<Value> probabilities, IReadOnlyList<double> targets)
    {
        Checks.ThrowIfNullOrEmpty(probabilities, nameof(probabilities));
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Count != probabilities.Count)
        {
            throw new ArgumentException($"Got {probabilities.Count} probabilities but {targets.Count} targets; expected one target per class.", nameof(targets));
        }

        var terms = new List<Value>();
        for (int k = 0; k < targets.Count; k++)
        {
            Checks.ThrowIfOutside(targets[k], 0, 1, $"{nameof(targets)}[{k}]");
            if (targets[k] != 0)
            {
                terms.Add(targets[k] * probabilities[k].Log());
            }
        }

        // All targets 0: an empty sum, the loss 0 (nothing to predict).
        return -Value.Sum(terms);
    }

    /// <summary>
    /// Binary cross-entropy on a probability p = σ(s): −[t ln p + (1 − t) ln(1 − p)]. With p from
    /// <see cref="Value.Sigmoid"/> the gradient with respect to s is p − t. It is infinite where p
    /// reaches 0 or 1 exactly; use <see cref="BinaryCrossEntropyWithLogits(Value, double)"/> for large logits.
    /// </summary>
    /// <param name="probability">The predicted probability of class 1, in (0, 1).</param>
    /// <param name="target">The true label, 0 or 1 (or a soft label between); in [0, 1].</param>
    /// <exception cref="ArgumentNullException"><paramref name="probability"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="target"/> is outside [0, 1] or NaN.</exception>
    public static Value BinaryCrossEntropy(Value probability, double target)
    {
        ArgumentNullException.ThrowIfNull(probability);
        Checks.ThrowIfOutside(target, 0, 1, nameof(target));
        return -(target * probability.Log() + (1 - target) * (1 - probability).Log());
    }

    /// <summary>
    /// Binary cross-entropy on a logit s, as softplus(s) − t·s, which equals −[t ln σ(s) + (1 − t) ln(1 − σ(s))]
    /// but stays finite for any s (at s = ±1000 too). Its gradient is σ(s) − t.
    /// </summary>
    /// <param name="logit">The score s, before the sigmoid.</param>
    /// <param name="target">The true label, 0 or 1 (or a soft label between); in [0, 1].</param>
    /// <exception cref="ArgumentNullException"><paramref name="logit"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="target"/> is outside [0, 1] or NaN.</exception>
    public static Value BinaryCrossEntropyWithLogits(Value logit, double target)
    {
        ArgumentNullException.ThrowIfNull(logit);
        Checks.ThrowIfOutside(target, 0, 1, nameof(target));
        return logit.Softplus() - target * logit;
    }

    /// <summary>
    /// Softmax cross-entropy on logits z for the true class t: −log softmax(z)ₜ = LogSumExp(z) − zₜ.
    /// Its gradient is softmax(z) − onehot(t). Stable for any logits.
    /// </summary>
    /// <param name="logits">One score per class; at least one, none null.</param>
    /// <param name="targetClass">The true class, from 0 to the number of classes − 1.</param>
    /// <exception cref="ArgumentNullException"><paramref name="logits"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="logits"/> is empty or holds null (the message gives the index).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The class is not one of the logits.</exception>
    public static Value SoftmaxCrossEntropy(IReadOnlyList<Value> logits, int targetClass)
    {
        Checks.ThrowIfNullOrEmpty(logits, nameof(logits));
        if ((uint)targetClass >= (uint)logits.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(targetClass), targetClass, $"Expected a class from 0 to {logits.Count - 1} (there are {logits.Count} logits).");
        }

        return Functions.LogSumExp(logits) - logits[targetClass];
    }

    /// <summary>
    /// Softmax cross-entropy against a target distribution t given as graph values (a one-hot vector
    /// for a class): LogSumExp(z) − Σ tᵢ zᵢ, which for Σ t = 1 is −Σ tᵢ log softmax(z)ᵢ. Its gradient with
    /// respect to z is softmax(z) − t. The targets may be leaves you overwrite, so one recorded graph
    /// (<see cref="Compilation.CompiledGraph"/>) serves batches with other labels; for a one-hot t it
    /// equals <see cref="SoftmaxCrossEntropy(IReadOnlyList{Value}, int)"/> to the last bit.
    /// </summary>
    /// <param name="logits">One score per class; at least one, none null.</param>
    /// <param name="targets">One target probability per class, none null; they should add up to 1.</param>
    /// <exception cref="ArgumentNullException">A list is null.</exception>
    /// <exception cref="ArgumentException">A list is empty or holds null, or the lists differ in length.</exception>
    public static Value SoftmaxCrossEntropy(IReadOnlyList<Value> logits, IReadOnlyList<Value> targets)
    {
        Checks.ThrowIfNullOrEmpty(logits, nameof(logits));
        Checks.ThrowIfNullOrHasNull(targets, nameof(targets));
        if (targets.Count != logits.Count)
        {
            throw new ArgumentException($"Got {logits.Count} logits but {targets.Count} targets; expected one target per class.", nameof(targets));
        }

        return Functions.LogSumExp(logits) - Value.Dot(targets, logits);
    }

    /// <summary>Hinge (max-margin) loss, micrograd's: max(0, 1 − y·s) for a label y of −1 or +1 and a score s.</summary>
    /// <param name="score">The score s.</param>
    /// <param name="label">−1 or +1.</param>
    /// <exception cref="ArgumentNullException"><paramref name="score"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The label is not −1 or +1.</exception>
    public static Value Hinge(Value score, double label)
    {
        ArgumentNullException.ThrowIfNull(score);
        if (label is not (1.0 or -1.0))
        {
            throw Checks.OutOfRange(label, "a hinge loss label of -1 or +1", nameof(label));
        }

        return (1 + -label * score).Relu();
    }

    /// <summary>
    /// Hinge loss with the label as a graph value (a leaf to overwrite, so one recorded graph serves
    /// any labels): max(0, 1 − y·s). The label should be −1 or +1; it is not checked, being data.
    /// </summary>
    /// <param name="score">The score s.</param>
    /// <param name="label">The label y, −1 or +1.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Value Hinge(Value score, Value label)
    {
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(label);
        return (1 - label * score).Relu(); // 1 − y·s and 1 + (−y)·s round alike: negation is exact
    }

    /// <summary>
    /// Binary cross-entropy on a logit with the target as a graph value (a leaf to overwrite):
    /// softplus(s) − t·s, as <see cref="BinaryCrossEntropyWithLogits(Value, double)"/>. The target
    /// should be in [0, 1]; it is not checked, being data.
    /// </summary>
    /// <param name="logit">The score s, before the sigmoid.</param>
    /// <param name="target">The true label t, 0 or 1.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Value BinaryCrossEntropyWithLogits(Value logit, Value target)
    {
        ArgumentNullException.ThrowIfNull(logit);
        ArgumentNullException.ThrowIfNull(target);
        return logit.Softplus() - target * logit;
    }

    /// <summary>Mean squared error against targets given as graph values (leaves to overwrite): Σ (pᵢ − tᵢ)² / n.</summary>
    /// <param name="predictions">The model's outputs; at least one, none null.</param>
    /// <param name="targets">The wanted outputs, as many as the predictions, none null.</param>
    /// <exception cref="ArgumentNullException">A list is null.</exception>
    /// <exception cref="ArgumentException">A list is empty or holds null, or the lists differ in length.</exception>
    public static Value MeanSquaredError(IReadOnlyList<Value> predictions, IReadOnlyList<Value> targets)
    {
        Checks.ThrowIfNullOrEmpty(predictions, nameof(predictions));
        Checks.ThrowIfNullOrHasNull(targets, nameof(targets));
        if (predictions.Count != targets.Count)
        {
            throw new ArgumentException($"Got {predictions.Count} predictions but {targets.Count} targets; expected one target per prediction.", nameof(targets));
        }

        return Value.Sum(predictions.Select((p, i) => (p - targets[i]).Pow(2))) / predictions.Count;
    }

    /// <summary>L2 regularisation, α Σ p², added to a loss to keep weights small.</summary>
    /// <param name="parameters">The parameters to penalise, none null.</param>
    /// <param name="alpha">The strength α, for example 1e-4; finite and at least 0.</param>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    /// <exception cref="ArgumentException">A parameter is null (the message gives the index).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is negative, infinite or NaN.</exception>
    public static Value L2Regularization(IEnumerable<Value> parameters, double alpha)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Checks.ThrowIfNotFiniteNonNegative(alpha, nameof(alpha));
        Value[] values = parameters.ToArray();
        Checks.ThrowIfNullOrHasNull(values, nameof(parameters));
        return alpha * Value.Sum(values.Select(p => p * p));
    }

    private static void ThrowIfLengthsDiffer(IReadOnlyList<Value> predictions, IReadOnlyList<double> targets)
    {
        Checks.ThrowIfNullOrHasNull(predictions, nameof(predictions));
        ArgumentNullException.ThrowIfNull(targets);
        if (predictions.Count != targets.Count)
        {
            throw new ArgumentException($"Got {predictions.Count} predictions but {targets.Count} targets; expected one target per prediction.", nameof(targets));
        }
    }
}
