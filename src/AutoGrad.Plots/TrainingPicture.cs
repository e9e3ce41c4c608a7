namespace AutoGrad.Plots;

/// <summary>The pictures of a training run (<see cref="TrainingPictures"/>), in the order they are written.</summary>
public enum TrainingPicture
{
    /// <summary>Loss and accuracy per step, training and validation (<c>training.png</c>): every run.</summary>
    Training,

    /// <summary>The classes over the plane (<c>decision-boundary.png</c>): data of 2 features.</summary>
    DecisionBoundary,

    /// <summary>The confusion matrix on the data shown (<c>confusion-matrix.png</c>): image data.</summary>
    ConfusionMatrix,

    /// <summary>Images the model gets wrong (<c>misclassified.png</c>): image data.</summary>
    Misclassified,

    /// <summary>The first layer's weights as images (<c>first-layer-weights.png</c>): image data.</summary>
    FirstLayerWeights,

    /// <summary>The predicted probabilities of a few images (<c>probabilities.png</c>): image data.</summary>
    Probabilities,
}
