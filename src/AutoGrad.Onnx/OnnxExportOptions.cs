namespace AutoGrad.Onnx;

/// <summary>What <see cref="OnnxExport"/> writes besides the graph's own outputs.</summary>
public sealed record OnnxExportOptions
{
    /// <summary>
    /// Also write ∂output/∂input for every output and every input as extra graph outputs, named
    /// <c>d{output}/d{input}</c>, built from <see cref="Value.Gradients"/> with <c>createGraph: true</c>,
    /// so ONNX Runtime computes value and gradient in one run. False by default.
    /// </summary>
    public bool Gradients { get; init; }

    /// <summary>
    /// Also write the Hessian: ∂²output/∂inputᵢ∂inputⱼ for every output and every pair of inputs, named
    /// <c>d2{output}/d{inputᵢ}d{inputⱼ}</c> (n² outputs per output, so meant for small graphs). False by default.
    /// </summary>
    public bool Hessian { get; init; }

    /// <summary>The ONNX graph's name; "autograd" by default.</summary>
    public string GraphName { get; init; } = "autograd";
}
