namespace AutoGrad.Nn;

/// <summary>Anything with trainable parameters: a neuron, a layer, a network.</summary>
public abstract class Module
{
    /// <summary>Every trainable value, in a fixed order (the order save files and optimizers use).</summary>
    public abstract IReadOnlyList<Value> Parameters();

    /// <summary>Sets every parameter's gradient to 0, before the next backward pass.</summary>
    public void ZeroGrad()
    {
        foreach (Value parameter in Parameters())
        {
            parameter.Grad = 0;
        }
    }
}
