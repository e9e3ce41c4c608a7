using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoGrad;

/// <summary>Where an n-ary rule hands its local derivatives ∂y/∂xᵢ.</summary>
/// <typeparam name="T">The scalar type the derivatives are computed in.</typeparam>
internal interface IPartialSink<T>
{
    /// <summary>Takes ∂y/∂xᵢ.</summary>
    void Put(int i, T partial);
}

/// <summary>Stores each derivative at its index.</summary>
internal ref struct SpanSink<T>(Span<T> items) : IPartialSink<T>
{
    private readonly Span<T> _items = items;

    public readonly void Put(int i, T partial) => _items[i] = partial;
}

/// <summary>Stores each derivative of a double-valued rule as a double.</summary>
internal ref struct NumberSink(Span<double> items) : IPartialSink<Real>
{
    private readonly Span<double> _items = items;

    public readonly void Put(int i, Real partial) => _items[i] = partial.Number;
}

/// <summary>
/// The chain rule in a compiled replay: input i's gradient grows by ∂y/∂xᵢ · g as the derivative
/// arrives, so nothing is stored.
/// </summary>
internal ref struct GradientSink(ref double grads, ReadOnlySpan<int> positions, double upstream) : IPartialSink<Real>
{
    private readonly ref double _grads = ref grads;
    private readonly ReadOnlySpan<int> _positions = positions;
    private readonly double _upstream = upstream;

    public readonly void Put(int i, Real partial) =>
        Unsafe.Add(ref _grads, Unsafe.Add(ref MemoryMarshal.GetReference(_positions), i)) += partial.Number * _upstream;
}
