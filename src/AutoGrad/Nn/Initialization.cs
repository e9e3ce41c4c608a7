namespace AutoGrad.Nn;

/// <summary>How a layer's initial weights are drawn (biases start at 0).</summary>
public enum Initialization
{
    /// <summary>Uniform in (−1, 1), as micrograd.</summary>
    Uniform,

    /// <summary>Xavier/Glorot uniform: ±√(6 / (fan_in + fan_out)), for tanh and sigmoid.</summary>
    Xavier,

    /// <summary>He/Kaiming uniform: ±√(6 / fan_in), for the ReLU family.</summary>
    He,
}
