namespace AutoGrad.Training;

/// <summary>The optimizer a <see cref="Trainer"/> uses.</summary>
public enum OptimizerKind
{
    /// <summary>Plain gradient descent.</summary>
    Sgd,

    /// <summary>Gradient descent with momentum 0.9.</summary>
    Momentum,

    /// <summary>AdaGrad.</summary>
    AdaGrad,

    /// <summary>Adam with bias correction.</summary>
    Adam,
}
