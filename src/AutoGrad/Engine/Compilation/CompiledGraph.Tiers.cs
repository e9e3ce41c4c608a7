using System.Diagnostics;

namespace AutoGrad.Compilation;

// Tiered replay, as a JIT compiler tiers methods: a graph from Compile(Value) replays through the
// interpreter from its first evaluation (recording is cheap: about one dynamic step of the same graph),
// and once it has replayed TierUpAfter times, code is generated for it on a thread-pool thread. The
// builder also runs the new code once on a copy of the graph's arrays, so the JIT compiles it there and
// not on the caller's thread. The caller's next Forward takes it up (never between a Forward and its
// Backward); until then, and for good if generating fails, the interpreter runs. Both replays give the
// same numbers bit for bit, so the switch is invisible except in time.
public sealed partial class CompiledGraph
{
    /// <summary>
    /// The replay (the compile's own forward is the first) at which a graph from
    /// <see cref="Compile(Value)"/> starts generating code. Measured (docs/performance.md, "Round three:
    /// tiered replay"): generating the code and its first run, where the JIT compiles it, take as long as
    /// the time the generated code saves over 12–81 interpreted replays on graphs of 10⁵–10⁶ nodes, and
    /// over 200–6,700 on MLP graphs of 10³–10⁴ nodes (tens to a few hundred milliseconds of another
    /// core). Starting at the 32nd replay (the runtime's own tiers wait for 30 calls) spares graphs
    /// evaluated a few times (a test, a prediction, a check) code they would not use, and starts large
    /// graphs near the point where what the interpreter has lost equals what building costs.
    /// </summary>
    internal const int TierUpAfter = 32;

    /// <summary>A copy of <paramref name="original"/> with arrays of its own, on which the builder runs new code once.</summary>
    private CompiledGraph(CompiledGraph original)
    {
        _instructions = original._instructions;
        _leafCount = original._leafCount;
        _constants = original._constants;
        _naryInputs = original._naryInputs;
        _nodes = original._nodes;
        _leaves = original._leaves;
        _outputNode = original._outputNode;

        // A custom op's functions are the user's and may not expect a second thread: the copy calls a
        // stand-in instead (its numbers are thrown away).
        _customRules = original._customRules?.Select(rule => rule is null ? null! : StandInRule).ToArray();
        _customScratch = new double[original._customScratch.Length];
        _values = new double[original._values.Length];
        _grads = new double[original._grads.Length];
        _firstPartials = new double[original._firstPartials.Length];
        _secondPartials = new double[original._secondPartials.Length];
    }

    private static readonly CustomRule StandInRule = new(_ => 0, (_, _) => 0);

    /// <summary>What the tiering of this graph has done so far; null for a graph compiled to one mode for good.</summary>
    internal TierUpReport? Tiering => _tierUp?.Report;

    /// <summary>
    /// Starts generating code now if it has not started, and waits up to <paramref name="timeout"/> for
    /// it. True when the code is ready: the next <see cref="Forward"/> switches to it (or already has).
    /// For tests and benchmarks, which need the switch at a known point.
    /// </summary>
    internal bool WaitForGeneratedCode(TimeSpan timeout) => _generated is not null || (_tierUp is not null && _tierUp.Wait(timeout));

    /// <summary>
    /// Has the builder run <paramref name="hook"/> on its thread just before it generates code, so a
    /// test can make generating fail (the hook throws) without a graph the generator refuses. Call it
    /// before the build starts (before replay <see cref="TierUpAfter"/>, or the one the graph was given).
    /// </summary>
    internal void BeforeGeneratingCode(Action hook) =>
        (_tierUp ?? throw new InvalidOperationException("This graph does not tier up; compile it with a tierUpAfter.")).BeforeGenerating = hook;

    /// <summary>What a graph's tiering has done.</summary>
    /// <param name="StartedAtReplay">The replay at which generating code started; 0 before.</param>
    /// <param name="SwitchedAtReplay">The replay that first ran the generated code; 0 before.</param>
    /// <param name="BuilderThread">The managed id of the thread that generated the code; 0 before.</param>
    /// <param name="GenerationTime">Generating the code.</param>
    /// <param name="WarmUpTime">Its first run on the copy, where the JIT compiles it.</param>
    /// <param name="BuildTime">From the start of the build to the code being ready (the builder may wait for a core).</param>
    /// <param name="Failure">Why there is no generated code, if generating it failed.</param>
    internal readonly record struct TierUpReport(
        int StartedAtReplay, int SwitchedAtReplay, int BuilderThread, TimeSpan GenerationTime, TimeSpan WarmUpTime, TimeSpan BuildTime, Exception? Failure);

    /// <summary>One graph's way from the interpreter to generated code: counts replays, builds in the background, hands the code over.</summary>
    private sealed class TierUp(CompiledGraph graph, int after) : IThreadPoolWorkItem
    {
        private const int Counting = 0, Building = 1, Done = 2;

        private readonly object _gate = new();
        private int _state; // Counting → Building (the caller's thread) → Done (the builder)
        private int _replays;
        private GeneratedReplay? _built; // written once by the builder, read by the caller's Forward
        private int _startedAtReplay, _switchedAtReplay, _builderThread;
        private long _startedAt;
        private TimeSpan _warmUpTime, _buildTime;
        private Exception? _failure;

        /// <summary>Run on the builder's thread before generating (see <see cref="BeforeGeneratingCode"/>).</summary>
        public Action? BeforeGenerating { get; set; }

        public TierUpReport Report
        {
            get
            {
                lock (_gate)
                {
                    return new(_startedAtReplay, _switchedAtReplay, _builderThread, _built?.GenerationTime ?? TimeSpan.Zero, _warmUpTime, _buildTime, _failure);
                }
            }
        }

        /// <summary>At the start of each Forward while interpreted: the generated code once it is ready, else null (counting the replay).</summary>
        public GeneratedReplay? TakeGeneratedCode()
        {
            _replays++;
            if (Volatile.Read(ref _built) is { } built)
            {
                _switchedAtReplay = _replays;
                return built;
            }

            if (_replays >= after && Volatile.Read(ref _state) == Counting)
            {
                Start();
            }

            return null;
        }

        /// <summary>Queues the build, once. Allocates nothing on the caller's thread (this object is the work item).</summary>
        public void Start()
        {
            if (Interlocked.CompareExchange(ref _state, Building, Counting) == Counting)
            {
                _startedAtReplay = Math.Max(_replays, 1);
                _startedAt = Stopwatch.GetTimestamp();
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
            }
        }

        public bool Wait(TimeSpan timeout)
        {
            Start();
            long deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
            lock (_gate)
            {
                while (_state != Done)
                {
                    TimeSpan left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
                    if (left <= TimeSpan.Zero || !Monitor.Wait(_gate, left))
                    {
                        return _state == Done && _built is not null;
                    }
                }
            }

            return Volatile.Read(ref _built) is not null;
        }

        /// <summary>On a thread-pool thread: generate the code, run it once on a copy (the JIT compiles it), hand it over.</summary>
        void IThreadPoolWorkItem.Execute()
        {
            GeneratedReplay? code = null;
            Exception? failure = null;
            TimeSpan warmUp = TimeSpan.Zero;
            try
            {
                BeforeGenerating?.Invoke();
                code = GeneratedReplay.Emit(graph._instructions, graph._naryInputs, graph._leafCount);
                long warmUpStart = Stopwatch.GetTimestamp();
                var copy = new CompiledGraph(graph);
                code.Forward(copy, copy._values, copy._firstPartials);
                code.Backward(copy, copy._values, copy._grads, copy._firstPartials);
                warmUp = Stopwatch.GetElapsedTime(warmUpStart);
            }
            catch (Exception e)
            {
                // Whatever stopped the code (the runtime refusing to emit it, the JIT refusing a method),
                // the interpreter goes on giving the same numbers.
                code = null;
                failure = e;
            }

            lock (_gate)
            {
                _builderThread = Environment.CurrentManagedThreadId;
                _warmUpTime = warmUp;
                _buildTime = Stopwatch.GetElapsedTime(_startedAt);
                _failure = failure;
                Volatile.Write(ref _built, code);
                _state = Done;
                Monitor.PulseAll(_gate);
            }
        }
    }
}
