namespace AutoGrad.Training;

/// <summary>The loss a <see cref="Trainer"/> minimises; it also decides the output layer and how predictions are read.</summary>
public enum LossKind
{
    /// <summary>micrograd's max-margin loss on one score per example, labels ±1; predicts class 1 where the score is positive.</summary>
    Hinge,

    /// <summary>Binary cross-entropy on one logit per example; predicts class 1 where the logit is positive.</summary>
    BinaryCrossEntropy,

    /// <summary>Softmax cross-entropy on one logit per class; predicts the argmax.</summary>
    SoftmaxCrossEntropy,

    /// <summary>
    /// Mean squared error: for a classifier against one-hot targets, one output per class, predicting the argmax;
    /// for a regression (numeric targets), the L2 loss of its one output, the only loss a regression trains with.
    /// </summary>
    MeanSquaredError,
}
