using System.Globalization;

namespace AutoGrad;

/// <summary>
/// A scalar in a computation graph. Every operation on values makes a new value that remembers
/// its inputs and the local derivative with respect to each, so <see cref="Backward"/> can apply
/// the chain rule from any output back to every value it depends on.
/// </summary>
/// <remarks>
/// <para>A node is one heap object: its (up to two) inputs and their local partial derivatives are
/// stored inline, and the derivative is computed beside the forward value when the node is made.
/// n-ary ops (<see cref="Sum"/>, <see cref="Dot"/>, <see cref="O:AutoGrad.Value.Custom"/>) keep their inputs in arrays.</para>
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
    private readonly Value? _first;
    private readonly Value? _second;
    // For a leaf, which has no first input, the slot holds instead the gradient a backward walk that
    // holds the leaf has summed for it so far (see LeafSumInWalk): no extra field, so a node stays 80 bytes.
    private double _firstPartial;

    // Binary ops: ∂out/∂second. Unary ops with a constant (Pow's exponent, LeakyRelu's slope,
    // Elu's alpha): that constant, which unary ops need for diagrams and replay. Sharing one slot
    // keeps a node at 80 bytes.
    private readonly double _secondPartialOrParameter;

    private NodeExtras? _extras;

    // Behind Grad, so backward can add to a leaf's gradient atomically (see AddAtomically).
    private double _grad;

    // Fits in the padding after Op, so a node stays 80 bytes.
    private bool _isConstant;

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
            _extras = new NodeExtras { Label = label, Scope = scope };
        }
    }

    private Value(Op op, double data, Value first, Value? second, double firstPartial, double secondPartialOrParameter)
    {
        Data = data;
        Op = op;
        _first = first;
        _second = second;
        _firstPartial = firstPartial;
        _secondPartialOrParameter = secondPartialOrParameter;
        if (Scope.CurrentIfAny is { } scope)
        {
            _extras = new NodeExtras { Scope = scope };
        }
    }

    private Value(Op op, double data, Value[] inputs, double[]? partials, string? customName)
    {
        Data = data;
        Op = op;
        _extras = new NodeExtras { Inputs = inputs, Partials = partials, CustomName = customName, Scope = Scope.CurrentIfAny };
    }

    /// <summary>
    /// The value computed in the forward pass. Settable so optimizers can update parameters; setting
    /// it does not recompute values that were built from this one.
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
        get => _extras?.Label;
        set => (_extras ??= new NodeExtras()).Label = value;
    }

    /// <summary>The operation that produced this value; <see cref="Op.Leaf"/> for a leaf.</summary>
    public Op Op { get; }

    /// <summary>True for a leaf (an input, parameter or constant), which has no inputs.</summary>
    public bool IsLeaf => Op == Op.Leaf;

    /// <summary>The scope that was current when this value was made, or null (see <see cref="Scope"/>).</summary>
    public Scope? Scope => _extras?.Scope;

    /// <summary>
    /// The constant of a parameterised unary op: the exponent of <see cref="Pow(double)"/>, the slope of
    /// <see cref="LeakyRelu"/>, the α of <see cref="Elu"/>; null for every other op.
    /// </summary>
    public double? Parameter => OpCatalog.Of(Op).HasConstant ? _secondPartialOrParameter : null;

    /// <summary>The name given to <see cref="O:AutoGrad.Value.Custom"/> for a user-defined op; null for every other op.</summary>
    public string? CustomName => _extras?.CustomName;

    /// <summary>The functions of a custom op made with them; null for every other node.</summary>
    internal CustomRule? CustomRule => _extras?.CustomRule;

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
    public int InputCount => _first is not null ? (_second is not null ? 2 : 1) : _extras?.Inputs?.Length ?? 0;

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
    /// Unary and binary ops record it when the value is made. The n-ary ops (<see cref="Sum"/>,
    /// <see cref="Dot"/>, <see cref="LogSumExp"/>, …) evaluate it from their inputs' <see cref="Data"/>
    /// when it is asked for, as <see cref="Backward"/> does, so they need not store one number per input;
    /// a custom op returns the numbers it was given or computed when it was made.
    /// </remarks>
    /// <param name="index">From 0 to <see cref="InputCount"/> − 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside that range.</exception>
    public double GetLocalGradient(int index)
    {
        CheckInputIndex(index);
        if (_first is not null)
        {
            return index == 0 ? _firstPartial : _secondPartialOrParameter;
        }

        return _extras!.Partials is { } recorded ? recorded[index] : LocalGradients()[index];
    }

    /// <summary>Every local derivative ∂this/∂inputᵢ, in input order (what <see cref="GetLocalGradient"/> gives one at a time).</summary>
    internal double[] LocalGradients()
    {
        var partials = new double[InputCount];
        if (_first is not null)
        {
            partials[0] = _firstPartial;
            if (_second is not null)
            {
                partials[1] = _secondPartialOrParameter;
            }
        }
        else if (_extras?.Partials is { } recorded)
        {
            recorded.CopyTo(partials, 0);
        }
        else if (partials.Length > 0)
        {
            LocalGradientsOfNary(partials);
        }

        return partials;
    }

    /// <summary>The local derivatives of an n-ary node that is not a custom op, from its inputs' data now.</summary>
    private unsafe void LocalGradientsOfNary(Span<double> partials) =>
        OpCatalog.Of(Op).NaryPartialsOfValues(_extras!.Inputs!, Data, partials);


    /// <summary>
    /// True for a constant: a leaf made from a number written into a formula, by <see cref="Constant"/>
    /// or the conversion that makes <c>3 * x</c> and <c>x + 1</c> work, rather than by the constructor
    /// (inputs and parameters). Diagrams write an unnamed constant into the op that uses it (<c>× 3</c>,
    /// <c>+ 1</c>) instead of drawing it as a node with a gradient nobody asked for.
    /// </summary>
    public bool IsConstant => _isConstant;

    /// <summary>A constant leaf (see <see cref="IsConstant"/>): a number in a formula, not an input or a parameter.</summary>
    /// <param name="data">The number.</param>
    public static Value Constant(double data) => new(data) { _isConstant = true };

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
        double data = OpInfo.EvaluateUnaryRule<TRule>(input.Data, 0, constant, out double partial, out _);
        return WatchedForAnomalies(new(TRule.Op, data, input, null, partial, constant));
    }

    /// <summary>Makes a node from two inputs: the op's rule gives the forward value and ∂out/∂a, ∂out/∂b together.</summary>
    private static Value Binary<TRule>(Value a, Value b)
        where TRule : struct, IBinaryRule
    {
        double data = OpInfo.EvaluateBinaryRule<TRule>(a.Data, b.Data, 0, out double partialA, out double partialB);
        return WatchedForAnomalies(new(TRule.Op, data, a, b, partialA, partialB));
    }

    /// <summary>Makes an n-ary node over <paramref name="inputs"/> (already checked for null items).</summary>
    /// <remarks>
    /// Only the value is computed here. Its local derivatives are evaluated by the same rule when
    /// backward reaches the node, from the inputs in place, as the compiled replay does: a neuron's
    /// Dot is built on every forward pass, and storing 2n partials would double its size.
    /// </remarks>
    private static Value Nary<TRule>(Value[] inputs)
        where TRule : struct, INaryRule
    {
        double result = OpInfo.ForwardNaryRule<TRule, ValueInputs>(new ValueInputs(inputs));
        return WatchedForAnomalies(new(TRule.Op, result, inputs, partials: null, customName: null));
    }

    /// <summary>Hands a new node to anomaly detection when it is on (one test otherwise).</summary>
    private static Value WatchedForAnomalies(Value node)
    {
        if (Anomaly.IsDetecting)
        {
            Anomaly.CheckForward(node);
        }

        return node;
    }

    private Value InputAt(int index) => _first is not null
        ? (index == 0 ? _first : _second!)
        : _extras!.Inputs![index];

    private void CheckInputIndex(int index)
    {
        if ((uint)index >= (uint)InputCount)
        {
            throw new ArgumentOutOfRangeException(
                nameof(index), index, $"This {Op} node has {InputCount} input(s); expected an index from 0 to {InputCount - 1}.");
        }
    }
}
