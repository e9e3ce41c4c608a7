using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoGrad.Compilation;

public sealed partial class CompiledGraph
{
    private delegate void ForwardMethod(CompiledGraph graph, ref double values, ref double firstPartials);

    private delegate void BackwardMethod(CompiledGraph graph, ref double values, ref double grads, ref double firstPartials);

    /// <summary>
    /// The replay as generated code. The instruction stream is cut into stretches (see
    /// <see cref="RepeatFinder"/>): a stretch that repeats with every position moving by a fixed stride
    /// becomes a loop over one body, the rest straight-line code; either way every position is a
    /// constant in the code (or a constant from a pointer the loop moves), so nothing is read, decoded
    /// or dispatched per node, and a value the next instructions use stays in a register instead of
    /// making a round trip through memory.
    /// </summary>
    /// <remarks>
    /// An op whose rule declares a <see cref="ReplayCode"/> (Add, Mul, Sum, Dot and ReLU: what large
    /// graphs and MLPs are made of) is written out from that code, which sits beside the rule in its
    /// own order of operations (this class only turns it into IL, see <see cref="IReplayWriter"/>);
    /// every other op calls the interpreter's code for it. Each instruction runs exactly the arithmetic
    /// the interpreter runs, in the same order, so the sums are the same to the last bit (the replay
    /// tests compare both replays with the dynamic graph on random graphs).
    /// </remarks>
    private sealed class GeneratedReplay
    {
        // The JIT stops optimising a method past 60,000 bytes or 20,000 instructions of IL (it falls
        // back to minimal optimisation: measured, W1's backward as one method was compiled so), and its
        // time grows faster than a method's size: the graph is cut into methods of at most this many
        // units of work (an input read, or a gradient added into, is one; backward takes about 16 IL
        // instructions and 45 bytes per unit). A loop's body must fit in one method.
        internal const int WorkPerMethod = 1000;

        // How many recent values (forward) or gradients (backward) the generated code keeps in locals.
        private const int CachedSlots = 4;

        // A loop body shorter than this many instructions is unrolled to about this length.
        private const int UnrolledBody = 16;

        // A stretch that does not repeat and is longer than this is interpreted: written out, a large
        // graph's code would be several times the size of its instructions, and slower to run.
        private const int MaxStraightLine = 256;

        private static readonly MethodInfo InterpretForward = typeof(CompiledGraph).GetMethod(nameof(Interpret), BindingFlags.NonPublic | BindingFlags.Instance)!;
        private static readonly MethodInfo InterpretBackwardRange = typeof(CompiledGraph).GetMethod(nameof(CompiledGraph.InterpretBackward), BindingFlags.NonPublic | BindingFlags.Instance)!;

        private static readonly MethodInfo UnaryKernelOf = typeof(GeneratedReplay).GetMethod(nameof(UnaryKernel), BindingFlags.NonPublic | BindingFlags.Static)!;

        private static readonly MethodInfo CanonicalNaN = typeof(GeneratedReplay).GetMethod(nameof(CanonicalNaNOf), BindingFlags.NonPublic | BindingFlags.Static)!;
        private static readonly MethodInfo OtherForward = typeof(CompiledGraph).GetMethod(nameof(ForwardOther), BindingFlags.NonPublic | BindingFlags.Instance)!;
        private static readonly MethodInfo OtherBackward = typeof(CompiledGraph).GetMethod(nameof(BackwardOther), BindingFlags.NonPublic | BindingFlags.Instance)!;

        private readonly ForwardMethod[] _forward;
        private readonly BackwardMethod[] _backward; // in the order they run: the last instructions first

        private GeneratedReplay(ForwardMethod[] forward, BackwardMethod[] backward, GeneratedCodeShape shape, TimeSpan generationTime)
        {
            _forward = forward;
            _backward = backward;
            Shape = shape;
            GenerationTime = generationTime;
        }

        /// <summary>What the code is made of.</summary>
        public GeneratedCodeShape Shape { get; }

        /// <summary>How long <see cref="Emit"/> took (the JIT compiles the methods later, on their first run).</summary>
        public TimeSpan GenerationTime { get; }

        public static GeneratedReplay Emit(Instruction[] instructions, int[] naryInputs, int leafCount)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            // An n-ary op written out reads each input; anything else is a call or a short op.
            int WorkOf(int k) => instructions[k].IsGathered && OpCatalog.Of(instructions[k].Op).Replay is not null ? 1 + instructions[k].Count : 2;
            int BodyWork(Stretch s) => Enumerable.Range(s.Start, s.Period).Sum(WorkOf);

            // Loops with a short body are unrolled, so a value carried from one repeat to the next
            // (a running sum) passes through memory only once every few instructions; long stretches
            // that do not repeat are left to the interpreter.
            var stretches = new List<Stretch>();
            foreach (Stretch found in new RepeatFinder(instructions, naryInputs).Find(WorkOf, WorkPerMethod))
            {
                if (found.Repeats == 1 && found.Period > MaxStraightLine)
                {
                    stretches.Add(found with { Interpreted = true });
                    continue;
                }

                if (found.Repeats == 1)
                {
                    // A node with very many inputs (a Sum over a whole data set) written out would make
                    // a method too large to optimise: the interpreter runs it.
                    int from = found.Start;
                    for (int k = found.Start; k <= found.End; k++)
                    {
                        if (k == found.End || WorkOf(k) > WorkPerMethod / 2)
                        {
                            if (from < k)
                            {
                                stretches.Add(new Stretch(from, k - from, 1));
                            }

                            if (k < found.End)
                            {
                                stretches.Add(new Stretch(k, 1, 1, Interpreted: true));
                            }

                            from = k + 1;
                        }
                    }

                    continue;
                }

                int unroll = Math.Clamp(UnrolledBody / found.Period, 1, found.Repeats / 2);
                while (unroll > 1 && BodyWork(found) * unroll > WorkPerMethod)
                {
                    unroll--;
                }

                var unrolled = new Stretch(found.Start, found.Period * unroll, found.Repeats / unroll);
                stretches.Add(unrolled);
                int left = found.Repeats % unroll;
                if (left > 0)
                {
                    stretches.Add(new Stretch(unrolled.End, found.Period, left));
                }
            }

            // Methods of about WorkPerMethod each: a loop counts its body once; straight code is split.
            var methods = new List<List<Stretch>> { new() };
            int work = 0;
            foreach (Stretch stretch in stretches)
            {
                int start = stretch.Start;
                while (start < stretch.End)
                {
                    bool whole = stretch.Repeats > 1 || stretch.Interpreted;
                    int end = whole ? stretch.End : start;
                    int piece = stretch.Interpreted ? 1 : stretch.Repeats > 1 ? BodyWork(stretch) : 0;
                    while (end < stretch.End && (piece == 0 || work + piece < WorkPerMethod))
                    {
                        piece += WorkOf(end++);
                    }

                    if (work > 0 && work + piece > WorkPerMethod)
                    {
                        methods.Add([]);
                        work = 0;
                    }

                    methods[^1].Add(whole ? stretch : new Stretch(start, end - start, 1));
                    work += piece;
                    start = end;
                }
            }

            methods.RemoveAll(method => method.Count == 0); // a graph that is one leaf has no instructions
            var emitter = new Emitter(instructions, naryInputs, leafCount);
            ForwardMethod[] forward = methods.Select(emitter.Forward).ToArray();
            BackwardMethod[] backward = methods.Select(emitter.Backward).Reverse().ToArray();
            int looped = stretches.Where(s => s.Repeats > 1).Sum(s => s.End - s.Start);
            int interpreted = stretches.Where(s => s.Interpreted).Sum(s => s.Period);
            var shape = new GeneratedCodeShape(forward.Length, stretches.Count(s => s.Repeats > 1), looped, instructions.Length - looped - interpreted, interpreted);
            return new GeneratedReplay(forward, backward, shape, clock.Elapsed);
        }

        public void Forward(CompiledGraph graph, double[] values, double[] firstPartials)
        {
            ref double v = ref MemoryMarshal.GetArrayDataReference(values);
            ref double first = ref MemoryMarshal.GetArrayDataReference(firstPartials);
            foreach (ForwardMethod method in _forward)
            {
                method(graph, ref v, ref first);
            }
        }

        /// <summary>Backward when no node is NaN (the caller interprets otherwise).</summary>
        public void Backward(CompiledGraph graph, double[] values, double[] grads, double[] firstPartials)
        {
            ref double v = ref MemoryMarshal.GetArrayDataReference(values);
            ref double g = ref MemoryMarshal.GetArrayDataReference(grads);
            ref double first = ref MemoryMarshal.GetArrayDataReference(firstPartials);
            foreach (BackwardMethod method in _backward)
            {
                method(graph, ref v, ref g, ref first);
            }
        }

        /// <summary>A unary op's kernel, the one the dynamic graph runs (for ReLU, the branch is decided here, on every run).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static double UnaryKernel<TRule>(double x, ref double partial)
            where TRule : struct, IUnaryRule => OpInfo.EvaluateUnaryRule<TRule>(x, 0, 0, out partial, out _);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static double CanonicalNaNOf(double y) => double.IsNaN(y) ? double.NaN : y;

        /// <summary>
        /// Writes the IL of one forward or backward method over a list of stretches; as the
        /// <see cref="IReplayWriter"/> of the instruction being written, it turns an op's
        /// <see cref="ReplayCode"/> into IL.
        /// </summary>
        private sealed class Emitter(Instruction[] instructions, int[] naryInputs, int leafCount) : IReplayWriter
        {
            private const byte Graph = 0, Values = 1;

            // The instruction being written through IReplayWriter, and where its numbers are.
            private int _k;
            private bool _backward;
            private byte _firstPartials;
            private LocalBuilder? _upstream;

            // Per method: where the arrays are, and the pointers each running loop moves along them.
            private ILGenerator _il = null!;
            private readonly Dictionary<(byte Array, long Stride), LocalBuilder> _pointers = [];
            private Stretch _stretch;
            private LocalBuilder? _repeat; // the loop's repeat number r, when in a loop
            private SlotCache _cache = null!;

            public ForwardMethod Forward(List<Stretch> stretches)
            {
                const byte firstPartials = 2;
                Type slot = typeof(double).MakeByRefType();
                var method = new DynamicMethod($"Forward{stretches[0].Start}", typeof(void), [typeof(CompiledGraph), slot, slot], typeof(CompiledGraph), skipVisibility: true);
                _il = method.GetILGenerator();
                _cache = new SlotCache(this, Values);
                foreach (Stretch stretch in stretches)
                {
                    EmitStretch(stretch, backward: false, [Values, firstPartials], k =>
                    {
                        if (Writing(k, backward: false, firstPartials, upstream: null) is { } code)
                        {
                            code.Forward(this);
                        }
                        else
                        {
                            // Every other op through the interpreter's own code for it.
                            _il.Emit(OpCodes.Ldarg_S, Graph);
                            EmitInstructionNumber(k);
                            _il.Emit(OpCodes.Call, OtherForward);
                        }

                        _cache.Store(leafCount + k, NodeStride);
                    });
                }

                _il.Emit(OpCodes.Ret);
                return method.CreateDelegate<ForwardMethod>();
            }

            /// <summary>
            /// The chain rule from the last instruction to the first, each input's gradient +=
            /// ∂node/∂input · g in the interpreter's order. Assumes no node is NaN, so the NaN
            /// policy's test per node is left out.
            /// </summary>
            public BackwardMethod Backward(List<Stretch> stretches)
            {
                const byte grads = 2, firstPartials = 3;
                Type slot = typeof(double).MakeByRefType();
                var method = new DynamicMethod($"Backward{stretches[0].Start}", typeof(void), [typeof(CompiledGraph), slot, slot, slot], typeof(CompiledGraph), skipVisibility: true);
                _il = method.GetILGenerator();
                _cache = new SlotCache(this, grads);
                LocalBuilder g = _il.DeclareLocal(typeof(double));
                for (int s = stretches.Count - 1; s >= 0; s--)
                {
                    EmitStretch(stretches[s], backward: true, [Values, grads, firstPartials], k =>
                    {
                        _cache.Load(leafCount + k, NodeStride);
                        _il.Emit(OpCodes.Stloc, g);
                        if (Writing(k, backward: true, firstPartials, upstream: g) is { } code)
                        {
                            code.Backward(this);
                        }
                        else
                        {
                            _il.Emit(OpCodes.Ldarg_S, Graph);
                            EmitInstructionNumber(k);
                            _il.Emit(OpCodes.Ldloc, g);
                            _il.Emit(OpCodes.Call, OtherBackward);
                            _cache.Forget(); // it wrote gradients behind the cache's back
                        }
                    });
                }

                _il.Emit(OpCodes.Ret);
                return method.CreateDelegate<BackwardMethod>();
            }

            /// <summary>Makes instruction k the one <see cref="IReplayWriter"/> writes; its op's replay code, or null if its rule has none.</summary>
            private ReplayCode? Writing(int k, bool backward, byte firstPartials, LocalBuilder? upstream)
            {
                _k = k;
                _backward = backward;
                _firstPartials = firstPartials;
                _upstream = upstream;
                return OpCatalog.Of(instructions[k].Op).Replay;
            }

            int IReplayWriter.InputCount => instructions[_k].InputCount;

            void IReplayWriter.Input(int index)
            {
                int position = instructions[_k].Input(index, naryInputs);
                if (_backward)
                {
                    // The cache holds gradients in backward: values are read from memory.
                    EmitAddress(Values, position, Stride(_k, index));
                    _il.Emit(OpCodes.Ldind_R8);
                }
                else
                {
                    _cache.Load(position, Stride(_k, index));
                }
            }

            void IReplayWriter.Upstream() =>
                _il.Emit(OpCodes.Ldloc, _upstream ?? throw new InvalidOperationException("The upstream gradient exists only in backward replay code."));

            void IReplayWriter.Zero() => _il.Emit(OpCodes.Ldc_R8, 0.0);

            void IReplayWriter.Add() => _il.Emit(OpCodes.Add);

            void IReplayWriter.Mul() => _il.Emit(OpCodes.Mul);

            void IReplayWriter.CanonicalNaN() => _il.Emit(OpCodes.Call, CanonicalNaN);

            void IReplayWriter.UnaryKernel<TRule>()
            {
                EmitAddress(_firstPartials, _k, NodeStride);
                _il.Emit(OpCodes.Call, UnaryKernelOf.MakeGenericMethod(typeof(TRule)));
            }

            void IReplayWriter.StoredPartial()
            {
                EmitAddress(_firstPartials, _k, NodeStride);
                _il.Emit(OpCodes.Ldind_R8);
            }

            void IReplayWriter.AddToGradient(int index, Action contribution)
            {
                int position = instructions[_k].Input(index, naryInputs);
                long stride = Stride(_k, index);
                _cache.Load(position, stride);
                contribution();
                _il.Emit(OpCodes.Add);
                _cache.Store(position, stride);
            }

            /// <summary>
            /// One stretch: straight-line code, or a loop whose body is the stretch's first period, with
            /// a pointer per array and stride moved along after each repeat (backward runs the repeats
            /// from the last down).
            /// </summary>
            private void EmitStretch(Stretch stretch, bool backward, byte[] arrays, Action<int> instruction)
            {
                _stretch = stretch;
                int first = stretch.Start, last = stretch.Start + stretch.Period - 1;
                if (stretch.Interpreted)
                {
                    _il.Emit(OpCodes.Ldarg_S, Graph);
                    _il.Emit(OpCodes.Ldc_I4, first);
                    _il.Emit(OpCodes.Ldc_I4, last + 1);
                    if (backward)
                    {
                        _il.Emit(OpCodes.Ldc_I4_0); // no node is NaN here
                        _il.Emit(OpCodes.Call, InterpretBackwardRange);
                    }
                    else
                    {
                        _il.Emit(OpCodes.Call, InterpretForward);
                    }

                    _cache.Forget(); // it wrote behind the cache's back
                    return;
                }

                if (stretch.Repeats == 1)
                {
                    _repeat = null;
                    for (int k = backward ? last : first; backward ? k >= first : k <= last; k += backward ? -1 : 1)
                    {
                        instruction(k);
                    }

                    return;
                }

                // Every stride in the body, and the period itself (node numbers move by it).
                var strides = new HashSet<long> { stretch.Period };
                for (int k = first; k <= last; k++)
                {
                    for (int j = 0; j < instructions[k].InputCount; j++)
                    {
                        strides.Add(Stride(k, j));
                    }
                }

                strides.Remove(0);
                _pointers.Clear();
                foreach (byte array in arrays)
                {
                    foreach (long stride in strides)
                    {
                        LocalBuilder pointer = _il.DeclareLocal(typeof(double).MakeByRefType());
                        _il.Emit(OpCodes.Ldarg_S, array);
                        if (backward)
                        {
                            EmitOffset(stride * (stretch.Repeats - 1));
                        }

                        _il.Emit(OpCodes.Stloc, pointer);
                        _pointers[(array, stride)] = pointer;
                    }
                }

                _repeat = _il.DeclareLocal(typeof(int));
                _il.Emit(OpCodes.Ldc_I4, backward ? stretch.Repeats - 1 : 0);
                _il.Emit(OpCodes.Stloc, _repeat);
                Label top = _il.DefineLabel(), test = _il.DefineLabel();
                _il.Emit(OpCodes.Br, test);
                _il.MarkLabel(top);
                _cache.Forget();
                for (int k = backward ? last : first; backward ? k >= first : k <= last; k += backward ? -1 : 1)
                {
                    instruction(k);
                }

                foreach (((_, long stride), LocalBuilder pointer) in _pointers)
                {
                    _il.Emit(OpCodes.Ldloc, pointer);
                    EmitOffset(backward ? -stride : stride);
                    _il.Emit(OpCodes.Stloc, pointer);
                }

                _il.Emit(OpCodes.Ldloc, _repeat);
                _il.Emit(OpCodes.Ldc_I4_1);
                _il.Emit(backward ? OpCodes.Sub : OpCodes.Add);
                _il.Emit(OpCodes.Stloc, _repeat);
                _il.MarkLabel(test);
                _il.Emit(OpCodes.Ldloc, _repeat);
                if (backward)
                {
                    _il.Emit(OpCodes.Ldc_I4_0);
                    _il.Emit(OpCodes.Bge, top);
                }
                else
                {
                    _il.Emit(OpCodes.Ldc_I4, stretch.Repeats);
                    _il.Emit(OpCodes.Blt, top);
                }

                _cache.Forget();
                _pointers.Clear();
                _repeat = null;
            }

            /// <summary>How far a node's own slots move per repeat: a period in a loop, nothing in straight-line code.</summary>
            private long NodeStride => _repeat is null ? 0 : _stretch.Period;

            /// <summary>How far the j-th position of instruction k (in the current stretch's first period) moves per repeat.</summary>
            private long Stride(int k, int j) =>
                _stretch.Repeats == 1 ? 0 : instructions[k + _stretch.Period].Input(j, naryInputs) - (long)instructions[k].Input(j, naryInputs);

            /// <summary>Pushes k, or in a loop k + r · period for repeat r.</summary>
            private void EmitInstructionNumber(int k)
            {
                _il.Emit(OpCodes.Ldc_I4, k);
                if (_repeat is not null)
                {
                    _il.Emit(OpCodes.Ldloc, _repeat);
                    _il.Emit(OpCodes.Ldc_I4, _stretch.Period);
                    _il.Emit(OpCodes.Mul);
                    _il.Emit(OpCodes.Add);
                }
            }

            /// <summary>Pushes the address of array[index + r · stride] (r the repeat, in a loop).</summary>
            public void EmitAddress(byte array, int index, long stride)
            {
                if (stride == 0 || _repeat is null)
                {
                    _il.Emit(OpCodes.Ldarg_S, array);
                }
                else
                {
                    _il.Emit(OpCodes.Ldloc, _pointers[(array, stride)]);
                }

                if (index != 0)
                {
                    EmitOffset(index);
                }
            }

            /// <summary>Adds count elements to the address on the stack.</summary>
            private void EmitOffset(long count)
            {
                long bytes = count * sizeof(double);
                if (bytes is >= int.MinValue and <= int.MaxValue)
                {
                    _il.Emit(OpCodes.Ldc_I4, (int)bytes);
                }
                else
                {
                    _il.Emit(OpCodes.Ldc_I8, bytes);
                }

                _il.Emit(OpCodes.Conv_I);
                _il.Emit(OpCodes.Add);
            }

            public ILGenerator Il => _il;

            /// <summary>How many times the code being emitted runs: the loop's repeats, or 1.</summary>
            public int Repeats => _repeat is null ? 1 : _stretch.Repeats;
        }

        /// <summary>
        /// The last few slots of one array that the generated code wrote, kept in locals as well, so an
        /// instruction that reads what one just before it wrote (a chain, a running sum) takes it from a
        /// register, not from memory it has just stored to. Slots are named by position and stride.
        /// </summary>
        private sealed class SlotCache
        {
            private readonly Emitter _emitter;
            private readonly byte _array;
            private readonly LocalBuilder[] _locals;
            private readonly (int Index, long Stride)[] _slots = new (int, long)[CachedSlots];
            private int _next;

            public SlotCache(Emitter emitter, byte array)
            {
                _emitter = emitter;
                _array = array;
                _locals = Enumerable.Range(0, CachedSlots).Select(_ => emitter.Il.DeclareLocal(typeof(double))).ToArray();
                Forget();
            }

            /// <summary>Pushes array[slot].</summary>
            public void Load(int index, long stride)
            {
                int cached = Array.IndexOf(_slots, (index, stride));
                if (cached >= 0)
                {
                    _emitter.Il.Emit(OpCodes.Ldloc, _locals[cached]);
                }
                else
                {
                    _emitter.EmitAddress(_array, index, stride);
                    _emitter.Il.Emit(OpCodes.Ldind_R8);
                }
            }

            /// <summary>Pops a number into array[slot], and keeps it in a local.</summary>
            public void Store(int index, long stride)
            {
                int cached = Array.IndexOf(_slots, (index, stride));
                if (cached < 0)
                {
                    // Another slot that is this one in some repeat of the loop holds a stale number now.
                    for (int i = 0; i < CachedSlots; i++)
                    {
                        if (_slots[i].Index >= 0 && MayAlias(_slots[i], (index, stride)))
                        {
                            _slots[i] = (-1, 0);
                        }
                    }

                    cached = _next;
                    _next = (_next + 1) % CachedSlots;
                    _slots[cached] = (index, stride);
                }

                ILGenerator il = _emitter.Il;
                il.Emit(OpCodes.Stloc, _locals[cached]);
                _emitter.EmitAddress(_array, index, stride);
                il.Emit(OpCodes.Ldloc, _locals[cached]);
                il.Emit(OpCodes.Stind_R8);
            }

            public void Forget() => Array.Fill(_slots, (-1, 0));

            /// <summary>Whether index₁ + r·stride₁ = index₂ + r·stride₂ for some repeat r of the running loop.</summary>
            private bool MayAlias((int Index, long Stride) a, (int Index, long Stride) b)
            {
                if (a.Stride == b.Stride)
                {
                    return a.Index == b.Index;
                }

                long distance = b.Index - (long)a.Index, closing = a.Stride - b.Stride;
                return distance % closing == 0 && distance / closing >= 0 && distance / closing < _emitter.Repeats;
            }
        }
    }
}
