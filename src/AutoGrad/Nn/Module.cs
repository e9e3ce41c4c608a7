namespace AutoGrad.Nn;

/// <summary>Anything with trainable parameters: a neuron, a layer, a network.</summary>
/// <remarks>
/// To clear the gradients before a backward pass, use the optimizer's
/// <c>ZeroGrad</c> (see <c>AutoGrad.Optim</c>), which owns the same list of parameters.
/// </remarks>
public abstract class Module
{
    /// <summary>Every trainable value, in a fixed order (the order save files and optimizers use). The list is made once, when the module is built.</summary>
    public abstract IReadOnlyList<Value> Parameters { get; }
}
