using System.Runtime.CompilerServices;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.Intrinsics;

namespace AutoGrad.Compilation;

/// <summary>
/// The arithmetic the batched replay does on a vector of lanes (one point per lane), written once per
/// vector width so the engine is generic over it and the JIT specialises it per width. Every
/// operation here is one IEEE operation per lane that gives, in each lane, exactly what the same
/// operation gives on a double in the scalar replay: no fused multiply-add, negation and |x| by the
/// sign bit (as the scalar code does them), comparisons false for NaN as C#'s are.
/// </summary>
/// <typeparam name="TV">The vector type (or double, for one lane).</typeparam>
internal interface ILaneOps<TV>
    where TV : struct
{
    /// <summary>How many lanes (points) one vector holds.</summary>
    static abstract int Count { get; }

    /// <summary>The name of the instruction set, for reports.</summary>
    static abstract string Name { get; }

    static abstract TV Load(ref double at);

    static abstract void Store(ref double at, TV value);

    static abstract TV Splat(double value);

    static abstract TV Add(TV a, TV b);

    static abstract TV Sub(TV a, TV b);

    static abstract TV Mul(TV a, TV b);

    static abstract TV Div(TV a, TV b);

    /// <summary>−x by flipping the sign bit, as scalar negation does (−(+0) is −0, unlike 0 − x).</summary>
    static abstract TV Negate(TV x);

    /// <summary>|x| by clearing the sign bit, as <see cref="Math.Abs(double)"/> does.</summary>
    static abstract TV Abs(TV x);

    /// <summary>All bits set in the lanes where a &gt; b (false for NaN), clear elsewhere.</summary>
    static abstract TV GreaterThan(TV a, TV b);

    static abstract TV GreaterThanOrEqual(TV a, TV b);

    static abstract TV LessThan(TV a, TV b);

    static abstract TV LessThanOrEqual(TV a, TV b);

    /// <summary>All bits set in the lanes that hold NaN.</summary>
    static abstract TV IsNaN(TV x);

    static abstract TV Or(TV a, TV b);

    /// <summary>Per lane: <paramref name="whenTrue"/> where the mask is set, <paramref name="whenFalse"/> where it is clear.</summary>
    static abstract TV Select(TV mask, TV whenTrue, TV whenFalse);

    /// <summary>All bits set in the lanes where a = b (false for NaN), clear elsewhere.</summary>
    static abstract TV Equal(TV a, TV b);

    static abstract TV And(TV a, TV b);

    static abstract TV Xor(TV a, TV b);

    /// <summary>√x per lane, correctly rounded (as <see cref="Math.Sqrt(double)"/>).</summary>
    static abstract TV Sqrt(TV x);

    /// <summary>Every lane holding the bit pattern <paramref name="bits"/>.</summary>
    static abstract TV FromBits(long bits);

    /// <summary>a + b with each lane's bits read as a 64-bit two's-complement integer (wrapping).</summary>
    static abstract TV AddBits(TV a, TV b);

    /// <summary>a − b with each lane's bits read as a 64-bit two's-complement integer (wrapping).</summary>
    static abstract TV SubtractBits(TV a, TV b);

    /// <summary>Each lane's 64 bits shifted left by <paramref name="count"/>, zeros shifted in.</summary>
    static abstract TV ShiftLeftBits(TV a, [ConstantExpected(Min = 0, Max = 63)] int count);

    /// <summary>Each lane's 64 bits shifted right by <paramref name="count"/>, copies of the sign bit shifted in.</summary>
    static abstract TV ShiftRightArithmeticBits(TV a, [ConstantExpected(Min = 0, Max = 63)] int count);

    /// <summary>True when any lane of the mask has its bits set.</summary>
    static abstract bool Any(TV mask);

    /// <summary>
    /// <paramref name="computed"/>, with f(x) put in each lane where the mask is set: the lanes a vector
    /// algorithm leaves to the platform's own function, each through the very call the scalar instance makes.
    /// </summary>
    static abstract unsafe TV WithLanes(TV mask, TV x, TV computed, delegate*<double, double> f);
}

/// <summary>Eight doubles per instruction (AVX-512).</summary>
internal readonly struct Lanes512 : ILaneOps<Vector512<double>>
{
    private static readonly Vector512<double> SignBit = Vector512.Create(-0.0);

    public static int Count => Vector512<double>.Count;

    public static string Name => "Vector512 (AVX-512)";

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Load(ref double at) => Vector512.LoadUnsafe(ref at);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(ref double at, Vector512<double> value) => value.StoreUnsafe(ref at);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Splat(double value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Add(Vector512<double> a, Vector512<double> b) => Vector512.Add(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Sub(Vector512<double> a, Vector512<double> b) => Vector512.Subtract(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Mul(Vector512<double> a, Vector512<double> b) => Vector512.Multiply(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Div(Vector512<double> a, Vector512<double> b) => Vector512.Divide(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Negate(Vector512<double> x) => Vector512.Xor(x, SignBit);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Abs(Vector512<double> x) => Vector512.AndNot(x, SignBit);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> GreaterThan(Vector512<double> a, Vector512<double> b) => Vector512.GreaterThan(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> GreaterThanOrEqual(Vector512<double> a, Vector512<double> b) => Vector512.GreaterThanOrEqual(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> LessThan(Vector512<double> a, Vector512<double> b) => Vector512.LessThan(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> LessThanOrEqual(Vector512<double> a, Vector512<double> b) => Vector512.LessThanOrEqual(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> IsNaN(Vector512<double> x) => ~Vector512.Equals(x, x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Or(Vector512<double> a, Vector512<double> b) => Vector512.BitwiseOr(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Select(Vector512<double> mask, Vector512<double> whenTrue, Vector512<double> whenFalse) =>
        Vector512.ConditionalSelect(mask, whenTrue, whenFalse);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Equal(Vector512<double> a, Vector512<double> b) => Vector512.Equals(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> And(Vector512<double> a, Vector512<double> b) => Vector512.BitwiseAnd(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Xor(Vector512<double> a, Vector512<double> b) => Vector512.Xor(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Sqrt(Vector512<double> x) => Vector512.Sqrt(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> FromBits(long bits) => Vector512.Create(bits).AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> AddBits(Vector512<double> a, Vector512<double> b) => Vector512.Add(a.AsInt64(), b.AsInt64()).AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> SubtractBits(Vector512<double> a, Vector512<double> b) => Vector512.Subtract(a.AsInt64(), b.AsInt64()).AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> ShiftLeftBits(Vector512<double> a, [ConstantExpected(Min = 0, Max = 63)] int count) => Vector512.ShiftLeft(a.AsInt64(), count).AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> ShiftRightArithmeticBits(Vector512<double> a, [ConstantExpected(Min = 0, Max = 63)] int count) => Vector512.ShiftRightArithmetic(a.AsInt64(), count).AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Any(Vector512<double> mask) => Vector512.ExtractMostSignificantBits(mask) != 0;

    public static unsafe Vector512<double> WithLanes(Vector512<double> mask, Vector512<double> x, Vector512<double> computed, delegate*<double, double> f)
    {
        for (int i = 0; i < Vector512<double>.Count; i++)
        {
            if (BitConverter.DoubleToInt64Bits(mask.GetElement(i)) != 0)
            {
                computed = computed.WithElement(i, f(x.GetElement(i)));
            }
        }

        return computed;
    }
}

/// <summary>Four doubles per instruction (AVX2).</summary>
internal readonly struct Lanes256 : ILaneOps<Vector256<double>>
{
    private static readonly Vector256<double> SignBit = Vector256.Create(-0.0);

    public static int Count => Vector256<double>.Count;

    public static string Name => "Vector256 (AVX2)";

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Load(ref double at) => Vector256.LoadUnsafe(ref at);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(ref double at, Vector256<double> value) => value.StoreUnsafe(ref at);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Splat(double value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Add(Vector256<double> a, Vector256<double> b) => Vector256.Add(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Sub(Vector256<double> a, Vector256<double> b) => Vector256.Subtract(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Mul(Vector256<double> a, Vector256<double> b) => Vector256.Multiply(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Div(Vector256<double> a, Vector256<double> b) => Vector256.Divide(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Negate(Vector256<double> x) => Vector256.Xor(x, SignBit);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Abs(Vector256<double> x) => Vector256.AndNot(x, SignBit);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> GreaterThan(Vector256<double> a, Vector256<double> b) => Vector256.GreaterThan(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> GreaterThanOrEqual(Vector256<double> a, Vector256<double> b) => Vector256.GreaterThanOrEqual(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> LessThan(Vector256<double> a, Vector256<double> b) => Vector256.LessThan(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> LessThanOrEqual(Vector256<double> a, Vector256<double> b) => Vector256.LessThanOrEqual(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> IsNaN(Vector256<double> x) => ~Vector256.Equals(x, x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Or(Vector256<double> a, Vector256<double> b) => Vector256.BitwiseOr(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Select(Vector256<double> mask, Vector256<double> whenTrue, Vector256<double> whenFalse) =>
        Vector256.ConditionalSelect(mask, whenTrue, whenFalse);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Equal(Vector256<double> a, Vector256<double> b) => Vector256.Equals(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> And(Vector256<double> a, Vector256<double> b) => Vector256.BitwiseAnd(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Xor(Vector256<double> a, Vector256<double> b) => Vector256.Xor(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Sqrt(Vector256<double> x) => Vector256.Sqrt(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> FromBits(long bits) => Vector256.Create(bits).AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> AddBits(Vector256<double> a, Vector256<double> b) => Vector256.Add(a.AsInt64(), b.AsInt64()).AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> SubtractBits(Vector256<double> a, Vector256<double> b) => Vector256.Subtract(a.AsInt64(), b.AsInt64()).AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> ShiftLeftBits(Vector256<double> a, [ConstantExpected(Min = 0, Max = 63)] int count) => Vector256.ShiftLeft(a.AsInt64(), count).AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> ShiftRightArithmeticBits(Vector256<double> a, [ConstantExpected(Min = 0, Max = 63)] int count) => Vector256.ShiftRightArithmetic(a.AsInt64(), count).AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Any(Vector256<double> mask) => Vector256.ExtractMostSignificantBits(mask) != 0;

    public static unsafe Vector256<double> WithLanes(Vector256<double> mask, Vector256<double> x, Vector256<double> computed, delegate*<double, double> f)
    {
        for (int i = 0; i < Vector256<double>.Count; i++)
        {
            if (BitConverter.DoubleToInt64Bits(mask.GetElement(i)) != 0)
            {
                computed = computed.WithElement(i, f(x.GetElement(i)));
            }
        }

        return computed;
    }
}

/// <summary>Two doubles per instruction (SSE2, NEON).</summary>
internal readonly struct Lanes128 : ILaneOps<Vector128<double>>
{
    private static readonly Vector128<double> SignBit = Vector128.Create(-0.0);

    public static int Count => Vector128<double>.Count;

    public static string Name => "Vector128";

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Load(ref double at) => Vector128.LoadUnsafe(ref at);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(ref double at, Vector128<double> value) => value.StoreUnsafe(ref at);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Splat(double value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Add(Vector128<double> a, Vector128<double> b) => Vector128.Add(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Sub(Vector128<double> a, Vector128<double> b) => Vector128.Subtract(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Mul(Vector128<double> a, Vector128<double> b) => Vector128.Multiply(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Div(Vector128<double> a, Vector128<double> b) => Vector128.Divide(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Negate(Vector128<double> x) => Vector128.Xor(x, SignBit);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Abs(Vector128<double> x) => Vector128.AndNot(x, SignBit);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> GreaterThan(Vector128<double> a, Vector128<double> b) => Vector128.GreaterThan(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> GreaterThanOrEqual(Vector128<double> a, Vector128<double> b) => Vector128.GreaterThanOrEqual(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> LessThan(Vector128<double> a, Vector128<double> b) => Vector128.LessThan(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> LessThanOrEqual(Vector128<double> a, Vector128<double> b) => Vector128.LessThanOrEqual(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> IsNaN(Vector128<double> x) => ~Vector128.Equals(x, x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Or(Vector128<double> a, Vector128<double> b) => Vector128.BitwiseOr(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Select(Vector128<double> mask, Vector128<double> whenTrue, Vector128<double> whenFalse) =>
        Vector128.ConditionalSelect(mask, whenTrue, whenFalse);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Equal(Vector128<double> a, Vector128<double> b) => Vector128.Equals(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> And(Vector128<double> a, Vector128<double> b) => Vector128.BitwiseAnd(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Xor(Vector128<double> a, Vector128<double> b) => Vector128.Xor(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Sqrt(Vector128<double> x) => Vector128.Sqrt(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> FromBits(long bits) => Vector128.Create(bits).AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> AddBits(Vector128<double> a, Vector128<double> b) => Vector128.Add(a.AsInt64(), b.AsInt64()).AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> SubtractBits(Vector128<double> a, Vector128<double> b) => Vector128.Subtract(a.AsInt64(), b.AsInt64()).AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> ShiftLeftBits(Vector128<double> a, [ConstantExpected(Min = 0, Max = 63)] int count) => Vector128.ShiftLeft(a.AsInt64(), count).AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> ShiftRightArithmeticBits(Vector128<double> a, [ConstantExpected(Min = 0, Max = 63)] int count) => Vector128.ShiftRightArithmetic(a.AsInt64(), count).AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Any(Vector128<double> mask) => Vector128.ExtractMostSignificantBits(mask) != 0;

    public static unsafe Vector128<double> WithLanes(Vector128<double> mask, Vector128<double> x, Vector128<double> computed, delegate*<double, double> f)
    {
        for (int i = 0; i < Vector128<double>.Count; i++)
        {
            if (BitConverter.DoubleToInt64Bits(mask.GetElement(i)) != 0)
            {
                computed = computed.WithElement(i, f(x.GetElement(i)));
            }
        }

        return computed;
    }
}

/// <summary>One double at a time, where the hardware has no vectors: masks are doubles with every bit set or clear.</summary>
internal readonly struct Lanes1 : ILaneOps<double>
{
    private static readonly double AllBits = BitConverter.Int64BitsToDouble(-1);

    public static int Count => 1;

    public static string Name => "scalar";

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Load(ref double at) => at;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(ref double at, double value) => at = value;

    public static double Splat(double value) => value;

    public static double Add(double a, double b) => a + b;

    public static double Sub(double a, double b) => a - b;

    public static double Mul(double a, double b) => a * b;

    public static double Div(double a, double b) => a / b;

    public static double Negate(double x) => -x;

    public static double Abs(double x) => Math.Abs(x);

    public static double GreaterThan(double a, double b) => a > b ? AllBits : 0;

    public static double GreaterThanOrEqual(double a, double b) => a >= b ? AllBits : 0;

    public static double LessThan(double a, double b) => a < b ? AllBits : 0;

    public static double LessThanOrEqual(double a, double b) => a <= b ? AllBits : 0;

    public static double IsNaN(double x) => double.IsNaN(x) ? AllBits : 0;

    public static double Or(double a, double b) => BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(a) | BitConverter.DoubleToInt64Bits(b));

    public static double Select(double mask, double whenTrue, double whenFalse) => BitConverter.DoubleToInt64Bits(mask) != 0 ? whenTrue : whenFalse;

    public static double Equal(double a, double b) => a == b ? AllBits : 0;

    public static double And(double a, double b) => BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(a) & BitConverter.DoubleToInt64Bits(b));

    public static double Xor(double a, double b) => BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(a) ^ BitConverter.DoubleToInt64Bits(b));

    public static double Sqrt(double x) => Math.Sqrt(x);

    public static double FromBits(long bits) => BitConverter.Int64BitsToDouble(bits);

    public static double AddBits(double a, double b) => BitConverter.Int64BitsToDouble(unchecked(BitConverter.DoubleToInt64Bits(a) + BitConverter.DoubleToInt64Bits(b)));

    public static double SubtractBits(double a, double b) => BitConverter.Int64BitsToDouble(unchecked(BitConverter.DoubleToInt64Bits(a) - BitConverter.DoubleToInt64Bits(b)));

    public static double ShiftLeftBits(double a, [ConstantExpected(Min = 0, Max = 63)] int count) => BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(a) << count);

    public static double ShiftRightArithmeticBits(double a, [ConstantExpected(Min = 0, Max = 63)] int count) => BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(a) >> count);

    public static bool Any(double mask) => BitConverter.DoubleToInt64Bits(mask) != 0;

    public static unsafe double WithLanes(double mask, double x, double computed, delegate*<double, double> f) =>
        BitConverter.DoubleToInt64Bits(mask) != 0 ? f(x) : computed;
}
