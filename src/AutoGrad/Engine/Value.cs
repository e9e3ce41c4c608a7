using System.Globalization;

namespace AutoGrad;

/// <summary>
/// A scalar in a computation graph. Every operation on values makes a new value that remembers
/// its op and its inputs, so <see cref="Backward"/> can apply the chain rule from any output back to
/// every value it depends on.
/// </summary>
/// <remarks>
/// <para>A node is one 56-byte heap object: its (up to two) inputs are stored inline, n-ary ops
/// (<see cref="Sum"/>, <see cref="Dot"/>, <see cref="O:AutoGrad.Value.Custom"/>) keep theirs in arrays.
/// Local derivatives are not stored: <see cref="Backward"/> evaluates each with the op's kernel from the
/// inputs' <see cref="Data"/>, which gives the bits the forward pass would have given as long as no
/// input's <see cref="Data"/> is set between building the graph and its backward pass (set one, and the
/// derivatives are those at the new point). A custom op keeps the derivatives it was made with.</para>
/// <para>NaN is never silent: a NaN input to any op gives a NaN value and NaN local derivatives,
/// and so does a point outside an op's domain (each op's documentation states its domain). Use
/// <see cref="Anomaly.Detect"/> to stop at the first op that produces NaN or ±∞.</para>
/// <para>Threads: graphs built on different threads may share nodes (parameters, typically). Every
/// walk over a graph (<see cref="Backward"/>, <see cref="ZeroGrad"/>, <see cref="TopologicalOrder"/>
/// and what is built on them) keeps its bookkeeping to itself, and <see cref="Backward"/> adds to a
/// leaf's <see cref="Grad"/> atomically, so concurrent passes through shared leaves lose nothing.
/// Setting <see cref="Data"/> or <see cref="Grad"/> yourself while another thread runs a pass over
/// the same node is a race. See docs/reliability.md for the pattern for parallel training.</para>
/// </remarks>
/// <example>
/// <code>
/// var x = new Value(2.0, "x");
/// var y = new Value(3.0, "y");
/// var z = (x + y).Pow(2);          // z = (x + y)²
/// z.Backward();
/// Console.WriteLine(x.Grad);       // 10 = 2(x + y)
/// </code>
/// </example>
public sealed partial class Value
{
    // What the two reference slots hold depends on the node's shape, so one node is 56 bytes (header,
    // these two, Data, Grad, and the small fields below):
    // - leaf: _first its NodeExtras (label, scope) or null; _second null;
    // - unary op: _first the input; _second the op's constant, boxed, for an op that has one (Pow,
    //   LeakyRelu, Elu), else null;
    // - binary op: _first and _second the inputs;
    // - n-ary op: _first a Value[] of the inputs; _second null, or for a Dot over two arrays it shares
    //   (a neuron's weights and its layer's inputs) the second array, whose items follow the first's;
    // - custom op: _first a Value[] of the inputs; _second its CustomOpData.
    // Local derivatives are not stored: backward evaluates them with the op's kernel from the inputs'
    // Data, as it does for n-ary ops and the compiled replay does for every op. The extras of a node
    // that is not a leaf live in SideExtras, found only when the HasSideExtras flag says so.
    private object? _first;
    private readonly object? _second;

    // Behind Grad, so backward can add to a leaf's gradient atomically (see AddAtomically).
    private double _grad;

    // IsConstantFlag and HasSideExtrasFlag; fits in the padding after Op.
    private byte _flags;

    private const byte IsConstantFlag = 1;
    private const byte HasSideExtrasFlag = 2;

    // On a Dot over kept arrays whose first holds only leaves (a neuron's weights): a walk alone skips
    // them when it counts consumers (leaves are not counted) and sends them their share directly.
    private const byte HeadAreLeavesFlag = 4;

    // On such a Dot whose second array holds no leaf (a hidden layer's outputs): no input is in both
    // arrays, so a walk alone sends to both in one loop (each input still gets its shares in the same order).
    private const byte TailHasNoLeavesFlag = 8;

    // The extras of nodes that are not leaves (a label given to a result, the scope a diagram's graph
    // was built in): few nodes have any, and a field in every node would cost each 8 bytes.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Value, NodeExtras> SideExtras = new();

    // Boxes of the constants parameterised ops are most often given, shared by every node that uses one.
    private static readonly object BoxedTwo = 2.0, BoxedOne = 1.0, BoxedHalf = 0.5, BoxedLeakySlope = 0.01;

    /// <summary>Creates a leaf: an input, a parameter or a constant.</summary>
    /// <param name="data">The value.</param>
    /// <param name="label">A name shown by <see cref="ToString"/> and in diagrams, or null.</param>
    public Value(double data, string? label = null)
    {
        Data = data;
        Op = Op.Leaf;
        Scope? scope = Scope.CurrentIfAny;
        if (label is not null || scope is not null)
        {
            _first = new NodeExtras { Label = label, Scope = scope };
        }
    }

    /// <summary>A unary node (<paramref name="second"/> its boxed constant or null), a binary node, or an n-ary or custom node (<paramref name="first"/> a Value[]).</summary>
    private Value(Op op, double data, object first, object? second)
    {
        Data = data;
        Op = op;
        _first = first;
        _second = second;
        if (Scope.CurrentIfAny is { } scope)
        {
            SideExtras.Add(this, new NodeExtras { Scope = scope });
            _flags = HasSideExtrasFlag;
        }
    }

    /// <summary>
    /// The value computed in the forward pass. Settable so optimizers can update parameters; setting
    /// it does not recompute values that were built from this one (though the local derivatives a
    /// backward pass evaluates at the nodes that read it then use the new value, as in micrograd, see
    /// <see cref="GetLocalGradient"/>). So set a parameter after <see cref="Backward"/>, then build the
    /// graph again: inside <see cref="Anomaly.Detect"/>, Backward refuses a node whose value no longer
    /// follows from its inputs, and the HTML explorer always does, rather than mix two points (a custom
    /// op given as numbers cannot be judged; one made with functions is judged by its forward function).
    /// </summary>
    public double Data { get; set; }

    /// <summary>
    /// ∂output/∂this, filled in by <see cref="Backward"/> on an output that depends on this value.
    /// Leaves accumulate over repeated backward passes (see <see cref="Backward"/>).
    /// </summary>
    public double Grad { get => _grad; set => _grad = value; }

    /// <summary>A name shown by <see cref="ToString"/> and in diagrams, or null.</summary>
    public string? Label
    {
        get => Extras?.Label;
        set => ExtrasToWrite().Label = value;
    }

    /// <summary>The operation that produced this value; <see cref="Op.Leaf"/> for a leaf.</summary>
    public Op Op { get; }

    /// <summary>True for a leaf (an input, parameter or constant), which has no inputs.</summary>
    public bool IsLeaf => Op == Op.Leaf;

    /// <summary>The scope that was current when this value was made, or null (see <see cref="Scope"/>).</summary>
    public Scope? Scope => Extras?.Scope;

    /// <summary>
    /// The constant of a parameterised unary op: the exponent of <see cref="Pow(double)"/>, the slope of
    /// <see cref="LeakyRelu"/>, the α of <see cref="Elu"/>; null for every other op.
    /// </summary>
    public double? Parameter => OpCatalog.Of(Op).HasConstant ? OpConstant() : null;

    /// <summary>The name given to <see cref="O:AutoGrad.Value.Custom"/> for a user-defined op; null for every other op.</summary>
    public string? CustomName => (_second as CustomOpData)?.Name;

    /// <summary>The functions of a custom op made with them; null for every other node.</summary>
    internal CustomRule? CustomRule => (_second as CustomOpData)?.Rule;

    /// <summary>Why a <see cref="Compilation.CompiledGraph"/> must refuse this node, or null (see <see cref="RefuseReplay"/>).</summary>
    internal string? ReplayRefusal => ReplayRefusals.Of(this);

    /// <summary>
    /// Marks a node whose value was decided outside the graph's arithmetic when it was built (a random
    /// dropout mask, a module's running statistics), so a replay would repeat a stale decision:
    /// <see cref="Compilation.CompiledGraph.Compile(Value)"/> refuses it with <paramref name="reason"/>. Returns the node.
    /// </summary>
    internal Value RefuseReplay(string reason)
    {
        ReplayRefusals.Mark(this, reason);
        return this;
    }

    /// <summary>How many inputs the operation that produced this value took (0 for a leaf).</summary>
    public int InputCount => _first switch
    {
        Value => _second is Value ? 2 : 1,
        Value[] head => head.Length + ((_second as Value[])?.Length ?? 0),
        _ => 0,
    };

    /// <summary>The inputs of the operation that produced this value, in order (a new array each call).</summary>
    public IReadOnlyList<Value> Inputs
    {
        get
        {
            var inputs = new Value[InputCount];
            for (int i = 0; i < inputs.Length; i++)
            {
                inputs[i] = InputAt(i);
            }

            return inputs;
        }
    }

    /// <summary>The input at <paramref name="index"/> of the operation that produced this value.</summary>
    /// <param name="index">From 0 to <see cref="InputCount"/> − 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside that range.</exception>
    public Value GetInput(int index)
    {
        CheckInputIndex(index);
        return InputAt(index);
    }

    /// <summary>
    /// The local derivative ∂this/∂input for the input at <paramref name="index"/>; <see cref="Backward"/>
    /// multiplies it by this value's gradient.
    /// </summary>
    /// <remarks>
    /// Built-in ops evaluate it when it is asked for, with the op's kernel, from their inputs' <see cref="Data"/>,
    /// as <see cref="Backward"/> does, so a node need not store one number per input: after an input's
    /// <see cref="Data"/> is set, it is the derivative at the new point. A custom op returns the numbers it
    /// was given or computed when it was made.
    /// </remarks>
    /// <param name="index">From 0 to <see cref="InputCount"/> − 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside that range.</exception>
    public double GetLocalGradient(int index)
    {
        CheckInputIndex(index);
        if (_first is Value a)
        {
            EvaluateKernel(a, out double partialA, out double partialB);
            return index == 0 ? partialA : partialB;
        }

        return _second is CustomOpData custom ? custom.Partials[index] : LocalGradients()[index];
    }

    /// <summary>Every local derivative ∂this/∂inputᵢ, in input order (what <see cref="GetLocalGradient"/> gives one at a time).</summary>
    internal double[] LocalGradients()
    {
        var partials = new double[InputCount];
        if (_first is Value a)
        {
            EvaluateKernel(a, out partials[0], out double partialB);
            if (partials.Length > 1)
            {
                partials[1] = partialB;
            }
        }
        else if (_second is CustomOpData custom)
        {
            custom.Partials.CopyTo(partials, 0);
        }
        else if (partials.Length > 0)
        {
            LocalGradientsOfNary(partials);
        }

        return partials;
    }

    /// <summary>
    /// A unary or binary node's kernel at its inputs' data now, the one that made the node: its local
    /// derivatives (∂/∂second 0 for a unary op). It is called with the arguments the node was made with,
    /// so it gives the same bits as when the node was made while no input's <see cref="Data"/> has been set.
    /// </summary>
    private unsafe void EvaluateKernel(Value first, out double partialFirst, out double partialSecond) =>
        OpCatalog.Evaluators[(int)Op](first.Data, _second is Value b ? b.Data : 0, OpConstant(), out partialFirst, out partialSecond);

    /// <summary>A unary op's constant (see <see cref="Parameter"/>), 0 for every other node (what the kernel was given when the node was made).</summary>
    private double OpConstant() => _second is double constant ? constant : 0;

    /// <summary>The local derivatives of an n-ary node that is not a custom op, from its inputs' data now.</summary>
    private unsafe void LocalGradientsOfNary(Span<double> partials) =>
        OpCatalog.Of(Op).NaryPartialsOfValues((Value[])_first!, _second as Value[], Data, partials);

    /// <summary>This node's label and scope, or null if it has neither.</summary>
    private NodeExtras? Extras => _first is NodeExtras own
        ? own
        : (_flags & HasSideExtrasFlag) != 0 && SideExtras.TryGetValue(this, out NodeExtras? side) ? side : null;

    /// <summary>
    /// This node's extras, made if it has none yet (to set a label). Threads that label one node at
    /// once all get the same extras, so the last write wins and none goes to extras that are then
    /// replaced: a leaf's are stored only into an empty slot, a result's are made by the table itself.
    /// </summary>
    private NodeExtras ExtrasToWrite()
    {
        if (Extras is { } extras)
        {
            return extras;
        }

        if (IsLeaf)
        {
            var made = new NodeExtras();
            return Interlocked.CompareExchange(ref _first, made, null) as NodeExtras ?? made;
        }

        NodeExtras side = SideExtras.GetValue(this, static _ => new NodeExtras());
        Volatile.Write(ref _flags, (byte)(_flags | HasSideExtrasFlag)); // after the table holds them (others set this same bit only)
        return side;
    }

    /// <summary>
    /// True for a constant: a leaf made from a number written into a formula, by <see cref="Constant"/>
    /// or the conversion that makes <c>3 * x</c> and <c>x + 1</c> work, rather than by the constructor
    /// (inputs and parameters). Diagrams write an unnamed constant into the op that uses it (<c>× 3</c>,
    /// <c>+ 1</c>) instead of drawing it as a node with a gradient nobody asked for.
    /// </summary>
    public bool IsConstant => (_flags & IsConstantFlag) != 0;

    /// <summary>A constant leaf (see <see cref="IsConstant"/>): a number in a formula, not an input or a parameter.</summary>
    /// <param name="data">The number.</param>
    public static Value Constant(double data) => new(data) { _flags = IsConstantFlag };

    /// <summary>Converts a number to a constant leaf (see <see cref="IsConstant"/>), so <c>3 * x</c> and <c>x + 1</c> work.</summary>
    /// <param name="data">The constant.</param>
    public static implicit operator Value(double data) => Constant(data);

    /// <summary>Shows data and gradient the way micrograd prints them, with the label first if there is one.</summary>
    public override string ToString()
    {
        string text = string.Create(CultureInfo.InvariantCulture, $"Value(data={Data:R}, grad={Grad:R})");
        return Label is { } label ? $"{label}: {text}" : text;
    }

    /// <summary>Makes a node from one input: the op's rule gives the forward value and ∂out/∂input together.</summary>
    private static Value Unary<TRule>(Value input, double constant = 0)
        where TRule : struct, IUnaryRule
    {
        double data = OpInfo.EvaluateUnaryRule<TRule>(input.Data, 0, constant, out _, out _);
        return WatchedForAnomalies(new(TRule.Op, data, input, TRule.HasConstant ? Boxed(constant) : null));
    }

    /// <summary>Makes a node from two inputs: the op's rule gives the forward value and ∂out/∂a, ∂out/∂b together.</summary>
    private static Value Binary<TRule>(Value a, Value b)
        where TRule : struct, IBinaryRule
    {
        double data = OpInfo.EvaluateBinaryRule<TRule>(a.Data, b.Data, 0, out _, out _);
        return WatchedForAnomalies(new(TRule.Op, data, a, b));
    }

    /// <summary>
    /// Makes an n-ary node over the items of <paramref name="head"/>, then those of <paramref name="tail"/>
    /// if given (already checked for null items). The node keeps the arrays it is given, so no caller
    /// may change them afterwards.
    /// </summary>
    /// <remarks>
    /// Only the value is computed here. Its local derivatives are evaluated by the same rule when
    /// backward reaches the node, from the inputs in place, as the compiled replay does: a neuron's
    /// Dot is built on every forward pass, and storing 2n partials would double its size.
    /// </remarks>
    private static Value Nary<TRule>(Value[] head, Value[]? tail = null)
        where TRule : struct, INaryRule
    {
        double result = OpInfo.ForwardNaryRule<TRule, ValueInputs>(new ValueInputs(head, tail));
        return WatchedForAnomalies(new(TRule.Op, result, head, tail));
    }

    /// <summary>A parameterised op's constant as the object a node keeps (the common ones shared).</summary>
    private static object Boxed(double constant) => constant switch
    {
        2.0 => BoxedTwo, // each pattern matches that one double alone (none is ±0 or NaN)
        1.0 => BoxedOne,
        0.5 => BoxedHalf,
        0.01 => BoxedLeakySlope,
        _ => constant,
    };

    /// <summary>Hands a new node to anomaly detection when it is on (one test otherwise).</summary>
    private static Value WatchedForAnomalies(Value node)
    {
        if (Anomaly.IsDetecting)
        {
            Anomaly.CheckForward(node);
        }

        return node;
    }

    private Value InputAt(int index)
    {
        if (_first is Value a)
        {
            return index == 0 ? a : (Value)_second!;
        }

        var head = (Value[])_first!;
        return index < head.Length ? head[index] : ((Value[])_second!)[index - head.Length];
    }

    private void CheckInputIndex(int index)
    {
        if ((uint)index >= (uint)InputCount)
        {
            throw new ArgumentOutOfRangeException(
                nameof(index), index, $"This {Op} node has {InputCount} input(s); expected an index from 0 to {InputCount - 1}.");
        }
    }
}
