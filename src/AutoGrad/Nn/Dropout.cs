using System.Globalization;

namespace AutoGrad.Nn;

/// <summary>
/// Inverted dropout: while training, each value is zeroed with probability p and the survivors are
/// scaled by 1/(1 − p), so the expected output is unchanged; in evaluation it passes values through.
/// </summary>
public sealed class Dropout
{
    private readonly Random _random;

    /// <summary>Creates a dropout layer.</summary>
    /// <param name="probability">The chance p of dropping each value, in [0, 1).</param>
    /// <param name="seed">The seed of the drop decisions, so runs repeat exactly.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="probability"/> is outside [0, 1).</exception>
    public Dropout(double probability, int seed = 0)
    {
        if (!(probability is >= 0 and < 1))
        {
            throw Checks.OutOfRange(probability, "a dropout probability in [0, 1)", nameof(probability));
        }

        Probability = probability;
        _random = new Random(seed);
    }

    /// <summary>The chance of dropping each value.</summary>
    public double Probability { get; }

    /// <summary>True while training (drop), false in evaluation (pass through). True at first.</summary>
    public bool Training { get; set; } = true;

    /// <summary>
    /// The values with dropout applied (training) or unchanged (evaluation). The mask is drawn anew on
    /// each call, so a graph built in training mode cannot be compiled (<see cref="Compilation.CompiledGraph.Compile(Value)"/>
    /// refuses it, naming the mask): build it afresh each step.
    /// </summary>
    /// <param name="inputs">The values, none null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="inputs"/> is null.</exception>
    /// <exception cref="ArgumentException">An input is null (the message gives the index).</exception>
    public Value[] Forward(IReadOnlyList<Value> inputs)
    {
        Checks.ThrowIfNullOrHasNull(inputs, nameof(inputs));
        if (!Training || Probability == 0)
        {
            return inputs.ToArray();
        }

        // Each mask factor is a constant drawn now: marked, so a compiled replay, which would repeat
        // this one mask forever, is refused instead.
        double scale = 1 / (1 - Probability);
        string reason = string.Create(CultureInfo.InvariantCulture, $"is a Dropout (p = {Probability}) mask factor drawn at random when the graph was built.");
        return inputs.Select(x => x * Value.Constant(_random.NextDouble() < Probability ? 0.0 : scale).RefuseReplay(reason)).ToArray();
    }
}
