using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoGrad;

/// <summary>The inputs of an n-ary node, however they are stored.</summary>
/// <typeparam name="T">double or an <see cref="IScalar{TSelf}"/>.</typeparam>
internal interface IInputs<T>
{
    /// <summary>How many inputs.</summary>
    int Length { get; }

    /// <summary>Input i.</summary>
    T this[int i] { get; }
}

/// <summary>Inputs held in a span.</summary>
internal readonly ref struct SpanInputs<T>(ReadOnlySpan<T> items) : IInputs<T>
{
    private readonly ReadOnlySpan<T> _items = items;

    public int Length => _items.Length;

    public T this[int i] => _items[i];
}

/// <summary>
/// A node's inputs, read straight from the input values (no copy of their data first): the items of
/// <c>head</c>, then those of <c>tail</c> if there is one (a Dot over two arrays it shares keeps them apart).
/// </summary>
internal readonly ref struct ValueInputs(Value[] head, Value[]? tail = null) : IInputs<double>, IInputs<Real>
{
    private readonly Value[] _head = head;
    private readonly Value[]? _tail = tail;

    public int Length => _head.Length + (_tail?.Length ?? 0);

    double IInputs<double>.this[int i] => this[i].Data;

    Real IInputs<Real>.this[int i] => new(this[i].Data);

    private Value this[int i] => (uint)i < (uint)_head.Length ? _head[i] : _tail![i - _head.Length];
}

/// <summary>A compiled graph's inputs of one node: positions into its value array, read in place.</summary>
internal readonly ref struct GatheredInputs(ref double values, ReadOnlySpan<int> positions) : IInputs<double>, IInputs<Real>
{
    private readonly ref double _values = ref values;
    private readonly ReadOnlySpan<int> _positions = positions;

    public int Length => _positions.Length;

    // The positions were taken from the recorded graph and are inside the value array, and rules
    // index only below Length: no bounds checks on this, the replay's innermost loop.
    double IInputs<double>.this[int i] => Unsafe.Add(ref _values, Unsafe.Add(ref MemoryMarshal.GetReference(_positions), i));

    Real IInputs<Real>.this[int i] => new(Unsafe.Add(ref _values, Unsafe.Add(ref MemoryMarshal.GetReference(_positions), i)));
}
